// 2장 세그먼트와 인덱스 — 연습 문제: TODO가 적힌 곳을 채우세요. 테스트(test/)는 고치지 마세요.
// 원본: reference/src/storage/retention.ts (npm run course:sync가 이 파일을 만듭니다)
/**
 * 보존 정책(retention): 어떤 세그먼트를 지울지 정하는 규칙들. Kafka의 `UnifiedLog.deleteOldSegments`와
 * `LocalLog.deletableSegments`를 따릅니다.
 *
 * Kafka는 레코드 하나하나가 아니라 **세그먼트 통째로** 지웁니다. 그래서 보존 기간이 지났어도 아직 활성
 * 세그먼트에 함께 있는 레코드는 남아 있을 수 있고, 지울 때는 파일 삭제 한 번이면 끝납니다.
 *
 * 세 가지 규칙을 이 순서로 적용합니다 (`cleanup.policy`에 `delete`가 없으면 마지막 것만):
 *   1. 시간: 세그먼트의 가장 큰 타임스탬프가 `retention.ms`보다 오래됐으면
 *   2. 크기: 파티션 크기가 `retention.bytes`를 넘으면, 넘는 만큼 오래된 세그먼트부터
 *   3. 로그 시작 오프셋: DeleteRecords 등으로 로그 시작이 다음 세그먼트까지 넘어갔으면
 *
 * 앞에서부터 규칙에 맞는 세그먼트를 지우다가 처음으로 맞지 않는 세그먼트에서 멈춥니다 (가운데 구멍을 내지
 * 않습니다). 하이 워터마크를 넘는 세그먼트와, 비어 있는 마지막 세그먼트는 지우지 않습니다.
 */
import { todo } from '../../../course/todo.js';
import type { LogSegment } from './log-segment.js';

/** 세그먼트(와 그 다음 세그먼트)를 보고 지워도 되는지 */
export type DeletePredicate = (segment: LogSegment, next: LogSegment | undefined) => boolean;

/** 1. 시간 기준. `retention.ms`가 음수(−1)면 시간으로는 지우지 않으므로 null. */
export function retentionMsBreached(now: number, retentionMs: number): DeletePredicate | null {
  if (retentionMs < 0) return null;
  return (segment) => now - segment.largestTimestamp() > retentionMs;
}

/**
 * 2. 크기 기준. 전체 크기에서 `retention.bytes`를 뺀 초과분이 세그먼트 하나 크기 이상 남아 있는 동안
 * 오래된 세그먼트부터 지웁니다 — 지운 뒤에도 `retention.bytes` 이상은 남습니다.
 */
export function retentionSizeBreached(totalSize: number, retentionBytes: number): DeletePredicate | null {
  if (retentionBytes < 0 || totalSize < retentionBytes) return null;
  let excess = totalSize - retentionBytes;
  return (segment) => {
    if (excess - segment.size < 0) return false;
    excess -= segment.size;
    return true;
  };
}

/** 3. 로그 시작 오프셋 기준: 다음 세그먼트가 로그 시작 이하에서 시작하면 이 세그먼트는 통째로 읽을 수 없습니다. */
export function logStartOffsetBreached(logStartOffset: number): DeletePredicate {
  return (_segment, next) => next !== undefined && next.baseOffset <= logStartOffset;
}

/** 앞에서부터 지울 수 있는 세그먼트들 (처음으로 지울 수 없는 세그먼트에서 멈춤) */
export function deletableSegments(
  segments: readonly LogSegment[],
  predicate: DeletePredicate,
  highWatermark: number,
  logEndOffset: number,
): LogSegment[] {
  // TODO(2장): deletableSegments: 오래된 세그먼트부터 보며 지워도 되는 세그먼트를 모으고, 처음으로 지울 수 없는 세그먼트에서 멈추세요.
  //   지울 수 없는 세그먼트: predicate(segment, next)가 false인 것, 지우면 로그 시작 오프셋(다음 세그먼트의
  //   baseOffset, 마지막 세그먼트라면 logEndOffset)이 highWatermark를 넘게 되는 것, 비어 있는 마지막 세그먼트.
  //   가운데만 지워 구멍을 내지 않습니다. 레코드 하나하나가 아니라 세그먼트를 통째로 고릅니다.
  return todo(
    'deletableSegments: 오래된 세그먼트부터 보며 지워도 되는 세그먼트를 모으고, 처음으로 지울 수 없는 세그먼트에서 멈추세요.',
  );
}
