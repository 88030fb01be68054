/**
 * 저장소 테스트 도우미: 임시 디렉터리, 가짜 시계, 파일 읽기. 배치 만들기는 `batches.ts`에 있습니다.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

export * from './batches.js';

const created: string[] = [];

/** 테스트마다 새 임시 디렉터리. 테스트가 끝나면 지웁니다. */
export function tempDir(prefix = 'storage'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kafka-${prefix}-`));
  created.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** 가짜 시계: `clock.now()`를 로그에 주입하고 `clock.advance(ms)`로 시간을 흘립니다. */
export function fakeClock(start = 1_700_000_000_000) {
  let current = start;
  return {
    now: () => current,
    advance(ms: number) {
      current += ms;
    },
    set(ms: number) {
      current = ms;
    },
  };
}

export function files(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

export function read(dir: string, name: string): Buffer {
  return fs.readFileSync(path.join(dir, name));
}
