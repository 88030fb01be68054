// 3장 레코드 배치와 와이어 프로토콜 — 해답
// 원본: reference/src/protocol/reader.ts (npm run course:sync가 이 파일을 만듭니다)
/**
 * 바이트 읽기. Kafka 프로토콜의 모든 값은 빅 엔디언(big-endian)이고, 길이가 앞에 붙습니다.
 *
 * Kafka protocol guide, "Protocol Primitive Types":
 *
 *     INT8/16/32/64, UINT16/32, FLOAT64     고정 길이, 빅 엔디언
 *     BOOLEAN                               int8, 0이 아니면 true
 *     UUID                                  16바이트
 *     UNSIGNED_VARINT                       7비트씩, 최상위 비트가 "다음 바이트 있음" (protobuf와 같음)
 *     VARINT / VARLONG                      지그재그(zigzag) 인코딩 뒤 UNSIGNED_VARINT
 *     STRING / NULLABLE_STRING              int16 길이(-1 = null) + UTF-8
 *     BYTES / NULLABLE_BYTES                int32 길이(-1 = null) + 바이트
 *     ARRAY                                 int32 개수(-1 = null) + 원소
 *     COMPACT_STRING / _BYTES / _ARRAY      UNSIGNED_VARINT (N+1) + 내용, 0 = null  (KIP-482)
 *     TAGGED_FIELDS                         UNSIGNED_VARINT 개수 + (tag, size, 내용)... (KIP-482)
 *
 * int64는 `bigint`로 읽어 `number`로 바꿉니다. 오프셋과 타임스탬프는 2^53보다 훨씬 작으므로
 * (reference/README.md "결정해 둔 것") 정확합니다.
 *
 * 읽기 전에 남은 바이트를 확인하고, 모자라면 `ProtocolError`를 던집니다. 잘린 요청에서
 * 쓰레기 값을 읽어 계속 진행하는 것보다, 연결을 닫고 로그를 남기는 편이 안전합니다.
 */

/** 요청 바이트가 프로토콜을 어겼을 때 (잘림, 음수 길이, 너무 긴 varint…). 서버는 연결을 닫습니다. */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

/** 모든 비트가 0인 UUID. Kafka는 "토픽 ID 없음"을 이 값으로 나타냅니다 (Uuid.ZERO_UUID). */
export const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

const UUID_SIZE = 16;

export class ByteReader {
  /** 다음에 읽을 위치 (buf 안의 절대 위치) */
  position: number;
  /** 이 리더가 읽을 수 있는 끝 (buf 안의 절대 위치, 포함하지 않음) */
  readonly end: number;

  constructor(
    readonly buf: Buffer,
    start = 0,
    end = buf.length,
  ) {
    if (start < 0 || end > buf.length || start > end) {
      throw new RangeError(`잘못된 범위 [${start}, ${end}) (버퍼 길이 ${buf.length})`);
    }
    this.position = start;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.position;
  }

  /** n바이트를 읽을 수 있는지 확인하고, 읽기 시작 위치를 돌려주며 위치를 옮깁니다. */
  private take(n: number, what: string): number {
    if (n > this.end - this.position) {
      throw new ProtocolError(
        `${what}: ${n}바이트가 필요한데 위치 ${this.position}에서 ${this.remaining}바이트만 남았습니다`,
      );
    }
    const at = this.position;
    this.position += n;
    return at;
  }

  int8(): number {
    return this.buf.readInt8(this.take(1, 'int8'));
  }

  int16(): number {
    return this.buf.readInt16BE(this.take(2, 'int16'));
  }

  int32(): number {
    return this.buf.readInt32BE(this.take(4, 'int32'));
  }

  /** int64를 `number`로. 2^53을 넘는 값은 정밀도를 잃습니다 (오프셋·타임스탬프에는 일어나지 않습니다). */
  int64(): number {
    return Number(this.buf.readBigInt64BE(this.take(8, 'int64')));
  }

  uint16(): number {
    return this.buf.readUInt16BE(this.take(2, 'uint16'));
  }

  uint32(): number {
    return this.buf.readUInt32BE(this.take(4, 'uint32'));
  }

  float64(): number {
    return this.buf.readDoubleBE(this.take(8, 'float64'));
  }

  bool(): boolean {
    return this.buf[this.take(1, 'bool')] !== 0;
  }

  /** UUID를 Kafka가 보여 주는 형식(URL-safe base64, 22자)으로 읽습니다. */
  uuid(): string {
    const at = this.take(UUID_SIZE, 'uuid');
    return this.buf.toString('base64url', at, at + UUID_SIZE);
  }

  /** UNSIGNED_VARINT (최대 5바이트, 32비트 부호 없는 값) */
  unsignedVarint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.buf[this.take(1, 'varint')] as number;
      // 곱셈을 써서 2^31 이상도 음수가 되지 않게 합니다 (비트 연산은 32비트 부호 있는 정수).
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
    }
    throw new ProtocolError('varint가 5바이트를 넘습니다');
  }

  /** VARINT: 지그재그 인코딩된 int32. 0→0, -1→1, 1→2, -2→3 … */
  varint(): number {
    const zigzag = this.unsignedVarint();
    return (zigzag >>> 1) ^ -(zigzag & 1);
  }

  /** VARLONG: 지그재그 인코딩된 int64 (최대 10바이트). |값| < 2^52까지 정확합니다 (writer.ts의 varlong 참고). */
  varlong(): number {
    let zigzag = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      const byte = this.buf[this.take(1, 'varlong')] as number;
      zigzag += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) {
        // 지그재그 해석: 짝수는 양수(n/2), 홀수는 음수(-(n+1)/2). 53비트를 넘으니 비트 연산 대신 산술로.
        return zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
      }
    }
    throw new ProtocolError('varlong이 10바이트를 넘습니다');
  }

  /** 복사하지 않고 n바이트를 가리키는 조각을 돌려줍니다 (원래 버퍼를 공유합니다). */
  slice(n: number): Buffer {
    const at = this.take(n, 'bytes');
    return this.buf.subarray(at, at + n);
  }

  skip(n: number): void {
    this.take(n, 'skip');
  }

  /** 다음 n바이트만 읽는 리더. 태그 필드처럼 크기가 앞에 붙은 부분을 읽을 때 씁니다. */
  sub(n: number): ByteReader {
    const at = this.take(n, 'sub');
    return new ByteReader(this.buf, at, at + n);
  }

  private utf8(n: number): string {
    const at = this.take(n, 'string');
    return this.buf.toString('utf8', at, at + n);
  }

  private length(raw: number, what: string): number {
    if (raw < 0) throw new ProtocolError(`${what}: null이 될 수 없는데 길이가 ${raw}입니다`);
    return raw;
  }

  string(): string {
    return this.utf8(this.length(this.int16(), 'string'));
  }

  nullableString(): string | null {
    const n = this.int16();
    return n === -1 ? null : this.utf8(this.length(n, 'nullable string'));
  }

  compactString(): string {
    const n = this.unsignedVarint() - 1;
    return this.utf8(this.length(n, 'compact string'));
  }

  compactNullableString(): string | null {
    const n = this.unsignedVarint() - 1;
    return n === -1 ? null : this.utf8(n);
  }

  bytes(): Buffer {
    return this.slice(this.length(this.int32(), 'bytes'));
  }

  nullableBytes(): Buffer | null {
    const n = this.int32();
    return n === -1 ? null : this.slice(this.length(n, 'nullable bytes'));
  }

  compactBytes(): Buffer {
    return this.slice(this.length(this.unsignedVarint() - 1, 'compact bytes'));
  }

  compactNullableBytes(): Buffer | null {
    const n = this.unsignedVarint() - 1;
    return n === -1 ? null : this.slice(n);
  }

  /**
   * 배열의 원소 개수. -1은 null입니다. 원소 하나는 적어도 1바이트이므로, 남은 바이트보다 많은
   * 개수는 거짓입니다: 큰 개수로 메모리를 잡아먹게 두지 않고 바로 거절합니다.
   */
  arrayLength(compact: boolean): number {
    const n = compact ? this.unsignedVarint() - 1 : this.int32();
    if (n < -1) throw new ProtocolError(`올바르지 않은 배열 길이: ${n}`);
    if (n > this.remaining) {
      throw new ProtocolError(`배열 길이가 ${n}인데 남은 바이트는 ${this.remaining}개뿐입니다`);
    }
    return n;
  }

  /**
   * 태그 필드 구역(KIP-482)을 읽습니다. 태그마다 그 내용만 읽는 리더를 `onTag`에 넘기고, `onTag`가
   * 무엇을 읽든 크기만큼 건너뜁니다. 그래서 모르는 태그(새 클라이언트가 보낸 필드)는 무시하면 그만입니다.
   */
  taggedFields(onTag?: (tag: number, reader: ByteReader) => void): void {
    const count = this.unsignedVarint();
    for (let i = 0; i < count; i++) {
      const tag = this.unsignedVarint();
      const size = this.unsignedVarint();
      const field = this.sub(size);
      onTag?.(tag, field);
    }
  }
}
