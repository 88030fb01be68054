/**
 * 컨트롤러의 설정 판단, Kafka `ConfigurationControlManagerTest`의 행들처럼: 연산마다 새 값, 낡은 API의 "요청에 없는
 * 설정은 지움", 브로커 레코드는 값이 같아도 적음(KAFKA-14136), 검사 순서(값 검사 → 자원이 있는지).
 */
import { describe, expect, it } from 'vitest';
import type { ControlManagers } from '../../src/controller/control-managers.js';
import { ClusterMetadata } from '../../src/metadata/cluster-metadata.js';
import {
  type ConfigResource,
  incrementalAlterConfig,
  legacyAlterConfig,
  OpType,
} from '../../src/metadata/config-control.js';
import type { MetadataRecord } from '../../src/metadata/records.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { controlState, singleNode } from '../controller/support.js';

const initialRecords: MetadataRecord[] = [
  { type: 'RegisterBrokerRecord', brokerId: 1, host: '127.0.0.1', port: 9092, rack: null },
  { type: 'TopicRecord', name: 't', topicId: 'id-t' },
  { type: 'ConfigRecord', resourceType: 'topic', resourceName: 't', name: 'retention.ms', value: '1000' },
];

/** 컨트롤러의 상태 (판단이 읽는 것) */
function cluster(): ControlManagers {
  return controlState(initialRecords);
}

let nextOffset = initialRecords.length;
const replayAt = (state: ControlManagers, record: MetadataRecord) => state.replay(record, nextOffset++);

/** 브로커의 이미지 (LocalController가 적용하는 곳) */
function _image(): ClusterMetadata {
  const metadata = new ClusterMetadata('test-cluster');
  for (const record of initialRecords) metadata.replay(record);
  return metadata;
}

const topicT: ConfigResource = { type: 'topic', name: 't' };
const brokerDefault: ConfigResource = { type: 'broker', name: '' };

function records(result: ReturnType<typeof incrementalAlterConfig>) {
  if (!result.ok) throw new Error(`${result.error}: ${result.message}`);
  return result.records.map((r) => (r.type === 'ConfigRecord' ? [r.name, r.value] : r.type));
}

describe('incrementalAlterConfig (Kafka: ConfigurationControlManager.incrementalAlterConfigResource)', () => {
  it('SET writes the new value and DELETE writes null; an unchanged topic value writes nothing', () => {
    const metadata = cluster();
    const result = incrementalAlterConfig(metadata, topicT, [
      { name: 'segment.bytes', op: OpType.SET, value: '1048576' },
      { name: 'retention.ms', op: OpType.DELETE, value: null },
      { name: 'cleanup.policy', op: OpType.DELETE, value: null },
    ]);
    expect(records(result)).toEqual([
      ['segment.bytes', '1048576'],
      ['retention.ms', null],
    ]);
    expect(
      records(incrementalAlterConfig(metadata, topicT, [{ name: 'retention.ms', op: OpType.SET, value: '1000' }])),
    ).toEqual([]);
  });

  it('a broker value is written even when unchanged, so that brokers reload it (KAFKA-14136)', () => {
    const metadata = cluster();
    replayAt(metadata, {
      type: 'ConfigRecord',
      resourceType: 'broker',
      resourceName: '',
      name: 'log.retention.ms',
      value: '5',
    });
    expect(
      records(
        incrementalAlterConfig(metadata, brokerDefault, [{ name: 'log.retention.ms', op: OpType.SET, value: '5' }]),
      ),
    ).toEqual([['log.retention.ms', '5']]);
  });

  it("APPEND starts from Kafka's default when the topic has no value, skips items already there; SUBTRACT removes them", () => {
    const metadata = cluster();
    const appended = incrementalAlterConfig(metadata, topicT, [
      { name: 'cleanup.policy', op: OpType.APPEND, value: 'compact,delete' },
    ]);
    expect(records(appended)).toEqual([['cleanup.policy', 'delete,compact']]);
    replayAt(metadata, {
      type: 'ConfigRecord',
      resourceType: 'topic',
      resourceName: 't',
      name: 'cleanup.policy',
      value: 'delete,compact',
    });
    const subtracted = incrementalAlterConfig(metadata, topicT, [
      { name: 'cleanup.policy', op: OpType.SUBTRACT, value: 'delete' },
    ]);
    expect(records(subtracted)).toEqual([['cleanup.policy', 'compact']]);
  });

  it('APPEND to a key that is not a LIST fails the whole resource with INVALID_CONFIG', () => {
    const result = incrementalAlterConfig(cluster(), topicT, [
      { name: 'segment.bytes', op: OpType.SET, value: '1048576' },
      { name: 'retention.ms', op: OpType.APPEND, value: '5' },
    ]);
    expect(result).toEqual({
      ok: false,
      error: ErrorCode.INVALID_CONFIG,
      message: "Can't APPEND to key retention.ms because its type is not LIST.",
    });
  });

  it('checks the whole config after the change: an existing bad value is not hidden by a good new one', () => {
    const metadata = cluster();
    // 예전에 받아 둔 값이 지금 규칙으로는 틀렸다면, 다른 설정을 바꿀 때 드러납니다 (Kafka도 바뀐 뒤 전체를 검사합니다).
    replayAt(metadata, {
      type: 'ConfigRecord',
      resourceType: 'topic',
      resourceName: 't',
      name: 'segment.bytes',
      value: '5',
    });
    const result = incrementalAlterConfig(metadata, topicT, [{ name: 'retention.ms', op: OpType.SET, value: '2000' }]);
    expect(result.ok ? null : result.message).toBe(
      'Invalid value 5 for configuration segment.bytes: Value must be at least 14',
    );
  });

  it('value checks come before the existence check, as in validateAlterConfig', () => {
    const metadata = cluster();
    const ghost: ConfigResource = { type: 'topic', name: 'ghost' };
    const bad = incrementalAlterConfig(metadata, ghost, [{ name: 'retention.ms', op: OpType.SET, value: 'x' }]);
    expect(bad.ok ? null : bad.error).toBe(ErrorCode.INVALID_CONFIG);
    const good = incrementalAlterConfig(metadata, ghost, [{ name: 'retention.ms', op: OpType.SET, value: '1' }]);
    expect(good.ok ? null : [good.error, good.message]).toEqual([
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      "The topic 'ghost' does not exist.",
    ]);
    // CreateTopics가 만드는 중인 토픽은 아직 없어도 됩니다.
    expect(
      incrementalAlterConfig(metadata, ghost, [{ name: 'retention.ms', op: OpType.SET, value: '1' }], true).ok,
    ).toBe(true);
  });
});

describe('legacyAlterConfig (Kafka: legacyAlterConfigResource)', () => {
  it('the request becomes the whole set: keys it does not name are deleted', () => {
    const result = legacyAlterConfig(cluster(), topicT, [{ name: 'segment.bytes', value: '1048576' }]);
    expect(records(result)).toEqual([
      ['segment.bytes', '1048576'],
      ['retention.ms', null],
    ]);
  });

  it('an empty request removes every topic override', () => {
    expect(records(legacyAlterConfig(cluster(), topicT, []))).toEqual([['retention.ms', null]]);
  });
});

describe('LocalController.incrementalAlterConfigs', () => {
  async function controller() {
    const { image: metadata, local: control, batches } = singleNode({ initial: initialRecords });
    return { metadata, journal: batches, control };
  }

  it('writes the records of every accepted resource in one append; a failed resource changes nothing', async () => {
    const { metadata, journal, control } = await controller();
    const outcomes = await control.incrementalAlterConfigs(
      [
        { resource: topicT, ops: [{ name: 'retention.ms', op: OpType.SET, value: '2000' }] },
        { resource: { type: 'topic', name: 'ghost' }, ops: [{ name: 'retention.ms', op: OpType.SET, value: '1' }] },
        { resource: brokerDefault, ops: [{ name: 'min.insync.replicas', op: OpType.SET, value: '2' }] },
      ],
      false,
    );
    expect(outcomes.map((o) => o.errorCode)).toEqual([
      ErrorCode.NONE,
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      ErrorCode.NONE,
    ]);
    expect(journal).toHaveLength(1);
    expect(journal[0]).toHaveLength(2);
    expect(metadata.topic('t')?.configs.get('retention.ms')).toBe('2000');
    expect(metadata.brokerConfigs('').get('min.insync.replicas')).toBe('2');
  });

  it('validateOnly answers the same and writes nothing', async () => {
    const { metadata, journal, control } = await controller();
    const outcomes = await control.incrementalAlterConfigs(
      [{ resource: topicT, ops: [{ name: 'retention.ms', op: OpType.SET, value: '2000' }] }],
      true,
    );
    expect(outcomes[0]?.errorCode).toBe(ErrorCode.NONE);
    expect(journal).toEqual([]);
    expect(metadata.topic('t')?.configs.get('retention.ms')).toBe('1000');
  });
});
