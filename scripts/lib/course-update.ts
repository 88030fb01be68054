/**
 * 과정 업데이트를 학습자의 작업을 지키며 받는 방법 (`npm run update`).
 *
 * 학습자는 git이 추적하는 스타터(exercises/NN-slug/src)를 고칩니다. 과정을 만드는 쪽이 같은 파일을 고쳐 올리면
 * `git pull`은 학습자의 코드를 덮어쓰지 않으려고 멈춥니다("Your local changes … would be overwritten by merge").
 * 잃는 것은 없지만 업데이트도 받지 못합니다. 이 모듈은 git의 `stash` → `pull` → `stash pop`과 같은 일을
 * 학습자가 git을 몰라도 되게, 그리고 먼저 백업을 남기고 하나씩 설명하며 합니다.
 *
 * 1. 업데이트의 출발점(base)은 학습자의 브랜치와 업데이트(upstream)가 갈라진 커밋입니다. 학습자의 작업은 base와
 *    지금 작업 폴더의 차이입니다: 커밋하지 않은 수정도, 학습자가 직접 만든 커밋도 함께 셉니다.
 * 2. 그 파일들을 `.course/backup/<시각>/`에 복사하고(학습자의 커밋이 있으면 브랜치 `course-backup/<시각>`도 남기고),
 *    브랜치를 업데이트로 옮깁니다(`git reset --hard <upstream>`).
 * 3. 파일마다 3-way로 합칩니다. 업데이트가 건드리지 않은 파일은 학습자의 것을 그대로 되돌려 놓고, 학습자가
 *    건드리지 않은 파일은 새 버전을 받습니다. 둘 다 고친 파일은 `git merge-file`로 합치고, 같은 줄을 둘 다
 *    고쳐 합칠 수 없으면 그 자리에 `<<<<<<< 내 코드` … `>>>>>>> 새 과정` 표시를 남깁니다.
 *
 * 합친 뒤 학습자의 작업은 다시 "커밋하지 않은 수정"으로 남습니다. 그래서 다음 업데이트도 같은 길로 받습니다.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { josa } from '../../reference/src/server/josa.js';

/** 합치지 못한 자리의 표시. 라벨은 한국어로 붙입니다 (`git merge-file -L`). */
export const CONFLICT_LABELS = { ours: '내 코드', base: '이전 과정', theirs: '새 과정' } as const;

export type FileOutcome =
  /** 업데이트가 건드리지 않아 학습자의 것을 그대로 되돌려 놓음 */
  | 'kept'
  /** 둘 다 고쳤고 겹치지 않아 합침 */
  | 'merged'
  /** 같은 자리를 둘 다 고쳐 표시를 남김 */
  | 'conflict'
  /** 학습자의 수정이 업데이트와 똑같음 */
  | 'same'
  /** 학습자가 지운 파일을 업데이트가 고쳐 새 버전을 둠 */
  | 'restored'
  /** 업데이트가 지운 파일인데 학습자가 고쳐 두어 학습자의 것을 남김 (이제 git이 추적하지 않습니다) */
  | 'orphaned';

export interface FileResult {
  readonly path: string;
  readonly outcome: FileOutcome;
  /** conflict일 때 합치지 못한 자리 수 */
  readonly conflicts?: number;
}

export type UpdateResult =
  | { readonly kind: 'not-git' }
  | { readonly kind: 'busy'; readonly what: string }
  | { readonly kind: 'no-upstream' }
  /** 지난 업데이트에서 합치지 못한 표시가 아직 남아 있음 (그 위에 또 합치면 표시가 겹칩니다) */
  | { readonly kind: 'unresolved'; readonly files: readonly string[] }
  | { readonly kind: 'up-to-date'; readonly upstream: string; readonly fetchFailed: boolean }
  | {
      readonly kind: 'updated';
      readonly upstream: string;
      readonly fetchFailed: boolean;
      /** 새로 받은 과정 커밋 수 */
      readonly commits: number;
      readonly files: readonly FileResult[];
      /** 학습자의 파일을 복사해 둔 폴더 (저장소 루트 기준). 지킬 파일이 없었으면 없음 */
      readonly backupDir?: string;
      /** 학습자의 커밋을 가리키게 남긴 브랜치 */
      readonly backupBranch?: string;
    };

export function git(root: string, args: readonly string[], input?: string): string {
  return execFileSync('git', args, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
    ...(input !== undefined ? { input } : {}),
  });
}

function tryGit(root: string, args: readonly string[]): string | undefined {
  try {
    return git(root, args).trim();
  } catch {
    return undefined;
  }
}

/** 커밋 안의 파일 내용 (없으면 null). 바이트 그대로 비교하려고 Buffer로 읽습니다. */
function show(root: string, commit: string, file: string): Buffer | null {
  const result = spawnSync('git', ['show', `${commit}:${file}`], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  return result.status === 0 ? result.stdout : null;
}

function readOrNull(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch {
    return null;
  }
}

function same(a: Buffer | null, b: Buffer | null): boolean {
  return a === null || b === null ? a === b : a.equals(b);
}

function zList(text: string): string[] {
  return text.split('\0').filter(Boolean);
}

/** 따라가는 원격 브랜치 (`origin/main`). 없으면 undefined */
export function upstreamOf(root: string): string | undefined {
  return tryGit(root, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}']);
}

/** 병합·리베이스 같은 git 작업이 끝나지 않은 채 남아 있으면 그 이름 */
function unfinishedOperation(root: string): string | undefined {
  const marks: Record<string, string> = {
    MERGE_HEAD: 'git merge',
    'rebase-merge': 'git rebase',
    'rebase-apply': 'git rebase',
    CHERRY_PICK_HEAD: 'git cherry-pick',
    REVERT_HEAD: 'git revert',
  };
  for (const [mark, what] of Object.entries(marks)) {
    const at = tryGit(root, ['rev-parse', '--git-path', mark]);
    if (at && existsSync(path.resolve(root, at))) return what;
  }
  return undefined;
}

/**
 * 이미 내려받았지만(`git pull`이 fetch한 뒤 멈췄거나 `git fetch`만 한 경우) 아직 합치지 않은 과정 커밋 수.
 * 네트워크는 쓰지 않습니다. git 저장소가 아니거나 따라가는 브랜치가 없으면 0입니다.
 */
export function pendingUpdateCommits(root: string): number {
  if (!upstreamOf(root)) return 0;
  return Number(tryGit(root, ['rev-list', '--count', 'HEAD..@{upstream}']) ?? 0);
}

export interface UpdateOptions {
  /** `git fetch`를 건너뜁니다 (이미 받은 것만 합침) */
  readonly fetch?: boolean;
  /** 백업 폴더 이름에 쓰는 시각 (테스트가 정합니다) */
  readonly now?: Date;
}

export function updateCourse(root: string, options: UpdateOptions = {}): UpdateResult {
  if (tryGit(root, ['rev-parse', '--is-inside-work-tree']) !== 'true') return { kind: 'not-git' };
  const busy = unfinishedOperation(root);
  if (busy) return { kind: 'busy', what: busy };
  const upstream = upstreamOf(root);
  if (!upstream) return { kind: 'no-upstream' };

  let fetchFailed = false;
  if (options.fetch !== false) {
    try {
      git(root, ['fetch', '--quiet']);
    } catch {
      fetchFailed = true; // 오프라인: 이미 받아 둔 것으로 계속합니다
    }
  }
  const head = git(root, ['rev-parse', 'HEAD']).trim();
  const up = git(root, ['rev-parse', '@{upstream}']).trim();
  const base = git(root, ['merge-base', 'HEAD', up]).trim();
  if (base === up) return { kind: 'up-to-date', upstream, fetchFailed };
  const commits = Number(git(root, ['rev-list', '--count', `HEAD..${up}`]).trim());

  // 학습자의 작업: base와 작업 폴더가 다른 추적 파일, 그리고 업데이트가 새로 더하는 이름과 겹치는 추적하지 않는 파일
  const tracked = zList(git(root, ['diff', '--name-only', '--no-renames', '-z', base]));
  const added = new Set(zList(git(root, ['diff', '--name-only', '--no-renames', '-z', '--diff-filter=A', base, up])));
  const untracked = zList(git(root, ['ls-files', '--others', '--exclude-standard', '-z'])).filter((f) => added.has(f));
  const work = [...new Set([...tracked, ...untracked])].sort().map((file) => ({
    file,
    ours: readOrNull(path.join(root, file)),
    base: show(root, base, file),
    theirs: show(root, up, file),
  }));

  const unresolved = work.filter((w) => w.ours !== null && conflictLines(w.ours.toString('utf8')).length > 0);
  if (unresolved.length > 0) return { kind: 'unresolved', files: unresolved.map((w) => w.file) };

  const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
  let backupDir: string | undefined;
  if (work.some((w) => w.ours !== null)) {
    backupDir = path.posix.join('.course/backup', stamp);
    for (const w of work) {
      if (w.ours === null) continue;
      const copy = path.join(root, backupDir, w.file);
      mkdirSync(path.dirname(copy), { recursive: true });
      writeFileSync(copy, w.ours);
    }
  }
  let backupBranch: string | undefined;
  if (head !== base) {
    backupBranch = `course-backup/${stamp}`;
    git(root, ['branch', backupBranch, head]);
  }

  git(root, ['reset', '--quiet', '--hard', up]);

  const files = work.map((w) => settle(root, w.file, w.ours, w.base, w.theirs));
  return {
    kind: 'updated',
    upstream,
    fetchFailed,
    commits,
    files: files.filter((f): f is FileResult => f !== undefined),
    ...(backupDir ? { backupDir } : {}),
    ...(backupBranch ? { backupBranch } : {}),
  };
}

/** 파일 하나를 학습자의 것(ours)과 새 과정(theirs, 이미 작업 폴더에 있음)으로 정합니다. */
function settle(
  root: string,
  file: string,
  ours: Buffer | null,
  base: Buffer | null,
  theirs: Buffer | null,
): FileResult | undefined {
  const full = path.join(root, file);
  const write = (content: Buffer | null) => {
    if (content === null) {
      if (existsSync(full)) unlinkSync(full);
      return;
    }
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  };
  if (same(ours, base)) return undefined; // 학습자가 바꾼 것이 없음: 새 과정 그대로
  if (same(ours, theirs)) return { path: file, outcome: 'same' };
  if (same(theirs, base)) {
    write(ours);
    return { path: file, outcome: 'kept' };
  }
  if (ours === null) return { path: file, outcome: 'restored' };
  if (theirs === null) {
    write(ours);
    return { path: file, outcome: 'orphaned' };
  }
  // git이 줄 끝을 CRLF로 바꿔 꺼내는 곳(Windows의 core.autocrlf)에서는 작업 폴더의 파일만 CRLF입니다.
  // 줄 끝이 달라 모든 줄이 충돌하지 않도록 LF로 맞춰 합치고, 결과를 다시 학습자의 줄 끝으로 씁니다.
  const crlf = ours.includes('\r\n') && !(base ?? theirs).includes('\r\n');
  const lf = (b: Buffer) => (crlf ? Buffer.from(b.toString('utf8').replace(/\r\n/g, '\n')) : b);
  const { text, conflicts } = mergeFile(lf(ours), base ?? Buffer.alloc(0), theirs);
  write(crlf ? Buffer.from(text.toString('utf8').replace(/\n/g, '\r\n')) : text);
  return conflicts === 0 ? { path: file, outcome: 'merged' } : { path: file, outcome: 'conflict', conflicts };
}

/** `git merge-file`로 3-way 병합. 종료 코드가 곧 합치지 못한 자리 수입니다. */
export function mergeFile(ours: Buffer, base: Buffer, theirs: Buffer): { text: Buffer; conflicts: number } {
  const dir = mkdtempSync(path.join(tmpdir(), 'course-merge-'));
  try {
    const [o, b, t] = (['ours', 'base', 'theirs'] as const).map((name, i) => {
      const file = path.join(dir, name);
      writeFileSync(file, [ours, base, theirs][i] as Buffer);
      return file;
    }) as [string, string, string];
    const { ours: lo, base: lb, theirs: lt } = CONFLICT_LABELS;
    const result = spawnSync('git', ['merge-file', '-p', '--diff3', '-L', lo, '-L', lb, '-L', lt, o, b, t], {
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.status === null || result.status < 0 || result.status > 127) {
      throw new Error(`git merge-file이 실패했습니다: ${result.stderr.toString()}`);
    }
    return { text: result.stdout, conflicts: result.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** 파일 안에 합치지 못한 표시가 남은 줄 번호들 (1부터). `<<<<<<< ` 줄만 셉니다. */
export function conflictLines(text: string): number[] {
  const lines: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.startsWith('<<<<<<< ')) lines.push(i + 1);
  });
  return lines;
}

/** `npm run update`가 찍는 글 */
export function updateLines(result: UpdateResult): string[] {
  switch (result.kind) {
    case 'not-git':
      return [
        '이 폴더는 git 저장소가 아니라서 업데이트를 받을 수 없습니다.',
        '과정을 git clone으로 받았다면 그 폴더에서 다시 돌리세요.',
      ];
    case 'busy':
      return [
        `끝나지 않은 ${result.what} 작업이 있어 업데이트를 받지 않았습니다.`,
        `그 작업을 끝내거나(${result.what} --continue) 취소한 뒤(${result.what} --abort) 다시 돌리세요.`,
      ];
    case 'no-upstream':
      return [
        '이 브랜치에는 따라갈 원격 브랜치가 없어 업데이트를 받을 곳을 모릅니다.',
        '과정 저장소의 브랜치를 따라가게 하세요: git branch --set-upstream-to=origin/main',
      ];
    case 'unresolved':
      return [
        '지난 업데이트에서 합치지 못한 곳이 아직 남아 있어 새 업데이트를 받지 않았습니다:',
        ...result.files.map((f) => `  ${f}`),
        `${CONFLICT_LABELS.ours}와 ${CONFLICT_LABELS.theirs} 사이에서 남길 코드를 고르고 표시 줄을 지운 뒤 다시 돌리세요.`,
      ];
    case 'up-to-date':
      return [
        ...fetchLines(result.fetchFailed),
        result.fetchFailed
          ? '받아 둔 업데이트는 이미 모두 합쳐져 있습니다. 바꾼 파일은 없습니다.'
          : `이미 최신입니다 (${josa(result.upstream, '와/과')} 같습니다). 바꾼 파일은 없습니다.`,
      ];
    case 'updated':
      return updatedLines(result);
  }
}

function fetchLines(failed: boolean): string[] {
  return failed
    ? [
        '원격 저장소에 닿지 못해 새 업데이트를 내려받지 못했습니다(네트워크를 확인하세요). 이미 받아 둔 것으로 합칩니다.',
      ]
    : [];
}

const outcomeText: Record<FileOutcome, string> = {
  kept: '그대로 둠',
  merged: '새 과정과 합침',
  conflict: '합치지 못한 곳',
  same: '새 과정과 같음',
  restored: '지웠던 파일을 새 과정이 고쳐서 새 버전을 둠',
  orphaned: '새 과정에서 빠진 파일이지만 내 코드라 남겨 둠',
};

function updatedLines(result: Extract<UpdateResult, { kind: 'updated' }>): string[] {
  const lines = [...fetchLines(result.fetchFailed), `과정 업데이트 ${result.commits}개 커밋을 받았습니다.`];
  if (result.files.length === 0) {
    lines.push('내가 고친 파일이 없어 새 과정을 그대로 받았습니다.');
    return lines;
  }
  lines.push('', '내가 고친 파일:');
  const width = Math.max(...result.files.map((f) => f.path.length));
  for (const f of result.files) {
    const extra = f.outcome === 'conflict' ? ` ${f.conflicts}군데` : '';
    lines.push(`  ${f.path.padEnd(width)}  ${outcomeText[f.outcome]}${extra}`);
  }
  lines.push('');
  if (result.backupDir) lines.push(`고치기 전의 내 파일은 ${result.backupDir}/에 복사해 두었습니다.`);
  if (result.backupBranch) {
    lines.push(
      `내가 만든 커밋은 브랜치 ${result.backupBranch}에 남겨 두었습니다. 그 커밋의 내용은 이제 커밋하지 않은 수정으로 작업 폴더에 있습니다.`,
    );
  }
  const conflicted = result.files.filter((f) => f.outcome === 'conflict');
  if (conflicted.length > 0) {
    lines.push(
      '',
      `${conflicted.length}개 파일에서 내 코드와 새 과정이 같은 자리를 고쳐서, 그 자리에 둘을 함께 적어 두었습니다:`,
      `  <<<<<<< ${CONFLICT_LABELS.ours}`,
      '  (내가 쓴 코드)',
      `  ||||||| ${CONFLICT_LABELS.base}`,
      '  (업데이트 전의 스타터)',
      '  =======',
      '  (새 스타터)',
      `  >>>>>>> ${CONFLICT_LABELS.theirs}`,
      '자리마다 남길 코드를 고른 뒤 표시 줄(<<<<<<<, |||||||, =======, >>>>>>>)을 지우세요.',
      '새 스타터 쪽에 바뀐 TODO 설명이나 함수 모양이 있으면 그것에 맞춰 내 코드를 고치면 됩니다.',
      '표시가 남아 있는 동안 npm run exercise:N은 테스트 대신 그 자리를 알려 줍니다.',
    );
  } else {
    lines.push('내 코드는 그대로이고, 내가 고치지 않은 스타터와 테스트는 새 버전입니다.');
  }
  lines.push('진행 상황을 다시 보려면: npm run progress -- --run');
  return lines;
}
