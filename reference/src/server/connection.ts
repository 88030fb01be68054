/**
 * 클라이언트 연결 하나. 바이트를 요청 프레임으로 자르고, 요청을 **한 번에 하나씩, 받은 순서대로** 처리해
 * 응답도 같은 순서로 돌려줍니다.
 *
 * Kafka 브로커도 연결마다 요청을 하나 받으면 그 응답을 보낼 때까지 다음 요청을 읽지 않습니다(channel mute).
 * 클라이언트는 응답을 기다리지 않고 요청을 여러 개 보낼 수 있지만(pipelining), 응답 순서는 요청 순서와
 * 같다고 믿고 correlation id로 짝을 맞추기 때문입니다.
 */
import type { Socket } from 'node:net';
import type { Framer } from '../protocol/framer.js';
import { josa } from './josa.js';
import type { Logger } from './logger.js';

/** 프레임 하나를 처리해 응답 프레임(크기 접두사 포함)을 돌려줍니다. null이면 응답하지 않습니다(acks=0). */
export type RequestProcessor = (frame: Buffer, connection: ConnectionInfo) => Buffer | null | Promise<Buffer | null>;

/** 연결이 부르는 처리기: 리스너의 처리기, 또는 응답 뒤에 끊으라고(`CloseAfterResponse`) 답할 수 있는 SASL 인증기 */
export type ConnectionProcessor = (
  frame: Buffer,
  connection: ConnectionInfo,
) => ReturnType<RequestProcessor> | CloseAfterResponse;

/** 응답(없으면 null)을 다 보낸 뒤 연결을 끊으라는 답 (Kafka: 인증 실패의 응답을 보낸 뒤 채널을 닫습니다) */
export interface CloseAfterResponse {
  readonly response: Buffer | null;
  readonly closeReason: string;
}

export interface ConnectionInfo {
  readonly id: string;
  readonly remote: string;
  readonly listener: string;
  /**
   * 요청을 보낸 주체 (Kafka `KafkaPrincipal`): SASL로 인증한 연결은 `User:<이름>`, 인증하지 않는 리스너(PLAINTEXT)는
   * `User:ANONYMOUS`(`ANONYMOUS`). 소켓 없이 프레임을 넣는 시뮬레이터처럼 적지 않으면 인증하지 않은 연결입니다.
   * 인가기(`../security/authorizer.ts`)가 켜져 있으면 요청마다 이 주체로 권한을 묻습니다.
   */
  readonly principal?: string;
}

/** 인증하지 않은 연결의 주체 (Kafka `KafkaPrincipal.ANONYMOUS`) */
export const ANONYMOUS = 'User:ANONYMOUS';

/** 보내지 못하고 쌓인 응답이 이만큼 넘으면, 클라이언트가 읽을 때까지 요청 읽기를 멈춥니다. */
const MAX_PENDING_WRITE_BYTES = 16 * 1024 * 1024;

export class Connection {
  readonly #frames: Buffer[] = [];
  #processing = false;
  #closed = false;

  constructor(
    private readonly socket: Socket,
    readonly info: ConnectionInfo,
    private readonly process: ConnectionProcessor,
    private readonly log: Logger,
    private readonly framer: Framer,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.#onData(chunk));
    socket.on('drain', () => socket.resume());
    socket.on('error', (error) => log.debug(`연결 ${info.id} (${info.remote}) 오류: ${error.message}`));
    socket.on('close', () => {
      this.#closed = true;
    });
  }

  /** 연결을 끊습니다. 이유(와 그 예외)는 로그에 남깁니다. 다른 연결은 계속 서비스합니다. */
  close(reason: string, cause?: unknown): void {
    if (this.#closed) return;
    this.#closed = true;
    this.log.warn(`${josa(`연결 ${this.info.id} (${this.info.remote})`, '을/를')} 끊습니다: ${reason}`, cause);
    this.socket.destroy();
  }

  /** 응답을 보내고, 다 내보낸 뒤 끊습니다 (`end`는 쌓인 쓰기를 마저 보내고 FIN을 보냅니다). 뒤에 온 요청은 버립니다. */
  #closeAfter({ response, closeReason }: CloseAfterResponse): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#frames.length = 0;
    this.log.warn(`${josa(`연결 ${this.info.id} (${this.info.remote})`, '을/를')} 끊습니다: ${closeReason}`);
    this.socket.uncork();
    if (response) this.socket.write(response);
    this.socket.end(() => this.socket.destroy());
  }

  #onData(chunk: Buffer): void {
    try {
      for (const frame of this.framer.feed(chunk)) this.#frames.push(frame);
    } catch (error) {
      this.close(`잘못된 프레임: ${error instanceof Error ? error.message : String(error)}`, error);
      return;
    }
    if (!this.#processing) void this.#drain();
  }

  async #drain(): Promise<void> {
    this.#processing = true;
    // 쌓인 요청의 응답을 모아 한 번에 보냅니다 (cork/uncork로 시스템 호출을 줄입니다).
    this.socket.cork();
    try {
      while (this.#frames.length > 0 && !this.#closed) {
        const frame = this.#frames.shift() as Buffer;
        const pending = this.process(frame, this.info);
        let response: Buffer | null | CloseAfterResponse;
        if (pending instanceof Promise) {
          // 기다리는 동안(예: Fetch 롱 폴링) 모아 둔 응답은 먼저 내보냅니다.
          this.socket.uncork();
          response = await pending;
          this.socket.cork();
        } else {
          response = pending;
        }
        if (response && !Buffer.isBuffer(response)) {
          this.#closeAfter(response);
          break;
        }
        if (response && !this.#closed) this.socket.write(response);
        if (this.socket.writableLength > MAX_PENDING_WRITE_BYTES) this.socket.pause();
      }
    } catch (error) {
      this.close(`요청 처리 실패: ${error instanceof Error ? error.message : String(error)}`, error);
    } finally {
      this.socket.uncork();
      this.#processing = false;
    }
  }
}
