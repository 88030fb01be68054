/**
 * 러너(`npm run exercise:N`)가 찍는 글. 결과를 받아 줄을 돌려주는 순수 함수라, 테스트가 출력 그대로를 확인합니다.
 */
import { stripVTControlCharacters } from 'node:util';
import { type Chapter, chapters, type Hint, lessonId, siteUrl } from '../../course/chapters.js';
import { josa } from '../../reference/src/server/josa.js';
import { colorsOn, paint } from './paint.js';
import type { ChapterProgress } from './progress.js';
import type { LoadError, TestOutcome } from './run-tests.js';

export type Mode = 'exercise' | 'solution';

export function usageLines(mode: Mode | undefined = 'exercise'): string[] {
  const m = mode ?? 'exercise';
  return [
    `사용법: npm run ${m}:N  또는  npm run ${m} -- N   (N은 장 번호 1–${chapters.length})`,
    `        npm run ${m}:N -- --watch   저장할 때마다 다시 돌립니다 (--manual: Enter를 누를 때마다)`,
    `        npm run ${m}:N -- --hint    처음 실패한 테스트의 힌트를 한 단계 더 (--hint 3: 3단계까지)`,
    ...(m === 'exercise'
      ? [
          `        npm run exercise:N -- --reset   스타터를 처음 상태로 되돌립니다 (묻고, 백업해 둡니다. --yes: 묻지 않음)`,
        ]
      : []),
  ];
}

/** 과정 업데이트를 합치다 남은 표시가 장의 파일에 있을 때: 테스트 대신 이것을 보여 줍니다 */
export function conflictLines(chapter: Chapter, places: readonly string[]): string[] {
  return [
    '',
    paint(['bold', 'red'], `${chapter.number}장의 파일에 과정 업데이트와 합치지 못한 곳이 있습니다:`),
    ...places.map((p) => `  ${p}`),
    '',
    'npm run update가 내 코드와 새 과정이 같은 자리를 고친 곳에 둘을 함께 적어 두었습니다.',
    `  <<<<<<< 내 코드 … ||||||| 이전 과정 … ======= … >>>>>>> 새 과정`,
    '자리마다 남길 코드를 고른 뒤(새 과정의 TODO 설명이나 함수 모양이 바뀌었으면 그것에 맞춰) 표시 줄 넷을 지우고 다시 돌리세요.',
    '업데이트 전의 내 파일은 .course/backup/ 아래 가장 최근 폴더에 있습니다.',
    `처음 스타터로 새로 시작하려면: npm run exercise:${chapter.number} -- --reset`,
    '',
  ];
}

/** 내려받았지만 합치지 않은 과정 업데이트가 있을 때 (git pull이 내 코드를 지키려고 멈춘 경우) */
export function pendingUpdateLines(commits: number): string[] {
  return [
    paint(
      'yellow',
      `과정 업데이트 ${commits}개 커밋을 내려받았지만 아직 합치지 않았습니다. git pull이 내 코드를 덮어쓰지 않으려고 멈추면 이렇게 됩니다.`,
    ),
    paint('yellow', '내 코드를 지키며 합치려면: npm run update'),
    '',
  ];
}

/** 없는 장 번호를 받았을 때: 장 목록과 사용법 */
export function unknownChapterLines(arg: string | undefined, mode: Mode | undefined): string[] {
  const lines = [
    arg === undefined ? '몇 장을 돌릴지 장 번호를 주세요.' : `${josa(`${arg}장`, '은/는')} 없습니다.`,
    '이 과정의 장:',
  ];
  for (const c of chapters) {
    lines.push(
      `  ${String(c.number).padStart(2)}장 ${c.title}${c.status === 'planned' ? paint('dim', ' (준비 중)') : ''}`,
    );
  }
  return [...lines, '', ...usageLines(mode)];
}

/** 장 안의 테스트 하나가 빈칸 `method`를 "자기 것"으로 다루는지: 이름, 설명, 힌트에 그 이름이 나오는지 봅니다 */
export function testIsAbout(test: TestOutcome, hint: Hint | undefined, method: string): boolean {
  const bare = method.split('.').at(-1) ?? method;
  const idWords = camelWords(test.id).join(' ');
  if (` ${idWords} `.includes(` ${camelWords(bare).join(' ')} `)) return true;
  const mention = new RegExp(`(?<![\\w$#])${escapeRegExp(bare)}(?![\\w$])`);
  return [test.title, hint?.text ?? '', ...(hint?.more ?? [])].some((t) => mention.test(t));
}

export interface HintChoice {
  /** 보여 줄 힌트가 달린 테스트 */
  readonly testId: string;
  readonly hint: Hint | undefined;
  /** 처음 실패한 테스트가 다른 빈칸(todoIn)에서 멈춰, 그 빈칸을 다루는 테스트의 힌트로 바꿨는지 */
  readonly redirected: boolean;
}

/**
 * 처음 실패한 테스트에 맞는 힌트. 그 테스트가 자기 것이 아닌 빈칸의 todo()에서 멈췄다면(예: read를 확인하는
 * 테스트가 준비 과정의 append에서 멈춤), 그 빈칸을 다루는 테스트의 힌트를 고릅니다.
 */
export function chooseHint(chapter: Chapter, failed: TestOutcome, outcomes: readonly TestOutcome[]): HintChoice {
  const own: HintChoice = { testId: failed.id, hint: chapter.hints[failed.id], redirected: false };
  const method = failed.failure?.todoIn;
  if (!method || testIsAbout(failed, own.hint, method)) return own;
  const owner = outcomes.find((o) => o.id !== failed.id && testIsAbout(o, chapter.hints[o.id], method));
  return owner ? { testId: owner.id, hint: chapter.hints[owner.id], redirected: true } : own;
}

/**
 * 힌트의 단계: 1단계는 `text`, 2단계부터는 `more`를 하나씩. `shown`단계까지 보여 주고, 더 있으면 청하는 명령을 알려 줍니다.
 */
export function hintLines(chapter: Chapter, hint: Hint | undefined, shown: number, mode: Mode): string[] {
  if (!hint) return [];
  const tiers = [hint.text, ...(hint.more ?? [])];
  const label = (n: number) => paint('cyan', tiers.length > 1 ? `힌트 ${n}/${tiers.length}:` : '힌트:');
  const lines = tiers.slice(0, Math.max(1, shown)).map((t, i) => `${label(i + 1)} ${t}`);
  if (shown < tiers.length) {
    lines.push(
      paint(
        'dim',
        `      더 자세한 힌트(${shown + 1}/${tiers.length}): npm run ${mode}:${chapter.number} -- --hint ${shown + 1}`,
      ),
    );
  } else if (shown > tiers.length) {
    lines.push(paint('dim', `      이 테스트의 힌트는 ${tiers.length}단계까지입니다.`));
  }
  return lines;
}

export function failureLines(
  chapter: Chapter,
  test: TestOutcome,
  outcomes: readonly TestOutcome[],
  hintTiers: number,
  mode: Mode,
): string[] {
  const failure = test.failure;
  const lines = [paint(['bold', 'red'], `처음 실패한 테스트: ${test.id}`), `  ${test.title}`];
  if (failure?.todo) {
    lines.push(paint('yellow', `  ${failure.message}`));
  } else if (failure) {
    lines.push(indent(failure.message));
    if (failure.expected !== undefined) lines.push(`  기대한 값: ${failure.expected}`);
    if (failure.actual !== undefined) lines.push(`  실제 값:   ${failure.actual}`);
  }
  // 빈칸이면 위치는 아래 "다음에 쓸 곳"에 함께 나옵니다
  if (failure?.location && !failure.todoIn) lines.push(paint('dim', `  위치: ${failure.location}`));
  lines.push('');

  const choice = chooseHint(chapter, test, outcomes);
  const method = failure?.todoIn;
  if (method) {
    const where = failure?.location ? paint('dim', ` (${failure.location})`) : '';
    lines.push(`${paint('cyan', '다음에 쓸 곳:')} ${method}${where}`);
  }
  if (method && choice.redirected) {
    lines.push(
      `  이 테스트는 아직 쓰지 않은 ${method}에서 멈췄습니다. ${josa(method, '을/를')} 먼저 쓰세요.`,
      `  아래 힌트는 ${josa(method, '을/를')} 다루는 테스트 ${choice.testId}의 힌트입니다.`,
    );
  }
  lines.push(...hintLines(chapter, choice.hint, hintTiers, mode));
  lines.push(`${paint('cyan', '강의:')} ${lessonUrl(chapter, choice.hint?.anchor)}`);
  lines.push(paint('dim', `      (docs/docs/${lessonId(chapter)}.md, 사이트는 npm start로 띄웁니다)`), '');
  return lines;
}

/** 테스트 파일을 불러오지 못했을 때. 진행 기록은 바꾸지 않고, 지난 기록을 알려 줍니다. */
export function loadErrorLines(errors: readonly LoadError[], last: ChapterProgress | undefined): string[] {
  const lines: string[] = [];
  for (const e of errors) {
    lines.push(paint(['bold', 'red'], `테스트를 불러오지 못했습니다: ${e.file}`), indent(terminalText(e.message)), '');
  }
  lines.push(
    '문법 오류나 잘못된 import가 있으면 테스트 파일을 통째로 불러올 수 없어, 테스트를 하나도 돌리지 못합니다.',
    '위에 보이는 파일과 줄을 고친 뒤 다시 돌리세요.',
    last
      ? `진행 기록은 그대로 둡니다 (지난 결과: ${last.passed}/${last.total} 통과).`
      : '진행 기록은 그대로 둡니다 (아직 기록이 없습니다).',
  );
  return lines;
}

export function skippedE2eLines(files: readonly string[]): string[] {
  if (files.length === 0) return [];
  const names = files.map((f) => f.split('/').at(-1)).join(', ');
  return [
    paint(
      'yellow',
      `단위 테스트가 아직 실패해서 끝에서 끝까지(end-to-end) 테스트 파일 ${files.length}개(${names})는 건너뛰었습니다.`,
    ),
    paint('dim', '진짜 브로커와 클라이언트를 띄우는 테스트라, 단위 테스트를 모두 통과하면 그때 함께 돌립니다.'),
    '',
  ];
}

export function lessonUrl(chapter: Chapter, anchor = ''): string {
  return `${siteUrl}/docs/${lessonId(chapter)}${anchor}`;
}

/** 터미널이 아니면(파이프, CI 로그) 글자마다 붙은 색 코드를 지웁니다. vite의 코드 조각이 그렇게 옵니다. */
export function terminalText(text: string): string {
  return colorsOn() ? text : stripVTControlCharacters(text);
}

export function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

function camelWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
