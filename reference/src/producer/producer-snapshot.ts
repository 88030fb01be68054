/**
 * 프로듀서 상태 스냅숏: `<오프셋 20자리>.snapshot`. 파티션 디렉터리에 "이 오프셋까지의 프로듀서 상태"를 적어 두면,
 * 다시 켜진 브로커는 로그 전체가 아니라 스냅숏 뒤의 배치만 훑어 시퀀스를 되살립니다 (Kafka: ProducerStateManager의
 * 스냅숏). 깨끗하게 멈출 때 씁니다.
 *
 *     version: int16 (3)   crc: uint32 (CRC-32C, 뒤의 모든 바이트)   count: int32
 *     항목마다: producerId int64, epoch int16, coordinatorEpoch int32 (마커가 없었으면 -1),
 *               currentTxnFirstOffset int64 (진행 중인 트랜잭션이 없으면 -1), batchCount int32,
 *               배치마다 firstSeq int32, lastSeq int32, firstOffset int64, lastOffset int64, timestamp int64
 *
 * Kafka의 스냅숏(v1)은 프로듀서마다 마지막 배치 하나만 적지만, 여기서는 중복 판단에 쓰는 최근 5개를 모두 적습니다.
 * 코디네이터 에포크는 Kafka처럼 적습니다(`CoordinatorEpoch`): 다시 켜진 리더도 옛 코디네이터의 마커를 알아봅니다.
 * 버전이 다르거나(코디네이터 에포크가 없던 v2 포함) CRC가 맞지 않거나 잘린 스냅숏은 지우고 로그를 처음부터 훑습니다.
 */

import fs from 'node:fs';
import path from 'node:path';
import { crc32c } from '@node-rs/crc32';
import { filenamePrefixFromOffset, offsetFromFileName } from '../storage/log-files.js';
import type { ProducerEntry } from './producer-state.js';

export const SNAPSHOT_SUFFIX = '.snapshot';
const VERSION = 3;
const HEADER_SIZE = 2 + 4;

export function encodeProducerSnapshot(entries: readonly ProducerEntry[]): Buffer {
  const size = 4 + entries.reduce((sum, e) => sum + 8 + 2 + 4 + 8 + 4 + e.batches.length * (4 + 4 + 8 + 8 + 8), 0);
  const body = Buffer.alloc(size);
  let at = body.writeInt32BE(entries.length, 0);
  for (const e of entries) {
    at = body.writeBigInt64BE(BigInt(e.producerId), at);
    at = body.writeInt16BE(e.epoch, at);
    at = body.writeInt32BE(e.coordinatorEpoch, at);
    at = body.writeBigInt64BE(BigInt(e.currentTxnFirstOffset), at);
    at = body.writeInt32BE(e.batches.length, at);
    for (const b of e.batches) {
      at = body.writeInt32BE(b.firstSeq, at);
      at = body.writeInt32BE(b.lastSeq, at);
      at = body.writeBigInt64BE(BigInt(b.firstOffset), at);
      at = body.writeBigInt64BE(BigInt(b.lastOffset), at);
      at = body.writeBigInt64BE(BigInt(b.timestamp), at);
    }
  }
  const header = Buffer.alloc(HEADER_SIZE);
  header.writeInt16BE(VERSION, 0);
  header.writeUInt32BE(crc32c(body) >>> 0, 2);
  return Buffer.concat([header, body]);
}

/** 스냅숏을 읽습니다. 형식이나 CRC가 틀리면 null. */
export function decodeProducerSnapshot(bytes: Buffer): ProducerEntry[] | null {
  if (bytes.length < HEADER_SIZE + 4 || bytes.readInt16BE(0) !== VERSION) return null;
  const body = bytes.subarray(HEADER_SIZE);
  if (crc32c(body) >>> 0 !== bytes.readUInt32BE(2)) return null;
  try {
    const entries: ProducerEntry[] = [];
    let at = 0;
    const count = body.readInt32BE(at);
    at += 4;
    for (let i = 0; i < count; i++) {
      const producerId = Number(body.readBigInt64BE(at));
      const epoch = body.readInt16BE(at + 8);
      const coordinatorEpoch = body.readInt32BE(at + 10);
      const currentTxnFirstOffset = Number(body.readBigInt64BE(at + 14));
      const batchCount = body.readInt32BE(at + 22);
      at += 26;
      const batches = [];
      for (let j = 0; j < batchCount; j++) {
        batches.push({
          firstSeq: body.readInt32BE(at),
          lastSeq: body.readInt32BE(at + 4),
          firstOffset: Number(body.readBigInt64BE(at + 8)),
          lastOffset: Number(body.readBigInt64BE(at + 16)),
          timestamp: Number(body.readBigInt64BE(at + 24)),
        });
        at += 32;
      }
      entries.push({ producerId, epoch, batches, currentTxnFirstOffset, coordinatorEpoch });
    }
    return at === body.length ? entries : null;
  } catch {
    return null;
  }
}

/** `offset`까지의 상태를 적습니다 (임시 파일에 쓰고 이름을 바꿔, 반쯤 쓴 스냅숏이 남지 않게). 옛 스냅숏은 지웁니다. */
export function writeProducerSnapshot(dir: string, offset: number, entries: readonly ProducerEntry[]): void {
  const file = path.join(dir, filenamePrefixFromOffset(offset) + SNAPSHOT_SUFFIX);
  fs.writeFileSync(`${file}.tmp`, encodeProducerSnapshot(entries));
  fs.renameSync(`${file}.tmp`, file);
  for (const name of snapshotFiles(dir)) {
    if (name !== path.basename(file)) fs.rmSync(path.join(dir, name), { force: true });
  }
}

/** `maxOffset` 이하에서 가장 새로운 온전한 스냅숏. 깨진 스냅숏과 로그 끝보다 뒤의 스냅숏은 지웁니다. */
export function readLatestProducerSnapshot(
  dir: string,
  maxOffset: number,
): { offset: number; entries: ProducerEntry[] } | null {
  const candidates = snapshotFiles(dir)
    .map((name) => ({ name, offset: offsetFromFileName(name) ?? -1 }))
    .sort((a, b) => b.offset - a.offset);
  for (const { name, offset } of candidates) {
    const entries = offset <= maxOffset ? decodeProducerSnapshot(fs.readFileSync(path.join(dir, name))) : null;
    if (entries) return { offset, entries };
    fs.rmSync(path.join(dir, name), { force: true });
  }
  return null;
}

function snapshotFiles(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.endsWith(SNAPSHOT_SUFFIX)) : [];
}
