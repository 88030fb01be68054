/**
 * 연습 문제 테스트마다 먼저 실행되는 설정 파일입니다 (vitest.config.ts의 setupFiles).
 *
 * 지금 도는 테스트의 이름과 시작 시각을 파일에 동기적으로 적어 둡니다. 학습자 코드가 동기 무한 루프에
 * 빠지면 작업 스레드는 아무것도 보고하지 못하지만, 러너는 이 파일을 읽어 어느 테스트가 멈췄는지 압니다.
 * 테스트 파일 여럿이 작업 스레드 여럿에서 함께 돌므로, 파일은 스레드마다 하나입니다.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterEach, beforeEach } from 'vitest';

const statusDir = process.env.COURSE_STATUS_DIR;
const statusFile = statusDir ? path.join(statusDir, `${process.pid}-${threadId}.json`) : undefined;

if (statusFile) {
  beforeEach(({ task }) => {
    writeFileSync(statusFile, JSON.stringify({ test: task.name, since: Date.now(), timeoutMs: task.timeout }));
  });
  afterEach(() => {
    writeFileSync(statusFile, JSON.stringify({ test: null, since: Date.now(), timeoutMs: 0 }));
  });
}
