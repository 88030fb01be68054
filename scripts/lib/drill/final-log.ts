/**
 * 드릴이 끝난 뒤의 최종 로그: 파티션마다 리더에게 Fetch(read_uncommitted, 오프셋 0부터 하이 워터마크까지)를 보내고 받은
 * 배치를 그대로 풀어 검사기의 레코드로 만듭니다. kafkajs는 컨트롤 배치(트랜잭션 마커)와 프로듀서 ID를 감추므로 쓰지
 * 않습니다: 검사기는 마커로 트랜잭션의 결과를 알고, 시험 대상인 클라이언트가 아닌 브로커의 바이트를 봐야 합니다.
 *
 * 읽기 전에 ListOffsets(LATEST)로 커밋된 끝을 묻고, Fetch의 하이 워터마크가 거기에 닿을 때까지 다시 읽습니다. 막 뽑힌
 * 리더의 하이 워터마크는 팔로워가 다음 Fetch로 알려 줄 때까지 옛 리더가 이미 확인 응답한 끝보다 뒤에 있을 수 있고
 * (Kafka `Partition.fetchOffsetForTimestamp`가 그동안 OFFSET_NOT_AVAILABLE로 답하는 까닭), 그때 Fetch는 그 낮은
 * 하이 워터마크까지만 줍니다. 리더가 바뀐 직후에 읽으면, 세 복제본 모두에 있는 확인 응답한 끝 레코드를 잃었다고
 * 잘못 판단할 수 있었습니다 (일정 100개에 한 번꼴).
 *
 * 팔로워의 로그는 읽지 않습니다 (브로커는 리더가 아닌 복제본에게 온 컨슈머의 Fetch를 NOT_LEADER_OR_FOLLOWER로 답합니다).
 * 그래서 DivergentReplicas는 드릴에서 판단하지 않고, 대신 회복 뒤 모든 파티션의 ISR이 복제본 전부로 돌아온 것을 봅니다.
 */
import { ApiKey } from '../../../reference/src/protocol/api-keys.js';
import { ErrorCode } from '../../../reference/src/protocol/error-codes.js';
import { systemClock } from '../../../reference/src/runtime/clock.js';
import { type ApiRequest, NetworkClient } from '../../../reference/src/runtime/network-client.js';
import { systemRandom } from '../../../reference/src/runtime/random.js';
import { type FinalPartition, type LogRecord, logRecordsOf } from '../../../reference/src/sim/replication-checker.js';
import { latestOffset, send } from '../cluster/requests.js';

const TIMEOUT_MS = 10_000;
/** 한 번의 Fetch에 받을 바이트 */
const FETCH_BYTES = 4 << 20;
/** LSO가 하이 워터마크를 따라잡기(열린 트랜잭션이 없기)를 기다리는 최대 시간 */
const STABLE_LIMIT_MS = 60_000;

interface MetadataAnswer {
  brokers: { nodeId: number; host: string; port: number }[];
  topics: { name: string; errorCode: number; partitions: { partitionIndex: number; leaderId: number }[] }[];
}

interface FetchAnswer {
  errorCode: number;
  responses: {
    partitions: {
      errorCode: number;
      highWatermark: number;
      lastStableOffset: number;
      records: Uint8Array | null;
    }[];
  }[];
}

/**
 * `topics`의 파티션마다 최종 로그. 이름은 `토픽-파티션`. 열린 트랜잭션이 남아 있으면(LSO < 하이 워터마크) 닫힐 때까지
 * 기다립니다: 검사는 모든 트랜잭션의 결과가 정해진 뒤에 합니다.
 */
export async function readFinalLogs(bootstrap: string, topics: readonly string[]): Promise<FinalPartition[]> {
  const endpoints = seedEndpoints(bootstrap);
  const client = new NetworkClient({
    endpoints,
    clientId: 'drill-final-log',
    clock: systemClock,
    random: systemRandom,
    requestTimeoutMs: TIMEOUT_MS,
  });
  try {
    const result: FinalPartition[] = [];
    for (const topic of topics) {
      for (let partition = 0; ; partition++) {
        const found = await readPartition(client, endpoints, topic, partition);
        if (!found) break;
        result.push(found);
      }
    }
    return result;
  } finally {
    client.close();
  }
}

/**
 * 부트스트랩의 브로커마다 Metadata를 물어, 모두가 `topics`의 모든 파티션과 그 리더를 아는지. 컨트롤러가 만든 토픽을
 * 브로커마다 메타데이터 로그로 받는 때가 달라, 한 브로커만 보고 시작하면 다른 브로커가 UNKNOWN_TOPIC_OR_PARTITION으로
 * 답합니다 (kafkajs의 컨슈머는 그것을 던집니다).
 */
export async function everyBrokerKnows(bootstrap: string, topics: readonly string[]): Promise<boolean> {
  const endpoints = seedEndpoints(bootstrap);
  const client = new NetworkClient({
    endpoints,
    clientId: 'drill-topic-probe',
    clock: systemClock,
    random: systemRandom,
    requestTimeoutMs: 2000,
  });
  try {
    for (const via of endpoints.keys()) {
      const reply = await send(client, via, metadataRequest(topics));
      if (!reply.ok) return false;
      const answer = reply.response as MetadataAnswer;
      const known = answer.topics.every(
        (t) => t.errorCode === ErrorCode.NONE && t.partitions.length > 0 && t.partitions.every((p) => p.leaderId >= 0),
      );
      if (!known || answer.topics.length !== topics.length) return false;
    }
    return true;
  } finally {
    client.close();
  }
}

function seedEndpoints(bootstrap: string): Map<number, { host: string; port: number }> {
  const seeds = bootstrap.split(',').map((address) => {
    const [host, port] = address.split(':');
    return { host: host as string, port: Number(port) };
  });
  return new Map(seeds.map((s, i) => [-1 - i, s]));
}

function metadataRequest(topics: readonly string[]): ApiRequest {
  return {
    apiKey: ApiKey.Metadata,
    apiVersion: 9,
    body: {
      topics: topics.map((name) => ({ name })),
      allowAutoTopicCreation: false,
      includeTopicAuthorizedOperations: false,
    },
  };
}

async function readPartition(
  client: NetworkClient,
  endpoints: Map<number, { host: string; port: number }>,
  topic: string,
  partition: number,
): Promise<FinalPartition | null> {
  const deadline = Date.now() + STABLE_LIMIT_MS;
  for (;;) {
    const leader = await leaderOf(client, endpoints, topic, partition);
    if (leader === null) return null;
    const read = await readCommitted(client, leader, topic, partition).catch((error: Error) => error);
    if (!(read instanceof Error) && read.stable) {
      return {
        partition: `${topic}-${partition}`,
        leader: { broker: leader, records: read.records, highWatermark: read.highWatermark },
        followers: [],
      };
    }
    if (Date.now() > deadline) {
      const why =
        read instanceof Error
          ? read.message
          : `LSO ${read.lastStableOffset}, 하이 워터마크 ${read.highWatermark}, 커밋된 끝 ${read.committedEnd}`;
      throw new Error(`${topic}-${partition}의 최종 로그를 ${STABLE_LIMIT_MS / 1000}초 안에 읽지 못했습니다 (${why})`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** 파티션의 리더 (없는 파티션이면 null). 메타데이터의 브로커 주소를 endpoints에 적어 둡니다 */
async function leaderOf(
  client: NetworkClient,
  endpoints: Map<number, { host: string; port: number }>,
  topic: string,
  partition: number,
): Promise<number | null> {
  for (const via of [...endpoints.keys()].filter((id) => id < 0)) {
    const reply = await send(client, via, metadataRequest([topic]));
    if (!reply.ok) continue;
    const answer = reply.response as MetadataAnswer;
    for (const b of answer.brokers) endpoints.set(b.nodeId, { host: b.host, port: b.port });
    const p = answer.topics[0]?.partitions.find((x) => x.partitionIndex === partition);
    if (!p) return null;
    if (p.leaderId >= 0) return p.leaderId;
  }
  throw new Error(`${topic}-${partition}의 리더를 알 수 없습니다`);
}

/**
 * 커밋된 끝(ListOffsets LATEST)을 묻고, 그 끝까지 읽습니다. 리더의 답이 OFFSET_NOT_AVAILABLE이면(막 뽑힌 리더) 던져 다시
 * 묻게 하고, Fetch의 하이 워터마크가 그 끝에 못 미치면(그사이 리더가 또 바뀜) 안정되지 않은 것으로 돌려줍니다.
 */
async function readCommitted(client: NetworkClient, leader: number, topic: string, partition: number) {
  const latest = await latestOffset(client, leader, topic, partition);
  if (!latest) throw new Error('ListOffsets가 답을 받지 못했습니다');
  if (latest.errorCode !== ErrorCode.NONE) throw new Error(`ListOffsets 오류 코드 ${latest.errorCode}`);
  const read = await readFrom(client, leader, topic, partition);
  return { ...read, committedEnd: latest.offset, stable: read.stable && read.highWatermark >= latest.offset };
}

async function readFrom(
  client: NetworkClient,
  leader: number,
  topic: string,
  partition: number,
): Promise<{ records: LogRecord[]; highWatermark: number; lastStableOffset: number; stable: boolean }> {
  const records: LogRecord[] = [];
  let offset = 0;
  for (;;) {
    const reply = await send(client, leader, {
      apiKey: ApiKey.Fetch,
      apiVersion: 11,
      body: {
        replicaId: -1,
        maxWaitMs: 0,
        minBytes: 0,
        maxBytes: FETCH_BYTES,
        isolationLevel: 0,
        sessionId: 0,
        sessionEpoch: -1,
        topics: [
          {
            topic,
            partitions: [
              {
                partition,
                currentLeaderEpoch: -1,
                fetchOffset: offset,
                logStartOffset: -1,
                partitionMaxBytes: FETCH_BYTES,
              },
            ],
          },
        ],
        forgottenTopicsData: [],
        rackId: '',
      },
    });
    if (!reply.ok) throw new Error(`Fetch가 답을 받지 못했습니다 (${reply.error})`);
    const answer = reply.response as FetchAnswer;
    const p = answer.responses[0]?.partitions[0];
    if (!p || p.errorCode !== ErrorCode.NONE) throw new Error(`Fetch 오류 코드 ${p?.errorCode ?? answer.errorCode}`);
    const before = offset;
    for (const r of logRecordsOf(p.records ?? new Uint8Array(), offset)) {
      if (r.offset >= p.highWatermark) break;
      records.push(r);
      offset = r.offset + 1;
    }
    if (offset >= p.highWatermark || offset === before) {
      return {
        records,
        highWatermark: p.highWatermark,
        lastStableOffset: p.lastStableOffset,
        stable: offset >= p.highWatermark && p.lastStableOffset === p.highWatermark,
      };
    }
  }
}
