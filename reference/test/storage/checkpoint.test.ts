/**
 * 체크포인트 파일: Kafka의 텍스트 형식 그대로 (버전, 항목 수, `topic partition offset` 줄).
 * 출처: Kafka `CheckpointFile`, `OffsetCheckpointFile`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatOffsetCheckpoint,
  parseOffsetCheckpoint,
  readOffsetCheckpoint,
  writeOffsetCheckpoint,
} from '../../src/storage/checkpoint.js';
import { files, tempDir } from './helpers.js';

describe('체크포인트 파일', () => {
  it('CheckpointTextFormat: 첫 줄 버전 0, 둘째 줄 항목 수, 그다음 "토픽 파티션 오프셋" 줄입니다 (Kafka: OffsetCheckpointFile)', () => {
    const text = formatOffsetCheckpoint([
      { topic: 'orders', partition: 1, offset: 99 },
      { topic: 'my-topic-name', partition: 12, offset: 1234 },
      { topic: 'orders', partition: 0, offset: 7 },
    ]);
    expect(text).toBe('0\n3\nmy-topic-name 12 1234\norders 0 7\norders 1 99\n');
    expect(formatOffsetCheckpoint([])).toBe('0\n0\n');
  });

  it('CheckpointRoundTrip: 쓴 파일을 다시 읽으면 같은 값이고, 임시 파일은 남지 않습니다', () => {
    const dir = tempDir();
    const file = path.join(dir, 'recovery-point-offset-checkpoint');
    writeOffsetCheckpoint(file, [
      { topic: '__consumer_offsets', partition: 49, offset: 0 },
      { topic: 'a-b', partition: 3, offset: 2 ** 40 },
    ]);
    expect(files(dir)).toEqual(['recovery-point-offset-checkpoint']);
    expect(fs.readFileSync(file, 'utf8')).toBe('0\n2\n__consumer_offsets 49 0\na-b 3 1099511627776\n');
    expect(readOffsetCheckpoint(file)).toEqual(
      new Map([
        ['__consumer_offsets-49', 0],
        ['a-b-3', 2 ** 40],
      ]),
    );
  });

  it('CheckpointReadsKafkaWrittenFile: Kafka가 쓴 파일(공백 여러 개, 마지막 줄바꿈 없음)도 읽습니다', () => {
    expect(parseOffsetCheckpoint('0\n1\nt  0   5')).toEqual([{ topic: 't', partition: 0, offset: 5 }]);
    expect(parseOffsetCheckpoint('')).toEqual([]);
    expect(readOffsetCheckpoint(path.join(tempDir(), 'missing'))).toEqual(new Map());
  });

  it('CheckpointRejectsMalformedFiles: 모르는 버전, 항목 수 불일치, 틀린 줄은 오류입니다', () => {
    expect(() => parseOffsetCheckpoint('1\n0\n')).toThrow(/version/);
    expect(() => parseOffsetCheckpoint('0\n2\nt 0 5\n')).toThrow(/expected 2 entries/);
    expect(() => parseOffsetCheckpoint('0\n1\nt 0\n')).toThrow(/malformed line/);
    expect(() => parseOffsetCheckpoint('0\n1\nt x 5\n')).toThrow(/malformed number/);
  });
});
