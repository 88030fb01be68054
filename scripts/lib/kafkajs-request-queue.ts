/**
 * kafkajs 2.2.4의 요청 큐 고침. 불러오기만 하면 됩니다 (`import './kafkajs-request-queue.js'`).
 * vitest는 모든 프로젝트의 setupFiles로 불러오고, kafkajs를 쓰는 스크립트는 맨 위에서 불러옵니다.
 *
 * kafkajs의 `RequestQueue.scheduleCheckPendingRequests`는 응답을 받을 때마다 `throttledUntil - Date.now()`
 * 뒤에 대기 요청을 다시 살피는 타이머를 겁니다. 스로틀을 받은 적이 없으면 `throttledUntil`은 -1이라 지연이
 * -1.7조 ms 같은 음수가 되고, Node는 그것을 1ms로 바꿉니다. 그래서 연결마다 1ms 타이머가 끝없이 돌고,
 * Node 24는 `TimeoutNegativeWarning: -1796469698320 is a negative number`를 찍습니다.
 * (tulios/kafkajs#1751, #1704. kafkajs는 2.2.4 뒤로 릴리스가 없습니다.)
 *
 * 고친 동작: 기다리는 요청도 스로틀도 없으면 타이머를 걸지 않습니다. 새 요청은 push가, 끝난 요청은
 * fulfillRequest가 큐를 다시 살피므로 빠지는 요청은 없습니다. 그 밖의 경우는 원래와 같습니다
 * (스로틀이 남았으면 그 시간 뒤, 아니면 10ms 뒤).
 */
import { createRequire } from 'node:module';

interface RequestQueue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

const require = createRequire(import.meta.url);
const FIXED_VERSION = '2.2.4';
/** kafkajs의 CHECK_PENDING_REQUESTS_INTERVAL */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;
const marker = Symbol.for('kafka-jikjeop-mandeulgi.kafkajs-request-queue');

const { version } = require('kafkajs/package.json') as { version: string };
const RequestQueueClass = require('kafkajs/src/network/requestQueue/index.js') as {
  prototype: RequestQueue & { [marker]?: true };
};
const proto = RequestQueueClass.prototype;

// 다른 버전의 kafkajs라면 손대지 않습니다 (고쳐졌을 수도, 모양이 바뀌었을 수도 있습니다).
if (version === FIXED_VERSION && !proto[marker] && typeof proto.scheduleCheckPendingRequests === 'function') {
  proto[marker] = true;
  proto.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(this: RequestQueue) {
    if (this.throttleCheckTimeoutId) return;
    const throttledFor = this.throttledUntil - Date.now();
    if (this.pending.length === 0 && throttledFor <= 0) return;
    this.throttleCheckTimeoutId = setTimeout(
      () => {
        this.throttleCheckTimeoutId = null;
        this.checkPendingRequests();
      },
      throttledFor > 0 ? throttledFor : CHECK_PENDING_REQUESTS_INTERVAL_MS,
    );
  };
}
