/**
 * 다른 노드에게 요청을 보내는 TCP 클라이언트: 와이어 프로토콜 그대로(크기 접두사 프레임, 요청 헤더, correlation id)
 * 보내고 답을 짝지어 돌려줍니다. Kafka `NetworkClient`의 작은 판입니다. `Transport`를 구현하므로, 쿼럼은 이것을
 * `KafkaNetworkChannel`(`../raft/kafka-network-channel.ts`)로 감싸 시뮬레이터의 네트워크 자리에 그대로 씁니다.
 *
 *   - 노드마다 연결 하나. 처음 보낼 때 연결하고, 연결되는 동안의 요청은 줄 세웠다가 보냅니다.
 *   - 답은 correlation id로 짝짓습니다. Kafka 브로커는 연결마다 요청 순서대로 답하지만, 짝은 id로 맞춥니다.
 *   - 요청마다 시간 제한(`request.timeout.ms`): 지나면 그 연결을 끊습니다. 한 연결의 답은 순서대로 오므로, 답하지
 *     않는 노드(SIGSTOP으로 멈춘 프로세스)에 걸린 연결은 버리고 새로 맺는 것이 Kafka의 방식입니다.
 *   - 끊기면 그 연결의 모든 요청에 DISCONNECTED로 답하고, 다시 연결하기 전에 물러납니다(backoff):
 *     `reconnect.backoff.ms`에서 시작해 실패할 때마다 두 배, `reconnect.backoff.max.ms`까지, ±20% 흔들어서.
 *   - 보안(`security`): TLS면 `tls.connect`로 붙고, SASL이면 연결되자마자 SaslHandshake와 SaslAuthenticate를 먼저
 *     주고받습니다 (Kafka `SaslClientAuthenticator`). 인증이 끝나기 전의 요청은 줄에서 기다리고, 인증이 실패하면
 *     경고를 남기고 연결을 버립니다 (기다리던 요청은 DISCONNECTED, 다음 연결은 물러난 뒤).
 *
 * 시간은 주입된 시계로 잽니다. 답(`onReply`)은 언제나 나중에(시계의 다음 차례에) 부릅니다: `send` 안에서 곧바로
 * 부르지 않으므로 부르는 쪽이 재진입을 걱정하지 않아도 됩니다.
 */
import { connect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { ApiKey } from '../protocol/api-keys.js';
import { decode, encodeInto } from '../protocol/codec.js';
import { errorName } from '../protocol/error-codes.js';
import { Framer, frame } from '../protocol/framer.js';
import { decodeResponseHeader, encodeRequestHeader } from '../protocol/headers.js';
import { schemasFor } from '../protocol/messages/index.js';
import { ByteReader } from '../protocol/reader.js';
import { ByteWriter } from '../protocol/writer.js';
import { err, ok } from '../result.js';
import { type ClientSecurity, PLAINTEXT_CLIENT } from '../security/client-security.js';
import { saslClient } from '../security/sasl-client.js';
import { josa } from '../server/josa.js';
import type { Logger } from '../server/logger.js';
import type { Clock, TimerHandle } from './clock.js';
import type { Random } from './random.js';
import type { Reply, Transport } from './transport.js';

export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

/** 와이어로 나가는 요청: API 키, 버전, 본문(스키마의 모양) */
export interface ApiRequest {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly body: unknown;
}

export interface NetworkClientOptions {
  /**
   * 노드 ID → 주소. 컨트롤러로 가면 `controller.quorum.voters`의 `id@host:port`, 다른 브로커로 가면(팔로워의 Fetch)
   * 메타데이터에 등록된 그 브로커의 주소입니다 (보낼 때마다 묻습니다: 브로커는 다시 켜지며 포트를 바꿀 수 있습니다).
   */
  readonly endpoints: Pick<ReadonlyMap<number, Endpoint>, 'get'>;
  readonly clientId: string;
  readonly clock: Clock;
  readonly random: Random;
  /** `request.timeout.ms` */
  readonly requestTimeoutMs: number;
  /** `reconnect.backoff.ms` (Kafka 기본 50) */
  readonly reconnectBackoffMs?: number;
  /** `reconnect.backoff.max.ms` (Kafka 기본 1000) */
  readonly reconnectBackoffMaxMs?: number;
  /** 응답 프레임의 최대 크기 */
  readonly maxResponseBytes?: number;
  /** 나가는 연결의 TLS·SASL (기본은 PLAINTEXT) */
  readonly security?: ClientSecurity;
  /** 연결을 버린 까닭을 남길 곳 (인증 실패는 경고) */
  readonly logger?: Pick<Logger, 'debug' | 'warn'>;
}

interface InFlight {
  readonly request: ApiRequest;
  readonly onReply: (reply: Reply<unknown>) => void;
  readonly timer: TimerHandle;
}

interface NodeConnection {
  readonly socket: Socket;
  /** 연결되었고 (SASL이면) 인증도 마쳐 요청을 보내도 됨 */
  connected: boolean;
  /** 연결되어 인증하면 보낼 프레임 */
  readonly queued: Buffer[];
  readonly inFlight: Map<number, InFlight>;
  readonly framer: Framer;
}

const JITTER = 0.2;

export class NetworkClient implements Transport<ApiRequest, unknown> {
  readonly #options: NetworkClientOptions;
  readonly #connections = new Map<number, NodeConnection>();
  /** 노드마다: 다시 연결해도 되는 시각과 잇달아 실패한 횟수 */
  readonly #backoff = new Map<number, { untilMs: number; failures: number }>();
  #nextCorrelationId = 1;
  #closed = false;

  constructor(options: NetworkClientOptions) {
    this.#options = options;
  }

  send(destination: number, request: ApiRequest, onReply: (reply: Reply<unknown>) => void): void {
    const endpoint = this.#options.endpoints.get(destination);
    const backoff = this.#backoff.get(destination);
    if (this.#closed || !endpoint || (backoff && this.#options.clock.now() < backoff.untilMs)) {
      this.#later(() => onReply(err('DISCONNECTED')));
      return;
    }
    const connection = this.#connections.get(destination) ?? this.#connect(destination, endpoint);
    const bytes = this.#track(destination, connection, request, onReply);
    if (connection.connected) connection.socket.write(bytes);
    else connection.queued.push(bytes);
  }

  /** 요청에 correlation id와 시간 제한을 붙여 기다리는 요청에 넣고, 보낼 프레임을 돌려줍니다 */
  #track(
    destination: number,
    connection: NodeConnection,
    request: ApiRequest,
    onReply: (reply: Reply<unknown>) => void,
  ): Buffer {
    const correlationId = this.#nextCorrelationId++;
    const timer = this.#options.clock.schedule(this.#options.requestTimeoutMs, () =>
      this.#disconnect(
        destination,
        connection,
        `${josa(`요청 ${correlationId}`, '이/가')} ${this.#options.requestTimeoutMs}ms 안에 답을 받지 못함`,
      ),
    );
    connection.inFlight.set(correlationId, { request, onReply, timer });
    return this.#encode(correlationId, request);
  }

  /** 모든 연결을 닫고, 기다리던 요청에 DISCONNECTED로 답합니다. */
  close(): void {
    this.#closed = true;
    for (const [destination, connection] of [...this.#connections]) this.#disconnect(destination, connection, '닫음');
  }

  #encode(correlationId: number, request: ApiRequest): Buffer {
    const schemas = schemasFor(request.apiKey);
    if (!schemas) throw new Error(`모르는 API 키 ${request.apiKey}`);
    const writer = new ByteWriter();
    encodeRequestHeader(writer, {
      requestApiKey: request.apiKey,
      requestApiVersion: request.apiVersion,
      correlationId,
      clientId: this.#options.clientId,
    });
    encodeInto(writer, schemas.request, request.apiVersion, request.body as never);
    return frame(writer.toBuffer());
  }

  #connect(destination: number, endpoint: Endpoint): NodeConnection {
    const { tls, sasl } = this.#options.security ?? PLAINTEXT_CLIENT;
    const address = { host: endpoint.host, port: endpoint.port };
    // TLS는 상대의 인증서가 그 호스트 이름(또는 IP)의 것인지까지 봅니다. SNI에는 IP를 실을 수 없습니다.
    const socket = tls
      ? tlsConnect({ ...address, ...tls, servername: isIP(endpoint.host) ? undefined : endpoint.host })
      : connect(address);
    socket.setNoDelay(true);
    const connection: NodeConnection = {
      socket,
      connected: false,
      queued: [],
      inFlight: new Map(),
      framer: new Framer(this.#options.maxResponseBytes ?? 100 * 1024 * 1024),
    };
    this.#connections.set(destination, connection);
    socket.on(tls ? 'secureConnect' : 'connect', () => {
      if (sasl) this.#authenticate(destination, connection);
      else this.#ready(destination, connection);
    });
    socket.on('data', (chunk) => {
      try {
        for (const payload of connection.framer.feed(chunk)) this.#onResponse(connection, payload);
      } catch (error) {
        this.#disconnect(destination, connection, `잘못된 응답: ${error instanceof Error ? error.message : error}`);
      }
    });
    // TCP는 붙었는데 TLS 핸드셰이크에서 끊기면(믿을 수 없는 인증서, 인증서를 내밀지 않음) 설정 문제이니 경고로 남깁니다.
    let handshaking = false;
    if (tls) {
      socket.once('connect', () => (handshaking = true));
      socket.once('secureConnect', () => (handshaking = false));
    }
    socket.on('error', (error) => {
      if (handshaking)
        this.#options.logger?.warn(`노드 ${destination}와의 TLS 핸드셰이크가 실패했습니다: ${error.message}`);
      this.#disconnect(destination, connection, `소켓 오류: ${error.message}`);
    });
    socket.on('close', () => this.#disconnect(destination, connection, '연결이 닫힘'));
    return connection;
  }

  /** 연결과 인증을 마쳤습니다: 줄 서 있던 요청을 보냅니다 */
  #ready(destination: number, connection: NodeConnection): void {
    connection.connected = true;
    this.#backoff.delete(destination);
    for (const bytes of connection.queued.splice(0)) connection.socket.write(bytes);
  }

  /**
   * SaslHandshake(v1, 방식 이름) 다음 SaslAuthenticate(v2)를 토큰이 끝날 때까지 주고받습니다 (Kafka
   * `SaslClientAuthenticator`의 SEND_HANDSHAKE_REQUEST → INTERMEDIATE → COMPLETE). 이 두 요청은 줄을 건너 곧바로 갑니다.
   */
  #authenticate(destination: number, connection: NodeConnection): void {
    const credentials = (this.#options.security as ClientSecurity).sasl as NonNullable<ClientSecurity['sasl']>;
    const login = saslClient(credentials, this.#options.random);
    const fail = (reason: string) => {
      this.#options.logger?.warn(
        `노드 ${destination}에 ${credentials.username}(${credentials.mechanism})로 인증하지 못했습니다: ${reason}`,
      );
      this.#disconnect(destination, connection, `인증 실패: ${reason}`);
    };
    const exchange = (request: ApiRequest, onAnswer: (body: Record<string, unknown>) => void) =>
      connection.socket.write(
        this.#track(destination, connection, request, (reply) => {
          if (reply.ok) onAnswer(reply.response as Record<string, unknown>);
        }),
      );
    const authenticate = (token: Buffer) =>
      exchange({ apiKey: ApiKey.SaslAuthenticate, apiVersion: 2, body: { authBytes: token } }, (answer) => {
        if (answer.errorCode !== 0)
          return fail(`${errorName(answer.errorCode as number)} ${answer.errorMessage ?? ''}`);
        const next = login.next(answer.authBytes as Buffer);
        if (!next.ok) fail(next.error);
        else if (next.token === null) this.#ready(destination, connection);
        else authenticate(next.token);
      });
    exchange({ apiKey: ApiKey.SaslHandshake, apiVersion: 1, body: { mechanism: credentials.mechanism } }, (answer) => {
      if (answer.errorCode !== 0) return fail(`SaslHandshake ${errorName(answer.errorCode as number)}`);
      authenticate(login.first());
    });
  }

  #onResponse(connection: NodeConnection, payload: Buffer): void {
    const correlationId = payload.readInt32BE(0);
    const pending = connection.inFlight.get(correlationId);
    if (!pending) return; // 시간이 지나 버린 요청의 답
    connection.inFlight.delete(correlationId);
    this.#options.clock.cancel(pending.timer);
    const { apiKey, apiVersion } = pending.request;
    const reader = new ByteReader(payload);
    decodeResponseHeader(reader, apiKey, apiVersion);
    const body = decode(
      (schemasFor(apiKey) as NonNullable<ReturnType<typeof schemasFor>>).response,
      apiVersion,
      reader,
    );
    pending.onReply(ok({ response: body }));
  }

  /** 연결을 버립니다: 기다리던 요청마다 DISCONNECTED, 그리고 다음 연결 전에 물러납니다. */
  #disconnect(destination: number, connection: NodeConnection, reason: string): void {
    if (this.#connections.get(destination) !== connection) return;
    this.#connections.delete(destination);
    this.#options.logger?.debug(`${josa(`노드 ${destination}`, '와/과')}의 연결을 버립니다: ${reason}`);
    connection.socket.destroy();
    const failures = (this.#backoff.get(destination)?.failures ?? 0) + (connection.connected ? 0 : 1);
    const base = this.#options.reconnectBackoffMs ?? 50;
    const max = this.#options.reconnectBackoffMaxMs ?? 1000;
    const exp = Math.min(max, base * 2 ** Math.max(0, failures - 1));
    const jitter = 1 - JITTER + (2 * JITTER * this.#options.random.int(1000)) / 1000;
    this.#backoff.set(destination, { untilMs: this.#options.clock.now() + Math.round(exp * jitter), failures });
    for (const pending of connection.inFlight.values()) {
      this.#options.clock.cancel(pending.timer);
      this.#later(() => pending.onReply(err('DISCONNECTED')));
    }
    connection.inFlight.clear();
  }

  #later(fn: () => void): void {
    this.#options.clock.schedule(0, fn);
  }
}
