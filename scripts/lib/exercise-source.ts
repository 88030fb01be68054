/**
 * reference 파일 하나에서 연습 문제 스타터와 해답을 만드는 순수 함수들.
 *
 * reference 코드 안에서 장마다 학습자가 쓸 부분을 이렇게 표시합니다:
 *
 *     // @exercise(1) append: 레코드마다 … 붙여 저장하세요.     ← 첫 줄이 todo() 메시지
 *     //   빈 배열이면 …                                          ← 이어지는 설명 (`//   `로 시작)
 *     …해답 코드…
 *     // @end
 *
 * 스타터에서는 그 구간이 `// TODO(1장): …` 설명과 `return todo('…')` 한 줄로 바뀌고,
 * 해답에서는 표시 줄만 빠진 해답 코드가 남습니다. 다른 장의 표시는 둘 다에서 지워집니다.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const BEGIN = /^(\s*)\/\/ @exercise\((\d+)\) (.+)$/;
const CONTINUATION = /^\s*\/\/ {3}(.*)$/;
const END = /^\s*\/\/ @end\s*$/;

export interface Derived {
  readonly starter: string;
  readonly solution: string;
  /** 이 장의 구간 수 (0이면 이 파일에 이 장의 빈칸이 없다는 뜻) */
  readonly regions: number;
}

export function deriveExercise(source: string, chapter: number, sourcePath: string): Derived {
  const starter: string[] = [];
  const solution: string[] = [];
  const lines = source.split('\n');
  let regions = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const begin = BEGIN.exec(line);
    if (!begin) {
      if (END.test(line)) throw new Error(`${sourcePath}:${i + 1}: @exercise 없이 @end가 나왔습니다`);
      starter.push(line);
      solution.push(line);
      continue;
    }
    const [, indent = '', owner, summary = ''] = begin;
    const guidance: string[] = [];
    while (CONTINUATION.test(lines[i + 1] ?? '')) guidance.push(CONTINUATION.exec(lines[++i] as string)?.[1] ?? '');
    const body: string[] = [];
    while (i + 1 < lines.length && !END.test(lines[i + 1] as string)) {
      if (BEGIN.test(lines[i + 1] as string)) throw new Error(`${sourcePath}:${i + 2}: @exercise 구간이 겹칩니다`);
      body.push(lines[++i] as string);
    }
    if (i + 1 >= lines.length) throw new Error(`${sourcePath}:${i + 1}: @exercise 구간이 @end로 닫히지 않았습니다`);
    i++; // @end 줄
    solution.push(...body);
    if (Number(owner) !== chapter) {
      starter.push(...body);
      continue;
    }
    regions++;
    starter.push(`${indent}// TODO(${chapter}장): ${summary}`);
    for (const g of guidance) starter.push(`${indent}//   ${g}`);
    starter.push(`${indent}return todo(${JSON.stringify(summary)});`);
  }
  return { starter: starter.join('\n'), solution: solution.join('\n'), regions };
}

/**
 * 상대 경로 import를 새 위치에서도 같은 파일을 가리키도록 고칩니다.
 * 같은 장에서 함께 복사되는 파일(`copies`: 원본의 절대 경로 → 복사본의 절대 경로)은 복사본끼리 가리킵니다.
 */
export function rewriteImports(
  code: string,
  fromFile: string,
  toFile: string,
  copies: ReadonlyMap<string, string>,
): string {
  return code.replace(/(from\s+|import\()(['"])(\.{1,2}\/[^'"]+)\2/g, (_match, lead: string, quote: string, spec) => {
    const target = path.resolve(path.dirname(fromFile), spec).replace(/\.js$/, '.ts');
    const newTarget = copies.get(target) ?? target;
    let rel = path.relative(path.dirname(toFile), newTarget).replace(/\.ts$/, '.js');
    if (!rel.startsWith('.')) rel = `./${rel}`;
    return `${lead}${quote}${rel}${quote}`;
  });
}

/** 생성한 코드를 저장소의 포맷(biome)으로 정리합니다. import 정렬도 여기서 맞춰집니다. */
export function formatTs(code: string, filePath: string, root: string): string {
  return execFileSync(
    path.join(root, 'node_modules/.bin/biome'),
    ['check', '--write', '--linter-enabled=false', `--stdin-file-path=${filePath}`],
    { input: code, cwd: root, encoding: 'utf8' },
  );
}
