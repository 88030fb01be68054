/**
 * 컨트롤 레코드: KIP-98 (트랜잭션 마커). Kafka의 ControlRecordType과 EndTransactionMarker 모양.
 */
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../src/protocol/reader.js';
import { isControl, isTransactional } from '../../src/record/batch-header.js';
import {
  ControlRecordType,
  decodeControlRecordKey,
  decodeEndTxnMarker,
  encodeControlBatch,
  encodeControlRecordKey,
  encodeEndTxnMarker,
  endTxnMarkerOf,
} from '../../src/record/control-record.js';
import { decodeBatch, encodeBatch } from '../../src/record/record-batch.js';

describe('control records', () => {
  it('the key is version 0 and the type as two int16s: ABORT = 0, COMMIT = 1', () => {
    expect(encodeControlRecordKey(ControlRecordType.Abort).toString('hex')).toBe('00000000');
    expect(encodeControlRecordKey(ControlRecordType.Commit).toString('hex')).toBe('00000001');
    expect(decodeControlRecordKey(Buffer.from('00000001', 'hex'))).toEqual({ version: 0, type: 1 });
  });

  it('the end-transaction marker value is version 0 and the coordinator epoch', () => {
    expect(encodeEndTxnMarker(7).toString('hex')).toBe('000000000007');
    expect(decodeEndTxnMarker(Buffer.from('000000000007', 'hex'))).toEqual({ version: 0, coordinatorEpoch: 7 });
  });

  it('a newer key version with extra bytes still parses; short or negative versions are errors', () => {
    expect(decodeControlRecordKey(Buffer.from('00010000ffff', 'hex'))).toEqual({ version: 1, type: 0 });
    expect(() => decodeControlRecordKey(Buffer.from('0000', 'hex'))).toThrow(ProtocolError);
    expect(() => decodeControlRecordKey(Buffer.from('ffff0000', 'hex'))).toThrow(ProtocolError);
    expect(() => decodeEndTxnMarker(Buffer.from('0000', 'hex'))).toThrow(ProtocolError);
  });

  it('a control batch is transactional and control, has one record and carries the producer id and epoch', () => {
    const buf = encodeControlBatch({
      type: ControlRecordType.Commit,
      producerId: 4000,
      producerEpoch: 3,
      coordinatorEpoch: 9,
      timestamp: 1_700_000_000_000,
      baseOffset: 120,
    });
    const batch = decodeBatch(buf);
    expect(isControl(batch.header) && isTransactional(batch.header)).toBe(true);
    expect(batch.header).toMatchObject({ producerId: 4000, producerEpoch: 3, baseSequence: -1, recordsCount: 1 });
    expect(batch.records[0]?.offset).toBe(120);
    expect(endTxnMarkerOf(batch)).toEqual({ type: ControlRecordType.Commit, coordinatorEpoch: 9 });
  });

  it('endTxnMarkerOf ignores ordinary batches', () => {
    const ordinary = encodeBatch({
      records: [{ key: encodeControlRecordKey(0), value: encodeEndTxnMarker(1), timestamp: 0 }],
    });
    expect(endTxnMarkerOf(decodeBatch(ordinary))).toBeNull();
  });
});
