/**
 * 스냅숏: (끝 오프셋, 에포크)까지 로그를 적용한 응용 상태를 통째로 담은 것. 이것이 있으면 그 앞의 로그는 지워도
 * 됩니다. 디스크에는 `__cluster_metadata-0/<끝 오프셋 20자리>-<에포크 10자리>.checkpoint`로 남습니다 (Kafka
 * `SnapshotPath`, KIP-630). 로그 시작보다 뒤처진 팔로워는 리더에게서 이 파일을 FetchSnapshot으로 받아 갑니다.
 *
 * 파일의 바이트 형식(레코드 배치와 SnapshotHeader/SnapshotFooter 컨트롤 레코드)은 `record-batches.ts`가 정하고,
 * 상태 기계는 주입된 `RaftLogStorage`(`ready.ts`)로 그 바이트를 만들고 읽습니다.
 */
import type { OffsetAndEpoch } from './types.js';

export interface Snapshot<T> {
  /** 스냅숏 ID: 담긴 마지막 레코드 다음 오프셋과 그 레코드의 에포크 */
  readonly id: OffsetAndEpoch;
  /** 응용 상태를 다시 만드는 레코드들 */
  readonly records: readonly T[];
}

const SUFFIX = '.checkpoint';

export function snapshotFileName(id: OffsetAndEpoch): string {
  return `${String(id.offset).padStart(20, '0')}-${String(id.epoch).padStart(10, '0')}${SUFFIX}`;
}

/** `.checkpoint` 파일 이름에서 스냅숏 ID를 읽습니다. 다른 파일이면 null */
export function parseSnapshotFileName(name: string): OffsetAndEpoch | null {
  const match = /^(\d{20})-(\d{10})\.checkpoint$/.exec(name);
  return match ? { offset: Number(match[1]), epoch: Number(match[2]) } : null;
}
