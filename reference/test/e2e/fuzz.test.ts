/**
 * 퍼즈(fuzz) 테스트: "잘못된 입력은 브로커를 쓰러뜨리지 못한다". 진짜 TCP 소켓 여러 개로
 * 망가진 프레임 10,000개를 보냅니다 — 순수한 난수, 잘린 프레임, 음수·거대한·틀린 크기 접두사, 모르는 API 키와
 * 지원하지 않는 버전, 그리고 올바른 ApiVersions/Metadata/Produce/Fetch/ListOffsets/CreateTopics/DeleteTopics/
 * CreatePartitions/DescribeConfigs/DeleteRecords/AlterConfigs/IncrementalAlterConfigs/DescribeCluster 요청을 뒤집고 자르고 엉터리 태그 필드와 망가진 레코드 배치를 끼운 것
 * (만드는 법: fuzz/frames.ts, 판정: fuzz/check.ts).
 *
 * 확인하는 것:
 * - 브로커가 있는 프로세스에 처리되지 않은 예외나 거부된 약속(unhandled rejection)이 없습니다.
 * - 연결마다, 보낸 프레임에는 올바른 모양의 답이 오거나 연결이 닫힙니다. 끝없이 기다리지 않습니다.
 * - 1,000개마다, 그리고 끝에, 새 연결이 ApiVersions와 Metadata에 올바르게 답을 받습니다.
 * - 브로커가 errorCode 0으로 받아들인 배치는 모두 로그에 있습니다 (다시 시작한 뒤에도).
 * - 끝으로 kafkajs가 메시지 100개를 쓰고, 그대로 읽힙니다.
 *
 * 씨앗 하나(FUZZ_SEED, 없으면 새로 뽑음)가 모든 프레임을 정합니다. 실패 메시지에 나온 명령으로 같은 프레임을
 * 다시 보낼 수 있습니다. 연결 여러 개가 동시에 보내므로 브로커가 요청을 받는 순서까지 같지는 않습니다.
 */
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerApis } from '../../src/apis/index.js';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { ZERO_UUID } from '../../src/protocol/reader.js';
import { batchSize, Offsets, readBatchHeader } from '../../src/record/batch-header.js';
import { encodeBatch } from '../../src/record/record-batch.js';
import { Rng, rootSeed } from '../support/rng.js';
import { type Ack, type CaseResult, call, runCase } from './fuzz/check.js';
import { generateCase } from './fuzz/frames.js';
import { RawConnection } from './fuzz/raw-connection.js';
import { type FuzzTopics, framed } from './fuzz/requests.js';
import { kafka, type RunningBroker, readAllWithKcat, removeDir, startBroker } from './support.js';

const MAX_REQUEST_BYTES = 1024 * 1024;
const ROUNDS = 10;
const FRAMES_PER_ROUND = 1_000;
const CONNECTIONS = 6;
/** 이 안에 답도 끊김도 없으면 멈춘 것으로 봅니다 */
const HANG_MS = 5_000;
/** 망가진 Fetch의 롱 폴링은 이만큼만 기다려 보고 그 연결을 버립니다 */
const LONG_POLL_MS = 300;

/**
 * 퍼즈의 배치는 다시 돌려도 같도록 고정된 옛 시각(2023년 11월)을 씁니다. 보존 기간(기본 7일)이 살아 있으면 첫 보존
 * 검사(시작 30초 뒤)가 그 배치들을 지워, 느린 기계에서 퍼즈가 30초를 넘기면 "받아들인 배치는 남는다"가 깨집니다.
 * 그래서 시간 보존을 끕니다 (retention.ms=-1).
 */
const BROKER_ENV = {
  KAFKA_SOCKET_REQUEST_MAX_BYTES: String(MAX_REQUEST_BYTES),
  KAFKA_NUM_PARTITIONS: '1',
  KAFKA_LOG_RETENTION_MS: '-1',
};
const PRODUCE_TOPICS = [
  { name: 'fuzz-a', partitions: 8 },
  { name: 'fuzz-b', partitions: 1 },
];
const SCRATCH_NAMES = Array.from({ length: 12 }, (_, i) => `tmp-${String(i).padStart(2, '0')}`);

const seed = rootSeed(process.env.FUZZ_SEED, () => randomInt(2 ** 32));
const REPLAY = `FUZZ_SEED=${seed} npx vitest run reference/test/e2e/fuzz.test.ts`;

function failure(message: string): Error {
  return new Error(`${message}\n다시 돌리기: ${REPLAY}`);
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw failure(message);
}

/** 어디서 실패하든(건강 검사의 연결 오류, kafkajs…) 메시지 끝에 다시 돌리는 명령을 붙입니다. */
async function withReplay(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof Error && !error.message.includes(REPLAY)) error.message += `\n다시 돌리기: ${REPLAY}`;
    throw error;
  }
}

/** 테스트하는 동안 프로세스 수준의 사고(처리되지 않은 예외, 거부된 약속)를 모읍니다. */
function watchProcess() {
  const incidents: string[] = [];
  const record = (kind: string) => (error: unknown) =>
    incidents.push(`${kind}: ${error instanceof Error ? error.stack : String(error)}`);
  const onException = record('uncaughtException');
  const onRejection = record('unhandledRejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return {
    incidents,
    stop() {
      process.off('uncaughtException', onException);
      process.off('unhandledRejection', onRejection);
    },
  };
}

// --- 건강 검사 ------------------------------------------------------------------------------------

const expectedApiKeys = brokerApis
  .map((api) => ({ apiKey: api.key, minVersion: api.minVersion, maxVersion: api.maxVersion }))
  .sort((a, b) => a.apiKey - b.apiKey);

interface MetadataBody {
  brokers: { nodeId: number; host: string; port: number }[];
  topics: { errorCode: number; name: string; partitions: { errorCode: number; leaderId: number }[] }[];
}

/** 새 연결 하나로 ApiVersions와 Metadata를 묻고, 답이 올바른지 봅니다. `flexible`이면 유연한 버전으로. */
async function healthCheck(port: number, flexible: boolean, when: string): Promise<void> {
  const conn = await RawConnection.open(port);
  try {
    const versions = await call(
      conn,
      ApiKey.ApiVersions,
      flexible ? 3 : 0,
      flexible ? { clientSoftwareName: 'fuzz-health', clientSoftwareVersion: '1.0' } : {},
    );
    check(versions.errorCode === ErrorCode.NONE, `${when}: ApiVersions errorCode ${versions.errorCode}`);
    check(
      JSON.stringify(versions.apiKeys) === JSON.stringify(expectedApiKeys),
      `${when}: ApiVersions가 등록과 다른 범위를 알립니다: ${JSON.stringify(versions.apiKeys)}`,
    );
    const metadata = (await call(conn, ApiKey.Metadata, flexible ? 12 : 1, {
      topics: PRODUCE_TOPICS.map((t) => ({ name: t.name, topicId: ZERO_UUID })),
      allowAutoTopicCreation: false,
      includeTopicAuthorizedOperations: false,
    })) as unknown as MetadataBody;
    check(
      JSON.stringify(metadata.brokers.map((b) => [b.nodeId, b.host, b.port])) ===
        JSON.stringify([[1, '127.0.0.1', port]]),
      `${when}: Metadata의 브로커 목록이 틀렸습니다: ${JSON.stringify(metadata.brokers)}`,
    );
    for (const expected of PRODUCE_TOPICS) {
      const topic = metadata.topics.find((t) => t.name === expected.name);
      check(topic?.errorCode === ErrorCode.NONE, `${when}: Metadata에 ${expected.name}이 없습니다`);
      check(
        topic.partitions.length === expected.partitions && topic.partitions.every((p) => p.leaderId === 1),
        `${when}: ${expected.name}의 파티션이 틀렸습니다: ${JSON.stringify(topic.partitions)}`,
      );
    }
  } finally {
    conn.destroy();
  }
}

// --- 로그 읽기 ------------------------------------------------------------------------------------

interface FetchBody {
  responses: { partitions: { errorCode: number; highWatermark: number; records: Buffer | null }[] }[];
}

/** 파티션의 모든 배치의 baseOffset을 Fetch v4로 읽습니다. 레코드는 풀지 않고 배치 헤더만 봅니다. */
async function storedBaseOffsets(port: number, topic: string, partition: number): Promise<Set<number>> {
  const conn = await RawConnection.open(port);
  const offsets = new Set<number>();
  try {
    let fetchOffset = 0;
    for (let round = 0; round < 10_000; round++) {
      const body = (await call(conn, ApiKey.Fetch, 4, {
        replicaId: -1,
        maxWaitMs: 0,
        minBytes: 0,
        maxBytes: 8 << 20,
        isolationLevel: 0,
        topics: [{ topic, partitions: [{ partition, fetchOffset, partitionMaxBytes: 8 << 20 }] }],
      })) as unknown as FetchBody;
      const p = body.responses[0]?.partitions[0];
      check(
        p?.errorCode === ErrorCode.NONE,
        `${topic}-${partition}를 ${fetchOffset}부터 읽지 못했습니다: ${p?.errorCode}`,
      );
      const records = p.records ?? Buffer.alloc(0);
      let position = 0;
      for (let header = readBatchHeader(records); header; header = readBatchHeader(records, position)) {
        if (position + batchSize(header) > records.length) break;
        offsets.add(header.baseOffset);
        fetchOffset = header.baseOffset + header.lastOffsetDelta + 1;
        position += batchSize(header);
      }
      if (position === 0 || fetchOffset >= p.highWatermark) return offsets;
    }
    throw failure(`${topic}-${partition}를 끝까지 읽지 못했습니다`);
  } finally {
    conn.destroy();
  }
}

async function checkAcksStored(port: number, acks: readonly Ack[], when: string): Promise<number> {
  let checked = 0;
  for (const { name, partitions } of PRODUCE_TOPICS) {
    for (let partition = 0; partition < partitions; partition++) {
      const mine = acks.filter((a) => a.topic === name && a.partition === partition).map((a) => a.baseOffset);
      check(new Set(mine).size === mine.length, `${when}: ${name}-${partition}에서 같은 baseOffset을 두 번 답했습니다`);
      const stored = await storedBaseOffsets(port, name, partition);
      const missing = mine.filter((offset) => !stored.has(offset));
      check(
        missing.length === 0,
        `${when}: 받아들였다고 답한 배치가 ${name}-${partition}에 없습니다: ${missing.join(', ')}`,
      );
      checked += mine.length;
    }
  }
  return checked;
}

// --- 퍼즈 -------------------------------------------------------------------------------------------

interface KindStats {
  sent: number;
  answered: number;
  closed: number;
  noReply: number;
  longPoll: number;
}

const hex = (bytes: Buffer) => bytes.subarray(0, 160).toString('hex') + (bytes.length > 160 ? '…' : '');

async function fuzzConnection(
  port: number,
  rng: Rng,
  frames: number,
  topics: FuzzTopics,
  stats: Map<string, KindStats>,
  onResult: (result: CaseResult, label: string) => void,
): Promise<void> {
  let conn: RawConnection | null = null;
  try {
    for (let i = 0; i < frames; i++) {
      if (!conn) conn = await RawConnection.open(port);
      const fuzzCase = generateCase(rng, {
        topics,
        maxRequestBytes: MAX_REQUEST_BYTES,
        correlationId: rng.int(2 ** 30),
      });
      const cuts = Array.from({ length: rng.int(3) }, () => rng.int(fuzzCase.bytes.length));
      const result = await runCase(conn, fuzzCase, { cuts, hangMs: HANG_MS, longPollMs: LONG_POLL_MS });
      const s = stats.get(fuzzCase.kind) ?? { sent: 0, answered: 0, closed: 0, noReply: 0, longPoll: 0 };
      s.sent++;
      if (result.outcome === 'answered') s.answered++;
      else if (result.outcome === 'closed') s.closed++;
      else if (result.outcome === 'no-reply') s.noReply++;
      else s.longPoll++;
      stats.set(fuzzCase.kind, s);
      onResult(result, `${fuzzCase.kind} #${i} (${fuzzCase.bytes.length}바이트: ${hex(fuzzCase.bytes)})`);
      if (!result.reusable) {
        conn.destroy();
        conn = null;
      }
    }
  } finally {
    conn?.destroy();
  }
}

function printStats(stats: Map<string, KindStats>): void {
  const rows = [...stats.entries()].sort((a, b) => b[1].sent - a[1].sent);
  const lines = rows.map(
    ([kind, s]) =>
      `  ${kind.padEnd(34)} ${String(s.sent).padStart(5)}  답 ${String(s.answered).padStart(5)}  끊김 ${String(s.closed).padStart(5)}  답 없음(acks=0) ${String(s.noReply).padStart(3)}  롱 폴링 ${s.longPoll}`,
  );
  console.log(`퍼즈 결과 (FUZZ_SEED=${seed}):\n${lines.join('\n')}`);
}

describe('퍼즈: 망가진 프레임 10,000개', () => {
  let running: RunningBroker;
  let watcher: ReturnType<typeof watchProcess>;

  beforeAll(async () => {
    console.log(
      `퍼즈 시작: FUZZ_SEED=${seed}, 프레임 ${ROUNDS * FRAMES_PER_ROUND}개 (${ROUNDS}번 × ${FRAMES_PER_ROUND}), ` +
        `동시 연결 ${CONNECTIONS}개, socket.request.max.bytes=${MAX_REQUEST_BYTES}\n다시 돌리기: ${REPLAY}`,
    );
    watcher = watchProcess();
    running = await startBroker(BROKER_ENV);
  });

  afterAll(async () => {
    watcher.stop();
    await running?.stop().catch(() => {});
    if (running) removeDir(running.dir);
  });

  it(
    '브로커는 쓰러지지 않고, 모든 프레임은 답을 받거나 연결이 끊기며, 받아들인 배치는 남습니다',
    () =>
      withReplay(async () => {
        const port = running.broker.port;
        const admin = kafka(running.bootstrap).admin();
        await admin.connect();
        await admin.createTopics({
          topics: PRODUCE_TOPICS.map((t) => ({ topic: t.name, numPartitions: t.partitions })),
        });
        await admin.disconnect();
        const { metadata } = running.broker;
        const topics: FuzzTopics = {
          produce: PRODUCE_TOPICS.map((t) => ({ ...t, topicId: metadata.topic(t.name)?.topicId ?? ZERO_UUID })),
          scratchNames: SCRATCH_NAMES,
          scratchIds: () => SCRATCH_NAMES.flatMap((name) => metadata.topic(name)?.topicId ?? []),
        };

        const root = new Rng(seed);
        const stats = new Map<string, KindStats>();
        const acks: Ack[] = [];
        const problems: string[] = [];
        const started = Date.now();
        for (let round = 0; round < ROUNDS; round++) {
          await Promise.all(
            Array.from({ length: CONNECTIONS }, (_, c) => {
              const frames = Math.floor(FRAMES_PER_ROUND / CONNECTIONS) + (c < FRAMES_PER_ROUND % CONNECTIONS ? 1 : 0);
              return fuzzConnection(port, root.fork(round, c), frames, topics, stats, (result, label) => {
                acks.push(...result.acks);
                if (result.problem) problems.push(`[${round}번째 묶음, 연결 ${c}] ${label}\n    → ${result.problem}`);
              });
            }),
          );
          check(watcher.incidents.length === 0, `프로세스 사고:\n${watcher.incidents.join('\n')}`);
          check(problems.length === 0, `잘못된 반응 ${problems.length}개:\n${problems.slice(0, 10).join('\n')}`);
          await healthCheck(port, round % 2 === 1, `${(round + 1) * FRAMES_PER_ROUND}개를 보낸 뒤`);
        }
        const sent = [...stats.values()].reduce((sum, s) => sum + s.sent, 0);
        printStats(stats);
        console.log(
          `퍼즈: ${sent}개를 ${((Date.now() - started) / 1000).toFixed(1)}초에, 받아들여진 배치 ${acks.length}개`,
        );
        expect(sent, REPLAY).toBeGreaterThanOrEqual(10_000);

        // 퍼즈가 Produce를 받아들여진 데까지 끌고 갔는지(검사할 것이 있는지)도 봅니다.
        expect(await checkAcksStored(port, acks, '퍼즈 뒤'), REPLAY).toBeGreaterThan(0);

        // 끝으로 진짜 클라이언트: kafkajs가 100개를 쓰고, 그대로 읽힙니다 (컨슈머 그룹이 아직 없어 kcat으로 읽습니다).
        const after = kafka(running.bootstrap).admin();
        await after.connect();
        await after.createTopics({ topics: [{ topic: 'after-fuzz', numPartitions: 1 }] });
        const producer = kafka(running.bootstrap).producer();
        await producer.connect();
        const values = Array.from({ length: 100 }, (_, i) => `after-fuzz-${i}`);
        for (let i = 0; i < values.length; i += 25) {
          await producer.send({
            topic: 'after-fuzz',
            acks: -1,
            messages: values.slice(i, i + 25).map((value) => ({ value })),
          });
        }
        await producer.disconnect();
        expect((await after.fetchTopicOffsets('after-fuzz'))[0]?.high, REPLAY).toBe('100');
        await after.disconnect();
        const readBack = async (bootstrap: string) =>
          ((await readAllWithKcat(bootstrap, 'after-fuzz')).get(0) ?? []).map((r) => r.value);
        expect(await readBack(running.bootstrap), REPLAY).toEqual(values);
        await healthCheck(port, true, '퍼즈와 kafkajs 뒤');

        // 퍼즈가 남긴 메타데이터 로그와 파티션 로그로 다시 시작해도 모두 그대로입니다.
        await running.stop();
        running = await startBroker(BROKER_ENV, running.dir);
        await healthCheck(running.broker.port, false, '다시 시작한 뒤');
        await checkAcksStored(running.broker.port, acks, '다시 시작한 뒤');
        expect(await readBack(running.bootstrap), REPLAY).toEqual(values);
        check(watcher.incidents.length === 0, `프로세스 사고:\n${watcher.incidents.join('\n')}`);
      }),
    120_000,
  );
});

// --- 목표를 정한 검사 --------------------------------------------------------------------------------

describe('잘못된 입력 하나하나에 대한 답', () => {
  let running: RunningBroker;

  beforeAll(async () => {
    running = await startBroker(BROKER_ENV);
    const admin = kafka(running.bootstrap).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'crc', numPartitions: 1 }] });
    await admin.disconnect();
  });

  afterAll(async () => {
    await running.stop();
    removeDir(running.dir);
  });

  const latestOffset = async (conn: RawConnection) => {
    const body = (await call(conn, ApiKey.ListOffsets, 1, {
      replicaId: -1,
      topics: [{ name: 'crc', partitions: [{ partitionIndex: 0, timestamp: -1 }] }],
    })) as { topics: { partitions: { errorCode: number; offset: number }[] }[] };
    return body.topics[0]?.partitions[0]?.offset;
  };

  it('CRC가 틀린 배치의 Produce는 CORRUPT_MESSAGE(2)를 받고, 아무것도 쓰이지 않습니다', async () => {
    const conn = await RawConnection.open(running.broker.port);
    try {
      const produce = (records: Buffer) =>
        call(conn, ApiKey.Produce, 7, {
          transactionalId: null,
          acks: 1,
          timeoutMs: 1_000,
          topicData: [{ name: 'crc', partitionData: [{ index: 0, records }] }],
        }) as Promise<{ responses: { partitionResponses: { errorCode: number; baseOffset: number }[] }[] }>;
      const good = encodeBatch({ records: [{ key: null, value: Buffer.from('ok'), timestamp: 1_700_000_000_000 }] });
      expect((await produce(good)).responses[0]?.partitionResponses[0]).toMatchObject({ errorCode: 0, baseOffset: 0 });
      expect(await latestOffset(conn)).toBe(1);

      // Kafka protocol guide, "Record Batch": CRC-32C는 attributes부터 배치 끝까지를 지킵니다. 값 한 바이트를 바꿉니다.
      const corrupt = Buffer.from(good);
      corrupt.writeUInt8(corrupt.readUInt8(corrupt.length - 3) ^ 0xff, corrupt.length - 3);
      const wrongCrcField = Buffer.from(good);
      wrongCrcField.writeUInt32BE((wrongCrcField.readUInt32BE(Offsets.crc) ^ 1) >>> 0, Offsets.crc);
      for (const records of [corrupt, wrongCrcField]) {
        const response = await produce(records);
        expect(response.responses[0]?.partitionResponses[0]).toMatchObject({
          errorCode: ErrorCode.CORRUPT_MESSAGE,
          baseOffset: -1,
        });
      }
      expect(await latestOffset(conn)).toBe(1);
    } finally {
      conn.destroy();
    }
  });

  it('ApiVersions v99는 v0 형식으로 UNSUPPORTED_VERSION(35)과 ApiVersions 자신의 범위 0~4를 받습니다 (KIP-511)', async () => {
    const conn = await RawConnection.open(running.broker.port);
    try {
      // 클라이언트는 브로커가 모르는 새 버전으로 물을 수 있습니다. 본문은 그 버전의 것(여기서는 v3 모양)입니다.
      const body = Buffer.from([0x05, 0x66, 0x75, 0x7a, 0x7a, 0x02, 0x31, 0x00]);
      const header = Buffer.alloc(8);
      header.writeInt16BE(ApiKey.ApiVersions, 0);
      header.writeInt16BE(99, 2);
      header.writeInt32BE(4242, 4);
      // 유연한 버전(3+)이니 요청 헤더 v2: clientId(nullable string, 여기서는 null) + 빈 태그 구역
      conn.write(framed(Buffer.concat([header, Buffer.from([0xff, 0xff, 0x00]), body])));
      const next = await conn.next(5_000);
      expect(next.type).toBe('frame');
      const frame = (next as { frame: Buffer }).frame;
      // 응답 헤더 v0 (correlation id뿐) + ApiVersions v0 본문: errorCode int16, apiKeys int32 개수 + (int16 ×3)
      const expected = Buffer.alloc(4 + 2 + 4 + 6);
      expected.writeInt32BE(4242, 0);
      expected.writeInt16BE(ErrorCode.UNSUPPORTED_VERSION, 4);
      expected.writeInt32BE(1, 6);
      expected.writeInt16BE(ApiKey.ApiVersions, 10);
      expected.writeInt16BE(0, 12);
      expected.writeInt16BE(4, 14);
      expect(frame.toString('hex')).toBe(expected.toString('hex'));
    } finally {
      conn.destroy();
    }
  });

  it('응답에 오류를 담을 자리가 없는 옛 버전(Fetch v3)은 빈 "성공" 대신 연결을 끊습니다', async () => {
    // Fetch 응답의 맨 위 errorCode는 v7부터 있습니다. 예전에는 v3 요청에 errorCode 35를 적은 기본값 응답을 만들었는데,
    // 인코더가 v3에 없는 필드를 버려서 클라이언트는 오류 없는 빈 Fetch 응답을 받았습니다 (퍼즈가 찾음).
    for (const [apiKey, version] of [
      [ApiKey.Fetch, 3],
      [ApiKey.ListOffsets, 0],
    ] as const) {
      const conn = await RawConnection.open(running.broker.port);
      try {
        const body =
          apiKey === ApiKey.Fetch ? { maxWaitMs: 0, minBytes: 0, topics: [] } : { replicaId: -1, topics: [] };
        await expect(call(conn, apiKey, version, body)).rejects.toThrow('closed');
      } finally {
        conn.destroy();
      }
    }
  });

  it('socket.request.max.bytes를 넘는 프레임은 그 연결만 끊고, 다른 연결은 계속 답을 받습니다', async () => {
    const victim = await RawConnection.open(running.broker.port);
    const bystander = await RawConnection.open(running.broker.port);
    try {
      expect((await call(bystander, ApiKey.ApiVersions, 0, {})).errorCode).toBe(0);
      expect((await call(victim, ApiKey.ApiVersions, 0, {})).errorCode).toBe(0);
      // 크기 접두사만 보고 끊어야 합니다: 1 MiB + 1바이트를 말하고 몇 바이트만 보냅니다.
      const size = Buffer.alloc(4);
      size.writeInt32BE(MAX_REQUEST_BYTES + 1);
      victim.write(Buffer.concat([size, Buffer.from([0, 18, 0, 0])]));
      expect(await victim.waitClosed(5_000)).toEqual([]);
      expect(victim.closed).toBe(true);

      expect(
        (await call(bystander, ApiKey.ApiVersions, 3, { clientSoftwareName: 'x', clientSoftwareVersion: '1' }))
          .errorCode,
      ).toBe(0);
      const metadata = (await call(bystander, ApiKey.Metadata, 1, {
        topics: [{ name: 'crc' }],
      })) as unknown as MetadataBody;
      expect(metadata.topics[0]).toMatchObject({ name: 'crc', errorCode: 0 });
      expect(bystander.closed).toBe(false);
    } finally {
      victim.destroy();
      bystander.destroy();
    }
  });
});
