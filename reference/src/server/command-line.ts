/**
 * 명령줄 읽기: `node:util`의 parseArgs에 사람이 읽을 답을 더합니다. 브로커(`npm run broker`)와 과정의 도구들이 씁니다.
 *
 * - `--help`나 `-h`가 있으면 사용법을 표준 출력에 찍고 0으로 끝납니다.
 * - 모르는 옵션, 값이 빠진 옵션, 받지 않는 인자에는 스택 대신 무엇이 틀렸는지 한 줄과 사용법을 표준 오류에 찍고
 *   2로 끝납니다 (셸 도구가 잘못된 사용법에 쓰는 종료 코드). parseArgs는 영어 오류를 던지고 끝나 버립니다.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { josa } from './josa.js';

export function readCommandLine<T extends ParseArgsConfig>(usage: string, config: T): ReturnType<typeof parseArgs<T>> {
  const args = config.args ?? process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage);
    process.exit(0);
  }
  try {
    return parseArgs({ ...config, args }) as ReturnType<typeof parseArgs<T>>;
  } catch (error) {
    const problem = describeParseError(error);
    if (problem === undefined) throw error;
    return exitWithUsage(usage, problem);
  }
}

/** 잘못된 사용법: 무엇이 틀렸는지(있으면)와 사용법을 표준 오류에 찍고 2로 끝납니다. */
export function exitWithUsage(usage: string, problem?: string): never {
  if (problem !== undefined) console.error(problem);
  console.error(usage);
  process.exit(2);
}

/** parseArgs가 던진 오류를 한국어 한 줄로. parseArgs의 오류가 아니면 undefined. */
export function describeParseError(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as NodeJS.ErrnoException).code;
  // 메시지의 첫 따옴표 안이 옵션이나 인자입니다: "Unknown option '--bogus'", "Option '-c, --config <value>' argument missing"
  const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? '';
  const option = /--[\w-]+/.exec(quoted)?.[0] ?? quoted;
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `${josa(option, '은/는')} 알 수 없는 옵션입니다.`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `${josa(quoted, '은/는')} 알 수 없는 인자입니다.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return error.message.includes('argument missing')
        ? `${option} 뒤에 값을 줍니다.`
        : `${josa(option, '은/는')} 값을 받지 않습니다.`;
    default:
      return undefined;
  }
}
