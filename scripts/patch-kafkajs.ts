/**
 * `npm install`이 끝나면(postinstall) kafkajs 2.2.4의 요청 큐 버그 하나를 고칩니다.
 *
 * kafkajs의 `RequestQueue.scheduleCheckPendingRequests`는 응답을 받을 때마다 `throttledUntil - Date.now()` 뒤에
 * 대기 요청을 다시 살피는 타이머를 겁니다. 스로틀을 받은 적이 없으면 `throttledUntil`은 -1이라 지연이
 * -1.7조 ms 같은 음수가 되고, Node는 그것을 1ms로 바꿉니다. 그래서 연결마다 1ms 타이머가 끝없이 돌고(CPU를 씀),
 * Node 24는 그때마다 프로세스에 한 번 `TimeoutNegativeWarning: -1796469698320 is a negative number`를 찍습니다.
 * 과정의 테스트뿐 아니라 강의의 `try-*.ts` 같은 학습자의 스크립트도 같은 kafkajs를 쓰므로 설치한 파일을 고칩니다.
 * (tulios/kafkajs#1751, #1704. kafkajs는 2.2.4 뒤로 릴리스가 없습니다.)
 *
 * 고친 동작: 기다리는 요청도 스로틀도 없으면 타이머를 걸지 않습니다. 새 요청은 push가, 끝난 요청은
 * fulfillRequest가 큐를 다시 살피므로 빠지는 요청은 없습니다. 그 밖의 경우는 원래와 같습니다.
 *
 * 손으로 다시 적용하려면: `npx tsx scripts/patch-kafkajs.ts`. 이미 고쳤거나 모양이 다른 kafkajs면 그대로 둡니다.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** 고칠 자리: 음수가 될 수 있는 지연을 계산한 바로 뒤 */
const ANCHOR = `    let scheduleAt = this.throttledUntil - Date.now()
    if (!this.throttleCheckTimeoutId) {
`;
/** 넣는 두 줄. 첫 줄의 표시로 이미 고쳤는지 압니다. */
export const GUARD = `      // kafka-jikjeop-mandeulgi: 기다리는 요청도 스로틀도 없으면 타이머를 걸지 않습니다 (tulios/kafkajs#1751)
      if (this.pending.length === 0 && scheduleAt <= 0) return
`;
const FIXED_VERSION = '2.2.4';

export type PatchResult = { kind: 'patched'; text: string } | { kind: 'already' } | { kind: 'unknown' };

/** requestQueue/index.js의 내용을 받아 고친 내용을 돌려줍니다 (순수 함수). */
export function patchRequestQueue(text: string): PatchResult {
  if (text.includes(GUARD)) return { kind: 'already' };
  if (text.split(ANCHOR).length !== 2) return { kind: 'unknown' };
  return { kind: 'patched', text: text.replace(ANCHOR, ANCHOR + GUARD) };
}

export function kafkajsRequestQueueFile(from = import.meta.url): { file: string; version: string } {
  const require = createRequire(from);
  const pkg = require.resolve('kafkajs/package.json');
  const { version } = require(pkg) as { version: string };
  return { file: path.join(path.dirname(pkg), 'src/network/requestQueue/index.js'), version };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { file, version } = kafkajsRequestQueueFile();
  const result: PatchResult =
    version === FIXED_VERSION ? patchRequestQueue(readFileSync(file, 'utf8')) : { kind: 'unknown' };
  if (result.kind === 'patched') {
    writeFileSync(file, result.text);
    console.log(`kafkajs ${version}: 요청 큐의 1ms 타이머 고리를 고쳤습니다 (scripts/patch-kafkajs.ts)`);
  } else if (result.kind === 'unknown') {
    // 설치를 실패시키지는 않습니다: 새 kafkajs는 이미 고쳐졌을 수 있습니다.
    console.warn(`kafkajs ${version}: 고칠 자리를 찾지 못해 그대로 둡니다 (scripts/patch-kafkajs.ts를 확인하세요)`);
  }
}
