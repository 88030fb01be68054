/**
 * kafkajs 고침(scripts/patch-kafkajs.ts, npm install의 postinstall): 고친 kafkajs는 진짜 브로커에 붙어 쉬는 동안
 * 대기 요청을 살피는 1ms 타이머를 돌리지 않고, 고치기 전 kafkajs는 돌립니다. 설치된 kafkajs는 건드리지 않고
 * 임시 폴더의 사본으로 확인합니다.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka as KafkaType } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBroker, startBroker } from '../../reference/test/e2e/support.js';
import { GUARD, kafkajsRequestQueueFile, patchRequestQueue } from '../patch-kafkajs.js';

const repo = path.resolve(import.meta.dirname, '../..');
const installed = kafkajsRequestQueueFile();
/** 설치본이 이미 고쳐졌어도 원래 내용을 얻습니다 */
const original = readFileSync(installed.file, 'utf8').replace(GUARD, '');

describe('patchRequestQueue', () => {
  it('kafkajs 2.2.4의 요청 큐에 두 줄을 한 번만 넣고, 모르는 내용은 그대로 둡니다', () => {
    expect(installed.version).toBe('2.2.4');
    const patched = patchRequestQueue(original);
    expect(patched.kind).toBe('patched');
    const text = patched.kind === 'patched' ? patched.text : '';
    expect(text.split(GUARD)).toHaveLength(2);
    expect(text.replace(GUARD, '')).toBe(original);
    expect(patchRequestQueue(text)).toEqual({ kind: 'already' });
    expect(patchRequestQueue('module.exports = class RequestQueue {}')).toEqual({ kind: 'unknown' });
  });

  it('npm install이 끝나면 고칩니다 (package.json의 postinstall)', () => {
    const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.postinstall).toBe('tsx scripts/patch-kafkajs.ts');
  });
});

describe('쉬는 kafkajs 연결의 타이머 (진짜 브로커)', () => {
  let running: RunningBroker;
  let dir: string;
  beforeAll(async () => {
    running = await startBroker();
    dir = mkdtempSync(path.join(tmpdir(), 'kafkajs-copy-'));
  });
  afterAll(async () => {
    await running.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** kafkajs 사본(고친 것 또는 원래 것)으로 붙어 한 번 묻고, 쉬는 300ms 동안 큐를 살핀 횟수를 셉니다 */
  async function idleChecks(name: string, text: string): Promise<number> {
    const copy = path.join(dir, name, 'node_modules/kafkajs');
    cpSync(path.dirname(path.dirname(path.dirname(path.dirname(installed.file)))), copy, { recursive: true });
    writeFileSync(path.join(copy, 'src/network/requestQueue/index.js'), text);
    const require = createRequire(path.join(dir, name, 'index.js'));
    const { Kafka, logLevel } = require('kafkajs') as typeof import('kafkajs');
    const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as {
      prototype: { checkPendingRequests(): void };
    };
    const original = RequestQueue.prototype.checkPendingRequests;
    let checks = 0;
    RequestQueue.prototype.checkPendingRequests = function (this: unknown) {
      checks++;
      original.call(this);
    };
    const kafka: KafkaType = new Kafka({ clientId: name, brokers: [running.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.listTopics();
      checks = 0;
      await sleep(300);
      const idle = checks;
      await admin.listTopics(); // 쉬고 난 뒤에도 요청은 그대로 오갑니다
      return idle;
    } finally {
      await admin.disconnect();
    }
  }

  it('고친 kafkajs는 쉬는 동안 큐를 살피지 않고, 원래 kafkajs는 1ms마다 살핍니다', async () => {
    const patched = patchRequestQueue(original);
    expect(await idleChecks('patched', patched.kind === 'patched' ? patched.text : '')).toBe(0);
    // 고치기 전: 300ms 동안 수백 번 (바쁜 기계에서도 수십 번은 넘습니다)
    expect(await idleChecks('original', original)).toBeGreaterThan(10);
  });
});
