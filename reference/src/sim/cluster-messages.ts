/**
 * 클러스터 시뮬레이션의 네트워크에 오가는 것: 쿼럼의 메시지(`../raft/messages.ts`)와, 컨트롤러가 받는 요청 —
 * 브로커의 BrokerRegistration·BrokerHeartbeat(스키마 `../protocol/messages/62-…`, `63-…`의 모양 그대로), 관리
 * 클라이언트의 CreateTopics·DeleteTopics(컨트롤러의 인자 모양). 진짜 노드에서는 TCP 전송이 이것을 와이어 프로토콜로
 * 옮깁니다.
 *
 * 복제 판(`replication-simulation.ts`)은 Kafka API(Produce, 컨슈머와 팔로워의 Fetch, AlterPartition)를 와이어 형식의
 * 본문 그대로 주고받습니다 (`KafkaApiRequest`): 진짜 API 핸들러가 디코딩한 요청을 받고, 받는 쪽이 응답을 디코딩합니다.
 * 클라이언트가 리더를 묻는 `Leaders`는 Metadata(API 3)에서 클라이언트가 쓰는 부분(파티션의 리더와 리더 에포크)만입니다.
 */
import type { TopicOutcome } from '../controller/quorum-controller.js';
import type { MetadataRecord } from '../metadata/records.js';
import type { NewTopic } from '../metadata/topic-control.js';
import type {
  BrokerRegistrationRequest,
  BrokerRegistrationResponse,
} from '../protocol/messages/62-broker-registration.js';
import type { BrokerHeartbeatRequest, BrokerHeartbeatResponse } from '../protocol/messages/63-broker-heartbeat.js';
import type { RaftRequest, RaftResponse } from '../raft/messages.js';

export type ControllerApiRequest =
  | { readonly api: 'BrokerRegistration'; readonly request: BrokerRegistrationRequest }
  | { readonly api: 'BrokerHeartbeat'; readonly request: BrokerHeartbeatRequest }
  | { readonly api: 'CreateTopics'; readonly topics: readonly NewTopic[] }
  | { readonly api: 'DeleteTopics'; readonly names: readonly string[] };

export type ControllerApiResponse =
  | { readonly api: 'BrokerRegistration'; readonly response: BrokerRegistrationResponse }
  | { readonly api: 'BrokerHeartbeat'; readonly response: BrokerHeartbeatResponse }
  | { readonly api: 'CreateTopics'; readonly outcomes: readonly TopicOutcome[] }
  | { readonly api: 'DeleteTopics'; readonly outcomes: readonly TopicOutcome[] };

/** 와이어 형식의 Kafka API 요청 하나 (헤더 없이 본문만: 버전은 따로 싣습니다) */
export interface KafkaApiRequest {
  readonly api: 'Kafka';
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly body: Buffer;
}

/** 와이어 형식의 응답 본문 */
export interface KafkaApiResponse {
  readonly api: 'Kafka';
  readonly body: Buffer;
}

export interface PartitionLeader {
  readonly topic: string;
  readonly partition: number;
  /** 리더가 없으면 -1 */
  readonly leader: number;
  readonly leaderEpoch: number;
}

/** 브로커의 메타데이터 이미지가 아는 파티션의 리더 (Metadata 응답의 한 부분) */
export type BrokerApiRequest = KafkaApiRequest | { readonly api: 'Leaders'; readonly topics: readonly string[] };
export type BrokerApiResponse =
  | KafkaApiResponse
  | { readonly api: 'Leaders'; readonly partitions: readonly PartitionLeader[] };

export type NodeRequest = RaftRequest | ControllerApiRequest | BrokerApiRequest;
export type NodeResponse = RaftResponse<MetadataRecord> | ControllerApiResponse | BrokerApiResponse;

const RAFT_APIS: ReadonlySet<string> = new Set([
  'Vote',
  'BeginQuorumEpoch',
  'EndQuorumEpoch',
  'Fetch',
  'FetchSnapshot',
  'DescribeQuorum',
] satisfies RaftRequest['api'][]);

export function isRaftRequest(request: NodeRequest): request is RaftRequest {
  return RAFT_APIS.has(request.api);
}

export function isRaftResponse(response: NodeResponse): response is RaftResponse<MetadataRecord> {
  return RAFT_APIS.has(response.api);
}

export function isControllerApiResponse(response: NodeResponse): response is ControllerApiResponse {
  return !isRaftResponse(response) && response.api !== 'Kafka' && response.api !== 'Leaders';
}
