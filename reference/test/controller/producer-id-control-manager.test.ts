/**
 * 프로듀서 ID 묶음, Kafka `ProducerIdControlManagerTest`의 행들.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { controlState, registeredBroker } from './support.js';

function state() {
  return controlState([registeredBroker(1, 0), registeredBroker(2, 1)]);
}

describe('ProducerIdControlManager', () => {
  it('testGenerateProducerIds: blocks follow each other; the record holds the next first ID', () => {
    const s = state();
    const first = s.producerIds.generateNextProducerId(1, 0, 1000);
    if (!first.ok) throw new Error(first.message);
    expect(first.firstProducerId).toBe(0);
    expect(first.records).toEqual([{ type: 'ProducerIdsRecord', brokerId: 1, brokerEpoch: 0, nextProducerId: 1000 }]);
    for (const record of first.records) s.replay(record, 2);
    const second = s.producerIds.generateNextProducerId(2, 1, 1000);
    expect(second.ok && second.firstProducerId).toBe(1000);
  });

  it('testUnknownBrokerOrEpoch: STALE_BROKER_EPOCH', () => {
    const s = state();
    const unknown = s.producerIds.generateNextProducerId(9, 0, 1000);
    expect(unknown.ok ? 0 : unknown.error).toBe(ErrorCode.STALE_BROKER_EPOCH);
    const stale = s.producerIds.generateNextProducerId(1, 5, 1000);
    expect(stale.ok ? 0 : stale.error).toBe(ErrorCode.STALE_BROKER_EPOCH);
  });

  it('testMonotonic: a record that does not move the next ID forward cannot be replayed', () => {
    const s = state();
    s.replay({ type: 'ProducerIdsRecord', brokerId: 1, brokerEpoch: 0, nextProducerId: 2000 }, 2);
    expect(() => s.replay({ type: 'ProducerIdsRecord', brokerId: 1, brokerEpoch: 0, nextProducerId: 1000 }, 3)).toThrow(
      /크지 않습니다/,
    );
  });

  it('testMaxValue: UNKNOWN_SERVER_ERROR when the IDs run out', () => {
    const s = state();
    s.replay({ type: 'ProducerIdsRecord', brokerId: 1, nextProducerId: Number.MAX_SAFE_INTEGER - 10 }, 2);
    const result = s.producerIds.generateNextProducerId(1, 0, 1000);
    expect(result.ok ? 0 : result.error).toBe(ErrorCode.UNKNOWN_SERVER_ERROR);
  });
});
