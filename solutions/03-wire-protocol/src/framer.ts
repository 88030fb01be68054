// 3장 레코드 배치와 와이어 프로토콜 — 해답
// 원본: reference/src/protocol/framer.ts (npm run course:sync가 이 파일을 만듭니다)
/**
 * 프레이밍(Framing): TCP는 바이트의 흐름일 뿐 메시지의 경계를 모릅니다. Kafka는 요청과 응답마다
 * 앞에 4바이트 크기(int32, 빅 엔디언)를 붙여 경계를 표시합니다.
 *
 *     RequestOrResponse => Size (RequestMessage | ResponseMessage)
 *       Size => int32                  뒤따르는 바이트 수 (크기 필드 자신은 빼고)
 *
 * 소켓에서 받은 조각(chunk)은 프레임의 중간에서 끊겨 있을 수도, 프레임 여러 개를 담고 있을 수도
 * 있습니다. `Framer.feed`는 조각을 받아 완성된 프레임(크기 필드를 뺀 내용)들을 돌려줍니다.
 * 소켓은 모릅니다: 서버가 소켓의 'data' 이벤트마다 feed를 부르면 됩니다.
 *
 * 한 조각 안에 온전히 들어 있는 프레임은 복사하지 않고 그 조각을 가리키는 Buffer로 돌려줍니다.
 * 여러 조각에 걸친 프레임만 한 번 이어 붙입니다.
 */

/** 크기 필드가 음수이거나 최대보다 큽니다. 서버는 이 연결을 닫고 로그를 남깁니다. */
export class FrameError extends Error {
  override name = 'FrameError';
}

const SIZE_BYTES = 4;

/** 크기 필드(4바이트)를 붙인 프레임을 만듭니다. */
export function frame(payload: Buffer): Buffer {
  const framed = Buffer.allocUnsafe(SIZE_BYTES + payload.length);
  framed.writeInt32BE(payload.length, 0);
  payload.copy(framed, SIZE_BYTES);
  return framed;
}

export class Framer {
  /** 아직 프레임을 이루지 못한 조각들 */
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  /**
   * @param maxFrameBytes 프레임 내용의 최대 크기. Kafka 브로커의 `socket.request.max.bytes`(기본 100 MiB)에
   *   해당합니다. 크기 필드만 보고 거대한 버퍼를 잡지 않도록, 넘으면 바로 FrameError를 던집니다.
   */
  constructor(readonly maxFrameBytes: number) {}

  /** 조각을 받아 완성된 프레임들을 돌려줍니다 (없으면 빈 배열). */
  feed(chunk: Buffer): Buffer[] {
    const frames: Buffer[] = [];
    let data = chunk;
    if (this.pendingBytes > 0) {
      // 앞 조각에 남은 것이 있으면, 적어도 크기 필드 또는 프레임 하나가 찰 때까지만 이어 붙입니다.
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      const needed = this.neededForPending();
      if (this.pendingBytes < needed) return frames;
      data = Buffer.concat(this.pending, this.pendingBytes);
      this.pending = [];
      this.pendingBytes = 0;
    }

    let offset = 0;
    while (data.length - offset >= SIZE_BYTES) {
      const size = this.checkSize(data.readInt32BE(offset));
      const end = offset + SIZE_BYTES + size;
      if (end > data.length) break;
      frames.push(data.subarray(offset + SIZE_BYTES, end));
      offset = end;
    }
    if (offset < data.length) {
      this.pending.push(data.subarray(offset));
      this.pendingBytes = data.length - offset;
    }
    return frames;
  }

  /** 남은 조각이 만들 프레임까지 필요한 전체 바이트 수 (크기 필드를 아직 다 못 받았으면 4) */
  private neededForPending(): number {
    if (this.pendingBytes < SIZE_BYTES) return SIZE_BYTES;
    const head = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, SIZE_BYTES);
    return SIZE_BYTES + this.checkSize((head as Buffer).readInt32BE(0));
  }

  private checkSize(size: number): number {
    if (size < 0 || size > this.maxFrameBytes) {
      throw new FrameError(`프레임 크기 ${size}바이트는 허용 범위(0~${this.maxFrameBytes})를 벗어났습니다`);
    }
    return size;
  }

  /** 받았지만 아직 프레임이 되지 못한 바이트 수 */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }
}
