/**
 * 올바른 요청을 망가뜨리는 방법들: 바이트 뒤집기, 길이·개수 자리에 잘 걸리는 값 덮어쓰기, 끼워 넣기와 빼기,
 * 엉터리 태그 필드 구역(KIP-482), 그리고 레코드 배치 v2 망가뜨리기(Kafka protocol guide, "Record Batch").
 */
import { computeCrc, Offsets } from '../../../src/record/batch-header.js';
import type { Rng } from '../../support/rng.js';
import { batch, type Request, toPayload } from './requests.js';

const INTERESTING_32 = [0, 1, -1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, -0x80000000, 1 << 20];

/** `at`의 바이트를 `mask`와 XOR해 뒤집습니다. */
function xorByte(buf: Buffer, at: number, mask: number): void {
  buf.writeUInt8((buf.readUInt8(at) ^ mask) & 0xff, at);
}

export function flipBytes(rng: Rng, payload: Buffer): Buffer {
  const out = Buffer.from(payload);
  for (let i = rng.range(1, 4); i > 0 && out.length > 0; i--) xorByte(out, rng.int(out.length), rng.range(1, 255));
  return out;
}

/** 길이·개수 필드에 잘 걸리는 값(0, -1, 최대값…)을 아무 자리에나 덮어씁니다. */
export function writeInteresting(rng: Rng, payload: Buffer): Buffer {
  const out = Buffer.from(payload);
  const value = rng.pick(INTERESTING_32);
  const width = rng.pick([1, 2, 4]);
  if (out.length < width) return out;
  const at = rng.int(out.length - width + 1);
  if (width === 1) out.writeUInt8(value & 0xff, at);
  else if (width === 2) out.writeUInt16BE(value & 0xffff, at);
  else out.writeInt32BE(value | 0, at);
  return out;
}

export function splice(rng: Rng, payload: Buffer): Buffer {
  const at = rng.int(payload.length + 1);
  return rng.chance(0.5)
    ? Buffer.concat([payload.subarray(0, at), rng.bytes(rng.range(1, 8)), payload.subarray(at)])
    : Buffer.concat([payload.subarray(0, at), payload.subarray(Math.min(payload.length, at + rng.range(1, 8)))]);
}

function unsignedVarint(value: number): Buffer {
  const out: number[] = [];
  let v = value >>> 0;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return Buffer.from(out);
}

/** 엉터리 태그 필드 구역 (KIP-482: 개수, 그리고 태그마다 태그 번호·크기·내용) */
function garbageTags(rng: Rng): Buffer {
  switch (rng.int(6)) {
    case 0: // 거대한 개수, 내용 없음
      return unsignedVarint(rng.pick([0xffffffff, 0x7fffffff, 1000]));
    case 1: // 남은 바이트보다 큰 크기
      return Buffer.concat([unsignedVarint(1), unsignedVarint(rng.int(4)), unsignedVarint(rng.range(50, 0xffffff))]);
    case 2: // 5바이트를 넘는 varint
      return Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    case 3: {
      // 아는 태그 번호(0~3)에 엉터리 내용: 태그 필드를 실제로 읽는 코드로 들어갑니다
      const content = rng.bytes(rng.int(12));
      return Buffer.concat([unsignedVarint(1), unsignedVarint(rng.int(4)), unsignedVarint(content.length), content]);
    }
    case 4: {
      // 크기는 맞지만 태그가 여럿, 순서가 뒤섞이고 겹침
      const parts: Buffer[] = [];
      const count = rng.range(2, 5);
      for (let i = 0; i < count; i++) {
        const content = rng.bytes(rng.int(6));
        parts.push(unsignedVarint(rng.pick([0, 1, 3, 7, 100, 0xffffffff])), unsignedVarint(content.length), content);
      }
      return Buffer.concat([unsignedVarint(count), ...parts]);
    }
    default: // 구역이 통째로 없음 (끝에서 잘림)
      return Buffer.alloc(0);
  }
}

/** 유연한 버전의 요청에 엉터리 태그 구역을 끼웁니다: 요청 헤더 끝, 또는 본문 맨 끝(최상위 구조체의 구역). */
export function withGarbageTags(rng: Rng, request: Request, correlationId: number): Buffer {
  if (rng.chance(0.5)) return toPayload(request, correlationId, garbageTags(rng));
  // 본문 끝의 최상위 태그 구역은 (태그 필드가 없으면) 0 한 바이트입니다. 그것을 바꿔 끼웁니다.
  const body = Buffer.concat([request.body.subarray(0, -1), garbageTags(rng)]);
  return toPayload({ ...request, body }, correlationId);
}

/** 배치 길이와 CRC를 다시 계산해 넣습니다: 망가뜨린 내용이 CRC 검사를 지나 더 깊은 검사에 닿게. */
function fixCrc(b: Buffer): Buffer {
  if (b.length < 61) return b;
  b.writeInt32BE(b.length - 12, Offsets.batchLength);
  b.writeUInt32BE(computeCrc(b, 0, { batchLength: b.length - 12 }), Offsets.crc);
  return b;
}

interface BatchCorruption {
  readonly name: string;
  readonly records: Buffer | null;
  /** CRC·구조가 틀렸으니 받아들이면 안 됩니다. false면 받아들여도 됩니다 (CRC가 맞는 엉터리 레코드 등). */
  readonly mustNotAck: boolean;
}

/** 레코드 배치 v2 망가뜨리기 (Kafka protocol guide, "Record Batch") */
export function corruptBatch(rng: Rng): BatchCorruption {
  const b = Buffer.from(batch(rng, rng.range(1, 6)));
  const original = b.readInt32BE(Offsets.batchLength);
  switch (rng.int(13)) {
    case 0: // CRC 범위(attributes~끝) 안의 바이트 하나
      xorByte(b, Offsets.attributes + rng.int(b.length - Offsets.attributes), rng.range(1, 255));
      return { name: 'batch-bad-crc', records: b, mustNotAck: true };
    case 1: // CRC 필드 자체
      xorByte(b, Offsets.crc + rng.int(4), rng.range(1, 255));
      return { name: 'batch-bad-crc-field', records: b, mustNotAck: true };
    case 2: {
      const lengths = [-1, 0, 1, 48, original - 1, original + 1, 0x7fffffff, rng.next() | 0];
      b.writeInt32BE(rng.pick(lengths.filter((l) => l !== original)), Offsets.batchLength);
      return { name: 'batch-bad-length', records: b, mustNotAck: true };
    }
    case 3:
      b[Offsets.magic] = rng.pick([0, 1, 3, 0x7f, 0xff]);
      return { name: 'batch-bad-magic', records: b, mustNotAck: true };
    case 4:
      return { name: 'batch-truncated', records: b.subarray(0, rng.int(b.length)), mustNotAck: true };
    case 5:
      return {
        name: 'batch-trailing-bytes',
        records: Buffer.concat([b, rng.bytes(rng.range(1, 70))]),
        mustNotAck: true,
      };
    case 6:
      return { name: 'batch-two-batches', records: Buffer.concat([b, batch(rng)]), mustNotAck: true };
    case 7: // 프로듀서는 baseOffset 0을 보내야 합니다 (CRC 범위 밖이라 CRC는 그대로 맞음)
      b.writeBigInt64BE(BigInt(rng.range(1, 1_000_000)), Offsets.baseOffset);
      return { name: 'batch-base-offset', records: b, mustNotAck: true };
    case 8: {
      // CRC가 맞는 엉터리 레코드들
      const from = 61 + rng.int(Math.max(1, b.length - 61));
      rng.bytes(rng.range(1, 16)).copy(b, Math.min(from, b.length - 1));
      return { name: 'batch-garbage-records-valid-crc', records: fixCrc(b), mustNotAck: false };
    }
    case 9: {
      // 레코드 수와 lastOffsetDelta를 (맞거나 틀리게) 바꾸고 CRC를 맞춤
      const count = rng.pick([0, -1, 2, 1000, 0x7fffffff, rng.range(1, 1 << 20)]);
      b.writeInt32BE(count, Offsets.recordsCount);
      b.writeInt32BE(rng.chance(0.5) ? count - 1 : rng.next() | 0, Offsets.lastOffsetDelta);
      return { name: 'batch-counts-valid-crc', records: fixCrc(b), mustNotAck: false };
    }
    case 10: // 압축 코덱(5~7은 없는 코덱), 트랜잭션·컨트롤 비트
      b.writeInt16BE(rng.next() & 0x7fff, Offsets.attributes);
      return { name: 'batch-attributes-valid-crc', records: fixCrc(b), mustNotAck: false };
    case 11: {
      // 헤더는 말이 되고(레코드 수 = lastOffsetDelta + 1, 아주 큼) CRC도 맞는데 레코드 부분은 엉터리:
      // 배치 헤더만 믿고 레코드를 훑는 코드(ListOffsets의 시각 찾기)가 끝없이 돌지 않는지 봅니다.
      const count = rng.pick([0x7fffffff, 1 << 24, 100_000]);
      b.writeInt32BE(count, Offsets.recordsCount);
      b.writeInt32BE(count - 1, Offsets.lastOffsetDelta);
      b.writeInt16BE(0, Offsets.attributes);
      // 레코드 길이 varint: 0(빈 레코드), 1(= -1, 지그재그), 3(= -2) — 길이가 0 이하이면 제자리를 맴돌 수 있습니다.
      const garbage = rng.pick([
        Buffer.from([0, 0, 0, 0]),
        Buffer.from([1, 0, 0, 0]),
        Buffer.from([3, 2, 0, 0, 0]),
        rng.bytes(rng.range(1, 12)),
      ]);
      return {
        name: 'batch-huge-count-garbage-records',
        records: fixCrc(Buffer.concat([b.subarray(0, 61), garbage])),
        mustNotAck: false,
      };
    }
    default:
      return { name: 'batch-null-or-empty', records: rng.chance(0.5) ? null : Buffer.alloc(0), mustNotAck: true };
  }
}
