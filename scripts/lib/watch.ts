/**
 * `--watch`: 학습자의 코드가 바뀔 때마다 러너를 새 프로세스로 다시 돌립니다.
 * 새 프로세스로 돌리는 까닭은, 무한 루프로 멈춘 이전 실행을 통째로 끝낼 수 있어서입니다.
 *
 * 파일 감시(fs.watch)를 쓸 수 없는 곳(일부 네트워크 드라이브, inotify 한도 초과)에서는
 * Enter를 눌러 다시 돌리는 수동 모드로 바꿉니다. `--manual`로 처음부터 수동 모드를 쓸 수도 있습니다.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { type FSWatcher, watch } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { type Chapter, chapterDir } from '../../course/chapters.js';
import { root } from './course-files.js';
import { paint } from './paint.js';

const DEBOUNCE_MS = 150;

export function watchAndRerun(chapter: Chapter, mode: 'exercise' | 'solution', options: { manual: boolean }): void {
  const dir = chapterDir(chapter);
  const watched = [path.join(root, mode === 'exercise' ? 'exercises' : 'solutions', dir, 'src')];
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
      ['--import', 'tsx', path.join(root, 'scripts/course.ts'), mode, String(chapter.number)],
      {
        cwd: root,
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    child = started;
    started.on('exit', (_code, signal) => {
      if (child !== started) return; // 새 실행이 이 실행을 대신했습니다
      child = null;
      if (signal !== 'SIGKILL') waiting();
    });
  };

  const switchToManual = (reason: unknown) => {
    if (manual) return;
    manual = true;
    console.log(paint('yellow', `\n파일 변경을 감시할 수 없어 수동 모드로 바꿉니다 (${String(reason)}).`));
    waiting();
  };

  const watchers: FSWatcher[] = [];
  if (!manual) {
    let timer: NodeJS.Timeout | undefined;
    for (const target of watched) {
      try {
        const watcher = watch(target, { recursive: true }, () => {
          clearTimeout(timer);
          timer = setTimeout(run, DEBOUNCE_MS);
        });
        watcher.on('error', switchToManual);
        watchers.push(watcher);
      } catch (error) {
        switchToManual(error instanceof Error ? error.message : error);
      }
    }
  }

  const input = createInterface({ input: process.stdin });
  input.on('line', (line) => {
    if (line.trim().toLowerCase() === 'q') {
      child?.kill('SIGKILL');
      for (const w of watchers) w.close();
      process.exit(0);
    }
    run();
  });
  run();
}
