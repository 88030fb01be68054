/**
 * 퍼즈 경우 하나를 보내고 브로커의 반응을 판정합니다.
 *
 * 크기 접두사가 내용과 맞는 프레임(`reply-or-close`) 뒤에는 프로브(ApiVersions v0)를 하나 붙여 보냅니다.
 * 브로커는 연결마다 받은 순서대로 답하므로(Kafka의 channel mute와 같은 규칙), 프로브의 답이 오면 앞 프레임의
 * 처리가 끝난 것입니다. 그 사이에 올 수 있는 것은 퍼즈 프레임의 답 하나뿐이고, 답이 없어도 되는 것은
 * acks=0 Produce뿐입니다. 연결이 닫히는 것은 언제나 허용됩니다 (Kafka도 읽을 수 없는 요청에는 연결을 끊습니다).
 *
 * 답이 오면 그 답은 올바른 모양이어야 합니다: 요청의 correlation id, 그 API와 버전의 응답 헤더와 본문이
 * 정확히 프레임을 채웁니다. 지원하지 않는 버전에 대한 답은 UNSUPPORTED_VERSION(35)을 담아야 하고,
 * ApiVersions는 v0 형식으로 자기 범위를 알려야 합니다 (KIP-511).
 */
import { ApiKey, apiKeyName } from '../../../src/protocol/api-keys.js';
import { decode, encode } from '../../../src/protocol/codec.js';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { decodeResponseHeader } from '../../../src/protocol/headers.js';
import { messages } from '../../../src/protocol/messages/index.js';
import { ByteReader } from '../../../src/protocol/reader.js';
import { hasVersion, type MessageSchema } from '../../../src/protocol/schema.js';
import type { FuzzCase } from './frames.js';
import type { RawConnection } from './raw-connection.js';
import { forVersion, framed, HANDLED, probe } from './requests.js';

/** 브로커가 errorCode 0으로 받아들였다고 답한 Produce 파티션 하나 */
export interface Ack {
  readonly topic: string;
  readonly partition: number;
  readonly baseOffset: number;
}

export type Outcome = 'answered' | 'no-reply' | 'closed' | 'long-poll';

export interface CaseResult {
  readonly outcome: Outcome;
  readonly problem: string | null;
  readonly acks: readonly Ack[];
  /** 이 연결을 다음 경우에 다시 써도 되는지 (닫혔거나 박자가 어긋났으면 아님) */
  readonly reusable: boolean;
}

const PROBE_CORRELATION_ID = 0x7ffffff0;
const APIVERSIONS_OWN_RANGE = [{ apiKey: ApiKey.ApiVersions, minVersion: 0, maxVersion: 4 }];

type Decoded = Record<string, unknown>;

function responseSchema(apiKey: number): MessageSchema | undefined {
  return messages[apiKey as keyof typeof messages]?.response as MessageSchema | undefined;
}

/** 응답 프레임을 (API, 버전)의 응답 헤더와 본문으로 읽습니다. 남는 바이트가 있으면 예외. */
export function decodeResponse(
  frame: Buffer,
  apiKey: number,
  version: number,
): { correlationId: number; body: Decoded } {
  const schema = responseSchema(apiKey);
  if (!schema) throw new Error(`${apiKeyName(apiKey)}의 응답 스키마가 없습니다`);
  const reader = new ByteReader(frame);
  const { correlationId } = decodeResponseHeader(reader, apiKey, version);
  const body = decode(schema, version, reader) as Decoded;
  if (reader.remaining !== 0) throw new Error(`응답 끝에 ${reader.remaining}바이트가 남습니다`);
  return { correlationId, body };
}

interface Verdict {
  readonly problem: string | null;
  readonly acks: readonly Ack[];
}

const ok = (acks: readonly Ack[] = []): Verdict => ({ problem: null, acks });
const bad = (problem: string): Verdict => ({ problem, acks: [] });

/** 퍼즈 프레임(`payload`, 크기 접두사 뺀 것)에 대한 답이 올바른지 봅니다. */
export function checkResponse(payload: Buffer, response: Buffer, mustNotAck: boolean): Verdict {
  if (payload.length < 8) return bad(`헤더도 없는 ${payload.length}바이트 프레임에 답했습니다`);
  const apiKey = payload.readInt16BE(0);
  const version = payload.readInt16BE(2);
  const correlationId = payload.readInt32BE(4);
  const what = `${apiKeyName(apiKey)} v${version}`;
  const range = HANDLED.get(apiKey);
  if (!range) return bad(`처리하지 않는 API ${what}에 답했습니다 (연결을 끊어야 합니다)`);
  if (response.length < 4 || response.readInt32BE(0) !== correlationId) {
    return bad(
      `${what}의 답에 correlation id ${correlationId}가 아닌 ${response.length >= 4 ? response.readInt32BE(0) : '(없음)'}`,
    );
  }
  const [min, max] = range;
  try {
    if (apiKey === ApiKey.ApiVersions && (version < min || version > max)) {
      const { body } = decodeResponse(response, apiKey, 0);
      if (body.errorCode !== ErrorCode.UNSUPPORTED_VERSION)
        return bad(`${what}: errorCode ${body.errorCode}, 35여야 합니다`);
      if (JSON.stringify(body.apiKeys) !== JSON.stringify(APIVERSIONS_OWN_RANGE)) {
        return bad(`${what}: ApiVersions 자신의 범위 0~4를 알려야 합니다: ${JSON.stringify(body.apiKeys)}`);
      }
      return ok();
    }
    if (version < min || version > max) {
      const schema = responseSchema(apiKey) as MessageSchema;
      if (!hasVersion(schema.validVersions, version)) return bad(`${what}: 응답 형식이 없는 버전에 답했습니다`);
      const { body } = decodeResponse(response, apiKey, version);
      if (body.errorCode !== ErrorCode.UNSUPPORTED_VERSION)
        return bad(`${what}: errorCode ${body.errorCode}, 35여야 합니다`);
      return ok();
    }
    const { body } = decodeResponse(response, apiKey, version);
    return apiKey === ApiKey.Produce ? checkProduce(body, mustNotAck, what) : ok();
  } catch (error) {
    return bad(`${what}의 답을 읽을 수 없습니다: ${(error as Error).message}`);
  }
}

interface ProduceBody {
  responses: { name: string; partitionResponses: { index: number; errorCode: number; baseOffset: number }[] }[];
}

function checkProduce(body: Decoded, mustNotAck: boolean, what: string): Verdict {
  const acks: Ack[] = [];
  for (const topic of (body as unknown as ProduceBody).responses) {
    for (const p of topic.partitionResponses) {
      if (p.errorCode !== ErrorCode.NONE) continue;
      if (mustNotAck) return bad(`${what}: 망가진 배치를 ${topic.name}-${p.index}에 받아들였습니다 (errorCode 0)`);
      if (p.baseOffset < 0) return bad(`${what}: errorCode 0인데 baseOffset ${p.baseOffset}`);
      acks.push({ topic: topic.name, partition: p.index, baseOffset: p.baseOffset });
    }
  }
  return ok(acks);
}

function isProbeAnswer(frame: Buffer, probeId: number): boolean {
  if (frame.length < 4 || frame.readInt32BE(0) !== probeId) return false;
  try {
    return decodeResponse(frame, ApiKey.ApiVersions, 0).body.errorCode === ErrorCode.NONE;
  } catch {
    return false;
  }
}

export interface RunOptions {
  /** 보낼 바이트를 자를 자리 (브로커가 조각난 프레임을 잇는지) */
  readonly cuts: readonly number[];
  /** 이 안에 답도 끊김도 없으면 멈춘 것(hang)으로 봅니다 */
  readonly hangMs: number;
  /** Fetch는 롱 폴링으로 오래 기다릴 수 있습니다: 이만큼 기다려 보고 넘어갑니다 */
  readonly longPollMs: number;
}

export async function runCase(conn: RawConnection, fuzzCase: FuzzCase, options: RunOptions): Promise<CaseResult> {
  const result = (outcome: Outcome, problem: string | null, acks: readonly Ack[] = [], reusable = false) => ({
    outcome,
    problem: problem ?? conn.malformed,
    acks,
    reusable: reusable && !conn.closed && conn.malformed === null,
  });

  if (fuzzCase.expect === 'close') {
    await conn.writeInPieces(fuzzCase.bytes, options.cuts);
    const frames = await conn.waitClosed(options.hangMs);
    if (frames === null)
      return result(
        'long-poll',
        `크기 접두사 ${fuzzCase.bytes.readInt32BE(0)}에 ${options.hangMs}ms가 지나도 연결을 끊지 않았습니다`,
      );
    if (frames.length > 0)
      return result('answered', `크기 접두사 ${fuzzCase.bytes.readInt32BE(0)}인 프레임에 답했습니다`);
    return result('closed', null);
  }

  if (fuzzCase.expect === 'close-after-end') {
    await conn.writeInPieces(fuzzCase.bytes, options.cuts);
    conn.end();
    const frames = await conn.waitClosed(options.hangMs);
    if (frames === null)
      return result('long-poll', `FIN을 보냈는데 ${options.hangMs}ms가 지나도 연결을 끊지 않았습니다`);
    return result('closed', null);
  }

  const payload = fuzzCase.bytes.subarray(4);
  const sentId = payload.length >= 8 ? payload.readInt32BE(4) : null;
  const probeId = sentId === PROBE_CORRELATION_ID ? PROBE_CORRELATION_ID - 1 : PROBE_CORRELATION_ID;
  const apiKey = payload.length >= 2 ? payload.readInt16BE(0) : null;
  await conn.writeInPieces(Buffer.concat([fuzzCase.bytes, probe(probeId)]), options.cuts);

  let acks: readonly Ack[] = [];
  let answered = false;
  for (;;) {
    const next = await conn.next(apiKey === ApiKey.Fetch && !answered ? options.longPollMs : options.hangMs);
    if (next.type === 'closed') return result(answered ? 'answered' : 'closed', null, acks);
    if (next.type === 'timeout') {
      // 롱 폴링 중인 Fetch (maxWaitMs를 크게 망가뜨린 것): 기다림은 정당하니 이 연결만 버립니다.
      if (apiKey === ApiKey.Fetch && !answered) return result('long-poll', null);
      return result(
        'long-poll',
        `${options.hangMs}ms 동안 답도 끊김도 없습니다 (${answered ? '프로브' : '퍼즈 프레임'}를 기다리는 중)`,
      );
    }
    if (!answered && isProbeAnswer(next.frame, probeId)) {
      // 퍼즈 프레임에 답이 없었습니다. acks=0 Produce만 그럴 수 있습니다.
      if (apiKey !== ApiKey.Produce)
        return result('no-reply', `API ${apiKey} 프레임에 답하지 않고 다음 요청에 답했습니다`);
      return result('no-reply', null, [], true);
    }
    if (answered) {
      if (!isProbeAnswer(next.frame, probeId)) return result('answered', '프로브 자리에 다른 답이 왔습니다');
      return result('answered', null, acks, true);
    }
    const verdict = checkResponse(payload, next.frame, fuzzCase.mustNotAck ?? false);
    if (verdict.problem) return result('answered', verdict.problem);
    acks = verdict.acks;
    answered = true;
  }
}

/** 올바른 요청 하나를 보내고 답을 읽습니다 (건강 검사와 목표 테스트용). */
export async function call(
  conn: RawConnection,
  apiKey: number,
  version: number,
  body: Record<string, unknown>,
  { correlationId = 7, clientId = 'fuzz-check', timeoutMs = 5_000 } = {},
): Promise<Decoded> {
  const schema = messages[apiKey as keyof typeof messages].request as MessageSchema;
  conn.write(
    framed(
      requestPayload(
        apiKey,
        version,
        correlationId,
        clientId,
        encode(schema, version, forVersion(schema.fields, version, body) as never),
      ),
    ),
  );
  const next = await conn.next(timeoutMs);
  if (next.type !== 'frame') throw new Error(`${apiKeyName(apiKey)} v${version}: 답 대신 ${next.type}`);
  // ApiVersions의 응답 헤더는 버전과 상관없이 v0입니다 (decodeResponseHeader가 압니다).
  const decoded = decodeResponse(next.frame, apiKey, version);
  if (decoded.correlationId !== correlationId) throw new Error(`correlation id ${decoded.correlationId}`);
  return decoded.body;
}

/** 요청 헤더 + 본문 (크기 접두사 없이) */
export function requestPayload(
  apiKey: number,
  version: number,
  correlationId: number,
  clientId: string,
  body: Buffer,
): Buffer {
  const schema = messages[apiKey as keyof typeof messages].request as MessageSchema;
  const flexible = hasVersion(schema.flexibleVersions, version);
  const header = Buffer.alloc(10 + Buffer.byteLength(clientId));
  header.writeInt16BE(apiKey, 0);
  header.writeInt16BE(version, 2);
  header.writeInt32BE(correlationId, 4);
  header.writeInt16BE(Buffer.byteLength(clientId), 8);
  header.write(clientId, 10);
  return Buffer.concat([header, flexible ? Buffer.from([0]) : Buffer.alloc(0), body]);
}
