/**
 * 컨트롤러가 거절해야 하는 CreateTopics/CreatePartitions. 둘 다 퍼즈 테스트(reference/test/e2e/fuzz.test.ts)가
 * 찾은 것입니다: 파티션 수의 바이트 하나를 뒤집은 요청이 파티션 수억 개를 만들려다 브로커의 메모리를 다 썼고,
 * 값 한 글자가 깨진 토픽 설정(`segment.bytes=1638\0`)이 메타데이터 로그에 적혀 브로커가 다시 시작하지 못했습니다.
 */
import { describe, expect, it } from 'vitest';
import { MAX_PARTITIONS_PER_REQUEST, type NewTopic } from '../../src/metadata/topic-control.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { legacyBroker, singleNode } from '../controller/support.js';

async function controller() {
  const { image: metadata, local: control, batches } = singleNode({ initial: [legacyBroker(1)] });
  return { metadata, journal: batches, control };
}

const topic = (name: string, numPartitions: number, configs: NewTopic['configs'] = []): NewTopic => ({
  name,
  numPartitions,
  replicationFactor: -1,
  assignments: [],
  configs,
});

describe('partitions per request (Kafka: ReplicationControlManager.MAX_PARTITIONS_PER_BATCH)', () => {
  it('rejects every topic of a CreateTopics that would create more than 10,000 partitions, and writes nothing', async () => {
    const { control, journal, metadata } = await controller();
    const outcomes = await control.createTopics([topic('a', 6_000), topic('b', 5_000), topic('c', 1)], false);
    expect(outcomes.map((o) => o.errorCode)).toEqual([
      ErrorCode.POLICY_VIOLATION,
      ErrorCode.POLICY_VIOLATION,
      ErrorCode.POLICY_VIOLATION,
    ]);
    expect(journal).toEqual([]);
    expect(metadata.topics()).toEqual([]);
    // 바이트 하나가 뒤집힌 파티션 수 (0x00000003 → 0x7f000003)
    const [flipped] = await control.createTopics([topic('d', 0x7f000003)], false);
    expect(flipped?.errorCode).toBe(ErrorCode.POLICY_VIOLATION);
  });

  it('still creates exactly 10,000 partitions in one request', async () => {
    const { control, metadata } = await controller();
    const [outcome] = await control.createTopics([topic('wide', MAX_PARTITIONS_PER_REQUEST)], true);
    expect(outcome?.errorCode).toBe(ErrorCode.NONE);
    expect(metadata.topics()).toEqual([]); // validateOnly
  });

  it('rejects a CreatePartitions that would add more than 10,000 partitions', async () => {
    const { control, journal } = await controller();
    await control.createTopics([topic('grow', 2)], false);
    const before = journal.length;
    const [outcome] = await control.createPartitions([{ name: 'grow', count: 2 + 10_001, assignments: null }], false);
    expect(outcome?.errorCode).toBe(ErrorCode.POLICY_VIOLATION);
    expect(journal.length).toBe(before);
    const [ok] = await control.createPartitions([{ name: 'grow', count: 5, assignments: null }], false);
    expect(ok?.errorCode).toBe(ErrorCode.NONE);
  });
});

describe('topic config values (Kafka: INVALID_CONFIG)', () => {
  it.each([
    // Kafka는 값을 Java의 trim으로 다듬으므로 끝의 \0은 지워져 1638이 됩니다. 가운데의 제어 문자는 숫자가 아닙니다.
    ['segment.bytes', '16\u000138'],
    ['retention.ms', 'forever'],
    ['max.message.bytes', '1.5'],
    ['cleanup.policy', 'delete,shred'],
  ])('rejects %s=%j instead of writing a value the log cannot read', async (name, value) => {
    const { control, journal } = await controller();
    const [outcome] = await control.createTopics([topic('t', 1, [{ name, value }])], false);
    expect(outcome?.errorCode).toBe(ErrorCode.INVALID_CONFIG);
    expect(journal).toEqual([]);
  });

  it('accepts values the log reads, and null (use the default)', async () => {
    const { control, metadata } = await controller();
    const configs = [
      { name: 'segment.bytes', value: '16384' },
      { name: 'retention.ms', value: '-1' },
      { name: 'cleanup.policy', value: 'compact,delete' },
      { name: 'max.message.bytes', value: null },
    ];
    const [outcome] = await control.createTopics([topic('t', 1, configs)], false);
    expect(outcome?.errorCode).toBe(ErrorCode.NONE);
    expect(metadata.topic('t')?.configs.get('segment.bytes')).toBe('16384');
  });
});
