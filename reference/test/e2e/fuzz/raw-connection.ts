/**
 * 날것의 TCP 연결: 아무 바이트나 보내고, 돌아오는 바이트를 응답 프레임(4바이트 크기 + 내용)으로 자릅니다.
 * 클라이언트 라이브러리는 잘못된 요청을 만들어 주지 않으니, 퍼즈는 이것으로 브로커와 말합니다.
 *
 * 브로커 쪽 Framer를 쓰지 않고 따로 자릅니다: 시험 대상의 코드로 시험 결과를 읽지 않으려고요.
 */
import { connect, type Socket } from 'node:net';

export type Next =
  | { readonly type: 'frame'; readonly frame: Buffer }
  | { readonly type: 'closed' }
  | { readonly type: 'timeout' };

/** 응답 프레임의 크기로 말이 되는 최대값. 이보다 크면 브로커가 잘못된 크기를 보낸 것으로 봅니다. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export class RawConnection {
  readonly #frames: Buffer[] = [];
  #pending: Buffer = Buffer.alloc(0);
  #closed = false;
  #wake: (() => void) | null = null;
  /** 브로커가 보낸 바이트가 프레임이 되지 않을 때 (음수 크기 등) */
  malformed: string | null = null;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    // 브로커가 연결을 끊으면 ECONNRESET이 올 수 있습니다. 그것도 "닫혔다"입니다.
    socket.on('error', () => {});
    socket.on('close', () => {
      this.#closed = true;
      this.#notify();
    });
  }

  static open(port: number, timeoutMs = 5_000): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`127.0.0.1:${port}에 ${timeoutMs}ms 안에 연결하지 못했습니다`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(new RawConnection(socket));
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  write(bytes: Buffer): void {
    if (!this.#closed) this.socket.write(bytes);
  }

  /** 보낼 바이트를 여러 조각으로 나누어, 조각 사이에 이벤트 루프를 한 번 돌립니다 (브로커의 프레이머가 조각을 잇게). */
  async writeInPieces(bytes: Buffer, cuts: readonly number[]): Promise<void> {
    let from = 0;
    for (const cut of [...cuts].sort((a, b) => a - b)) {
      if (cut <= from || cut >= bytes.length) continue;
      this.write(bytes.subarray(from, cut));
      from = cut;
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.write(bytes.subarray(from));
  }

  /** 쓰기 쪽을 닫습니다 (FIN). 브로커는 읽을 것이 더 없다는 것을 알게 됩니다. */
  end(): void {
    if (!this.#closed) this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** 다음 응답 프레임(크기 접두사를 뗀 내용), 또는 연결이 닫혔거나 시간이 다 됐다는 것 */
  async next(timeoutMs: number): Promise<Next> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const frame = this.#frames.shift();
      if (frame) return { type: 'frame', frame };
      if (this.#closed) return { type: 'closed' };
      const left = deadline - Date.now();
      if (left <= 0) return { type: 'timeout' };
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** 연결이 닫힐 때까지 기다립니다. 그 사이에 온 프레임들을 돌려주고, 시간이 다 되면 null. */
  async waitClosed(timeoutMs: number): Promise<Buffer[] | null> {
    const frames: Buffer[] = [];
    for (;;) {
      const next = await this.next(timeoutMs);
      if (next.type === 'closed') return frames;
      if (next.type === 'timeout') return null;
      frames.push(next.frame);
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  #onData(chunk: Buffer): void {
    let data = this.#pending.length > 0 ? Buffer.concat([this.#pending, chunk]) : chunk;
    while (data.length >= 4) {
      const size = data.readInt32BE(0);
      if (size < 0 || size > MAX_RESPONSE_BYTES) {
        this.malformed ??= `브로커가 보낸 응답 크기 ${size}는 말이 되지 않습니다`;
        this.socket.destroy();
        return;
      }
      if (data.length < 4 + size) break;
      this.#frames.push(data.subarray(4, 4 + size));
      data = data.subarray(4 + size);
    }
    this.#pending = data;
    this.#notify();
  }
}
