/**
 * API 키(API Key): 요청 헤더의 첫 int16이 어떤 요청인지 나타냅니다. 값은 Kafka의
 * `org.apache.kafka.common.protocol.ApiKeys`와 같습니다. 이 브로커가 스키마를 가진 API만 적었습니다.
 */
export const ApiKey = {
  Produce: 0,
  Fetch: 1,
  ListOffsets: 2,
  Metadata: 3,
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  JoinGroup: 11,
  Heartbeat: 12,
  LeaveGroup: 13,
  SyncGroup: 14,
  DescribeGroups: 15,
  ListGroups: 16,
  SaslHandshake: 17,
  ApiVersions: 18,
  CreateTopics: 19,
  DeleteTopics: 20,
  DeleteRecords: 21,
  InitProducerId: 22,
  OffsetForLeaderEpoch: 23,
  AddPartitionsToTxn: 24,
  AddOffsetsToTxn: 25,
  EndTxn: 26,
  WriteTxnMarkers: 27,
  TxnOffsetCommit: 28,
  DescribeAcls: 29,
  CreateAcls: 30,
  DeleteAcls: 31,
  DescribeConfigs: 32,
  AlterConfigs: 33,
  SaslAuthenticate: 36,
  CreatePartitions: 37,
  DeleteGroups: 42,
  ElectLeaders: 43,
  IncrementalAlterConfigs: 44,
  AlterPartitionReassignments: 45,
  ListPartitionReassignments: 46,
  OffsetDelete: 47,
  DescribeUserScramCredentials: 50,
  AlterUserScramCredentials: 51,
  Vote: 52,
  BeginQuorumEpoch: 53,
  EndQuorumEpoch: 54,
  DescribeQuorum: 55,
  AlterPartition: 56,
  FetchSnapshot: 59,
  DescribeCluster: 60,
  BrokerRegistration: 62,
  BrokerHeartbeat: 63,
  AllocateProducerIds: 67,
} as const;

export type ApiKeyName = keyof typeof ApiKey;

const names = new Map<number, ApiKeyName>(Object.entries(ApiKey).map(([name, key]) => [key, name as ApiKeyName]));

/** 로그에 찍을 이름: `3` → `Metadata`, 모르는 키는 `Unknown(57)` */
export function apiKeyName(apiKey: number): string {
  return names.get(apiKey) ?? `Unknown(${apiKey})`;
}
