/**
 * 진짜 프로세스 셋(브로커+컨트롤러)의 메타데이터 스냅숏과 보존 (KIP-630): 한도를 아주 작게 잡아(2 KB마다 스냅숏,
 * 4 KB 세그먼트, 보존 1바이트, 0.5초마다 청소) 토픽 몇십 개로 Kafka가 몇 GB에서 하는 일을 봅니다.
 *
 *   - 토픽을 만들다 보면 모든 노드의 `__cluster_metadata-0`에 `<끝 오프셋>-<에포크>.checkpoint`가 생기고, 통째로
 *     스냅숏 앞인 세그먼트(`00000000000000000000.log`)가 지워집니다.
 *   - 셋 모두 `kill -9` 한 뒤 다시 띄우면, 각자 가장 새 스냅숏을 불러오고 그 뒤의 로그를 재생해 토픽(과 ID)이 그대로입니다.
 *   - 팔로워 하나를 `kill -9` 하고 나머지의 로그 시작(첫 세그먼트)이 그 노드의 로그 끝을 지나갈 때까지 토픽을 만든 뒤
 *     다시 띄우면: 리더의 로그에는 그 노드가 이어 받을 자리가 없으니 FetchSnapshot으로 리더의 스냅숏을 받아 로그를
 *     그 끝에서 새로 시작하고(세그먼트 이름이 스냅숏의 끝 오프셋), 클라이언트(kafkajs)는 그 노드에서도 모든 토픽을 봅니다.
 *
 * 기다림은 모두 횟수와 시간으로 묶여 있고, 프로세스는 PID로 멈춥니다.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { METADATA_LOG_DIR } from '../../src/raft/quorum-state-store.js';
import { METADATA_TOPIC } from '../../src/raft/raft-util.js';
import { parseSnapshotFileName } from '../../src/raft/snapshot.js';
import type { NetworkClient } from '../../src/runtime/network-client.js';
import { isLogFile, offsetFromFileName } from '../../src/storage/log-files.js';
import { fastFailoverEnv, QuorumProcesses, type QuorumProcessNode, send, waitFor } from './quorum-processes.js';

const IDS = [1, 2, 3] as const;
const FIRST_SEGMENT = '00000000000000000000.log';

let quorum: QuorumProcesses;
let nodes: QuorumProcessNode[] = [];
let controllers: NetworkClient;
let brokers: NetworkClient;
let created = 0;

const node = (id: number) => quorum.node(id);
const start = (n: QuorumProcessNode) => quorum.start(n);
const stop = (n: QuorumProcessNode) => quorum.kill(n);

/** `__cluster_metadata-0`의 파일들: 세그먼트의 첫 오프셋들과 스냅숏들 (이름과 크기) */
function filesOf(n: QuorumProcessNode) {
  const dir = path.join(n.dir, METADATA_LOG_DIR);
  const names = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  const segments = names
    .filter(isLogFile)
    .map((name) => offsetFromFileName(name) as number)
    .sort((a, b) => a - b);
  const checkpoints = names
    .filter((name) => parseSnapshotFileName(name) !== null)
    .map((name) => ({ name, offset: parseSnapshotFileName(name)?.offset ?? -1, bytes: fileSize(path.join(dir, name)) }))
    .sort((a, b) => a.offset - b.offset);
  return { names, segments, checkpoints };
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return -1; // 그새 청소가 지웠습니다
  }
}

interface QuorumAnswer {
  readonly errorCode: number;
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly highWatermark: number;
  readonly currentVoters: { replicaId: number; logEndOffset: number }[];
}

async function describeQuorum(id: number): Promise<QuorumAnswer | null> {
  const reply = await send(controllers, id, {
    apiKey: ApiKey.DescribeQuorum,
    apiVersion: 2,
    body: { topics: [{ topicName: METADATA_TOPIC, partitions: [{ partitionIndex: 0 }] }] },
  });
  if (!reply.ok) return null;
  return (reply.response as { topics: { partitions: QuorumAnswer[] }[] }).topics[0]?.partitions[0] ?? null;
}

/** 스스로 리더라고 답하는 노드가 하나일 때 그 답 (DescribeQuorum에는 리더만 답합니다) */
async function leader(ids: readonly number[] = IDS): Promise<(QuorumAnswer & { id: number }) | null> {
  const answers = await Promise.all(ids.map(async (id) => ({ id, answer: await describeQuorum(id) })));
  const leaders = answers.filter(({ answer }) => answer?.errorCode === ErrorCode.NONE);
  const only = leaders.length === 1 ? leaders[0] : undefined;
  return only?.answer ? { ...only.answer, id: only.id } : null;
}

/** 살아 있는 노드의 브로커 리스너로 토픽 하나를 만듭니다 (활성 컨트롤러에게 넘겨집니다). 성공하면 true */
async function createTopic(via: number): Promise<boolean> {
  const reply = await send(brokers, via, {
    apiKey: ApiKey.CreateTopics,
    apiVersion: 7,
    body: {
      topics: [{ name: `snapshot-${created}`, numPartitions: 1, replicationFactor: -1, assignments: [], configs: [] }],
      timeoutMs: 5000,
      validateOnly: false,
    },
  });
  const topic = reply.ok ? (reply.response as { topics: { errorCode: number }[] }).topics[0] : undefined;
  if (topic?.errorCode !== ErrorCode.NONE && topic?.errorCode !== ErrorCode.TOPIC_ALREADY_EXISTS) return false;
  created++;
  return true;
}

/** `done`이 참이 될 때까지 토픽을 만듭니다 (횟수 400, 시간 60초로 묶음). */
async function createTopicsUntil(via: number, what: string, done: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (let i = 0; i < 400 && !done(); i++) {
    if (Date.now() > deadline) break;
    if (!(await createTopic(via))) await new Promise((resolve) => setTimeout(resolve, 100));
    // 스냅숏과 청소(0.5초)가 따라오게 틈을 줍니다.
    if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await waitFor(what, async () => (done() ? true : null), 10_000);
}

/** 노드의 브로커가 클라이언트에게 보이는 토픽 이름 → ID */
async function topicsOf(id: number): Promise<Map<string, string>> {
  const reply = await send(brokers, id, {
    apiKey: ApiKey.Metadata,
    apiVersion: 12,
    body: { topics: null, allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false },
  });
  if (!reply.ok) return new Map();
  const { topics } = reply.response as { topics: { name: string; topicId: string }[] };
  return new Map(topics.map((t) => [t.name, t.topicId]));
}

beforeAll(async () => {
  quorum = await QuorumProcesses.launch({
    name: 'snapshot',
    ids: IDS,
    env: {
      ...fastFailoverEnv(4000),
      KAFKA_METADATA_LOG_MAX_RECORD_BYTES_BETWEEN_SNAPSHOTS: '2048',
      KAFKA_METADATA_LOG_SEGMENT_BYTES: '4096',
      KAFKA_METADATA_LOG_SEGMENT_MIN_BYTES: '4096',
      KAFKA_METADATA_MAX_RETENTION_BYTES: '1',
      KAFKA_METADATA_LOG_CLEANER_INTERVAL_MS: '500',
    },
    readyTimeoutMs: 40_000,
    requestTimeoutMs: 2000,
  });
  ({ nodes, controllers, brokers } = quorum);
}, 60_000);

afterAll(() => quorum?.close());

describe('진짜 프로세스 셋의 메타데이터 스냅숏과 보존', () => {
  it('토픽을 만들면 모든 노드에 .checkpoint가 생기고, 통째로 스냅숏 앞인 세그먼트가 지워집니다', async () => {
    const first = await waitFor('리더가 서지 않았습니다', () => leader(), 20_000);
    await createTopicsUntil(first.id, '모든 노드가 스냅숏을 만들고 첫 세그먼트를 지우지 않았습니다', () =>
      nodes.every((n) => {
        const files = filesOf(n);
        return files.checkpoints.length > 0 && !files.names.includes(FIRST_SEGMENT);
      }),
    );
    for (const n of nodes) {
      const { checkpoints, segments } = filesOf(n);
      for (const c of checkpoints) expect(c.name).toMatch(/^\d{20}-\d{10}\.checkpoint$/);
      // 로그는 가장 오래 남은 스냅숏이 걸친 세그먼트부터입니다: 그보다 앞인 세그먼트는 없습니다.
      const oldest = checkpoints[0]?.offset ?? 0;
      expect(segments[1] ?? Number.POSITIVE_INFINITY).toBeGreaterThan(oldest);
      expect(segments[0]).toBeGreaterThan(0);
      console.log(
        `노드 ${n.id}: 토픽 ${created}개 뒤 스냅숏 ${checkpoints.map((c) => `${c.name} (${c.bytes} B)`).join(', ')}, 세그먼트 ${segments.join(', ')}`,
      );
    }
  }, 120_000);

  it('셋 모두 kill -9 한 뒤 다시 띄우면 각자 가장 새 스냅숏과 그 뒤의 로그로 돌아와 토픽이 그대로입니다', async () => {
    const before = await waitFor('리더가 없습니다', () => leader(), 20_000);
    const expected = await topicsOf(before.id);
    expect(expected.size).toBe(created);
    for (const n of nodes) await stop(n);
    // 다시 켜기 전에도 스냅숏이 있고 첫 세그먼트는 없습니다: 노드는 로그를 0부터 재생할 수 없습니다.
    for (const n of nodes) expect(filesOf(n).names).not.toContain(FIRST_SEGMENT);
    await Promise.all(nodes.map(start));
    await waitFor('다시 띄운 뒤 리더가 서지 않았습니다', () => leader(), 20_000);
    for (const n of nodes) {
      const seen = await waitFor(
        `노드 ${n.id}가 토픽을 다 보여 주지 않습니다`,
        async () => {
          const topics = await topicsOf(n.id);
          return topics.size >= expected.size ? topics : null;
        },
        20_000,
      );
      for (const [name, id] of expected) expect(seen.get(name)).toBe(id);
    }
  }, 150_000);

  it('kill -9 한 팔로워가 리더의 로그 시작보다 뒤처지면, 다시 띄웠을 때 FetchSnapshot으로 받아 따라잡습니다', async () => {
    const active = await waitFor('리더가 없습니다', () => leader(), 20_000);
    const victim = node(IDS.find((id) => id !== active.id) as number);
    const survivors = nodes.filter((n) => n !== victim);
    await stop(victim);
    // 죽은 노드의 로그 끝: 디스크에 남은 마지막 세그먼트의 첫 오프셋보다 뒤 (그 세그먼트의 끝까지)
    const victimEnd = await waitFor(
      '리더가 죽은 노드의 로그 끝을 알려 주지 않습니다',
      async () => (await describeQuorum(active.id))?.currentVoters.find((v) => v.replicaId === victim.id)?.logEndOffset,
      10_000,
    );
    expect(victimEnd).toBeGreaterThan(0);
    await createTopicsUntil(active.id, '살아 있는 노드들의 로그 시작이 죽은 노드의 로그 끝을 지나지 않았습니다', () =>
      survivors.every((n) => (filesOf(n).segments[0] ?? 0) > victimEnd),
    );
    const expected = await topicsOf(active.id);
    const leaderSnapshots = filesOf(node(active.id)).checkpoints.map((c) => c.offset);
    console.log(
      `노드 ${victim.id}의 로그 끝 ${victimEnd}, 살아 있는 노드의 첫 세그먼트 ${survivors.map((n) => filesOf(n).segments[0]).join(', ')}, 리더의 스냅숏 ${leaderSnapshots.join(', ')}`,
    );

    await start(victim);
    // 클라이언트가 보는 것: 다시 띄운 노드의 브로커도 모든 토픽을 같은 ID로 알려 줍니다.
    const caught = await waitFor(
      `노드 ${victim.id}가 따라잡지 못했습니다`,
      async () => {
        const topics = await topicsOf(victim.id);
        return [...expected.keys()].every((name) => topics.has(name)) ? topics : null;
      },
      30_000,
    );
    for (const [name, id] of expected) expect(caught.get(name)).toBe(id);
    // 디스크: 옛 세그먼트(로그 끝 앞)는 모두 사라졌습니다. 그 사이의 레코드는 리더에게도 없으니 스냅숏으로 받은 것입니다.
    expect(filesOf(victim).segments[0]).toBeGreaterThan(victimEnd);
    // 로그는 스냅숏에서 시작합니다: 첫 세그먼트가 가장 오래 남은 스냅숏을 품습니다. 받은 스냅숏 뒤로도 토픽
    // 레코드가 쌓이고 0.5초마다 청소가 돌아 세그먼트와 스냅숏이 바뀌므로(세그먼트를 먼저 지우고 스냅숏을
    // 나중에 지웁니다), 그 사이의 한순간이 아니라 청소가 끝난 모습을 기다립니다.
    await waitFor(
      `노드 ${victim.id}의 첫 세그먼트가 스냅숏을 품지 않습니다`,
      async () => {
        const { segments, checkpoints } = filesOf(victim);
        const oldest = checkpoints[0]?.offset;
        const first = segments[0] ?? Number.POSITIVE_INFINITY;
        return oldest !== undefined && oldest >= first && oldest < (segments[1] ?? Number.POSITIVE_INFINITY)
          ? true
          : null;
      },
      10_000,
    );
    // kafkajs의 admin도 이 노드 하나만 알고서 모든 토픽을 봅니다.
    const admin = new Kafka({
      clientId: 'snapshot-drill',
      brokers: [`127.0.0.1:${victim.brokerPort}`],
      logLevel: logLevel.NOTHING,
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 },
    }).admin();
    await admin.connect();
    try {
      const listed = await admin.listTopics();
      expect(listed.filter((t) => t.startsWith('snapshot-')).sort()).toEqual([...expected.keys()].sort());
    } finally {
      await admin.disconnect();
    }
  }, 150_000);
});
