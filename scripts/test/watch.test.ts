/**
 * `--watch`의 파일 감시(scripts/lib/watch.ts): 진짜 파일 조작마다 다시 실행이 한 번 옵니다. 특히 파일을 새로
 * 써서 이름을 바꿔 덮어쓰는 저장(편집기, `sed -i`) 뒤에도 감시가 살아 있어야 합니다.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ChangeWatcher, watchForChanges } from '../lib/watch.js';

/** 한 번의 조작 뒤 다시 실행을 기다리는 한도. 느린 기계에서도 넉넉하게. */
const WAIT_MS = 10_000;

describe('watchForChanges', () => {
  let dir: string;
  let src: string;
  let watcher: ChangeWatcher;
  let changes: string[];
  let waiters: (() => void)[];

  /** 다음 다시 실행을 기다립니다. 그동안 온 다시 실행의 수를 돌려줍니다 (모아서 한 번이어야 합니다). */
  async function nextRun(action: () => void): Promise<string> {
    const before = changes.length;
    const arrived = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${WAIT_MS}ms 안에 다시 실행이 오지 않았습니다`)), WAIT_MS);
      waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    action();
    await arrived;
    expect(changes.length).toBe(before + 1);
    return changes.at(-1) as string;
  }

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'watch-'));
    src = path.join(dir, 'src');
    mkdirSync(src);
    writeFileSync(path.join(src, 'log.ts'), 'export const a = 1;\n');
    changes = [];
    waiters = [];
    watcher = watchForChanges(
      [src],
      (file) => {
        changes.push(path.relative(dir, file));
        for (const w of waiters.splice(0)) w();
      },
      (error) => {
        throw error;
      },
    );
    await watcher.ready;
  });

  afterEach(async () => {
    await watcher.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('저장, 이름 바꿔 덮어쓰기, sed -i, 지우기, 새 파일마다 다시 실행하고, 그 뒤에도 계속 듣습니다', async () => {
    const file = path.join(src, 'log.ts');
    expect(await nextRun(() => writeFileSync(file, 'export const a = 2;\n'))).toBe('src/log.ts');

    // 편집기의 안전한 저장: 옆에 새로 쓰고 rename으로 덮어씁니다 (원래 파일의 inode가 사라집니다)
    expect(
      await nextRun(() => {
        writeFileSync(`${file}.tmp`, 'export const a = 3;\n');
        renameSync(`${file}.tmp`, file);
      }),
    ).toBe('src/log.ts');

    // sed -i도 임시 파일을 쓰고 이름을 바꿉니다
    await nextRun(() => execFileSync('sed', ['-i', 's/3/4/', file]));
    // 덮어쓴 뒤에도 평범한 저장을 듣습니다 (fs.watch를 파일에 걸면 여기서 귀가 먹습니다)
    expect(await nextRun(() => writeFileSync(file, 'export const a = 5;\n'))).toBe('src/log.ts');

    expect(await nextRun(() => writeFileSync(path.join(src, 'helper.ts'), 'export {};\n'))).toBe('src/helper.ts');
    expect(await nextRun(() => unlinkSync(path.join(src, 'helper.ts')))).toBe('src/helper.ts');
    // 지우고 다시 만든 파일도, 그 파일의 다음 저장도
    await nextRun(() => {
      unlinkSync(file);
      writeFileSync(file, 'export const a = 6;\n');
    });
    expect(await nextRun(() => writeFileSync(file, 'export const a = 7;\n'))).toBe('src/log.ts');

    // 새 하위 폴더 안의 새 파일
    expect(
      await nextRun(() => {
        mkdirSync(path.join(src, 'parts'));
        writeFileSync(path.join(src, 'parts', 'x.ts'), 'export {};\n');
      }),
    ).toMatch(/^src\/parts/);
  });
});
