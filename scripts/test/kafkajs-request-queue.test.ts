/**
 * kafkajs 요청 큐 고침(scripts/lib/kafkajs-request-queue.ts, 모든 vitest 프로젝트의 setupFiles):
 * 진짜 브로커에 붙은 kafkajs 연결이 쉬는 동안 1ms 타이머를 돌리지 않고, Node 24의 TimeoutNegativeWarning도 없습니다.
 */
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafka, type RunningBroker, startBroker } from '../../reference/test/e2e/support.js';

const require = createRequire(import.meta.url);
const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as {
  prototype: { checkPendingRequests(): void };
};

describe('kafkajs RequestQueue', () => {
  let running: RunningBroker;
  beforeAll(async () => {
    running = await startBroker();
  });
  afterAll(async () => {
    await running.stop();
  });

  it('쉬는 연결은 대기 요청을 살피는 타이머를 다시 걸지 않습니다', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    const original = RequestQueue.prototype.checkPendingRequests;
    let checks = 0;
    RequestQueue.prototype.checkPendingRequests = function (this: unknown) {
      checks++;
      original.call(this);
    };
    const admin = kafka(running.bootstrap).admin();
    try {
      await admin.connect();
      await admin.listTopics();
      checks = 0;
      await sleep(300);
      // 고치기 전에는 연결마다 1ms 타이머가 돌아 300ms 동안 수백 번 불렸습니다.
      expect(checks, '쉬는 300ms 동안 checkPendingRequests가 불린 횟수').toBe(0);
      await admin.listTopics(); // 쉬고 난 뒤에도 요청은 그대로 오갑니다
    } finally {
      RequestQueue.prototype.checkPendingRequests = original;
      await admin.disconnect();
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => w.startsWith('TimeoutNegativeWarning'))).toEqual([]);
  });
});
