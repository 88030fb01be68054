/**
 * AlterPartition (API 키 56): 파티션 리더가 ISR(In-Sync Replicas)을 바꾸자고 활성 컨트롤러에게 제안합니다 (KIP-497).
 * 팔로워가 `replica.lag.time.max.ms` 넘게 뒤처지면 빼고, 하이 워터마크까지 따라오면 다시 넣습니다. 컨트롤러는
 * 제안을 검사해 PartitionChangeRecord를 메타데이터 로그에 적고(파티션 에포크가 하나 오름), 커밋된 뒤에 그 상태를
 * 답합니다. 리더는 답(또는 메타데이터)으로 커밋이 확인된 ISR만 믿습니다. 브로커끼리만 쓰는 요청으로, 컨트롤러
 * 리스너에서만 받습니다.
 *
 * 버전: v1에서 LeaderRecoveryState(KIP-704), v2에서 토픽 이름 대신 토픽 ID(KIP-841), v3에서 NewIsr 대신
 * 브로커 에포크가 붙은 NewIsrWithEpochs(KIP-903: 재시작 전 에포크로 보낸 팔로워가 ISR에 끼지 못하게).
 * Kafka 4.0은 KRaft 3.3 이전과의 호환을 끊으면서 v0~v1(토픽 이름)을 없앴습니다 (KAFKA-18601). 그래서 이 스키마도
 * v2~v3만 가집니다. 모든 버전이 유연한 버전입니다.
 *
 * Kafka protocol guide, "AlterPartition API (Key: 56)":
 *
 *     AlterPartition Request (Version: 3) => broker_id broker_epoch [topics] _tagged_fields
 *       broker_id => INT32
 *       broker_epoch => INT64
 *       topics => topic_id [partitions] _tagged_fields
 *         topic_id => UUID
 *         partitions => partition_index leader_epoch [new_isr_with_epochs] leader_recovery_state partition_epoch
 *                       _tagged_fields
 *           partition_index => INT32
 *           leader_epoch => INT32
 *           new_isr_with_epochs => broker_id broker_epoch _tagged_fields
 *             broker_id => INT32
 *             broker_epoch => INT64
 *           leader_recovery_state => INT8
 *           partition_epoch => INT32
 *
 *     AlterPartition Response (Version: 3) => throttle_time_ms error_code [topics] _tagged_fields
 *       throttle_time_ms => INT32
 *       error_code => INT16
 *       topics => topic_id [partitions] _tagged_fields
 *         topic_id => UUID
 *         partitions => partition_index error_code leader_id leader_epoch [isr] leader_recovery_state
 *                       partition_epoch _tagged_fields
 *           partition_index => INT32
 *           error_code => INT16
 *           leader_id => INT32
 *           leader_epoch => INT32
 *           isr => INT32
 *           leader_recovery_state => INT8
 *           partition_epoch => INT32
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const alterPartitionRequest = message({
  name: 'AlterPartitionRequest',
  apiKey: 56,
  type: 'request',
  validVersions: '2-3',
  flexibleVersions: '0+',
  fields: [
    { name: 'brokerId', type: 'int32', versions: '0+' },
    { name: 'brokerEpoch', type: 'int64', versions: '0+', default: -1 },
    {
      name: 'topics',
      type: '[]TopicData',
      versions: '0+',
      fields: [
        { name: 'topicId', type: 'uuid', versions: '2+', ignorable: true },
        {
          name: 'partitions',
          type: '[]PartitionData',
          versions: '0+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'leaderEpoch', type: 'int32', versions: '0+' },
            // v2까지의 ISR: 브로커 ID만. v3부터는 아래의 newIsrWithEpochs를 씁니다.
            { name: 'newIsr', type: '[]int32', versions: '0-2' },
            {
              name: 'newIsrWithEpochs',
              type: '[]BrokerState',
              versions: '3+',
              fields: [
                { name: 'brokerId', type: 'int32', versions: '3+' },
                // -1이면 에포크를 확인하지 않습니다 (v2 요청을 옮긴 것).
                { name: 'brokerEpoch', type: 'int64', versions: '3+', default: -1 },
              ],
            },
            { name: 'leaderRecoveryState', type: 'int8', versions: '1+', default: 0 },
            { name: 'partitionEpoch', type: 'int32', versions: '0+' },
          ],
        },
      ],
    },
  ],
});
export type AlterPartitionRequest = Message<typeof alterPartitionRequest>;
export type AlterPartitionRequestInput = MessageInput<typeof alterPartitionRequest>;

export const alterPartitionResponse = message({
  name: 'AlterPartitionResponse',
  apiKey: 56,
  type: 'response',
  validVersions: '2-3',
  flexibleVersions: '0+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    {
      name: 'topics',
      type: '[]TopicData',
      versions: '0+',
      fields: [
        { name: 'topicId', type: 'uuid', versions: '2+', ignorable: true },
        {
          name: 'partitions',
          type: '[]PartitionData',
          versions: '0+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'errorCode', type: 'int16', versions: '0+' },
            { name: 'leaderId', type: 'int32', versions: '0+' },
            { name: 'leaderEpoch', type: 'int32', versions: '0+' },
            { name: 'isr', type: '[]int32', versions: '0+' },
            { name: 'leaderRecoveryState', type: 'int8', versions: '1+', default: 0, ignorable: true },
            { name: 'partitionEpoch', type: 'int32', versions: '0+' },
          ],
        },
      ],
    },
  ],
});
export type AlterPartitionResponse = Message<typeof alterPartitionResponse>;
export type AlterPartitionResponseInput = MessageInput<typeof alterPartitionResponse>;
