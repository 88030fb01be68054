/**
 * 바이트 쓰기. `ByteReader`와 같은 기본 타입을 같은 규칙으로 씁니다 (reader.ts의 표 참고).
 *
 * 버퍼 하나를 두 배씩 키워 가며 씁니다. 응답 하나를 만들 때 할당은 몇 번뿐이고, 다 쓴 뒤
 * `toBuffer()`는 복사하지 않고 쓴 부분만 가리킵니다. 메서드는 `this`를 돌려주므로 이어 쓸 수 있습니다:
 * `new ByteWriter().int16(18).int16(3).int32(correlationId)`.
 */
const INITIAL_SIZE = 256;
/** `number`로 지그재그 varlong을 정확히 다룰 수 있는 한계 (지그재그 값이 2^53 안에 들어야 합니다) */
const MAX_VARLONG = 2 ** 52;

export class ByteWriter {
  private buf: Buffer;
  /** 지금까지 쓴 바이트 수 = 다음에 쓸 위치 */
  position = 0;

  constructor(initialSize = INITIAL_SIZE) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  /** n바이트를 쓸 자리를 만들고, 쓰기 시작 위치를 돌려주며 위치를 옮깁니다. */
  private reserve(n: number): number {
    const at = this.position;
    const needed = at + n;
    if (needed > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < needed) size *= 2;
      const grown = Buffer.allocUnsafe(size);
      this.buf.copy(grown, 0, 0, at);
      this.buf = grown;
    }
    this.position = needed;
    return at;
  }

  /** 쓴 바이트. 복사하지 않으므로, 이후에 더 쓰면 내용이 바뀔 수 있는 버퍼를 공유합니다. */
  toBuffer(): Buffer {
    return this.buf.subarray(0, this.position);
  }

  int8(value: number): this {
    const at = this.reserve(1);
    this.buf.writeInt8(value, at);
    return this;
  }

  int16(value: number): this {
    const at = this.reserve(2);
    this.buf.writeInt16BE(value, at);
    return this;
  }

  int32(value: number): this {
    const at = this.reserve(4);
    this.buf.writeInt32BE(value, at);
    return this;
  }

  /** `number`를 int64로. 정수가 아니면 `BigInt`가 예외를 던지므로 실수로 소수를 보내지 않습니다. */
  int64(value: number): this {
    const at = this.reserve(8);
    this.buf.writeBigInt64BE(BigInt(value), at);
    return this;
  }

  uint16(value: number): this {
    const at = this.reserve(2);
    this.buf.writeUInt16BE(value, at);
    return this;
  }

  uint32(value: number): this {
    const at = this.reserve(4);
    this.buf.writeUInt32BE(value, at);
    return this;
  }

  float64(value: number): this {
    const at = this.reserve(8);
    this.buf.writeDoubleBE(value, at);
    return this;
  }

  bool(value: boolean): this {
    const at = this.reserve(1);
    this.buf[at] = value ? 1 : 0;
    return this;
  }

  /** Kafka 형식(URL-safe base64, 22자)의 UUID를 16바이트로 씁니다. */
  uuid(value: string): this {
    const raw = Buffer.from(value, 'base64url');
    if (raw.length !== 16) throw new RangeError(`UUID는 16바이트여야 합니다: ${value}`);
    const at = this.reserve(16);
    raw.copy(this.buf, at);
    return this;
  }

  unsignedVarint(value: number): this {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
      throw new RangeError(`unsigned varint 범위를 벗어났습니다: ${value}`);
    }
    return this.base128(value);
  }

  /** VARINT: int32를 지그재그로 바꿔 씁니다 (작은 음수도 1바이트). */
  varint(value: number): this {
    return this.unsignedVarint(((value << 1) ^ (value >> 31)) >>> 0);
  }

  /**
   * VARLONG: int64를 지그재그로 바꿔 씁니다. 지그재그 값이 두 배가 되므로 |값| < 2^52까지만 받습니다
   * (레코드의 timestampDelta 같은 작은 차이에만 쓰이므로 충분합니다).
   */
  varlong(value: number): this {
    if (!Number.isInteger(value) || Math.abs(value) >= MAX_VARLONG) {
      throw new RangeError(`varlong은 |값| < 2^52인 정수여야 합니다: ${value}`);
    }
    // 지그재그: 양수 n → 2n, 음수 n → -2n-1. 32비트를 넘으니 비트 연산 대신 산술로.
    return this.base128(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  /** 0 이상의 정수를 7비트씩, 낮은 자리부터 씁니다. 다음 바이트가 있으면 최상위 비트를 켭니다. */
  private base128(value: number): this {
    let at = this.reserve(sizeOfUnsignedVarint(value));
    let v = value;
    while (v >= 0x80) {
      this.buf[at++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[at] = v;
    return this;
  }

  /** 길이 없이 바이트를 그대로 씁니다. */
  raw(bytes: Uint8Array): this {
    const at = this.reserve(bytes.length);
    this.buf.set(bytes, at);
    return this;
  }

  private utf8(value: string, length: number): this {
    const at = this.reserve(length);
    this.buf.write(value, at, length, 'utf8');
    return this;
  }

  string(value: string): this {
    const length = Buffer.byteLength(value, 'utf8');
    if (length > 0x7fff) throw new RangeError(`STRING은 32767바이트까지입니다 (${length}바이트)`);
    return this.int16(length).utf8(value, length);
  }

  nullableString(value: string | null): this {
    return value === null ? this.int16(-1) : this.string(value);
  }

  compactString(value: string): this {
    const length = Buffer.byteLength(value, 'utf8');
    return this.unsignedVarint(length + 1).utf8(value, length);
  }

  compactNullableString(value: string | null): this {
    return value === null ? this.unsignedVarint(0) : this.compactString(value);
  }

  bytes(value: Uint8Array): this {
    return this.int32(value.length).raw(value);
  }

  nullableBytes(value: Uint8Array | null): this {
    return value === null ? this.int32(-1) : this.bytes(value);
  }

  compactBytes(value: Uint8Array): this {
    return this.unsignedVarint(value.length + 1).raw(value);
  }

  compactNullableBytes(value: Uint8Array | null): this {
    return value === null ? this.unsignedVarint(0) : this.compactBytes(value);
  }

  /** 배열의 원소 개수 (null이면 -1, compact면 N+1이고 null은 0). */
  arrayLength(length: number | null, compact: boolean): this {
    if (compact) return this.unsignedVarint(length === null ? 0 : length + 1);
    return this.int32(length === null ? -1 : length);
  }

  /** 이미 쓴 자리의 int32를 고쳐 씁니다 (길이를 나중에 알게 되는 프레임 크기 같은 곳). */
  int32At(position: number, value: number): this {
    this.buf.writeInt32BE(value, position);
    return this;
  }

  uint32At(position: number, value: number): this {
    this.buf.writeUInt32BE(value, position);
    return this;
  }
}

/** `value`를 UNSIGNED_VARINT로 쓸 때의 바이트 수 */
export function sizeOfUnsignedVarint(value: number): number {
  let size = 1;
  let v = value;
  while (v >= 0x80) {
    v = Math.floor(v / 128);
    size++;
  }
  return size;
}

/** `value`를 VARINT(지그재그 int32)로 쓸 때의 바이트 수 */
export function sizeOfVarint(value: number): number {
  return sizeOfUnsignedVarint(((value << 1) ^ (value >> 31)) >>> 0);
}

/** `value`를 VARLONG(지그재그 int64)으로 쓸 때의 바이트 수 */
export function sizeOfVarlong(value: number): number {
  return sizeOfUnsignedVarint(value >= 0 ? value * 2 : -value * 2 - 1);
}
