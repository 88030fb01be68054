// 7장 컨슈머와 오프셋 커밋 — 해답
// 원본: reference/src/group/offsets-topic.ts (npm run course:sync가 이 파일을 만듭니다)
/**
 * `__consumer_offsets`: 커밋된 오프셋과 그룹 메타데이터를 담는 Kafka의 내부 토픽입니다. 오프셋 커밋은
 * 이 토픽에 레코드 하나를 쓰는 일이고, 코디네이터가 다시 켜지면 이 토픽을 처음부터 읽어 오프셋을 되살립니다.
 *
 * 레코드의 키와 값은 Kafka와 같은 이진 형식입니다 (`group-coordinator/.../OffsetCommitKey.json` 등):
 *
 *     키  = int16 종류(1: 오프셋 커밋, 2: 그룹 메타데이터) + 키 본문
 *     값  = int16 값 버전 + 값 본문, 또는 null(툼스톤: 지워졌다는 표시)
 *
 * 키가 (그룹, 토픽, 파티션)이라, 같은 파티션의 오프셋을 다시 커밋하면 같은 키의 새 레코드가 됩니다.
 * 그래서 이 토픽은 "키마다 마지막 값만 남기는" 컴팩션(cleanup.policy=compact)으로 정리됩니다.
 */
import { decode, encodeInto } from '../../../reference/src/protocol/codec.js';
import { ByteReader } from '../../../reference/src/protocol/reader.js';
import { type Message, message } from '../../../reference/src/protocol/schema.js';
import { ByteWriter } from '../../../reference/src/protocol/writer.js';

export const OFFSETS_TOPIC = '__consumer_offsets';

const offsetCommitKey = message({
  name: 'OffsetCommitKey',
  type: 'data',
  validVersions: '0',
  flexibleVersions: 'none',
  fields: [
    { name: 'group', type: 'string', versions: '0' },
    { name: 'topic', type: 'string', versions: '0' },
    { name: 'partition', type: 'int32', versions: '0' },
  ],
});

const offsetCommitValue = message({
  name: 'OffsetCommitValue',
  type: 'data',
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    { name: 'offset', type: 'int64', versions: '0+' },
    { name: 'leaderEpoch', type: 'int32', versions: '3+', default: -1, ignorable: true },
    { name: 'metadata', type: 'string', versions: '0+' },
    { name: 'commitTimestamp', type: 'int64', versions: '0+' },
    { name: 'expireTimestamp', type: 'int64', versions: '1', default: -1, ignorable: true },
  ],
});

const groupMetadataKey = message({
  name: 'GroupMetadataKey',
  type: 'data',
  validVersions: '0',
  flexibleVersions: 'none',
  fields: [{ name: 'group', type: 'string', versions: '0' }],
});

/** 키의 첫 int16: 레코드 종류 (0과 1은 오프셋 커밋, 2는 그룹 메타데이터) */
const KeyType = { OFFSET_COMMIT: 1, GROUP_METADATA: 2 } as const;
/** Kafka 3.x/4.x가 쓰는 오프셋 값 버전 (leaderEpoch가 있는 마지막 비유연 버전) */
const OFFSET_VALUE_VERSION = 3;

export type OffsetCommitValue = Message<typeof offsetCommitValue>;

export type OffsetsRecord =
  | {
      readonly type: 'offset';
      readonly group: string;
      readonly topic: string;
      readonly partition: number;
      /** null이면 툼스톤: 이 오프셋은 지워졌습니다 */
      readonly value: OffsetCommitValue | null;
    }
  | { readonly type: 'group'; readonly group: string; readonly deleted: boolean };

export function offsetCommitRecord(
  group: string,
  topic: string,
  partition: number,
  value: { offset: number; leaderEpoch: number; metadata: string; commitTimestamp: number } | null,
): { key: Buffer; value: Buffer | null } {
  const key = new ByteWriter().int16(KeyType.OFFSET_COMMIT);
  encodeInto(key, offsetCommitKey, 0, { group, topic, partition });
  if (value === null) return { key: key.toBuffer(), value: null };
  const body = new ByteWriter().int16(OFFSET_VALUE_VERSION);
  encodeInto(body, offsetCommitValue, OFFSET_VALUE_VERSION, value);
  return { key: key.toBuffer(), value: body.toBuffer() };
}

/** 그룹이 지워졌다는 표시 (GroupMetadataKey + null 값) */
export function groupTombstone(group: string): { key: Buffer; value: null } {
  const key = new ByteWriter().int16(KeyType.GROUP_METADATA);
  encodeInto(key, groupMetadataKey, 0, { group });
  return { key: key.toBuffer(), value: null };
}

/** `__consumer_offsets`의 레코드 하나를 읽습니다. 모르는 종류(새 컨슈머 프로토콜의 레코드 등)는 null. */
export function decodeOffsetsRecord(key: Uint8Array, value: Uint8Array | null): OffsetsRecord | null {
  const keyReader = new ByteReader(Buffer.from(key.buffer, key.byteOffset, key.byteLength));
  const keyType = keyReader.int16();
  if (keyType === 0 || keyType === KeyType.OFFSET_COMMIT) {
    const { group, topic, partition } = decode(offsetCommitKey, 0, keyReader);
    if (value === null) return { type: 'offset', group, topic, partition, value: null };
    const valueReader = new ByteReader(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    const version = valueReader.int16();
    return { type: 'offset', group, topic, partition, value: decode(offsetCommitValue, version, valueReader) };
  }
  if (keyType === KeyType.GROUP_METADATA) {
    return { type: 'group', group: decode(groupMetadataKey, 0, keyReader).group, deleted: value === null };
  }
  return null;
}

/** Java의 String.hashCode(): UTF-16 코드 단위마다 h = 31·h + c (32비트에서 넘침) */
export function javaStringHashCode(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
  return h;
}

/**
 * 그룹의 코디네이터가 될 `__consumer_offsets` 파티션: `abs(groupId.hashCode()) % offsets.topic.num.partitions`.
 * 이 파티션의 리더 브로커가 그 그룹의 코디네이터입니다. 그룹의 오프셋이 모두 한 파티션에 모이므로,
 * 코디네이터는 자기 파티션 하나만 읽으면 그룹의 모든 오프셋을 압니다.
 */
export function partitionForGroup(groupId: string, numPartitions: number): number {
  const hash = javaStringHashCode(groupId);
  // Kafka의 Utils.abs: Integer.MIN_VALUE의 절댓값은 int에 없으므로 0으로 봅니다.
  return (hash === -2147483648 ? 0 : Math.abs(hash)) % numPartitions;
}
