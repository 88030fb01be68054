/**
 * 연결 하나의 SASL 인증 상태 기계 (Kafka `SaslServerAuthenticator`). SASL_PLAINTEXT 리스너의 연결은 인증을 마치기
 * 전에 이것만 거칩니다:
 *
 *   ApiVersions(한 번, 아무 버전) → SaslHandshake(방식 고르기) → SaslAuthenticate…(토큰 주고받기) → 인증됨
 *
 * - 인증 전에 다른 요청이 오면 답하지 않고 연결을 끊습니다 (Kafka `IllegalSaslStateException`).
 * - 모르는 방식이면 UNSUPPORTED_SASL_MECHANISM과 켜진 방식 목록을 답하고 끊습니다.
 * - SaslHandshake v0을 쓴 옛 클라이언트는 그다음 토큰을 SaslAuthenticate 없이 크기 접두사만 붙여 보냅니다
 *   (`enableKafkaSaslAuthenticateHeaders(false)`). 답도 크기 접두사 + 토큰이고, 실패하면 답 없이 끊습니다.
 * - 토큰이 틀리면 SASL_AUTHENTICATION_FAILED를 답하고 끊습니다.
 *
 * 재인증(KIP-368, `connections.max.reauth.ms`가 양수일 때): 인증을 마치면 SaslAuthenticate v1+의 답에 세션 수명
 * (`session_lifetime_ms`)을 적고, 그 수명이 지나면 세션이 끝납니다. 인증된 연결에 SaslHandshake가 오면 같은 인증을
 * 처음부터 다시 하고(`maybeBeginReauthentication`), 마치면 세션이 새로 시작됩니다. 끝난 세션으로 다른 요청을 보낸
 * 연결은 끊습니다(`sessionExpired`). 재인증은 방식도 주체도 바꿀 수 없습니다.
 *
 * 소켓을 모릅니다: 프레임을 받아 무엇을 답하고 연결을 어떻게 할지(`AuthStep`)를 돌려줄 뿐입니다.
 */
import { ApiKey, apiKeyName } from '../protocol/api-keys.js';
import { decode } from '../protocol/codec.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { decodeRequestHeader, type RequestHeader } from '../protocol/headers.js';
import { saslHandshakeRequest, saslHandshakeResponse } from '../protocol/messages/17-sasl-handshake.js';
import { saslAuthenticateRequest, saslAuthenticateResponse } from '../protocol/messages/36-sasl-authenticate.js';
import { ByteReader } from '../protocol/reader.js';
import type { Random } from '../runtime/random.js';
import type { ConnectionInfo, ConnectionProcessor, RequestProcessor } from '../server/connection.js';
import { encodeResponseFrame } from '../server/request-processor.js';
import {
  PlainSaslServer,
  SaslAuthenticationError,
  type SaslCredentials,
  type SaslServer,
  ScramSaslServer,
} from './sasl-server.js';
import { isScramMechanism } from './scram-mechanisms.js';

/** SASL 리스너 하나의 설정: 켜진 방식(`sasl.enabled.mechanisms`), 사용자, 인증 전 프레임의 최대 크기 */
export interface SaslListenerConfig {
  readonly mechanisms: readonly string[];
  readonly credentials: SaslCredentials;
  /** `sasl.server.max.receive.size` (Kafka 기본 512 KiB): 인증 전의 프레임은 이보다 크면 안 됩니다 */
  readonly maxReceiveBytes: number;
  /** `connections.max.reauth.ms` (Kafka 기본 0 = 세션 수명 없음, 재인증 없음) */
  readonly connectionsMaxReauthMs: number;
  /** 세션 수명을 재는 단조 시계 (Kafka `time.nanoseconds()`) */
  readonly monotonicMs: () => number;
}

/** 재인증을 시작한 뒤 다음 재인증까지 적어도 이만큼 (Kafka `KafkaChannel.MIN_REAUTH_INTERVAL_ONE_SECOND_NANOS`) */
const MIN_REAUTH_INTERVAL_MS = 1000;

/** 이 브로커가 구현한 방식 */
export const SUPPORTED_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;

/** 인증기가 프레임 하나에 내린 결정 */
export type AuthStep =
  /** 리스너의 처리기가 답합니다 (인증 전의 ApiVersions) */
  | { readonly kind: 'delegate' }
  /** 이 답을 보내고 계속 */
  | { readonly kind: 'reply'; readonly response: Buffer | null }
  /** 이 답을 보내면 인증 끝: 다음 요청부터 `principal`로 처리합니다 */
  | {
      readonly kind: 'authenticated';
      readonly response: Buffer | null;
      readonly principal: string;
      /** 재인증을 마쳤으면 true (주체는 그대로입니다) */
      readonly reauthenticated: boolean;
    }
  /** 이 답(없으면 null)을 보내고 연결을 끊습니다. `reason`은 로그에 남길 말 (비밀번호는 들어 있지 않습니다) */
  | { readonly kind: 'fail'; readonly response: Buffer | null; readonly reason: string };

type SaslState =
  | 'HANDSHAKE_OR_VERSIONS_REQUEST'
  | 'HANDSHAKE_REQUEST'
  /** 재인증의 첫 상태: SaslHandshake를 처리합니다 */
  | 'REAUTH_PROCESS_HANDSHAKE'
  /** 재인증에서 다른 방식을 골랐음: 다음 프레임에서 실패합니다 */
  | 'REAUTH_BAD_MECHANISM'
  | 'AUTHENTICATE'
  | 'COMPLETE'
  | 'FAILED';

/** ApiVersions의 버전 범위 (범위 밖이면 리스너의 처리기가 UNSUPPORTED_VERSION으로 답하고, 상태는 그대로) */
export interface ApiVersionsRange {
  readonly minVersion: number;
  readonly maxVersion: number;
}

export class SaslServerAuthenticator {
  #state: SaslState = 'HANDSHAKE_OR_VERSIONS_REQUEST';
  /** SaslHandshake v1+이면 토큰이 SaslAuthenticate에 담겨 옵니다 (Kafka `enableKafkaSaslAuthenticateHeaders`) */
  #kafkaHeaders = false;
  #server: SaslServer | null = null;
  /** 인증을 마친 방식과 주체 (Kafka `ReauthInfo.previousSaslMechanism`, `previousKafkaPrincipal`) */
  #session: { readonly mechanism: string; readonly principal: string } | null = null;
  /** 재인증 중이면 true (Kafka `ReauthInfo.reauthenticating`) */
  #reauthenticating = false;
  #badMechanismMessage = '';
  /** 세션이 끝나는 단조 시각. 수명이 없으면 null (Kafka `sessionExpirationTimeNanos`) */
  #sessionExpiresAtMs: number | null = null;
  #lastReauthStartMs: number | null = null;

  constructor(
    private readonly config: SaslListenerConfig,
    private readonly apiVersions: ApiVersionsRange,
    private readonly random: Random,
  ) {}

  get state(): SaslState {
    return this.#state;
  }

  /**
   * 인증된 연결에 SaslHandshake가 왔을 때 재인증을 시작할지 (Kafka `KafkaChannel.maybeBeginServerReauthentication`):
   * 세션 수명이 없거나(재인증이 꺼짐) 지난 재인증을 시작한 지 1초가 안 되었으면 시작하지 않습니다. 그러면 그
   * SaslHandshake는 리스너의 처리기로 가서 ILLEGAL_SASL_STATE를 받습니다.
   */
  maybeBeginReauthentication(): boolean {
    if (this.#state !== 'COMPLETE' || this.#sessionExpiresAtMs === null) return false;
    const now = this.config.monotonicMs();
    if (this.#lastReauthStartMs !== null && now - this.#lastReauthStartMs < MIN_REAUTH_INTERVAL_MS) return false;
    this.#lastReauthStartMs = now;
    this.#reauthenticating = true;
    this.#kafkaHeaders = false;
    this.#server = null;
    this.#state = 'REAUTH_PROCESS_HANDSHAKE';
    return true;
  }

  /** 세션 수명이 지났는지 (Kafka `KafkaChannel.serverAuthenticationSessionExpired`) */
  sessionExpired(): boolean {
    return this.#sessionExpiresAtMs !== null && this.config.monotonicMs() > this.#sessionExpiresAtMs;
  }

  receive(frame: Buffer): AuthStep {
    // Kafka `SaslServerAuthenticator.authenticate`: 인증 전의 프레임은 `sasl.server.max.receive.size`까지만 받고, 넘으면
    // 답 없이 끊습니다 (인증하지 않은 클라이언트가 큰 버퍼를 잡지 못하게).
    if (frame.length > this.config.maxReceiveBytes) {
      return this.#fail(
        null,
        `Failing SASL authentication due to invalid receive size (${frame.length} > sasl.server.max.receive.size ${this.config.maxReceiveBytes})`,
      );
    }
    if (this.#state === 'REAUTH_BAD_MECHANISM') return this.#fail(null, this.#badMechanismMessage);
    if (this.#state === 'AUTHENTICATE' && !this.#kafkaHeaders) return this.#rawToken(frame);
    const reader = new ByteReader(frame);
    const header = decodeRequestHeader(reader);
    const key = header.requestApiKey;
    const name = apiKeyName(key);
    if (this.#state === 'HANDSHAKE_OR_VERSIONS_REQUEST' || this.#state === 'HANDSHAKE_REQUEST') {
      // Kafka `handleKafkaRequest`: 이 단계에서는 ApiVersions와 SaslHandshake만 받습니다.
      if (key === ApiKey.ApiVersions && this.#state === 'HANDSHAKE_OR_VERSIONS_REQUEST') {
        const { minVersion, maxVersion } = this.apiVersions;
        const version = header.requestApiVersion;
        if (version >= minVersion && version <= maxVersion) this.#state = 'HANDSHAKE_REQUEST';
        return { kind: 'delegate' };
      }
      if (key === ApiKey.SaslHandshake) return this.#handshake(header, reader);
      return this.#fail(null, `SASL 인증 전에 ${name} 요청이 왔습니다`);
    }
    if (this.#state === 'REAUTH_PROCESS_HANDSHAKE') return this.#handshake(header, reader);
    if (this.#state === 'AUTHENTICATE') {
      if (key === ApiKey.SaslAuthenticate) return this.#authenticate(header, reader);
      // Kafka `handleSaslToken`: 토큰을 기다리는데 다른 요청이 오면 ILLEGAL_SASL_STATE. 답을 만들 수 있는 것은
      // 같은 모양의 SaslHandshake뿐이라, 나머지는 답 없이 끊습니다.
      const response =
        key === ApiKey.SaslHandshake && header.requestApiVersion <= 1
          ? encodeResponseFrame(saslHandshakeResponse, key, header.requestApiVersion, header.correlationId, {
              errorCode: ErrorCode.ILLEGAL_SASL_STATE,
              mechanisms: [...this.config.mechanisms],
            })
          : null;
      return this.#fail(response, `SASL 인증 중에 ${name} 요청이 왔습니다`);
    }
    return this.#fail(null, `SASL 상태 ${this.#state}에서 ${name} 요청이 왔습니다`);
  }

  /** Kafka `handleHandshakeRequest` */
  #handshake(header: RequestHeader, reader: ByteReader): AuthStep {
    const version = header.requestApiVersion;
    if (version > 1) return this.#fail(null, `SaslHandshake v${version}는 없습니다 (0~1)`);
    const request = decode(saslHandshakeRequest, version, reader);
    const mechanisms = [...this.config.mechanisms];
    const answer = (errorCode: number) =>
      encodeResponseFrame(saslHandshakeResponse, ApiKey.SaslHandshake, version, header.correlationId, {
        errorCode,
        mechanisms,
      });
    if (!mechanisms.includes(request.mechanism)) {
      return this.#fail(
        answer(ErrorCode.UNSUPPORTED_SASL_MECHANISM),
        `클라이언트가 켜지 않은 SASL 방식 ${request.mechanism}을 골랐습니다 (켜진 방식: ${mechanisms.join(', ')})`,
      );
    }
    this.#kafkaHeaders = version >= 1;
    // Kafka `ReauthInfo.saslMechanismUnchanged`: 재인증은 처음과 같은 방식이어야 합니다. 핸드셰이크에는 답하고,
    // 다음 프레임에서 답 없이 끊습니다.
    const previous = this.#session?.mechanism;
    if (this.#reauthenticating && previous !== request.mechanism) {
      this.#badMechanismMessage = `SASL mechanism '${request.mechanism}' requested by client is not supported for re-authentication of mechanism '${previous}'`;
      this.#state = 'REAUTH_BAD_MECHANISM';
      return { kind: 'reply', response: answer(ErrorCode.NONE) };
    }
    this.#server = this.#createServer(request.mechanism);
    this.#state = 'AUTHENTICATE';
    return { kind: 'reply', response: answer(ErrorCode.NONE) };
  }

  /** Kafka `handleSaslToken`의 SaslAuthenticate 갈래 */
  #authenticate(header: RequestHeader, reader: ByteReader): AuthStep {
    const version = header.requestApiVersion;
    if (version > 2) return this.#fail(null, `SaslAuthenticate v${version}는 없습니다 (0~2)`);
    const request = decode(saslAuthenticateRequest, version, reader);
    const server = this.#server as SaslServer;
    const answer = (errorCode: number, errorMessage: string | null, authBytes: Buffer, sessionLifetimeMs = 0) =>
      encodeResponseFrame(saslAuthenticateResponse, ApiKey.SaslAuthenticate, version, header.correlationId, {
        errorCode,
        errorMessage,
        authBytes,
        // v1+에만 있는 필드: 끝나지 않은 교환과 수명 없는 세션은 0 (v0 클라이언트도 세션은 끝납니다, Kafka처럼)
        sessionLifetimeMs,
      });
    let token: Buffer;
    try {
      token = server.evaluateResponse(Buffer.from(request.authBytes));
      if (server.isComplete) this.#ensurePrincipalUnchanged(server);
    } catch (error) {
      const message = clientMessage(error, server.mechanism, this.#reauthenticating);
      return this.#fail(answer(ErrorCode.SASL_AUTHENTICATION_FAILED, message, Buffer.alloc(0)), failure(server, error));
    }
    if (!server.isComplete) return { kind: 'reply', response: answer(ErrorCode.NONE, null, token) };
    return this.#complete(server, answer(ErrorCode.NONE, null, token, this.#startSession()));
  }

  /** SaslHandshake v0 다음의 날 토큰: 크기 접두사 + 토큰으로 답합니다. 실패하면 답 없이 끊습니다. */
  #rawToken(frame: Buffer): AuthStep {
    const server = this.#server as SaslServer;
    let token: Buffer;
    try {
      token = server.evaluateResponse(frame);
      if (server.isComplete) this.#ensurePrincipalUnchanged(server);
    } catch (error) {
      return this.#fail(null, failure(server, error));
    }
    const response = Buffer.alloc(4 + token.length);
    response.writeInt32BE(token.length, 0);
    token.copy(response, 4);
    if (!server.isComplete) return { kind: 'reply', response };
    this.#startSession();
    return this.#complete(server, response);
  }

  /**
   * 세션을 시작하고 그 수명을 돌려줍니다 (Kafka `ReauthInfo.calcCompletionTimesAndReturnSessionLifetimeMs`). SCRAM과
   * PLAIN의 자격 증명에는 만료가 없으므로 수명은 `connections.max.reauth.ms`이고, 0이면 수명이 없습니다.
   */
  #startSession(): number {
    const lifetimeMs = Math.max(0, this.config.connectionsMaxReauthMs);
    this.#sessionExpiresAtMs = lifetimeMs > 0 ? this.config.monotonicMs() + lifetimeMs : null;
    return lifetimeMs;
  }

  /** Kafka `ReauthInfo.ensurePrincipalUnchanged`: 재인증으로 다른 사용자가 될 수는 없습니다 */
  #ensurePrincipalUnchanged(server: SaslServer): void {
    const previous = this.#session?.principal;
    const principal = principalOf(server);
    if (this.#reauthenticating && previous !== principal) {
      const kafkaName = (p: string | undefined) => p?.replace(':', '.');
      throw new SaslAuthenticationError(
        `Cannot change principals during re-authentication from ${kafkaName(previous)}: ${kafkaName(principal)}`,
      );
    }
  }

  #complete(server: SaslServer, response: Buffer): AuthStep {
    this.#state = 'COMPLETE';
    const principal = principalOf(server);
    this.#session = { mechanism: server.mechanism, principal };
    const reauthenticated = this.#reauthenticating;
    this.#reauthenticating = false;
    return { kind: 'authenticated', response, principal, reauthenticated };
  }

  #fail(response: Buffer | null, reason: string): AuthStep {
    this.#state = 'FAILED';
    return { kind: 'fail', response, reason };
  }

  #createServer(mechanism: string): SaslServer {
    if (mechanism === 'PLAIN') return new PlainSaslServer(this.config.credentials.plainUsers);
    if (isScramMechanism(mechanism)) return new ScramSaslServer(mechanism, this.config.credentials, this.random);
    // 설정을 읽을 때 지원하는 방식만 켜지게 막으므로 여기 올 수 없습니다.
    throw new Error(`SASL 방식 ${mechanism}은 구현하지 않았습니다`);
  }
}

/**
 * 클라이언트에게 보낼 실패 문구 (Kafka `handleSaslToken`): `SaslAuthenticationException`의 문구는 그대로, 그 밖의
 * 실패는 사용자가 있는지 드러날 수 있으니 정해진 일반 문구로.
 */
function clientMessage(error: unknown, mechanism: string, reauthenticating: boolean): string {
  if (error instanceof SaslAuthenticationError) return error.message;
  const during = reauthenticating ? 're-authentication' : 'authentication';
  return `Authentication failed during ${during} due to invalid credentials with SASL mechanism ${mechanism}`;
}

/** Kafka `DefaultKafkaPrincipalBuilder`: SASL로 인증한 연결의 주체는 `User:<인증된 이름>` */
function principalOf(server: SaslServer): string {
  return `User:${server.authorizationId}`;
}

/** 로그에 남길 실패: 방식, 대려던 주체, 까닭. 비밀번호는 SaslServer가 어디에도 남기지 않습니다. */
function failure(server: SaslServer, error: unknown): string {
  const who = server.attemptedUser === null ? '사용자 모름' : `User:${server.attemptedUser}`;
  return `SASL 인증 실패 (${server.mechanism}, ${who}): ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * SASL 리스너의 연결 하나에 붙는 처리기 (Kafka `KafkaChannel`과 `SocketServer.Processor.processCompletedReceives`): 인증을
 * 마칠 때까지는 인증기가, 그 뒤로는 리스너의 처리기가 답합니다. 인증된 연결의 요청은 `connection.principal`에
 * `User:<이름>`을 싣습니다 (Kafka `RequestContext.principal`).
 *
 * 인증된 연결에 온 프레임은 이렇게 나뉩니다:
 *   - SaslHandshake이고 재인증을 시작할 수 있음 → 인증기가 다시 인증합니다 (그동안 다른 요청은 인증기가 거절)
 *   - 세션 수명이 지났음 → 답하지 않고 끊습니다 (Kafka: "Disconnecting expired channel")
 *   - 그 밖 → 리스너의 처리기
 */
export function authenticatingProcessor(
  authenticator: SaslServerAuthenticator,
  listenerProcessor: RequestProcessor,
): ConnectionProcessor {
  let authenticated: ConnectionInfo | null = null;
  return (frame, connection) => {
    if (authenticated && authenticator.state === 'COMPLETE') {
      const apiKey = frame.length >= 2 ? frame.readInt16BE(0) : -1;
      if (apiKey !== ApiKey.SaslHandshake || !authenticator.maybeBeginReauthentication()) {
        if (!authenticator.sessionExpired()) return listenerProcessor(frame, authenticated);
        return {
          response: null,
          closeReason: `${authenticated.principal}의 SASL 세션이 끝났는데(connections.max.reauth.ms) 다시 인증하지 않고 ${apiKeyName(apiKey)} 요청을 보냈습니다`,
        };
      }
    }
    const step = authenticator.receive(frame);
    switch (step.kind) {
      case 'delegate':
        return listenerProcessor(frame, connection);
      case 'reply':
        return step.response;
      case 'authenticated':
        authenticated = { ...connection, principal: step.principal };
        return step.response;
      case 'fail':
        return { response: step.response, closeReason: step.reason };
    }
  };
}
