/**
 * 메타데이터 로그의 항목 ↔ 레코드 배치 v2. 디스크의 `.log` 세그먼트와 `.checkpoint` 스냅숏, 컨트롤러끼리 주고받는
 * Fetch 응답의 `records`와 FetchSnapshot 응답의 바이트가 모두 이 모양입니다. 다른 파티션과 같은 형식이라
 * `kafka-dump-log.sh --cluster-metadata-decoder`처럼 배치 단위로 읽을 수 있습니다 (Kafka `BatchBuilder`, `RecordsIterator`).
 *
 *   응용의 레코드   키 없음, 값은 JSON (메타데이터 레코드. Kafka는 레코드마다 전용 바이너리 스키마를 씁니다)
 *   LeaderChange    컨트롤 배치: 키 = 컨트롤 레코드 키(타입 2), 값 = LeaderChangeMessage v0
 *   배치 헤더       baseOffset = 첫 항목의 오프셋, partitionLeaderEpoch = 항목들의 에포크
 *
 * 한 배치에는 에포크가 같고 종류가 같은 이어진 항목만 담습니다: 갈라진 로그를 자를 때 에포크의 경계가 배치의
 * 경계와 같아집니다.
 *
 * 스냅숏 파일(KIP-630)은 SnapshotHeader 컨트롤 배치, 응용 레코드 배치들(오프셋 0부터), SnapshotFooter 컨트롤
 * 배치입니다. 꼬리(footer)가 없는 파일은 다 쓰이지 않은 것이라 쓰지 않습니다.
 *
 * 이 파일은 Node의 `Buffer`와 네이티브 CRC-32C를 쓰는 `../record/`에 기댑니다. 그래서 쿼럼의 상태 기계와
 * 드라이버는 이 파일을 직접 부르지 않고 `RaftLogStorage`로 주입받습니다 (`ready.ts`).
 */
import { decode, encode } from '../protocol/codec.js';
import { ByteReader } from '../protocol/reader.js';
import { message } from '../protocol/schema.js';
import {
  BATCH_HEADER_SIZE,
  batchSize,
  CURRENT_MAGIC,
  hasValidCrc,
  isControl,
  readBatchHeader,
} from '../record/batch-header.js';
import { ControlRecordType, decodeControlRecordKey, encodeControlRecordKey } from '../record/control-record.js';
import { decodeBatch, encodeBatch, type RecordInput } from '../record/record-batch.js';
import { err, ok, type Result } from '../result.js';
import type { Snapshot } from './snapshot.js';
import type { LeaderChangeRecord, LogEntry, OffsetAndEpoch, RaftRecord } from './types.js';

/** Kafka `LeaderChangeMessage.json` v0 (v1의 디렉터리 ID는 쓰지 않습니다) */
const leaderChangeMessage = message({
  name: 'LeaderChangeMessage',
  type: 'data',
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: [
    { name: 'version', type: 'int16', versions: '0+' },
    { name: 'leaderId', type: 'int32', versions: '0+' },
    { name: 'voters', type: '[]Voter', versions: '0+', fields: [{ name: 'voterId', type: 'int32', versions: '0+' }] },
    {
      name: 'grantingVoters',
      type: '[]Voter',
      versions: '0+',
      fields: [{ name: 'voterId', type: 'int32', versions: '0+' }],
    },
  ],
});

/** Kafka `SnapshotHeaderRecord.json` */
const snapshotHeaderRecord = message({
  name: 'SnapshotHeaderRecord',
  type: 'data',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'version', type: 'int16', versions: '0+' },
    { name: 'lastContainedLogTimestamp', type: 'int64', versions: '0+' },
  ],
});

/** Kafka `SnapshotFooterRecord.json` */
const snapshotFooterRecord = message({
  name: 'SnapshotFooterRecord',
  type: 'data',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [{ name: 'version', type: 'int16', versions: '0+' }],
});

const text = new TextDecoder();

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function controlBatch(
  type: ControlRecordType,
  value: Buffer,
  baseOffset: number,
  partitionLeaderEpoch: number,
  timestamp: number,
): Buffer {
  return encodeBatch({
    baseOffset,
    partitionLeaderEpoch,
    isControl: true,
    records: [{ key: encodeControlRecordKey(type), value, timestamp }],
  });
}

function encodeLeaderChange(record: LeaderChangeRecord): Buffer {
  return encode(leaderChangeMessage, 0, {
    version: 0,
    leaderId: record.leaderId,
    voters: record.voters.map((voterId) => ({ voterId })),
    grantingVoters: record.grantingVoters.map((voterId) => ({ voterId })),
  });
}

/** 배치 하나의 바이트와 그 안의 첫·마지막 오프셋 */
export interface EncodedBatch {
  readonly bytes: Buffer;
  readonly baseOffset: number;
  readonly lastOffset: number;
}

/**
 * 이어진 항목들을 배치들로 적습니다. 에포크나 종류(응용 레코드/LeaderChange)가 바뀌는 곳에서 새 배치를 엽니다.
 * `timestamp`는 배치의 시각입니다 (리더가 쓴 시각; 이 로그에서는 뜻을 갖지 않습니다).
 */
export function encodeEntryBatches<T>(entries: readonly LogEntry<T>[], timestamp: number): EncodedBatch[] {
  const batches: EncodedBatch[] = [];
  let run: LogEntry<T>[] = [];
  const flush = () => {
    const first = run[0];
    const last = run.at(-1);
    if (!first || !last) return;
    const records: RecordInput[] = run.map((entry) => ({
      key: null,
      value: Buffer.from(JSON.stringify((entry.record as { data: T }).data)),
      timestamp,
    }));
    const bytes = encodeBatch({ baseOffset: first.offset, partitionLeaderEpoch: first.epoch, records });
    batches.push({ bytes, baseOffset: first.offset, lastOffset: last.offset });
    run = [];
  };
  for (const entry of entries) {
    if (entry.record.type === 'LeaderChange') {
      flush();
      const value = encodeLeaderChange(entry.record);
      const bytes = controlBatch(ControlRecordType.LeaderChange, value, entry.offset, entry.epoch, timestamp);
      batches.push({ bytes, baseOffset: entry.offset, lastOffset: entry.offset });
      continue;
    }
    if (run.length > 0 && run[0]?.epoch !== entry.epoch) flush();
    run.push(entry);
  }
  flush();
  return batches;
}

/** 항목들을 이어 붙인 배치 바이트로 (Fetch 응답의 `records`) */
export function encodeEntries<T>(entries: readonly LogEntry<T>[], timestamp: number): Buffer {
  const batches = encodeEntryBatches(entries, timestamp);
  return batches.length === 1 ? (batches[0] as EncodedBatch).bytes : Buffer.concat(batches.map((b) => b.bytes));
}

/** 읽은 배치 하나: 파일 안의 자리와 그 안의 항목들 */
export interface ReadBatch<T> {
  readonly position: number;
  readonly size: number;
  readonly entries: LogEntry<T>[];
}

/**
 * 바이트에서 배치를 차례로 읽습니다. 잘렸거나(쓰다 죽은 꼬리, 크기 제한에 걸린 Fetch 응답) CRC가 맞지 않거나
 * 모양이 틀린 첫 배치에서 멈춥니다. `validBytes`는 그 앞까지의 바이트 수입니다 (로그 복구가 거기서 자릅니다).
 */
export function readBatches<T>(bytes: Uint8Array): { batches: ReadBatch<T>[]; validBytes: number } {
  const buf = toBuffer(bytes);
  const batches: ReadBatch<T>[] = [];
  let position = 0;
  for (;;) {
    const header = readBatchHeader(buf, position);
    if (!header || header.magic !== CURRENT_MAGIC || batchSize(header) < BATCH_HEADER_SIZE) break;
    const size = batchSize(header);
    if (size > buf.length - position || !hasValidCrc(buf, position, header)) break;
    let entries: LogEntry<T>[];
    try {
      entries = entriesOf<T>(buf, position);
    } catch {
      break;
    }
    batches.push({ position, size, entries });
    position += size;
  }
  return { batches, validBytes: position };
}

/** `readBatches`의 항목만 */
export function decodeEntries<T>(bytes: Uint8Array): LogEntry<T>[] {
  return readBatches<T>(bytes).batches.flatMap((b) => b.entries);
}

function entriesOf<T>(buf: Buffer, position: number): LogEntry<T>[] {
  const batch = decodeBatch(buf, position);
  const epoch = batch.header.partitionLeaderEpoch;
  return batch.records.map((record) => ({ offset: record.offset, epoch, record: recordOf<T>(batch.header, record) }));
}

function recordOf<T>(
  header: { attributes: number },
  record: { key: Uint8Array | null; value: Uint8Array | null },
): RaftRecord<T> {
  if (!record.value) throw new Error('값이 없는 메타데이터 레코드');
  if (!isControl(header)) return { type: 'data', data: JSON.parse(text.decode(record.value)) as T };
  if (!record.key) throw new Error('키가 없는 컨트롤 레코드');
  const { type } = decodeControlRecordKey(record.key);
  if (type !== ControlRecordType.LeaderChange) throw new Error(`로그에 있을 수 없는 컨트롤 레코드 타입 ${type}`);
  const message = decode(leaderChangeMessage, 0, new ByteReader(toBuffer(record.value)));
  return {
    type: 'LeaderChange',
    leaderId: message.leaderId,
    voters: message.voters.map((v) => v.voterId),
    grantingVoters: message.grantingVoters.map((v) => v.voterId),
  };
}

// --- 스냅숏 (.checkpoint) -------------------------------------------------------------------------

/** 스냅숏 파일의 바이트: 머리, 응용 레코드 배치(레코드가 있으면), 꼬리 (Kafka `RecordsSnapshotWriter`) */
export function encodeSnapshotFile<T>(snapshot: Snapshot<T>, timestamp: number): Buffer {
  const { epoch } = snapshot.id;
  const parts = [
    controlBatch(
      ControlRecordType.SnapshotHeader,
      encode(snapshotHeaderRecord, 0, { version: 0, lastContainedLogTimestamp: timestamp }),
      0,
      epoch,
      timestamp,
    ),
  ];
  const count = snapshot.records.length;
  if (count > 0) {
    parts.push(
      encodeBatch({
        baseOffset: 1,
        partitionLeaderEpoch: epoch,
        records: snapshot.records.map((data) => ({
          key: null,
          value: Buffer.from(JSON.stringify(data)),
          timestamp,
        })),
      }),
    );
  }
  parts.push(
    controlBatch(
      ControlRecordType.SnapshotFooter,
      encode(snapshotFooterRecord, 0, { version: 0 }),
      1 + count,
      epoch,
      timestamp,
    ),
  );
  return Buffer.concat(parts);
}

/** 스냅숏 파일을 읽습니다. 머리와 꼬리가 다 있어야 온전한 스냅숏입니다. ID는 파일 이름(또는 FetchSnapshot)에서 옵니다. */
export function decodeSnapshotFile<T>(
  id: OffsetAndEpoch,
  bytes: Uint8Array,
): Result<{ snapshot: Snapshot<T>; lastContainedLogTimestamp: number }, string> {
  const buf = toBuffer(bytes);
  const records: T[] = [];
  let sawHeader = false;
  let lastContainedLogTimestamp = -1;
  let position = 0;
  while (position < buf.length) {
    const header = readBatchHeader(buf, position);
    if (!header || batchSize(header) > buf.length - position || !hasValidCrc(buf, position, header)) {
      return err('스냅숏이 잘렸거나 손상되었습니다');
    }
    const batch = decodeBatch(buf, position);
    position += batchSize(header);
    if (!isControl(header)) {
      if (!sawHeader) return err('스냅숏이 SnapshotHeader로 시작하지 않습니다');
      for (const record of batch.records) {
        if (!record.value) return err('값이 없는 스냅숏 레코드');
        records.push(JSON.parse(text.decode(record.value)) as T);
      }
      continue;
    }
    const key = batch.records[0]?.key;
    const type = key ? decodeControlRecordKey(key).type : -1;
    if (type === ControlRecordType.SnapshotHeader) {
      sawHeader = true;
      const value = batch.records[0]?.value;
      if (value) {
        lastContainedLogTimestamp = Number(
          decode(snapshotHeaderRecord, 0, new ByteReader(toBuffer(value))).lastContainedLogTimestamp,
        );
      }
    } else if (type === ControlRecordType.SnapshotFooter) {
      if (!sawHeader) return err('스냅숏에 SnapshotHeader가 없습니다');
      if (position !== buf.length) return err('SnapshotFooter 뒤에 바이트가 남았습니다');
      return ok({ snapshot: { id, records }, lastContainedLogTimestamp });
    } else return err(`스냅숏에 있을 수 없는 컨트롤 레코드 타입 ${type}`);
  }
  return err('스냅숏에 SnapshotFooter가 없습니다 (다 쓰이지 않은 파일)');
}
