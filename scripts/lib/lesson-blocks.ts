/**
 * 강의의 "직접 해보기"를 점검할 수 있는 단계로 읽습니다 (입출력 없는 부분: 읽기, 가리기, 비교, 글 점검).
 * 실제로 돌리는 쪽은 `lesson-runner.ts`, 명령은 `npm run lessons:check`입니다.
 *
 * 강의를 쓰는 사람이 지킬 약속 (README의 "강의를 고치는 분께"에도 적었습니다):
 *
 * - "직접 해보기" 절(`## 직접 해보기`부터 다음 `## `까지)의 코드 블록은 모두 점검 대상입니다.
 *   - ```bash 블록은 명령입니다. 차례대로 같은 브로커에 대고 실행합니다.
 *   - 명령 블록 바로 다음(사이에 글만 있고 제목은 없는) ```text 블록은 그 명령의 출력입니다. 실제 출력과 비교합니다.
 *   - ```text 블록의 첫 줄이 `$ `로 시작하면 명령과 출력을 함께 적은 기록(transcript)입니다. `$ ` 줄마다 실행하고
 *     그 아래 줄들과 비교합니다.
 *   - ```ts title="try-….ts"처럼 파일 이름을 제목으로 단 블록은 학습자가 만드는 파일입니다. 그 내용으로 파일을 씁니다.
 *   - `npm run broker`(앞에 `KAFKA_…=값` 환경 변수를 붙여도 됨) 블록은 브로커를 (다시) 띄웁니다.
 *     돌고 있던 브로커는 Ctrl+C(SIGINT)로 먼저 멈춥니다.
 * - 코드 펜스의 메타로 점검 방법을 적습니다.
 *   - `mask="정규식"` (출력 블록, 여러 번 가능): 실행마다 달라지는 값(타임스탬프, ID, 걸린 시간)을 양쪽에서 가리고
 *     비교합니다. 건너뛰지 않습니다. 오프셋처럼 앞 단계로 정해지는 값은 가리지 않습니다.
 *   - `wait="90s"` (출력 블록): 시간이 지나야 보이는 상태(보존 정책, 체크포인트)입니다. 출력이 같아질 때까지
 *     명령을 다시 돌리며 최대 그만큼 기다립니다.
 *   - `not-run="이유"` (명령 블록): 여기서 돌릴 수 없는 명령(Docker, 진짜 Kafka, 끝나지 않는 감시 모드)입니다.
 *     이유는 비울 수 없고, 뒤따르는 출력 블록도 함께 비교하지 않습니다.
 *   - `background` + `title="터미널 N"` (명령 블록): 끝나지 않는 명령(그룹 컨슈머)을 따로 띄워 둡니다. 같은 `title`을
 *     단 ```text 블록이 그 터미널에 그때까지 새로 찍힌 출력입니다.
 *   - `broker="stopped"` (명령 블록): 글에서 브로커를 Ctrl+C로 멈추라고 한 뒤의 명령입니다. 먼저 브로커를 멈춥니다.
 */

export type Lang = 'command' | 'output' | 'file' | 'diagram' | 'other';

export interface Fence {
  readonly lang: string;
  readonly kind: Lang;
  readonly meta: FenceMeta;
  readonly body: string;
  /** 여는 펜스의 줄 번호 (0부터) */
  readonly openLine: number;
  /** 닫는 펜스의 줄 번호 (0부터) */
  readonly closeLine: number;
  /** 펜스 앞의 가장 가까운 제목 */
  readonly heading: string;
  /** 이 펜스와 바로 앞 펜스 사이에 제목이 있었는지 */
  readonly headingBefore: boolean;
  /** "직접 해보기" 절 안인지 */
  readonly inTryIt: boolean;
}

export interface FenceMeta {
  readonly title?: string;
  readonly masks: readonly string[];
  readonly waitMs?: number;
  readonly notRun?: string;
  readonly background: boolean;
  readonly broker?: 'stopped';
  /** 모르는 메타 키 (오타를 잡으려고 모읍니다) */
  readonly unknown: readonly string[];
}

const COMMAND_LANGS = new Set(['bash', 'sh', 'shell', 'console']);
const OUTPUT_LANGS = new Set(['text', 'txt', 'plain']);
const DIAGRAM_LANGS = new Set(['mermaid']);
/** Docusaurus가 읽는 메타 (점검과 상관없이 허용) */
const DOCUSAURUS_META = new Set(['title', 'showLineNumbers']);

export function parseMeta(info: string): FenceMeta {
  let title: string | undefined;
  const masks: string[] = [];
  let waitMs: number | undefined;
  let notRun: string | undefined;
  let background = false;
  let broker: 'stopped' | undefined;
  const unknown: string[] = [];
  for (const m of info.matchAll(/([A-Za-z][\w-]*)(?:=(?:"([^"]*)"|(\S+)))?/g)) {
    const key = m[1] ?? '';
    const value = m[2] ?? m[3];
    switch (key) {
      case 'title':
        title = value;
        break;
      case 'mask':
        if (value) masks.push(value);
        else unknown.push('mask(값 없음)');
        break;
      case 'wait': {
        const w = /^(\d+)(ms|s)$/.exec(value ?? '');
        if (w) waitMs = Number(w[1]) * (w[2] === 's' ? 1000 : 1);
        else unknown.push(`wait=${value}`);
        break;
      }
      case 'not-run':
        notRun = value ?? '';
        break;
      case 'background':
        background = true;
        break;
      case 'broker':
        if (value === 'stopped') broker = 'stopped';
        else unknown.push(`broker=${value}`);
        break;
      default:
        if (!DOCUSAURUS_META.has(key)) unknown.push(key);
    }
  }
  return { title, masks, waitMs, notRun, background, broker, unknown };
}

function kindOf(lang: string, meta: FenceMeta): Lang {
  if (COMMAND_LANGS.has(lang)) return 'command';
  if (OUTPUT_LANGS.has(lang)) return 'output';
  if (DIAGRAM_LANGS.has(lang)) return 'diagram';
  if (meta.title && isFileName(meta.title)) return 'file';
  return 'other';
}

/** `try-log.ts`, `server.properties`처럼 학습자가 저장소 루트에 만드는 파일 이름 */
export function isFileName(title: string): boolean {
  return /^[\w.-]+\.\w+$/.test(title);
}

/** 마크다운에서 펜스 코드 블록을 모두 꺼냅니다. */
export function parseFences(markdown: string): Fence[] {
  const lines = markdown.split('\n');
  const fences: Fence[] = [];
  let heading = '';
  let headingSinceFence = false;
  let inTryIt = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const h = /^(#{1,6})\s+(.+?)\s*$/.exec(line);
    if (h) {
      heading = h[2] ?? '';
      headingSinceFence = true;
      if ((h[1] ?? '').length === 2) inTryIt = heading === '직접 해보기';
      continue;
    }
    const open = /^(`{3,}|~{3,})\s*([\w-]*)\s*(.*)$/.exec(line);
    if (!open) continue;
    const marker = open[1] ?? '```';
    const lang = open[2] ?? '';
    const meta = parseMeta(open[3] ?? '');
    let j = i + 1;
    while (j < lines.length && !(lines[j] ?? '').startsWith(marker)) j++;
    fences.push({
      lang,
      kind: kindOf(lang, meta),
      meta,
      body: lines.slice(i + 1, j).join('\n'),
      openLine: i,
      closeLine: j,
      heading,
      headingBefore: headingSinceFence,
      inTryIt,
    });
    headingSinceFence = false;
    i = j;
  }
  return fences;
}

// ───────────────────────── 단계 ─────────────────────────

/** 기록(transcript) 블록의 명령 하나와 그 출력 */
export interface TranscriptEntry {
  readonly command: string;
  readonly expected: string;
}

export type Step =
  | { readonly kind: 'file'; readonly fence: Fence; readonly name: string }
  | {
      readonly kind: 'broker';
      readonly fence: Fence;
      readonly env: Readonly<Record<string, string>>;
      readonly output?: Fence;
    }
  | { readonly kind: 'background'; readonly fence: Fence; readonly terminal: string; readonly output?: Fence }
  | { readonly kind: 'run'; readonly fence: Fence; readonly output?: Fence }
  | { readonly kind: 'transcript'; readonly fence: Fence; readonly entries: readonly TranscriptEntry[] }
  | { readonly kind: 'terminal-output'; readonly fence: Fence; readonly terminal: string }
  | { readonly kind: 'not-run'; readonly fence: Fence; readonly reason: string; readonly output?: Fence };

export interface LessonPlan {
  readonly steps: readonly Step[];
  /** 약속을 어긴 블록: 점검하기 전에 고쳐야 합니다 */
  readonly problems: readonly string[];
}

const BROKER_COMMAND = /^((?:[A-Z][A-Z0-9_]*=\S*\s+(?:\\\n\s*)?)*)npm run broker\s*$/;

/** `KAFKA_NUM_PARTITIONS=3 npm run broker`면 그 환경 변수를, 브로커 명령이 아니면 null을 돌려줍니다. */
export function brokerCommandEnv(body: string): Record<string, string> | null {
  const m = BROKER_COMMAND.exec(body.trim());
  if (!m) return null;
  const env: Record<string, string> = {};
  for (const pair of (m[1] ?? '').matchAll(/([A-Z][A-Z0-9_]*)=(\S*)/g)) env[pair[1] ?? ''] = pair[2] ?? '';
  return env;
}

export function isTranscript(body: string): boolean {
  return body.startsWith('$ ');
}

/** `$ 명령` 줄과 그 아래 출력으로 나눕니다. 명령 줄이 ` \`로 끝나면 다음 줄로 이어집니다. */
export function parseTranscript(body: string): TranscriptEntry[] {
  const entries: { command: string; output: string[] }[] = [];
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('$ ')) {
      let command = line.slice(2);
      while (command.endsWith('\\') && i + 1 < lines.length) command += `\n${lines[++i]}`;
      entries.push({ command, output: [] });
    } else {
      entries.at(-1)?.output.push(line);
    }
  }
  return entries.map((e) => ({ command: e.command, expected: trimBlock(e.output.join('\n')) }));
}

/** 기록 블록을 다시 씁니다 (갱신 모드): 명령 사이에 빈 줄 하나. */
export function formatTranscript(entries: readonly TranscriptEntry[]): string {
  return entries.map((e) => (e.expected ? `$ ${e.command}\n${e.expected}` : `$ ${e.command}`)).join('\n\n');
}

/** 강의 하나를 단계의 줄로 바꿉니다. */
export function planLesson(markdown: string): LessonPlan {
  const fences = parseFences(markdown).filter((f) => f.inTryIt);
  const steps: Step[] = [];
  const problems: string[] = [];
  const where = (f: Fence) => `${f.openLine + 1}번째 줄 (${f.heading})`;
  const terminals = new Set<string>();
  for (let i = 0; i < fences.length; i++) {
    const fence = fences[i] as Fence;
    const next = fences[i + 1];
    const attached =
      next && next.kind === 'output' && !next.headingBefore && !next.meta.title && !isTranscript(next.body)
        ? next
        : undefined;
    for (const key of fence.meta.unknown) problems.push(`${where(fence)}: 모르는 메타 ${key}`);
    if (fence.meta.notRun !== undefined) {
      if (!fence.meta.notRun.trim()) problems.push(`${where(fence)}: not-run에는 이유를 적어야 합니다`);
      steps.push({ kind: 'not-run', fence, reason: fence.meta.notRun, output: attached });
      if (attached) i++;
      continue;
    }
    switch (fence.kind) {
      case 'file':
        steps.push({ kind: 'file', fence, name: fence.meta.title ?? '' });
        break;
      case 'diagram':
        break;
      case 'command': {
        const env = brokerCommandEnv(fence.body);
        if (attached && fence.meta.masks.length > 0) {
          problems.push(`${where(fence)}: mask는 출력 블록에 답니다`);
        }
        if (env) {
          steps.push({ kind: 'broker', fence, env, output: attached });
          terminals.add(fence.meta.title ?? '브로커');
        } else if (fence.meta.background) {
          if (!fence.meta.title) problems.push(`${where(fence)}: background 명령에는 title="터미널 N"이 필요합니다`);
          const terminal = fence.meta.title ?? '';
          terminals.add(terminal);
          steps.push({ kind: 'background', fence, terminal, output: attached });
        } else {
          steps.push({ kind: 'run', fence, output: attached });
        }
        if (attached) i++;
        break;
      }
      case 'output':
        if (isTranscript(fence.body)) {
          steps.push({ kind: 'transcript', fence, entries: parseTranscript(fence.body) });
        } else if (fence.meta.title && terminals.has(fence.meta.title)) {
          steps.push({ kind: 'terminal-output', fence, terminal: fence.meta.title });
        } else {
          problems.push(
            `${where(fence)}: 어느 명령의 출력인지 알 수 없습니다 (명령 블록 바로 뒤에 두거나, $ 기록으로 쓰거나, 띄워 둔 터미널의 title을 다세요)`,
          );
        }
        break;
      default:
        problems.push(
          `${where(fence)}: 점검할 수 없는 ${fence.lang || '이름 없는'} 블록입니다 (파일이면 title="파일 이름", 돌릴 수 없으면 not-run="이유")`,
        );
    }
  }
  return { steps, problems };
}

// ───────────────────────── 비교 ─────────────────────────

/** 블록의 앞뒤 빈 줄과 줄 끝 공백을 지웁니다. 강의에 보이는 모양과 같게 맞춥니다. */
export function trimBlock(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .join('\n')
    .replace(/^\n+/, '')
    .replace(/\n+$/, '');
}

/** 가린 자리의 표시 */
export const MASKED = '‹가림›';

export function compileMasks(masks: readonly string[]): RegExp[] {
  return masks.map((m) => new RegExp(m, 'gm'));
}

/** 모든 패턴을 원래 글에 대고 찾은 뒤 한꺼번에 가립니다 (앞 패턴이 가린 글에 뒤 패턴이 걸리지 않게). */
export function applyMasks(text: string, masks: readonly RegExp[]): string {
  const ranges = masks
    .flatMap((re) => [...text.matchAll(re)].map((m) => [m.index, m.index + m[0].length] as const))
    .filter(([from, to]) => to > from)
    .sort((x, y) => x[0] - y[0]);
  let out = '';
  let at = 0;
  for (const [from, to] of ranges) {
    if (to <= at) continue;
    out += text.slice(at, Math.max(at, from)) + (from >= at ? MASKED : '');
    at = to;
  }
  return out + text.slice(at);
}

/** 가린 뒤에 같은지 봅니다. */
export function sameOutput(expected: string, actual: string, masks: readonly RegExp[]): boolean {
  return applyMasks(trimBlock(expected), masks) === applyMasks(trimBlock(actual), masks);
}

/** 실패 메시지용 줄 단위 차이 (가린 뒤의 모습). 같은 줄은 두 칸 들여, 강의에만 있으면 -, 실제에만 있으면 +. */
export function lineDiff(expected: string, actual: string, masks: readonly RegExp[]): string {
  const a = applyMasks(trimBlock(expected), masks).split('\n');
  const b = applyMasks(trimBlock(actual), masks).split('\n');
  // 최장 공통 부분열 (블록은 수십 줄이라 O(n·m)이면 충분합니다)
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = lcs[i] as number[];
      row[j] = a[i] === b[j] ? (lcs[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(lcs[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(`  ${a[i++]}`);
      j++;
    } else if (j < b.length && (i >= a.length || (lcs[i]?.[j + 1] ?? 0) >= (lcs[i + 1]?.[j] ?? 0))) {
      out.push(`+ ${b[j++]}`);
    } else {
      out.push(`- ${a[i++]}`);
    }
  }
  return out.join('\n');
}

// ───────────────────────── 글 점검 ─────────────────────────

/** 조사(와 `합니다` 같은 붙여 쓰는 말)를 이루는 조각. 낱말이 이 조각들로만 이루어지면 앞말에 붙여 씁니다. */
const PARTICLE_PIECES = [
  ...[
    '은',
    '는',
    '이',
    '가',
    '을',
    '를',
    '에',
    '의',
    '로',
    '으로',
    '와',
    '과',
    '도',
    '만',
    '나',
    '라',
    '란',
    '고',
    '요',
  ],
  ...['에서', '에게', '까지', '부터', '처럼', '보다', '만큼', '이나', '이라', '이란', '라는', '라고', '이고', '이며'],
  ...['이라는', '이라고', '입니다', '이다', '지만', '합니다', '해', '해서', '하고', '하는', '하면', '했습니다'],
];

function isParticles(word: string): boolean {
  const reach = new Array<boolean>(word.length + 1).fill(false);
  reach[0] = true;
  for (let i = 0; i < word.length; i++) {
    if (!reach[i]) continue;
    for (const piece of PARTICLE_PIECES) if (word.startsWith(piece, i)) reach[i + piece.length] = true;
  }
  return reach[word.length] === true;
}

const isSpace = (c: string) => c === '' || /\s/.test(c);
const isPunct = (c: string) => c !== '' && /[\p{P}\p{S}]/u.test(c);

/**
 * 굵은 글씨와 조사. CommonMark는 닫는 `**` 앞이 문장 부호(`)`, `` ` ``)이고 뒤가 글자면 굵게 닫지 않습니다.
 * 그래서 `**희소(Sparse)**합니다`는 별표가 그대로 보이고, 이를 피하려고 띄운 `**희소(Sparse)** 합니다`는
 * 화면에 "희소(Sparse) 합니다"로 빈칸이 생깁니다. 두 경우 모두 `<strong>희소(Sparse)</strong>합니다`로 씁니다.
 */
export function boldParticleProblems(markdown: string): string[] {
  const problems: string[] = [];
  let inFence = false;
  markdown.split('\n').forEach((raw, n) => {
    if (/^\s*(```|~~~)/.test(raw)) inFence = !inFence;
    if (inFence) return;
    const line = raw.replace(/`[^`]*`/g, '`x`'); // 인라인 코드 안의 별표는 세지 않습니다
    const at = [...line.matchAll(/\*\*/g)].map((m) => m.index);
    for (let k = 0; k + 1 < at.length; k += 2) {
      const open = at[k] as number;
      const close = at[k + 1] as number;
      const [beforeOpen, afterOpen] = [line[open - 1] ?? '', line[open + 2] ?? ''];
      const [beforeClose, afterClose] = [line[close - 1] ?? '', line[close + 2] ?? ''];
      const opens = !isSpace(afterOpen) && (!isPunct(afterOpen) || isSpace(beforeOpen) || isPunct(beforeOpen));
      const closes = !isSpace(beforeClose) && (!isPunct(beforeClose) || isSpace(afterClose) || isPunct(afterClose));
      const shown = line.slice(open, close + 2);
      if (!opens || !closes) {
        problems.push(`${n + 1}번째 줄: 굵게 되지 않고 별표가 보입니다: ${shown}${line.slice(close + 2, close + 6)}`);
        continue;
      }
      const word = /^ ([가-힣]+)/.exec(line.slice(close + 2))?.[1];
      if (isPunct(beforeClose) && !/[.!?]/.test(beforeClose) && word && isParticles(word)) {
        problems.push(`${n + 1}번째 줄: 굵은 글씨 뒤 조사 앞에 빈칸이 보입니다: ${shown} ${word}`);
      }
    }
  });
  return problems;
}

/** 학습자에게 보이는 글에 과정을 만들 때 쓴 자료(시드 노트)의 이름이 나오면 안 됩니다. */
export function sourceNoteProblems(markdown: string): string[] {
  const body = markdown.replace(/^---\n[\s\S]*?\n---\n/, (front) => '\n'.repeat(front.split('\n').length - 1));
  const problems: string[] = [];
  body.split('\n').forEach((line, n) => {
    if (/(?<!난수 )시드|seed note|source note/i.test(line) && !/seed\s*[\^=]|seed는 `0x/.test(line)) {
      problems.push(
        `${n + 1}번째 줄: 강의는 혼자 서야 합니다. 시드(원자료)를 가리키지 마세요: ${line.trim().slice(0, 60)}`,
      );
    }
  });
  return problems;
}
