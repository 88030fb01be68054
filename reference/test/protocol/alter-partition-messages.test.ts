/**
 * AlterPartition(56)을 Kafka protocol guide의 BNF대로 바이트를 손으로 적어 맞춰 봅니다. 모든 버전의 왕복은
 * messages.test.ts가 봅니다 (이 API도 스키마 목록에 있습니다). 여기서는 v2와 v3의 차이(NewIsr → NewIsrWithEpochs)를 봅니다.
 */
import { describe, expect, it } from 'vitest';
import { decode, encode } from '../../src/protocol/codec.js';
import { alterPartitionRequest, alterPartitionResponse } from '../../src/protocol/messages/56-alter-partition.js';
import { ByteReader } from '../../src/protocol/reader.js';

const hex = (buf: Buffer) => buf.toString('hex');
const TOPIC_ID = Buffer.alloc(16, 0xab).toString('base64url');

describe('AlterPartition의 바이트', () => {
  const partition = {
    partitionIndex: 0,
    leaderEpoch: 5,
    newIsr: [] as number[],
    newIsrWithEpochs: [
      { brokerId: 1, brokerEpoch: 42 },
      { brokerId: 2, brokerEpoch: 17 },
    ],
    leaderRecoveryState: 0,
    partitionEpoch: 9,
  };
  const request = { brokerId: 1, brokerEpoch: 42, topics: [{ topicId: TOPIC_ID, partitions: [partition] }] };

  it('요청 v3: 토픽 ID, 브로커 에포크가 붙은 ISR, 구조체마다 태그 구역', () => {
    const bytes = encode(alterPartitionRequest, 3, request);
    const expected = [
      '00000001', // broker_id
      '000000000000002a', // broker_epoch
      '02', // topics: 1개
      'ab'.repeat(16), // topic_id
      '02', // partitions: 1개
      '00000000', // partition_index
      '00000005', // leader_epoch
      '03', // new_isr_with_epochs: 2개
      '00000001',
      '000000000000002a',
      '00', // BrokerState의 태그 필드
      '00000002',
      '0000000000000011',
      '00',
      '00', // leader_recovery_state
      '00000009', // partition_epoch
      '00', // 파티션의 태그 필드
      '00', // 토픽의 태그 필드
      '00', // 요청의 태그 필드
    ].join('');
    expect(hex(bytes)).toBe(expected);
    expect(decode(alterPartitionRequest, 3, new ByteReader(bytes))).toEqual(request);
  });

  it('요청 v2: ISR은 브로커 ID 배열(new_isr)이고 에포크가 없습니다', () => {
    const v2 = {
      ...request,
      topics: [
        {
          topicId: TOPIC_ID,
          partitions: [{ ...partition, newIsrWithEpochs: [], newIsr: [1, 2] }],
        },
      ],
    };
    const bytes = encode(alterPartitionRequest, 2, v2);
    const expected = [
      '00000001',
      '000000000000002a',
      '02',
      'ab'.repeat(16),
      '02',
      '00000000',
      '00000005',
      '03', // new_isr: 2개
      '00000001',
      '00000002',
      '00',
      '00000009',
      '00',
      '00',
      '00',
    ].join('');
    expect(hex(bytes)).toBe(expected);
    expect(decode(alterPartitionRequest, 2, new ByteReader(bytes))).toEqual(v2);
  });

  it('v3 요청에 newIsr를 채우면 인코딩이 실패합니다 (v3에 없는 필드, ignorable 아님)', () => {
    const bad = {
      ...request,
      topics: [{ topicId: TOPIC_ID, partitions: [{ ...partition, newIsr: [1] }] }],
    };
    expect(() => encode(alterPartitionRequest, 3, bad)).toThrow();
  });

  it('응답: 파티션마다 에러 코드와 커밋된 리더·리더 에포크·ISR·파티션 에포크', () => {
    const response = {
      throttleTimeMs: 0,
      errorCode: 0,
      topics: [
        {
          topicId: TOPIC_ID,
          partitions: [
            {
              partitionIndex: 0,
              errorCode: 0,
              leaderId: 1,
              leaderEpoch: 5,
              isr: [1, 2],
              leaderRecoveryState: 0,
              partitionEpoch: 10,
            },
          ],
        },
      ],
    };
    const bytes = encode(alterPartitionResponse, 3, response);
    const expected = [
      '00000000', // throttle_time_ms
      '0000', // error_code
      '02',
      'ab'.repeat(16),
      '02',
      '00000000', // partition_index
      '0000', // error_code
      '00000001', // leader_id
      '00000005', // leader_epoch
      '03', // isr: 2개
      '00000001',
      '00000002',
      '00', // leader_recovery_state
      '0000000a', // partition_epoch
      '00',
      '00',
      '00',
    ].join('');
    expect(hex(bytes)).toBe(expected);
    expect(decode(alterPartitionResponse, 3, new ByteReader(bytes))).toEqual(response);
  });
});
