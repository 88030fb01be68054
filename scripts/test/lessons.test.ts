/**
 * 강의의 "직접 해보기"가 지금의 참조 브로커에서 강의에 적힌 그대로 도는지 봅니다 (`npm run lessons:check`와 같은 점검).
 * 강의마다 빈 데이터 디렉터리와 빈 포트에서 브로커를 새로 띄웁니다. 출력이 달라졌다면 실패 메시지의 차이를 보고,
 * 브로커가 옳게 바뀐 것이면 `npm run lessons:check -- --update`로 강의를 고쳐 쓴 뒤 diff를 검토하세요.
 *
 * 보존 정책과 체크포인트를 기다리는 2장이 가장 길어(혼자 돌면 2분 안팎) 강의마다 넉넉한 시간을 줍니다.
 * 2코어 기계에서 다른 테스트와 함께 돌므로 한 번에 세 강의까지만 겹칩니다.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lessonFiles } from '../lib/lesson-files.js';
import { checkLesson } from '../lib/lesson-runner.js';

const LESSON_TIMEOUT_MS = 12 * 60_000;

/** 동시에 도는 강의 수를 제한합니다. */
function limiter(slots: number) {
  let free = slots;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (free === 0) await new Promise<void>((resolve) => waiting.push(resolve));
    else free--;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
}
const limit = limiter(3);

describe.concurrent('직접 해보기', () => {
  for (const file of lessonFiles()) {
    const name = path.relative(path.resolve(import.meta.dirname, '../..'), file);
    it(
      name,
      async () => {
        const report = await limit(() => checkLesson(file));
        expect(report.failures, report.failures.join('\n\n')).toEqual([]);
      },
      LESSON_TIMEOUT_MS,
    );
  }
});

describe('the checker catches a drifted lesson', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lesson-drift-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // 8장이 한때 보여 준 실수: kcat -K:는 첫 ':'에서 자르므로 키 `user:1`이 `user`가 됩니다.
  const drifted = [
    '# 실수한 강의',
    '',
    '## 직접 해보기',
    '',
    '```bash',
    'rm -rf data',
    '```',
    '',
    '```bash',
    'npm run broker',
    '```',
    '',
    '```bash',
    "printf 'user:1:a\\n' | kcat -b 127.0.0.1:9092 -P -t orders -K:",
    "kcat -b 127.0.0.1:9092 -C -t orders -e -q -f 'key %k value %s\\n'",
    '```',
    '',
    '```text',
    'key user:1 value a',
    '```',
    '',
    '## 연습 문제',
    '',
  ].join('\n');

  it(
    'KcatSplitsKeyAtFirstColon: the shown output no longer matches, and --update writes what really happens',
    async () => {
      const file = path.join(dir, 'drifted.md');
      writeFileSync(file, drifted);
      const report = await limit(() => checkLesson(file, { update: true }));
      expect(report.compared).toBe(1);
      expect(report.failures.join('\n')).toMatch(/출력이 강의와 다릅니다/);
      expect(report.updated).toContain('key user value 1:a');
      expect(report.updated).not.toContain('key user:1 value a');
    },
    LESSON_TIMEOUT_MS,
  );
});
