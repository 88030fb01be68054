/**
 * `--watch`: 학습자의 코드가 바뀔 때마다 러너를 새 프로세스로 다시 돌립니다.
 * 새 프로세스로 돌리는 까닭은, 무한 루프로 멈춘 이전 실행을 통째로 끝낼 수 있어서입니다.
 *
 * 감시는 파일이 아니라 폴더(장의 src/와 test/)에 겁니다(chokidar). 그래야 편집기가 새 파일을 쓰고 이름을 바꿔
 * 덮어쓰는 저장(vim, JetBrains, `sed -i`)이나, 파일을 지우고 새로 만드는 일 뒤에도 계속 알아챕니다.
 * fs.watch를 파일에 걸면 그런 저장 한 번 뒤로는 아무 소식도 오지 않습니다.
 *
 * 파일 감시를 쓸 수 없는 곳(일부 네트워크 드라이브, inotify 한도 초과)에서는 Enter를 눌러 다시 돌리는
 * 수동 모드로 바꿉니다. `--manual`로 처음부터 수동 모드를 쓸 수도 있습니다.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { watch } from 'chokidar';
import { type Chapter, chapterDir } from '../../course/chapters.js';
import { root } from './course-files.js';
import { paint } from './paint.js';

/** 저장 한 번에 오는 여러 소식(쓰기, 이름 바꾸기, 지우기)을 한 번의 실행으로 묶는 시간 */
const DEBOUNCE_MS = 150;

export interface ChangeWatcher {
  /** 감시를 시작했을 때 풀립니다 (그 전의 변경은 놓칠 수 있습니다) */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * `dirs` 아래에서 파일이 바뀌거나, 생기거나, 지워지면 `onChange`를 부릅니다(잠깐 모아서 한 번).
 * 감시가 실패하면 `onError`를 부릅니다.
 */
export function watchForChanges(
  dirs: readonly string[],
  onChange: (changed: string) => void,
  onError: (error: unknown) => void,
): ChangeWatcher {
  const watcher = watch([...dirs], { ignoreInitial: true, atomic: true });
  let timer: NodeJS.Timeout | undefined;
  watcher.on('all', (_event, file) => {
    clearTimeout(timer);
    timer = setTimeout(() => onChange(file), DEBOUNCE_MS);
  });
  watcher.on('error', onError);
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    close: async () => {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}

export function watchAndRerun(
  chapter: Chapter,
  mode: 'exercise' | 'solution',
  options: { manual: boolean; extraArgs: readonly string[] },
): void {
  const dir = chapterDir(chapter);
  const base = mode === 'exercise' ? 'exercises' : 'solutions';
  const watched = [path.join(root, base, dir, 'src'), path.join(root, 'exercises', dir, 'test')];
  let child: ChildProcess | null = null;
  let manual = options.manual;

  const waiting = () =>
    console.log(
      paint(
        'dim',
        manual
          ? '\n[수동 모드] Enter: 다시 실행 · q + Enter: 끝내기'
          : '\n저장하면 다시 실행합니다 · Enter: 지금 다시 실행 · q + Enter: 끝내기',
      ),
    );

  const run = () => {
    child?.kill('SIGKILL');
    console.clear();
    const started = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'scripts/course.ts'), mode, String(chapter.number), ...options.extraArgs],
      { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    child = started;
    started.on('exit', (_code, signal) => {
      if (child !== started) return; // 새 실행이 이 실행을 대신했습니다
      child = null;
      if (signal !== 'SIGKILL') waiting();
    });
  };

  let watcher: ChangeWatcher | null = null;
  const switchToManual = (reason: unknown) => {
    if (manual) return;
    manual = true;
    void watcher?.close();
    const why = reason instanceof Error ? reason.message : String(reason);
    console.log(paint('yellow', `\n파일 변경을 감시할 수 없어 수동 모드로 바꿉니다 (${why}).`));
    waiting();
  };
  if (!manual) watcher = watchForChanges(watched, run, switchToManual);

  const input = createInterface({ input: process.stdin });
  input.on('line', (line) => {
    if (line.trim().toLowerCase() === 'q') {
      child?.kill('SIGKILL');
      void Promise.resolve(watcher?.close()).finally(() => process.exit(0));
      return;
    }
    run();
  });
  run();
}
