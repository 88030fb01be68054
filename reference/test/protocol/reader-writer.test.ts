/**
 * ByteReader/ByteWriter: Kafka protocol guide, "Protocol Primitive Types"와 KIP-482(compact 길이, 태그 필드).
 */
import { describe, expect, it } from 'vitest';
import { ByteReader, ProtocolError, ZERO_UUID } from '../../src/protocol/reader.js';
import { ByteWriter, sizeOfUnsignedVarint, sizeOfVarint, sizeOfVarlong } from '../../src/protocol/writer.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const reader = (s: string) => new ByteReader(hex(s));
const written = (write: (w: ByteWriter) => unknown) => {
  const w = new ByteWriter(1);
  write(w);
  return w.toBuffer().toString('hex');
};

describe('ByteReader / ByteWriter', () => {
  it('fixed-width integers are big-endian', () => {
    expect(written((w) => w.int8(-2).int16(0x1234).int32(-1).uint16(0xfffe).uint32(0xfffffffe))).toBe(
      'fe1234fffffffffffefffffffe',
    );
    const r = reader('fe 1234 ffffffff fffe fffffffe');
    expect([r.int8(), r.int16(), r.int32(), r.uint16(), r.uint32()]).toEqual([-2, 0x1234, -1, 0xfffe, 0xfffffffe]);
  });

  it('int64 goes through bigint and comes back as a number', () => {
    const values = [0, -1, 2 ** 53 - 1, -(2 ** 53 - 1), 1_700_000_000_000];
    const w = new ByteWriter();
    for (const v of values) w.int64(v);
    expect(w.toBuffer().subarray(8, 16).toString('hex')).toBe('ffffffffffffffff');
    const r = new ByteReader(w.toBuffer());
    expect(values.map(() => r.int64())).toEqual(values);
  });

  it('int64 refuses a fraction instead of silently truncating it', () => {
    expect(() => new ByteWriter().int64(1.5)).toThrow(RangeError);
  });

  it('float64, bool and uuid round-trip', () => {
    const uuid = Buffer.from('00112233445566778899aabbccddeeff', 'hex').toString('base64url');
    const buf = new ByteWriter().float64(0.1).bool(true).bool(false).uuid(uuid).uuid(ZERO_UUID).toBuffer();
    expect(buf.subarray(10, 26).toString('hex')).toBe('00112233445566778899aabbccddeeff');
    const r = new ByteReader(buf);
    expect([r.float64(), r.bool(), r.bool(), r.uuid(), r.uuid()]).toEqual([0.1, true, false, uuid, ZERO_UUID]);
  });

  it('unsigned varint uses 7 bits per byte, low bits first (protobuf encoding)', () => {
    expect(written((w) => w.unsignedVarint(0))).toBe('00');
    expect(written((w) => w.unsignedVarint(127))).toBe('7f');
    expect(written((w) => w.unsignedVarint(128))).toBe('8001');
    expect(written((w) => w.unsignedVarint(300))).toBe('ac02');
    expect(written((w) => w.unsignedVarint(0xffffffff))).toBe('ffffffff0f');
    expect(reader('ffffffff0f').unsignedVarint()).toBe(0xffffffff);
    for (const v of [0, 127, 128, 16383, 16384, 0xffffffff]) {
      expect(sizeOfUnsignedVarint(v)).toBe(written((w) => w.unsignedVarint(v)).length / 2);
    }
  });

  it('varint and varlong are zigzag encoded: small negatives stay short', () => {
    // Kafka protocol guide: VARINT는 ZigZag 인코딩 (0→0, -1→1, 1→2, -2→3)
    expect(written((w) => w.varint(0).varint(-1).varint(1).varint(-2))).toBe('00010203');
    expect(written((w) => w.varint(-2147483648))).toBe('ffffffff0f');
    for (const v of [0, -1, 63, -64, 64, 2147483647, -2147483648]) {
      const buf = new ByteWriter().varint(v).toBuffer();
      expect(new ByteReader(buf).varint()).toBe(v);
      expect(sizeOfVarint(v)).toBe(buf.length);
    }
    for (const v of [0, -1, 1_700_000_000_000, -1_700_000_000_000, 2 ** 52 - 1, -(2 ** 52 - 1)]) {
      const buf = new ByteWriter().varlong(v).toBuffer();
      expect(new ByteReader(buf).varlong()).toBe(v);
      expect(sizeOfVarlong(v)).toBe(buf.length);
    }
  });

  it('varlong refuses values whose zigzag form would not fit a number exactly (|v| ≥ 2^52)', () => {
    expect(() => new ByteWriter().varlong(2 ** 52)).toThrow(RangeError);
    expect(() => new ByteWriter().varlong(-(2 ** 52))).toThrow(RangeError);
  });

  it('a varint longer than 5 bytes is a protocol error', () => {
    expect(() => reader('ffffffffff01').unsignedVarint()).toThrow(ProtocolError);
  });

  it('strings: int16 length, -1 is null', () => {
    expect(written((w) => w.string('ab').nullableString(null))).toBe('00026162ffff');
    const r = reader('00026162 ffff 0000');
    expect([r.string(), r.nullableString(), r.nullableString()]).toEqual(['ab', null, '']);
  });

  it('compact strings carry length N+1, so 0 is null and 1 is empty (KIP-482)', () => {
    expect(written((w) => w.compactString('ab'))).toBe('036162');
    expect(written((w) => w.compactNullableString(null).compactString(''))).toBe('0001');
    const r = reader('036162 00 01');
    expect([r.compactString(), r.compactNullableString(), r.compactString()]).toEqual(['ab', null, '']);
  });

  it('strings are UTF-8 and the length counts bytes, not characters', () => {
    expect(written((w) => w.string('카프카'))).toBe(`0009${Buffer.from('카프카').toString('hex')}`);
    expect(new ByteReader(new ByteWriter().compactString('카프카').toBuffer()).compactString()).toBe('카프카');
  });

  it('bytes: int32 length or compact N+1; reading shares the buffer instead of copying', () => {
    expect(written((w) => w.bytes(hex('0102')).nullableBytes(null))).toBe('000000020102ffffffff');
    expect(written((w) => w.compactBytes(hex('0102')).compactNullableBytes(null))).toBe('03010200');
    const buf = hex('00000002 0102');
    const bytes = new ByteReader(buf).bytes();
    expect(bytes.toString('hex')).toBe('0102');
    expect(bytes.buffer).toBe(buf.buffer);
  });

  it('a null where null is not allowed is a protocol error', () => {
    expect(() => reader('ffff').string()).toThrow(ProtocolError);
    expect(() => reader('00').compactString()).toThrow(ProtocolError);
    expect(() => reader('ffffffff').bytes()).toThrow(ProtocolError);
  });

  it('reading past the end throws ProtocolError with the position instead of reading garbage', () => {
    expect(() => reader('0000').int32()).toThrow(/int32: 4바이트가 필요한데 위치 0에서 2바이트만/);
    expect(() => reader('0005 6162').string()).toThrow(ProtocolError);
    const sub = new ByteReader(hex('01020304'), 0, 2);
    sub.int16();
    expect(() => sub.int8()).toThrow(ProtocolError);
  });

  it('an array length larger than the remaining bytes is rejected before allocating', () => {
    expect(() => reader('7fffffff').arrayLength(false)).toThrow(/배열 길이/);
    expect(reader('ffffffff').arrayLength(false)).toBe(-1);
    expect(reader('00').arrayLength(true)).toBe(-1);
    expect(reader('03 0000').arrayLength(true)).toBe(2);
  });

  it('tagged fields: each is (tag, size, data) and an unknown tag is skipped by its size (KIP-482)', () => {
    // 태그 2개: tag 0 = int32 7, tag 5 = 모르는 3바이트. 그 뒤에 int8 9.
    const r = reader('02 00 04 00000007 05 03 aabbcc 09');
    const seen: Record<number, number> = {};
    r.taggedFields((tag, field) => {
      if (tag === 0) seen[tag] = field.int32();
    });
    expect(seen).toEqual({ 0: 7 });
    expect(r.int8()).toBe(9);
  });

  it('the writer grows as needed and patches an int32 in place', () => {
    const w = new ByteWriter(2);
    w.int32(0);
    for (let i = 0; i < 1000; i++) w.int8(i & 0x7f);
    w.int32At(0, w.position - 4);
    const buf = w.toBuffer();
    expect(buf.length).toBe(1004);
    expect(buf.readInt32BE(0)).toBe(1000);
    expect(buf[1003]).toBe(999 & 0x7f);
  });
});
