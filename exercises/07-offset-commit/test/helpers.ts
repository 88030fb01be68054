/**
 * 7장 테스트 도우미. 테스트는 고치지 마세요.
 */
import type { OffsetStore } from '../src/offset-store.js';
import { decodeOffsetsRecord } from '../src/offsets-topic.js';

/** `__consumer_offsets`의 레코드(키, 값 바이트) 하나를 풀어 저장소에 적용합니다. 코디네이터가 다시 켜질 때처럼. */
export function replayRaw(
  store: OffsetStore,
  r: { key: Uint8Array | Buffer; value: Uint8Array | Buffer | null },
): void {
  const decoded = decodeOffsetsRecord(r.key, r.value);
  if (decoded) store.replay(decoded);
}
