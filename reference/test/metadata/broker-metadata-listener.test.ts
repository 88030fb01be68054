/**
 * 브로커의 메타데이터 이미지: 커밋된 레코드만, 오프셋과 함께 (Kafka `MetadataLoader`, `BrokerMetadataPublisher`,
 * `MetadataImage`). 쿼럼은 커밋된 것만 `apply`로 넘기므로, 리스너는 받은 것을 순서대로 적용하고 오프셋을 셉니다.
 */
import { describe, expect, it } from 'vitest';
import { BrokerMetadataListener, type MetadataDelta } from '../../src/metadata/broker-metadata-listener.js';
import { ClusterMetadata } from '../../src/metadata/cluster-metadata.js';
import type { MetadataRecord } from '../../src/metadata/records.js';
import { encodeEntries } from '../../src/raft/record-batches.js';
import type { LogEntry } from '../../src/raft/types.js';
import { registeredBroker } from '../controller/support.js';

const data = (offset: number, record: MetadataRecord): LogEntry<MetadataRecord> => ({
  offset,
  epoch: 1,
  record: { type: 'data', data: record },
});
const leaderChange = (offset: number): LogEntry<MetadataRecord> => ({
  offset,
  epoch: 1,
  record: { type: 'LeaderChange', leaderId: 0, voters: [0], grantingVoters: [0] },
});

describe('BrokerMetadataListener', () => {
  it('applies committed entries in order; LeaderChange records move the offset too', () => {
    const image = new ClusterMetadata('c');
    const listener = new BrokerMetadataListener(image);
    const deltas: MetadataDelta[] = [];
    listener.onPublish((delta) => deltas.push(delta));
    expect(image.offset).toBe(-1);
    const first = [
      leaderChange(0),
      data(1, registeredBroker(1, 1, { fenced: true })),
      data(2, { type: 'TopicRecord', name: 't', topicId: 'id' }),
    ];
    listener.apply({ kind: 'commit', entries: first });
    expect(image.offset).toBe(2);
    expect(image.brokers.get(1)).toMatchObject({ epoch: 1, fenced: true });
    expect(deltas).toEqual([
      {
        records: [registeredBroker(1, 1, { fenced: true }), { type: 'TopicRecord', name: 't', topicId: 'id' }],
        fromSnapshot: false,
        offset: 2,
        // 스냅숏을 만들 때를 재는 크기: 세 항목을 적은 레코드 배치들 (컨트롤 배치 하나, 데이터 배치 하나)
        numBytes: encodeEntries(first, 0).length,
      },
    ]);
    listener.apply({
      kind: 'commit',
      entries: [
        data(3, {
          type: 'BrokerRegistrationChangeRecord',
          brokerId: 1,
          brokerEpoch: 1,
          fenced: -1,
          inControlledShutdown: 0,
        }),
      ],
    });
    expect(image.brokers.get(1)?.fenced).toBe(false);
    // 이미 적용한 오프셋을 다시 적용하라는 것은 쿼럼의 잘못입니다.
    expect(() => listener.apply({ kind: 'commit', entries: [leaderChange(3)] })).toThrow(/이미 적용한/);
  });

  it('loads a snapshot: the image becomes the snapshot state at its end offset', () => {
    const source = new ClusterMetadata('c');
    source.replay(registeredBroker(1, 0));
    source.replay({ type: 'TopicRecord', name: 't', topicId: 'id' });
    source.replay({ type: 'ConfigRecord', resourceType: 'topic', resourceName: 't', name: 'retention.ms', value: '1' });
    source.replay({ type: 'ProducerIdsRecord', brokerId: 1, brokerEpoch: 0, nextProducerId: 1000 });
    const image = new ClusterMetadata('c');
    image.replay({ type: 'TopicRecord', name: 'stale', topicId: 'old' });
    const listener = new BrokerMetadataListener(image);
    listener.apply({ kind: 'snapshot', snapshot: { id: { offset: 10, epoch: 2 }, records: source.toRecords() } });
    expect(image.offset).toBe(9);
    expect(image.topic('stale')).toBeUndefined();
    expect(image.toRecords()).toEqual(source.toRecords());
    expect(image.nextProducerId).toBe(1000);
  });

  it('keeps SCRAM credentials in the image and in its snapshot; a snapshot replaces them (Kafka ScramImage)', () => {
    const credential = (name: string, iterations: number): MetadataRecord => ({
      type: 'UserScramCredentialRecord',
      name,
      mechanism: 2,
      salt: Buffer.from(`salt-${name}`).toString('base64'),
      storedKey: Buffer.alloc(64, 1).toString('base64'),
      serverKey: Buffer.alloc(64, 2).toString('base64'),
      iterations,
    });
    const source = new ClusterMetadata('c');
    source.replay(credential('alice', 4096));
    source.replay(credential('bob', 8192));
    source.replay({ type: 'RemoveUserScramCredentialRecord', name: 'bob', mechanism: 2 });
    expect(source.scram.get('SCRAM-SHA-512', 'alice')).toMatchObject({
      iterations: 4096,
      salt: Buffer.from('salt-alice'),
    });
    expect(source.scram.get('SCRAM-SHA-512', 'bob')).toBeUndefined();
    expect(source.toRecords()).toEqual([credential('alice', 4096)]);

    const image = new ClusterMetadata('c');
    image.replay(credential('stale', 4096));
    new BrokerMetadataListener(image).apply({
      kind: 'snapshot',
      snapshot: { id: { offset: 5, epoch: 1 }, records: source.toRecords() },
    });
    expect(image.scram.get('SCRAM-SHA-512', 'stale')).toBeUndefined();
    expect(image.scram.describe(null).map((d) => d.user)).toEqual(['alice']);
  });
});
