/**
 * FetchSnapshot (API 키 59), 버전 0–1. 컨트롤러 리스너에서만 답합니다.
 *
 * 로그 시작보다 뒤처진 팔로워가 리더의 스냅숏(`.checkpoint` 파일)을 바이트 구간으로 나눠 받아 갑니다 (KIP-630).
 * Fetch에 답하던 리더가 "그 오프셋은 지웠으니 이 스냅숏을 받아 가라"(snapshotId)고 알려 주면 시작합니다. 판단은
 * 쿼럼의 `handleFetchSnapshotRequest`(`../raft/leader-responses.ts`): 없는 스냅숏은 SNAPSHOT_NOT_FOUND, 크기 밖의
 * 위치는 POSITION_OUT_OF_RANGE.
 *
 * 구현하지 않은 것: v1의 복제본 디렉터리 ID는 읽고 버립니다.
 */
import { ApiKey } from '../protocol/api-keys.js';
import {
  type FetchSnapshotRequest,
  type FetchSnapshotResponseInput,
  fetchSnapshotRequest,
  fetchSnapshotResponse,
} from '../protocol/messages/59-fetch-snapshot.js';
import { answerRaftRequest, fromWireFetchSnapshotRequest } from '../raft/raft-util.js';
import { type ControllerRequestContext, defineApi } from './api.js';

export async function handleFetchSnapshot(
  request: FetchSnapshotRequest,
  ctx: ControllerRequestContext,
): Promise<FetchSnapshotResponseInput> {
  const decoded = fromWireFetchSnapshotRequest(request);
  return (await answerRaftRequest(decoded, 'FetchSnapshot', ctx.quorum, ctx.now)) as FetchSnapshotResponseInput;
}

export const fetchSnapshotApi = defineApi<
  typeof fetchSnapshotRequest,
  typeof fetchSnapshotResponse,
  ControllerRequestContext
>({
  key: ApiKey.FetchSnapshot,
  name: 'FetchSnapshot',
  minVersion: 0,
  maxVersion: 1,
  request: fetchSnapshotRequest,
  response: fetchSnapshotResponse,
  handle: handleFetchSnapshot,
});
