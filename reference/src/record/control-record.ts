/**
 * 컨트롤 레코드(Control Record): 트랜잭션이 끝났음을 파티션 로그에 남기는 표시(마커)입니다.
 * 트랜잭션 코디네이터가 EndTxn을 받으면, 트랜잭션에 들어 있던 파티션마다 COMMIT 또는 ABORT 마커를
 * 씁니다. read_committed 컨슈머는 이 마커를 보고 중단된 트랜잭션의 레코드를 걸러 냅니다.
 *
 * 마커는 레코드 하나짜리 배치이고, attributes의 transactional과 control 비트가 둘 다 켜져 있습니다.
 * 배치의 producerId/epoch가 어느 트랜잭션의 마커인지 알려 줍니다. 컨슈머 애플리케이션에는 전달되지
 * 않지만 오프셋은 하나 차지합니다 (그래서 트랜잭션을 쓰면 오프셋에 "빈 번호"가 생깁니다).
 *
 * Kafka의 ControlRecordType, EndTransactionMarker:
 *
 *     Key => Version Type              레코드의 키 (4바이트)
 *       Version => INT16               현재 0
 *       Type => INT16                  0 = ABORT, 1 = COMMIT (2 이상은 KRaft가 씁니다)
 *     Value => Version CoordinatorEpoch    레코드의 값 (6바이트)
 *       Version => INT16               현재 0
 *       CoordinatorEpoch => INT32      마커를 쓴 코디네이터의 epoch: 예전 코디네이터의 늦은 마커를 막습니다
 */
import { ProtocolError } from '../protocol/reader.js';
import { josa } from '../server/josa.js';
import { isControl } from './batch-header.js';
import { encodeBatch, NO_SEQUENCE, type RecordBatch } from './record-batch.js';

export enum ControlRecordType {
  Abort = 0,
  Commit = 1,
  /** KRaft: 새 리더가 자기 에포크의 첫 레코드로 씁니다 (`raft/record-batches.ts`) */
  LeaderChange = 2,
  /** KRaft: `.checkpoint` 스냅숏 파일의 첫 배치와 마지막 배치 */
  SnapshotHeader = 3,
  SnapshotFooter = 4,
}

const CONTROL_KEY_VERSION = 0;
const END_TXN_MARKER_VERSION = 0;

export interface ControlRecordKey {
  readonly version: number;
  readonly type: number;
}

export interface EndTxnMarker {
  readonly version: number;
  readonly coordinatorEpoch: number;
}

export function encodeControlRecordKey(type: ControlRecordType): Buffer {
  const key = Buffer.alloc(4);
  key.writeInt16BE(CONTROL_KEY_VERSION, 0);
  key.writeInt16BE(type, 2);
  return key;
}

/** 컨트롤 레코드의 키를 읽습니다. 버전이 더 높아도 앞 4바이트의 모양은 같다고 약속되어 있습니다. */
export function decodeControlRecordKey(key: Uint8Array): ControlRecordKey {
  if (key.length < 4) throw new ProtocolError(`컨트롤 레코드 키는 4바이트 이상이어야 합니다 (${key.length}바이트)`);
  const view = Buffer.from(key.buffer, key.byteOffset, key.length);
  const version = view.readInt16BE(0);
  if (version < 0) throw new ProtocolError(`컨트롤 레코드 키 버전 ${josa(version, '은/는')} 올바르지 않습니다`);
  return { version, type: view.readInt16BE(2) };
}

export function encodeEndTxnMarker(coordinatorEpoch: number): Buffer {
  const value = Buffer.alloc(6);
  value.writeInt16BE(END_TXN_MARKER_VERSION, 0);
  value.writeInt32BE(coordinatorEpoch, 2);
  return value;
}

export function decodeEndTxnMarker(value: Uint8Array): EndTxnMarker {
  if (value.length < 6) throw new ProtocolError(`트랜잭션 마커 값은 6바이트 이상이어야 합니다 (${value.length}바이트)`);
  const view = Buffer.from(value.buffer, value.byteOffset, value.length);
  const version = view.readInt16BE(0);
  if (version < 0) throw new ProtocolError(`트랜잭션 마커 버전 ${josa(version, '은/는')} 올바르지 않습니다`);
  return { version, coordinatorEpoch: view.readInt32BE(2) };
}

export interface ControlBatchInput {
  readonly type: ControlRecordType;
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly coordinatorEpoch: number;
  /** 마커를 쓴 시각(ms). 코디네이터가 주입받은 시계로 정합니다. */
  readonly timestamp: number;
  readonly baseOffset?: number;
  readonly partitionLeaderEpoch?: number;
}

/** COMMIT/ABORT 마커 하나를 담은 컨트롤 배치를 만듭니다 (Kafka의 MemoryRecords.withEndTransactionMarker). */
export function encodeControlBatch(marker: ControlBatchInput): Buffer {
  return encodeBatch({
    baseOffset: marker.baseOffset ?? 0,
    partitionLeaderEpoch: marker.partitionLeaderEpoch,
    producerId: marker.producerId,
    producerEpoch: marker.producerEpoch,
    baseSequence: NO_SEQUENCE,
    isTransactional: true,
    isControl: true,
    records: [
      {
        key: encodeControlRecordKey(marker.type),
        value: encodeEndTxnMarker(marker.coordinatorEpoch),
        timestamp: marker.timestamp,
      },
    ],
  });
}

/** 디코딩한 컨트롤 배치에서 마커를 꺼냅니다. ABORT/COMMIT이 아니면(KRaft의 컨트롤 레코드 등) null. */
export function endTxnMarkerOf(batch: RecordBatch): { type: ControlRecordType; coordinatorEpoch: number } | null {
  const record = batch.records[0];
  if (!isControl(batch.header) || !record?.key || !record.value) return null;
  const { type } = decodeControlRecordKey(record.key);
  if (type !== ControlRecordType.Abort && type !== ControlRecordType.Commit) return null;
  return { type, coordinatorEpoch: decodeEndTxnMarker(record.value).coordinatorEpoch };
}
