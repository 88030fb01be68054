/**
 * 레코드 배치의 압축. 배치 헤더(61바이트)는 그대로 두고, 그 뒤의 레코드들만 통째로 압축합니다.
 * 어떤 코덱인지는 헤더의 attributes 아래 3비트에 적힙니다 (batch-header.ts의 `CompressionType`).
 *
 * 브로커는 압축된 배치를 받은 그대로 저장하고 그대로 내보냅니다. 압축을 푸는 것은 검사할 때뿐입니다
 * (Kafka 브로커도 레코드 수와 구조를 확인하려고 압축을 풉니다).
 *
 * 코덱마다 Kafka가 쓰는 "틀(framing)"이 있습니다.
 *
 * - gzip: 표준 gzip 스트림 (RFC 1952).
 * - snappy: Java 클라이언트는 xerial snappy-java의 `SnappyOutputStream` 틀을 씁니다: 8바이트 매직
 *   `82 'SNAPPY' 00`, int32 버전(1), int32 호환 버전(1), 그 뒤로 (int32 길이 + snappy 블록)이 반복.
 *   librdkafka, kafkajs-snappy, @platformatic/kafka는 틀 없는 snappy 블록 하나를 씁니다. 그래서 읽을 때는
 *   매직으로 둘을 구별하고, 쓸 때는 Java(그리고 Kafka 브로커 자신)처럼 xerial 틀로 씁니다. 틀 없는 형식만
 *   읽는 클라이언트가 있다는 점에 주의하세요 (@platformatic/kafka 1.x).
 * - lz4: LZ4 프레임 형식 (KIP-57). 블록은 서로 독립이어야 합니다.
 * - zstd: 표준 zstd 프레임 (KIP-110, Produce v7+). Node 20의 zlib에는 zstd가 없어(22.15부터) WebAssembly로
 *   빌드한 zstd(@bokuweb/zstd-wasm)를 씁니다. 스트리밍으로 압축한 프레임(Java의 zstd-jni)에는 원래 크기가
 *   적혀 있지 않으므로, 출력 버퍼가 모자라면 두 배로 늘려 다시 풉니다.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { init as initZstd, compress as zstdCompress, decompress as zstdUncompress } from '@bokuweb/zstd-wasm';
import { compressFrameSync, decompressFrameSync } from 'lz4-napi';
import { compressSync as snappyCompress, uncompressSync as snappyUncompress } from 'snappy';
import { ErrorCode, KafkaError } from '../protocol/error-codes.js';
import { josa } from '../server/josa.js';
import { CompressionType } from './batch-header.js';

/** xerial snappy-java의 스트림 머리: 매직 8바이트 + 버전 1 + 호환 버전 1 */
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_SIZE = 16;
/** snappy-java `SnappyOutputStream`의 기본 블록 크기 */
const XERIAL_BLOCK_SIZE = 32 * 1024;

/** zstd의 기본 압축 수준 (Kafka의 `compression.zstd.level` 기본값과 같음) */
const ZSTD_LEVEL = 3;
/** 원래 크기를 모르는 zstd 프레임을 풀 때 출력 버퍼를 키워 볼 한계 */
const ZSTD_MAX_OUTPUT = 256 * 1024 * 1024;
/** zstd의 오류 코드 dstSize_tooSmall: 출력 버퍼가 모자랍니다 */
const ZSTD_DST_TOO_SMALL = /code -70\b/;

// WebAssembly 모듈은 한 번만 불러옵니다. 모듈을 import하면 준비가 끝나 있으므로 압축 함수는 동기로 씁니다.
await initZstd();

function zstdDecompress(data: Buffer): Buffer {
  for (let size = Math.max(1024 * 1024, data.length * 8); ; size *= 2) {
    try {
      return Buffer.from(zstdUncompress(data, { defaultHeapSize: size }));
    } catch (error) {
      if (!ZSTD_DST_TOO_SMALL.test(String(error)) || size * 2 > ZSTD_MAX_OUTPUT) throw error;
    }
  }
}

function unsupported(type: number): KafkaError {
  return new KafkaError(
    ErrorCode.UNSUPPORTED_COMPRESSION_TYPE,
    `압축 코덱 ${josa(type, '은/는')} 이 브로커가 지원하지 않습니다`,
  );
}

function xerialSnappyCompress(data: Buffer): Buffer {
  const parts: Buffer[] = [XERIAL_MAGIC, Buffer.from([0, 0, 0, 1, 0, 0, 0, 1])];
  for (let offset = 0; offset < data.length; offset += XERIAL_BLOCK_SIZE) {
    const block = snappyCompress(data.subarray(offset, offset + XERIAL_BLOCK_SIZE));
    const length = Buffer.allocUnsafe(4);
    length.writeInt32BE(block.length, 0);
    parts.push(length, block);
  }
  return Buffer.concat(parts);
}

function snappyDecompress(data: Buffer): Buffer {
  const framed = data.length >= XERIAL_HEADER_SIZE && data.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC);
  if (!framed) return snappyUncompress(data) as Buffer;
  const blocks: Buffer[] = [];
  let offset = XERIAL_HEADER_SIZE;
  while (offset < data.length) {
    if (offset + 4 > data.length) throw new Error('xerial snappy: 블록 길이가 잘렸습니다');
    const length = data.readInt32BE(offset);
    offset += 4;
    if (length < 0 || offset + length > data.length) throw new Error('xerial snappy: 블록이 잘렸습니다');
    blocks.push(snappyUncompress(data.subarray(offset, offset + length)) as Buffer);
    offset += length;
  }
  return Buffer.concat(blocks);
}

/** 레코드들의 바이트를 압축합니다. 지원하지 않는 코덱이면 KafkaError(UNSUPPORTED_COMPRESSION_TYPE). */
export function compress(type: CompressionType, data: Buffer): Buffer {
  switch (type) {
    case CompressionType.None:
      return data;
    case CompressionType.Gzip:
      return gzipSync(data);
    case CompressionType.Snappy:
      return xerialSnappyCompress(data);
    case CompressionType.Lz4:
      return compressFrameSync(data);
    case CompressionType.Zstd:
      return Buffer.from(zstdCompress(data, ZSTD_LEVEL));
    default:
      throw unsupported(type);
  }
}

/**
 * 압축을 풉니다. 지원하지 않는 코덱이면 KafkaError(UNSUPPORTED_COMPRESSION_TYPE),
 * 바이트가 손상되었으면 코덱의 예외를 그대로 던집니다.
 */
export function decompress(type: CompressionType, data: Buffer): Buffer {
  switch (type) {
    case CompressionType.None:
      return data;
    case CompressionType.Gzip:
      return gunzipSync(data);
    case CompressionType.Snappy:
      return snappyDecompress(data);
    case CompressionType.Lz4:
      return decompressFrameSync(data);
    case CompressionType.Zstd:
      return zstdDecompress(data);
    default:
      throw unsupported(type);
  }
}
