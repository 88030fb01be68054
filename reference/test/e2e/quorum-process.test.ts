/**
 * 진짜 프로세스 셋의 KRaft 쿼럼 (브로커+컨트롤러를 겸한 노드 셋, 루프백): `npm run quorum:up`과 같은 설정으로
 * `reference/src/main.ts`를 셋 띄우고, 컨트롤러끼리는 TCP의 Vote/BeginQuorumEpoch/Fetch로 말합니다.
 *
 *   - 리더를 SIGSTOP으로 fetch 시간 제한보다 오래 멈췄다가 SIGCONT: 나머지가 새 리더를 뽑고, 깨어난 옛 리더는
 *     물러나서 리더는 하나입니다 (check-quorum과 더 높은 에포크).
 *   - kafkajs admin이 토픽을 잇달아 만드는 동안 활성 컨트롤러를 `kill -9`: 팔로워들이 fetch 시간 제한
 *     (`controller.quorum.fetch.timeout.ms`)에 리더를 잃은 것을 알고, 선거 시간 제한(`controller.quorum.election
 *     .timeout.ms`, 실제로는 그것과 두 배 사이의 무작위 값) 안에 새 리더가 섭니다. kafkajs가 성공을 받은 토픽은 모두
 *     남아 있고, 이름마다 토픽 ID는 하나입니다 (두 번 만들어지지 않음). 브로커가 넘긴 요청을 리더가 바뀐 뒤 다시 보내
 *     TOPIC_ALREADY_EXISTS가 오면, kafkajs처럼 "이미 있음"으로 받아들입니다.
 *   - 활성 컨트롤러가 아닌 노드를 SIGSTOP으로 `broker.session.timeout.ms`보다 오래 멈추면: 컨트롤러가 그 브로커를
 *     펜싱하고, 그 브로커가 리더이던 파티션의 리더가 ISR의 다음 복제본으로 옮겨집니다 (다른 노드의 Metadata에서
 *     보입니다). SIGCONT하면 하트비트가 돌아와 펜싱이 풀립니다.
 *   - 셋 모두 `kill -9` 한 뒤 다시 띄우면 메타데이터(토픽과 ID)가 그대로입니다.
 *   - kafkajs가 복제 계수 3의 토픽을 만들면 복제본이 세 브로커에 놓이고 세 파티션의 리더가 모두 다릅니다. 브로커 리스너의
 *     ElectLeaders(43)는 활성 컨트롤러에게 넘겨져 파티션마다 답하고, AlterPartition(56)은 컨트롤러 리스너에서만 받습니다.
 *   - ISR 밖 복제본만 살아 있을 때: `unclean.leader.election.enable=true` 토픽은 ISR의 마지막 복제본이 펜싱되는 순간
 *     그 복제본이 리더가 되고, 기본값 토픽은 리더가 없다가 ElectLeaders UNCLEAN으로 리더를 얻습니다.
 *
 * 기다림은 모두 횟수와 시간으로 묶여 있고, 프로세스는 PID로 멈춥니다.
 */
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { METADATA_TOPIC } from '../../src/raft/raft-util.js';
import type { NetworkClient } from '../../src/runtime/network-client.js';
import { QuorumProcesses, type QuorumProcessNode, send, waitFor } from './quorum-processes.js';
import { killHard } from './support.js';

const ELECTION_TIMEOUT_MS = 1000;
const FETCH_TIMEOUT_MS = 2000;
/** 펜싱 훈련을 짧게: 기본값 9초 대신 4초 (하트비트는 1초마다) */
const SESSION_TIMEOUT_MS = 4000;
const IDS = [1, 2, 3] as const;
/** 다시 띄운 노드가 준비되기까지: 선거, 그리고 옛 세대의 세션이 끝나기를 기다리는 등록 */
const READY_TIMEOUT_MS = 40_000;

let quorum: QuorumProcesses;
let nodes: QuorumProcessNode[] = [];
let controllers: NetworkClient;
let brokers: NetworkClient;

const node = (id: number) => quorum.node(id);
const start = (n: QuorumProcessNode) => quorum.start(n);

interface QuorumAnswer {
  readonly errorCode: number;
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly highWatermark: number;
  readonly currentVoters: readonly { readonly replicaId: number; readonly logEndOffset: number }[];
}

/** 노드 하나의 컨트롤러 리스너에 DescribeQuorum. 닿지 않으면 null */
async function describeQuorum(id: number): Promise<QuorumAnswer | null> {
  const reply = await send(controllers, id, {
    apiKey: ApiKey.DescribeQuorum,
    apiVersion: 2,
    body: { topics: [{ topicName: METADATA_TOPIC, partitions: [{ partitionIndex: 0 }] }] },
  });
  if (!reply.ok) return null;
  const body = reply.response as { topics: { partitions: QuorumAnswer[] }[] };
  return body.topics[0]?.partitions[0] ?? null;
}

/** 스스로 리더라고 답하는 노드들과 그 에포크 (DescribeQuorum에는 리더만 답합니다) */
async function leaders(ids: readonly number[] = IDS): Promise<{ id: number; epoch: number }[]> {
  const answers = await Promise.all(ids.map(async (id) => ({ id, answer: await describeQuorum(id) })));
  return answers
    .filter(({ answer }) => answer?.errorCode === ErrorCode.NONE)
    .map(({ id, answer }) => ({ id, epoch: answer?.leaderEpoch ?? -1 }));
}

async function createTopic(id: number, name: string): Promise<{ errorCode: number; topicId: string } | null> {
  const reply = await send(brokers, id, {
    apiKey: ApiKey.CreateTopics,
    apiVersion: 7,
    body: {
      topics: [{ name, numPartitions: 1, replicationFactor: -1, assignments: [], configs: [] }],
      timeoutMs: 5000,
      validateOnly: false,
    },
  });
  if (!reply.ok) return null;
  return (reply.response as { topics: { errorCode: number; topicId: string }[] }).topics[0] ?? null;
}

interface MetadataAnswer {
  readonly brokers: { nodeId: number }[];
  readonly controllerId: number;
  readonly topics: {
    name: string;
    topicId: string;
    partitions: { partitionIndex: number; leaderId: number; isrNodes: number[]; offlineReplicas: number[] }[];
  }[];
}

async function metadataOf(id: number): Promise<MetadataAnswer> {
  const reply = await send(brokers, id, {
    apiKey: ApiKey.Metadata,
    apiVersion: 12,
    body: { topics: null, allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false },
  });
  if (!reply.ok) throw new Error(`노드 ${id}의 Metadata가 닿지 않았습니다`);
  return reply.response as MetadataAnswer;
}

async function topicsOf(id: number): Promise<Map<string, string>> {
  const { topics } = await metadataOf(id);
  return new Map(topics.map((t) => [t.name, t.topicId]));
}

/** 리더 하나가 설 때까지 */
async function oneLeader(): Promise<{ id: number; epoch: number }> {
  const [leader] = await waitFor(
    '리더가 없습니다',
    async () => {
      const found = await leaders();
      return found.length === 1 ? found : null;
    },
    20_000,
  );
  if (!leader) throw new Error('리더가 없습니다');
  return leader;
}

beforeAll(async () => {
  quorum = await QuorumProcesses.launch({
    name: 'quorum',
    ids: IDS,
    env: {
      KAFKA_CONTROLLER_QUORUM_ELECTION_TIMEOUT_MS: String(ELECTION_TIMEOUT_MS),
      KAFKA_CONTROLLER_QUORUM_FETCH_TIMEOUT_MS: String(FETCH_TIMEOUT_MS),
      KAFKA_BROKER_SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS),
      KAFKA_BROKER_HEARTBEAT_INTERVAL_MS: '1000',
    },
    readyTimeoutMs: READY_TIMEOUT_MS,
    requestTimeoutMs: 1000,
  });
  ({ nodes, controllers, brokers } = quorum);
}, 60_000);

afterAll(() => quorum?.close());

describe('진짜 프로세스 셋의 쿼럼 (루프백 TCP)', () => {
  it('리더 하나를 뽑고, 리더가 SIGSTOP으로 멈추면 새 리더가 서며, 깨어난 옛 리더는 물러납니다', async () => {
    const [first] = await waitFor(
      '리더가 서지 않았습니다',
      async () => {
        const found = await leaders();
        return found.length === 1 ? found : null;
      },
      20_000,
    );
    if (!first) throw new Error('리더가 없습니다');
    const paused = node(first.id);
    paused.process?.kill('SIGSTOP');
    const others = IDS.filter((id) => id !== first.id);
    const next = await waitFor(
      '멈춘 리더 대신 새 리더가 서지 않았습니다',
      async () => {
        const found = await leaders(others);
        return found.find((l) => l.epoch > first.epoch);
      },
      20_000,
    );
    // 멈춘 채로 fetch 시간 제한을 한 번 더 넘깁니다: 깨어나면 옛 리더는 자기 과반을 잃은 지 오래입니다.
    await new Promise((resolve) => setTimeout(resolve, FETCH_TIMEOUT_MS));
    paused.process?.kill('SIGCONT');
    const settled = await waitFor(
      '깨어난 옛 리더가 물러나지 않았습니다',
      async () => {
        const found = await leaders();
        return found.length === 1 && found[0]?.id !== first.id ? found : null;
      },
      20_000,
    );
    expect(settled).toEqual([{ id: next.id, epoch: expect.any(Number) }]);
    expect(settled[0]?.epoch).toBeGreaterThan(first.epoch);
    // 옛 리더는 이제 새 리더를 따릅니다: 새 리더가 보는 옛 리더의 로그 끝이 하이 워터마크에 닿고, 옛 리더에게 물으면
    // NOT_LEADER_OR_FOLLOWER입니다 (Kafka처럼 누가 리더인지는 알려 주지 않습니다).
    await waitFor(
      '옛 리더가 새 리더를 따라오지 않습니다',
      async () => {
        const a = await describeQuorum(next.id);
        const old = a?.currentVoters.find((v) => v.replicaId === first.id);
        return a && old && a.highWatermark > 0 && old.logEndOffset >= a.highWatermark ? a : null;
      },
      10_000,
    );
    expect((await describeQuorum(first.id))?.errorCode).toBe(ErrorCode.NOT_LEADER_OR_FOLLOWER);
  }, 90_000);

  it('kafkajs admin이 토픽을 만드는 동안 활성 컨트롤러를 kill -9: 새 리더가 서고, 성공한 토픽은 모두 남으며 두 번 만들어지지 않습니다', async () => {
    const leader = await oneLeader();
    const admin = new Kafka({
      clientId: 'quorum-drill',
      brokers: nodes.map((n) => `127.0.0.1:${n.brokerPort}`),
      logLevel: logLevel.NOTHING,
      retry: { retries: 12, initialRetryTime: 100, maxRetryTime: 2000 },
    }).admin();
    await admin.connect();
    const acknowledged: string[] = [];
    let alreadyExisted = 0;
    let failed = 0;
    let killedAt = 0;
    let firstAfterKill = 0;
    let elected: Promise<number> | null = null;
    const victim = node(leader.id);
    try {
      // 횟수(200)와 시간(60초)으로 묶은 만들기: 다섯 개가 성공하면 리더를 죽이고, 죽인 뒤 열 개가 더 성공하면 멈춥니다.
      const deadline = Date.now() + 60_000;
      for (let i = 0; i < 200 && Date.now() < deadline; i++) {
        if (killedAt === 0 && acknowledged.length === 5) {
          killedAt = Date.now();
          if (victim.process) await killHard(victim.process);
          victim.process = null;
          // 새 리더를 kafkajs의 만들기와 나란히 기다립니다.
          const survivors = IDS.filter((id) => id !== leader.id);
          elected = waitFor(
            '새 리더가 서지 않았습니다',
            async () => ((await leaders(survivors)).some((l) => l.epoch > leader.epoch) ? Date.now() - killedAt : null),
            20_000,
          );
        }
        const name = `drill-${i}`;
        try {
          // kafkajs는 TOPIC_ALREADY_EXISTS를 오류 대신 false로 돌려줍니다: 다시 보낸 요청이 앞선 성공을 만난 것입니다.
          const created = await admin.createTopics({
            topics: [{ topic: name, numPartitions: 1 }],
            waitForLeaders: false,
            timeout: 10_000,
          });
          if (!created) alreadyExisted++;
          acknowledged.push(name);
          if (killedAt > 0 && firstAfterKill === 0) firstAfterKill = Date.now();
        } catch {
          // 답을 받지 못한 요청은 약속한 적이 없습니다. kafkajs는 NOT_CONTROLLER만 다시 시도하고, Metadata가 컨트롤러로
          // 알린 브로커(아직 세션이 끝나지 않아 살아 있는 것으로 보이는 죽은 노드일 수 있습니다)에 닿지 못하면 포기합니다.
          failed++;
        }
        if (killedAt > 0 && acknowledged.length >= 15) break;
      }
    } finally {
      await admin.disconnect();
    }
    expect(killedAt).toBeGreaterThan(0);
    expect(firstAfterKill).toBeGreaterThan(0);
    const electedMs = await (elected as unknown as Promise<number>);
    // 보통은 fetch 시간 제한 + 왕복 몇 번입니다. 살아남은 둘이 거의 같은 때 후보가 되어 표가 갈리면(split vote),
    // Kafka 4.x처럼(`maybeHandleElectionLoss`) 남은 무작위 선거 시간 제한(최대 두 배)을 기다린 뒤 다시 뽑습니다.
    expect(electedMs).toBeLessThan(FETCH_TIMEOUT_MS + 2 * ELECTION_TIMEOUT_MS);
    const survivors = IDS.filter((id) => id !== leader.id);
    const next = await oneLeader();
    expect(survivors).toContain(next.id);
    expect(next.epoch).toBeGreaterThan(leader.epoch);
    console.log(
      `kill -9에서 새 리더까지 ${electedMs}ms, kafkajs의 다음 성공까지 ${firstAfterKill - killedAt}ms (성공 ${acknowledged.length}, 이미 있음 ${alreadyExisted}, 실패 ${failed}: kafkajs는 고른 컨트롤러에 닿지 못하면 다시 시도하지 않습니다)`,
    );
    // 성공한 토픽은 모두 있고, 두 생존 노드가 같은 토픽 ID를 봅니다 (이름마다 ID 하나).
    for (const id of survivors) {
      const topics = await waitFor(
        `노드 ${id}가 성공한 토픽을 다 보지 못합니다`,
        async () => {
          const seen = await topicsOf(id);
          return acknowledged.every((name) => seen.has(name)) ? seen : null;
        },
        10_000,
      );
      for (const name of acknowledged)
        expect(topics.get(name)).toBe((await topicsOf(survivors[0] as number)).get(name));
    }

    // 죽은 노드를 다시 띄우면 팔로워로 돌아와 빠진 메타데이터를 따라잡습니다.
    await start(victim);
    const expected = await topicsOf(next.id);
    await waitFor(
      '다시 띄운 노드가 따라잡지 못했습니다',
      async () => {
        const caught = await topicsOf(victim.id);
        return acknowledged.every((name) => caught.get(name) === expected.get(name)) ? caught : null;
      },
      20_000,
    );
  }, 150_000);

  it('활성 컨트롤러가 아닌 노드를 SIGSTOP으로 세션 시간 제한보다 오래 멈추면 펜싱되어 리더가 옮겨지고, SIGCONT하면 펜싱이 풀립니다', async () => {
    const leader = await oneLeader();
    const created = await waitFor(
      'fenced-drill을 만들지 못했습니다',
      async () => {
        const reply = await send(brokers, leader.id, {
          apiKey: ApiKey.CreateTopics,
          apiVersion: 7,
          body: {
            topics: [{ name: 'fenced-drill', numPartitions: 3, replicationFactor: 3, assignments: [], configs: [] }],
            timeoutMs: 5000,
            validateOnly: false,
          },
        });
        const topic = reply.ok ? (reply.response as { topics: { errorCode: number }[] }).topics[0] : undefined;
        return topic?.errorCode === ErrorCode.NONE ? topic : null;
      },
      10_000,
    );
    expect(created.errorCode).toBe(ErrorCode.NONE);
    const paused = node(IDS.find((id) => id !== leader.id) as number);
    const observer = IDS.find((id) => id !== leader.id && id !== paused.id) as number;
    const ledBy = async (from: number, broker: number) =>
      ((await metadataOf(from)).topics.find((t) => t.name === 'fenced-drill')?.partitions ?? []).filter(
        (p) => p.leaderId === broker,
      );
    // 복제본 셋을 고르게 놓았으니 멈출 브로커도 파티션 하나의 리더입니다.
    await waitFor('멈출 브로커가 리더인 파티션이 없습니다', async () => (await ledBy(observer, paused.id))[0], 10_000);

    paused.process?.kill('SIGSTOP');
    const stoppedAt = Date.now();
    const moved = await waitFor(
      '멈춘 브로커가 펜싱되지 않았습니다',
      async () => {
        const answer = await metadataOf(observer);
        const fenced = !answer.brokers.some((b) => b.nodeId === paused.id);
        const still = await ledBy(observer, paused.id);
        return fenced && still.length === 0 ? answer : null;
      },
      SESSION_TIMEOUT_MS + 10_000,
    );
    const fencedAfter = Date.now() - stoppedAt;
    console.log(`SIGSTOP에서 펜싱과 리더 옮기기까지 ${fencedAfter}ms (세션 시간 제한 ${SESSION_TIMEOUT_MS}ms)`);
    expect(fencedAfter).toBeGreaterThanOrEqual(SESSION_TIMEOUT_MS - 1000);
    const partitions = moved.topics.find((t) => t.name === 'fenced-drill')?.partitions ?? [];
    for (const p of partitions) {
      expect(p.leaderId).not.toBe(paused.id);
      expect(p.leaderId).toBeGreaterThan(0);
      expect(p.isrNodes).toContain(p.leaderId);
      expect(p.offlineReplicas).toEqual([paused.id]);
    }

    paused.process?.kill('SIGCONT');
    await waitFor(
      'SIGCONT한 브로커의 펜싱이 풀리지 않았습니다',
      async () => ((await metadataOf(observer)).brokers.some((b) => b.nodeId === paused.id) ? true : null),
      SESSION_TIMEOUT_MS + 10_000,
    );
  }, 90_000);

  it('셋 모두 kill -9 한 뒤 다시 띄워도 메타데이터가 그대로입니다', async () => {
    const leader = await oneLeader();
    for (const name of ['restart-a', 'restart-b', 'restart-c']) {
      const created = await waitFor(`${name}을 만들지 못했습니다`, () => createTopic(leader.id, name), 10_000);
      expect(created.errorCode).toBe(ErrorCode.NONE);
    }
    const expected = await topicsOf(leader.id);
    expect(expected.size).toBeGreaterThanOrEqual(5);
    for (const n of nodes) {
      if (n.process) await killHard(n.process);
      n.process = null;
    }
    await Promise.all(nodes.map(start));
    const [restarted] = await waitFor(
      '다시 띄운 쿼럼에 리더가 서지 않았습니다',
      async () => {
        const found = await leaders();
        return found.length === 1 ? found : null;
      },
      20_000,
    );
    if (!restarted) throw new Error('리더가 없습니다');
    expect(restarted.epoch).toBeGreaterThan(leader.epoch);
    const after = await waitFor(
      '다시 띄운 리더가 메타데이터를 다 적용하지 못했습니다',
      async () => {
        const topics = await topicsOf(restarted.id);
        return topics.size === expected.size ? topics : null;
      },
      10_000,
    );
    expect(after).toEqual(expected);
  }, 120_000);

  it('kafkajs createTopics 복제 계수 3: 복제본이 세 브로커에 고르게 놓이고, ElectLeaders(43)는 브로커가 넘겨 파티션마다 답하며, AlterPartition(56)은 컨트롤러 리스너에서 에포크를 봅니다', async () => {
    const leader = await oneLeader();
    const admin = new Kafka({
      clientId: 'replicated-admin',
      brokers: nodes.map((n) => `127.0.0.1:${n.brokerPort}`),
      logLevel: logLevel.NOTHING,
      retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 2000 },
    }).admin();
    await admin.connect();
    try {
      await admin.createTopics({
        topics: [{ topic: 'replicated', numPartitions: 3, replicationFactor: 3 }],
        waitForLeaders: false,
        timeout: 10_000,
      });
      // 컨트롤러는 커밋된 뒤 답하지만, 각 브로커가 그 레코드를 적용하는 것은 조금 뒤입니다 (Kafka도 같습니다). kafkajs는
      // 그 사이의 UNKNOWN_TOPIC_OR_PARTITION을 다시 묻지 않으므로 여기서 기다립니다.
      const topics = await waitFor(
        'replicated의 메타데이터가 보이지 않습니다',
        async () => {
          try {
            const answer = await admin.fetchTopicMetadata({ topics: ['replicated'] });
            return answer.topics[0]?.partitions.length === 3 ? answer.topics : null;
          } catch {
            return null;
          }
        },
        10_000,
      );
      const partitions = topics[0]?.partitions ?? [];
      expect(partitions).toHaveLength(3);
      for (const p of partitions) {
        expect([...p.replicas].sort()).toEqual([1, 2, 3]);
        expect([...p.isr].sort()).toEqual([1, 2, 3]);
        expect(p.leader).toBe(p.replicas[0]); // 선호 리더
      }
      // 줄의 시작을 한 칸씩 밀어 놓으니(StripedReplicaPlacer) 세 파티션의 리더가 모두 다릅니다.
      expect(new Set(partitions.map((p) => p.leader)).size).toBe(3);
    } finally {
      await admin.disconnect();
    }

    // kafkajs 2.2.4와 @platformatic/kafka에는 ElectLeaders가 없어 이 저장소의 NetworkClient로 보냅니다 (브로커 리스너).
    const electOn = async (electionType: number) => {
      const reply = await send(brokers, IDS.find((id) => id !== leader.id) as number, {
        apiKey: ApiKey.ElectLeaders,
        apiVersion: 2,
        body: { electionType, topicPartitions: [{ topic: 'replicated', partitions: [0, 1, 2, 7] }], timeoutMs: 5000 },
      });
      if (!reply.ok) throw new Error('ElectLeaders가 닿지 않았습니다');
      return reply.response as {
        errorCode: number;
        replicaElectionResults: { topic: string; partitionResult: { partitionId: number; errorCode: number }[] }[];
      };
    };
    const codes = (answer: Awaited<ReturnType<typeof electOn>>) =>
      answer.replicaElectionResults[0]?.partitionResult.map((r) => [r.partitionId, r.errorCode]);
    const preferred = await electOn(0);
    expect(preferred.errorCode).toBe(ErrorCode.NONE);
    expect(codes(preferred)).toEqual([
      [0, ErrorCode.ELECTION_NOT_NEEDED],
      [1, ErrorCode.ELECTION_NOT_NEEDED],
      [2, ErrorCode.ELECTION_NOT_NEEDED],
      [7, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
    ]);
    expect(codes(await electOn(1))?.slice(0, 3)).toEqual([
      [0, ErrorCode.ELECTION_NOT_NEEDED],
      [1, ErrorCode.ELECTION_NOT_NEEDED],
      [2, ErrorCode.ELECTION_NOT_NEEDED],
    ]);

    // AlterPartition은 브로커끼리만: 활성 컨트롤러는 낡은 브로커 에포크를, 대기 컨트롤러는 NOT_CONTROLLER를 답합니다.
    const alterPartition = async (to: number) => {
      const reply = await send(controllers, to, {
        apiKey: ApiKey.AlterPartition,
        apiVersion: 3,
        body: {
          brokerId: 1,
          brokerEpoch: -5,
          topics: [
            {
              topicId: (await topicsOf(leader.id)).get('replicated'),
              partitions: [
                {
                  partitionIndex: 0,
                  leaderEpoch: 0,
                  partitionEpoch: 0,
                  newIsr: [],
                  newIsrWithEpochs: [{ brokerId: 1, brokerEpoch: -1 }],
                  leaderRecoveryState: 0,
                },
              ],
            },
          ],
        },
      });
      return reply.ok ? (reply.response as { errorCode: number }).errorCode : null;
    };
    expect(await alterPartition(leader.id)).toBe(ErrorCode.STALE_BROKER_EPOCH);
    expect(await alterPartition(IDS.find((id) => id !== leader.id) as number)).toBe(ErrorCode.NOT_CONTROLLER);
  }, 60_000);

  it('unclean 선거: ISR 밖 복제본만 살아 있을 때 unclean.leader.election.enable=true 토픽은 곧바로 그 복제본을 리더로, 기본값(false) 토픽은 ElectLeaders UNCLEAN이 올 때까지 리더가 없습니다', async () => {
    const leader = await oneLeader();
    const [a, b] = IDS.filter((id) => id !== leader.id) as [number, number];
    // b가 펜싱된 동안 [a, b]에 토픽을 만들면 b는 복제본이지만 ISR 밖입니다 (ISR = 펜싱되지 않은 복제본 [a]).
    const brokerListed = async (id: number) => (await metadataOf(leader.id)).brokers.some((x) => x.nodeId === id);
    node(b).process?.kill('SIGSTOP');
    try {
      await waitFor(
        'b가 펜싱되지 않았습니다',
        async () => ((await brokerListed(b)) ? null : true),
        SESSION_TIMEOUT_MS + 10_000,
      );
      for (const [name, unclean] of [
        ['lossy', 'true'],
        ['safe', null],
      ] as const) {
        const reply = await send(brokers, leader.id, {
          apiKey: ApiKey.CreateTopics,
          apiVersion: 7,
          body: {
            topics: [
              {
                name,
                numPartitions: -1,
                replicationFactor: -1,
                assignments: [{ partitionIndex: 0, brokerIds: [a, b] }],
                configs: unclean ? [{ name: 'unclean.leader.election.enable', value: unclean }] : [],
              },
            ],
            timeoutMs: 5000,
            validateOnly: false,
          },
        });
        expect(reply.ok && (reply.response as { topics: { errorCode: number }[] }).topics[0]?.errorCode).toBe(
          ErrorCode.NONE,
        );
      }
    } finally {
      node(b).process?.kill('SIGCONT');
    }
    await waitFor(
      'b의 펜싱이 풀리지 않았습니다',
      async () => ((await brokerListed(b)) ? true : null),
      SESSION_TIMEOUT_MS + 10_000,
    );
    const partitionOf = async (name: string) =>
      (await metadataOf(leader.id)).topics.find((t) => t.name === name)?.partitions[0];
    expect(await partitionOf('lossy')).toMatchObject({ leaderId: a, isrNodes: [a] });

    // 이제 ISR의 유일한 복제본 a를 멈춥니다: 세션이 끝나면 컨트롤러가 a를 펜싱합니다.
    node(a).process?.kill('SIGSTOP');
    try {
      const lossy = await waitFor(
        'lossy의 리더가 b로 옮겨지지 않았습니다',
        async () => {
          const p = await partitionOf('lossy');
          return p?.leaderId === b ? p : null;
        },
        SESSION_TIMEOUT_MS + 10_000,
      );
      // unclean 선거: ISR은 새 리더 하나. a에만 있던 레코드는 잃을 수 있습니다.
      expect(lossy.isrNodes).toEqual([b]);
      const safe = await partitionOf('safe');
      // 복제(6장의 브로커 쪽)가 b를 이미 ISR에 다시 넣었다면 b가 깨끗하게 리더가 되었을 것입니다. 아니면 리더가 없고
      // (-1), 관리자가 데이터 손실을 받아들여 UNCLEAN 선거를 청해야 b가 리더가 됩니다.
      expect([-1, b]).toContain(safe?.leaderId);
      const reply = await send(brokers, leader.id, {
        apiKey: ApiKey.ElectLeaders,
        apiVersion: 2,
        body: { electionType: 1, topicPartitions: [{ topic: 'safe', partitions: [0] }], timeoutMs: 5000 },
      });
      const result = reply.ok
        ? (reply.response as { replicaElectionResults: { partitionResult: { errorCode: number }[] }[] })
            .replicaElectionResults[0]?.partitionResult[0]?.errorCode
        : null;
      expect(result).toBe(safe?.leaderId === -1 ? ErrorCode.NONE : ErrorCode.ELECTION_NOT_NEEDED);
      await waitFor(
        'safe의 리더가 b가 아닙니다',
        async () => ((await partitionOf('safe'))?.leaderId === b ? true : null),
        5000,
      );
    } finally {
      node(a).process?.kill('SIGCONT');
    }
  }, 90_000);
});
