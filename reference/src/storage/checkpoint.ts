/**
 * 체크포인트 파일: 로그 디렉터리(`log.dirs`) 바로 아래에 파티션마다 오프셋 하나씩을 적어 두는 텍스트 파일.
 * Kafka의 `OffsetCheckpointFile`과 같은 형식입니다.
 *
 *     recovery-point-offset-checkpoint   파티션마다 복구 지점 (여기까지는 fsync 완료)
 *     log-start-offset-checkpoint        파티션마다 로그 시작 오프셋 (DeleteRecords로 옮긴 값)
 *     cleaner-offset-checkpoint          압축 토픽의 파티션마다 청소한 곳의 끝 (컴팩션)
 *     replication-offset-checkpoint      복제되는 파티션마다 하이 워터마크 (6장)
 *
 *     0                  ← 형식 버전
 *     2                  ← 항목 수
 *     my-topic 0 1234    ← 토픽 파티션 오프셋 (공백으로 구분; 토픽 이름에는 공백이 없습니다)
 *     my-topic 1 99
 *
 * 파티션 디렉터리 안의 `leader-epoch-checkpoint`도 같은 틀(버전, 항목 수, 항목 줄)에 `에포크 시작오프셋` 줄을 씁니다
 * (Kafka `CheckpointFile`의 `EntryFormatter`만 다릅니다: `leader-epoch-cache.ts`).
 *
 * 파일은 원자적으로 바꿉니다: `.tmp`에 쓰고 fsync한 뒤 이름을 바꿉니다. 그래서 쓰는 도중에 죽어도 옛 파일
 * 아니면 새 파일이 온전히 남습니다.
 */
import fs from 'node:fs';
import { atomicWriteFile } from './file-io.js';
import { type TopicPartition, topicPartitionKey } from './log-files.js';

export const RECOVERY_POINT_CHECKPOINT_FILE = 'recovery-point-offset-checkpoint';
export const LOG_START_OFFSET_CHECKPOINT_FILE = 'log-start-offset-checkpoint';
/** 압축 토픽의 파티션마다 "여기까지는 청소했다" (log-cleaner-manager.ts) */
export const CLEANER_OFFSET_CHECKPOINT_FILE = 'cleaner-offset-checkpoint';
/** 복제되는 파티션마다 하이 워터마크 (Kafka `ReplicaManager.HighWatermarkFilename`) */
export const REPLICATION_OFFSET_CHECKPOINT_FILE = 'replication-offset-checkpoint';
export const CHECKPOINT_VERSION = 0;

export interface TopicPartitionOffset extends TopicPartition {
  readonly offset: number;
}

/** 항목들을 Kafka의 체크포인트 텍스트로. 항목 순서는 (토픽, 파티션) 순으로 정해 둡니다 (Kafka는 맵 순서). */
export function formatOffsetCheckpoint(entries: readonly TopicPartitionOffset[]): string {
  const sorted = [...entries].sort((a, b) =>
    a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1,
  );
  return formatCheckpoint(sorted.map(({ topic, partition, offset }) => `${topic} ${partition} ${offset}`));
}

/**
 * 체크포인트 텍스트를 읽습니다. 버전이 다르거나, 줄 형식이 틀리거나, 항목 수가 맞지 않으면 예외
 * (Kafka: `CheckpointFile.CheckpointReadBuffer.read`). 빈 파일은 빈 목록입니다.
 */
export function parseOffsetCheckpoint(text: string, location = 'checkpoint'): TopicPartitionOffset[] {
  return parseCheckpoint(text, location, (parts, line) => {
    if (parts.length !== 3) throw malformedLine(line, location);
    const [topic, partition, offset] = parts as [string, string, string];
    return { topic, partition: parseInteger(partition, location), offset: parseInteger(offset, location) };
  });
}

/** 체크포인트의 틀: 버전 줄, 항목 수 줄, 항목 줄들 (Kafka `CheckpointFile.CheckpointWriteBuffer`) */
export function formatCheckpoint(lines: readonly string[]): string {
  return `${[String(CHECKPOINT_VERSION), String(lines.length), ...lines].join('\n')}\n`;
}

/** 체크포인트의 틀을 읽고 항목 줄마다(공백으로 나눈 조각) `parseEntry`를 부릅니다. 틀이 어긋나면 예외. */
export function parseCheckpoint<T>(
  text: string,
  location: string,
  parseEntry: (parts: readonly string[], line: string) => T,
): T[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length === 0) return [];
  const version = parseInteger(lines[0] as string, location);
  if (version !== CHECKPOINT_VERSION)
    throw new Error(`unrecognized version of the checkpoint file (${location}): ${version}`);
  if (lines.length === 1) return [];
  const expected = parseInteger(lines[1] as string, location);
  const entries = lines.slice(2).map((line) => parseEntry(line.trim().split(/\s+/), line));
  if (entries.length !== expected) {
    throw new Error(`expected ${expected} entries in checkpoint file (${location}), but found only ${entries.length}`);
  }
  return entries;
}

/** 원자적으로 씁니다 (`<file>.tmp` → fsync → rename → 디렉터리 fsync). */
export function writeOffsetCheckpoint(file: string, entries: readonly TopicPartitionOffset[]): void {
  atomicWriteFile(file, formatOffsetCheckpoint(entries));
}

/** 파일이 없으면 빈 맵. 키는 `topicPartitionKey(topic, partition)` (= `topic-partition`). */
export function readOffsetCheckpoint(file: string): Map<string, number> {
  if (!fs.existsSync(file)) return new Map();
  const entries = parseOffsetCheckpoint(fs.readFileSync(file, 'utf8'), file);
  return new Map(entries.map((e) => [topicPartitionKey(e.topic, e.partition), e.offset]));
}

/** 체크포인트가 깨졌으면 Kafka처럼 없는 것으로 칩니다: 복구 지점 0 = 전부 복구, 청소 지점 없음 = 처음부터 청소 (안전한 쪽). */
export function readOffsetCheckpointOrEmpty(file: string): Map<string, number> {
  try {
    return readOffsetCheckpoint(file);
  } catch {
    return new Map();
  }
}

function malformedLine(line: string, location: string): Error {
  return new Error(`malformed line in checkpoint file (${location}): '${line}'`);
}

/** 정수 한 칸. 틀리면 예외 (줄 형식 검사에 씁니다) */
export function parseInteger(text: string, location: string): number {
  if (!/^-?\d+$/.test(text.trim())) throw new Error(`malformed number '${text}' in checkpoint file (${location})`);
  return Number(text.trim());
}
