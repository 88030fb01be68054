/**
 * 테스트용 날(raw) 프로토콜 클라이언트: 우리 코덱으로 요청을 만들어 소켓에 쓰고, 응답을 correlation id로
 * 짝지어 디코딩합니다. 진짜 클라이언트가 잘 보내지 않는 요청(파이프라이닝, 롱 폴링, 특정 버전)을 시험할 때 씁니다.
 */
import { connect, type Socket } from 'node:net';
import { decode, encodeInto } from '../../src/protocol/codec.js';
import { Framer, frame } from '../../src/protocol/framer.js';
import { decodeResponseHeader, encodeRequestHeader } from '../../src/protocol/headers.js';
import { schemasFor } from '../../src/protocol/messages/index.js';
import { ByteReader } from '../../src/protocol/reader.js';
import { ByteWriter } from '../../src/protocol/writer.js';

/** 요청 하나의 바이트 (크기 접두사 없이: 헤더 + 본문). 소켓에 쓸 때는 `frame`으로 감쌉니다. */
export function encodeRequest(
  apiKey: number,
  apiVersion: number,
  body: unknown,
  { correlationId = 7, clientId = 'raw' }: { correlationId?: number; clientId?: string } = {},
): Buffer {
  const schemas = schemasFor(apiKey);
  if (!schemas) throw new Error(`모르는 API ${apiKey}`);
  const writer = new ByteWriter();
  encodeRequestHeader(writer, { requestApiKey: apiKey, requestApiVersion: apiVersion, correlationId, clientId });
  encodeInto(writer, schemas.request, apiVersion, body as never);
  return writer.toBuffer();
}

/** 응답 하나(크기 접두사를 뗀 바이트)의 correlation id와 본문 */
export function decodeResponse<T = Record<string, unknown>>(
  payload: Buffer,
  apiKey: number,
  apiVersion: number,
): { correlationId: number; body: T } {
  const reader = new ByteReader(payload);
  const { correlationId } = decodeResponseHeader(reader, apiKey, apiVersion);
  const schemas = schemasFor(apiKey);
  if (!schemas) throw new Error(`모르는 API ${apiKey}`);
  return { correlationId, body: decode(schemas.response, apiVersion, reader) as T };
}

interface Pending {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly resolve: (body: unknown) => void;
}

export class RawClient {
  readonly #pending = new Map<number, Pending>();
  readonly #framer = new Framer(256 * 1024 * 1024);
  #nextCorrelationId = 1;
  /** 응답이 도착한 순서대로의 correlation id */
  readonly arrivals: number[] = [];

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => {
      for (const payload of this.#framer.feed(chunk)) this.#onResponse(payload);
    });
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, host, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  /** 요청 프레임 바이트를 만듭니다 (보내지 않음). */
  encode(apiKey: number, apiVersion: number, body: unknown): { correlationId: number; bytes: Buffer } {
    const correlationId = this.#nextCorrelationId++;
    return { correlationId, bytes: frame(encodeRequest(apiKey, apiVersion, body, { correlationId })) };
  }

  /** 요청을 보내고 응답 본문을 기다립니다. */
  send<T = Record<string, unknown>>(apiKey: number, apiVersion: number, body: unknown): Promise<T> {
    const { correlationId, bytes } = this.encode(apiKey, apiVersion, body);
    const response = this.expect<T>(correlationId, apiKey, apiVersion);
    this.socket.write(bytes);
    return response;
  }

  /** 미리 만든 요청의 응답을 기다리게 등록합니다. */
  expect<T>(correlationId: number, apiKey: number, apiVersion: number): Promise<T> {
    return new Promise((resolve) => {
      this.#pending.set(correlationId, { apiKey, apiVersion, resolve: resolve as (body: unknown) => void });
    });
  }

  writeRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  close(): void {
    this.socket.destroy();
  }

  /** 브로커가 연결을 끊으면 부릅니다 */
  onClose(listener: () => void): void {
    this.socket.on('close', listener);
  }

  #onResponse(payload: Buffer): void {
    const correlationId = payload.readInt32BE(0);
    const pending = this.#pending.get(correlationId);
    if (!pending) throw new Error(`기다리지 않던 응답 ${correlationId}`);
    this.#pending.delete(correlationId);
    this.arrivals.push(correlationId);
    pending.resolve(decodeResponse(payload, pending.apiKey, pending.apiVersion).body);
  }
}
