/**
 * 파티션 디렉터리 안의 파일 이름 규칙. Kafka의 `LogFileUtils`, `UnifiedLog.parseTopicPartitionName`과 같습니다.
 *
 *     <log.dirs>/<topic>-<partition>/00000000000000000000.log        레코드 배치들
 *                                   00000000000000000000.index      오프셋 → 파일 위치 (희소)
 *                                   00000000000000000000.timeindex  타임스탬프 → 오프셋 (희소)
 *                                   00000000000000000000.txnindex   어보트된 트랜잭션 (있을 때만)
 *
 * 세그먼트 파일 이름은 그 세그먼트의 첫 오프셋(base offset)을 20자리로 0을 채운 것입니다.
 * 20자리는 int64 최댓값(9223372036854775807, 19자리)이 들어가는 폭이라, 이름순 정렬이 곧 오프셋순 정렬이 됩니다.
 */
import path from 'node:path';

export const LOG_FILE_SUFFIX = '.log';
export const INDEX_FILE_SUFFIX = '.index';
export const TIME_INDEX_FILE_SUFFIX = '.timeindex';
export const TXN_INDEX_FILE_SUFFIX = '.txnindex';
/** 지우기로 한 세그먼트 파일에 붙이는 접미사. 이름을 바꾼 뒤 지우므로, 그 사이에 죽어도 다음 시작 때 지웁니다. */
export const DELETED_FILE_SUFFIX = '.deleted';
/** 컴팩션(Log Compaction)이 새 세그먼트를 쓰는 동안의 접미사. 다 쓰기 전에 죽으면 다음 시작 때 지웁니다. */
export const CLEANED_FILE_SUFFIX = '.cleaned';
/** 다 쓴 새 세그먼트를 옛 세그먼트와 바꿔 넣는 동안의 접미사. 이 파일이 있으면 다음 시작 때 바꿔 넣기를 마칩니다. */
export const SWAP_FILE_SUFFIX = '.swap';
/** 토픽을 지울 때 파티션 디렉터리를 `<topic>-<partition>.<uuid>-delete`로 바꿉니다. */
export const DELETE_DIR_SUFFIX = '-delete';
export const FUTURE_DIR_SUFFIX = '-future';
export const STRAY_DIR_SUFFIX = '-stray';

const OFFSET_DIGITS = 20;

/** 0 → `00000000000000000000` */
export function filenamePrefixFromOffset(offset: number): string {
  return String(offset).padStart(OFFSET_DIGITS, '0');
}

export function logFile(dir: string, baseOffset: number, suffix = ''): string {
  return path.join(dir, filenamePrefixFromOffset(baseOffset) + LOG_FILE_SUFFIX + suffix);
}

export function offsetIndexFile(dir: string, baseOffset: number, suffix = ''): string {
  return path.join(dir, filenamePrefixFromOffset(baseOffset) + INDEX_FILE_SUFFIX + suffix);
}

export function timeIndexFile(dir: string, baseOffset: number, suffix = ''): string {
  return path.join(dir, filenamePrefixFromOffset(baseOffset) + TIME_INDEX_FILE_SUFFIX + suffix);
}

export function txnIndexFile(dir: string, baseOffset: number, suffix = ''): string {
  return path.join(dir, filenamePrefixFromOffset(baseOffset) + TXN_INDEX_FILE_SUFFIX + suffix);
}

/** `00000000000000000042.log` → 42. 세그먼트 파일 이름이 아니면 null. */
export function offsetFromFileName(fileName: string): number | null {
  const match = /^(\d{20})\./.exec(fileName);
  return match ? Number(match[1]) : null;
}

export function isLogFile(fileName: string): boolean {
  return offsetFromFileName(fileName) !== null && fileName.endsWith(LOG_FILE_SUFFIX);
}

export function isIndexFile(fileName: string): boolean {
  return (
    offsetFromFileName(fileName) !== null &&
    [INDEX_FILE_SUFFIX, TIME_INDEX_FILE_SUFFIX, TXN_INDEX_FILE_SUFFIX].some((s) => fileName.endsWith(s))
  );
}

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** 파티션 디렉터리 이름: `my-topic` 파티션 12 → `my-topic-12` */
export function partitionDirName(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

/** 맵의 키로 쓰는 문자열. 디렉터리 이름과 같고, Kafka의 `TopicPartition.toString()`과도 같습니다. */
export function topicPartitionKey(topic: string, partition: number): string {
  return partitionDirName(topic, partition);
}

/**
 * 디렉터리 이름에서 토픽과 파티션을 읽습니다. 토픽 이름에 `-`가 들어갈 수 있으므로 파티션 번호는
 * **마지막** `-` 뒤입니다 (`my-topic-name-12` → `my-topic-name`, 12). 형식이 아니면 null.
 * 지우는 중(`.<uuid>-delete`), 옮기는 중(`-future`), 떠돌이(`-stray`) 접미사는 떼고 읽습니다.
 */
export function parseTopicPartitionName(dirName: string): TopicPartition | null {
  let name = dirName;
  for (const suffix of [DELETE_DIR_SUFFIX, FUTURE_DIR_SUFFIX, STRAY_DIR_SUFFIX]) {
    if (name.endsWith(suffix)) {
      const dot = name.lastIndexOf('.');
      if (dot < 0) return null;
      name = name.slice(0, dot);
      break;
    }
  }
  const dash = name.lastIndexOf('-');
  if (dash <= 0) return null;
  const topic = name.slice(0, dash);
  const partitionText = name.slice(dash + 1);
  if (!/^\d+$/.test(partitionText)) return null;
  const partition = Number(partitionText);
  if (partition > 0x7fffffff) return null;
  return { topic, partition };
}

/**
 * 지울 파티션 디렉터리의 새 이름: `<topic>-<partition>.<uuid>-delete`. Kafka처럼 이름 전체가
 * 255자(파일 시스템 한도)를 넘지 않게 토픽 이름 쪽을 자릅니다. `uniqueId`는 하이픈 없는 UUID입니다.
 */
export function deleteDirName(topic: string, partition: number, uniqueId: string): string {
  const suffix = `-${partition}.${uniqueId}${DELETE_DIR_SUFFIX}`;
  return topic.slice(0, Math.max(0, 255 - suffix.length)) + suffix;
}
