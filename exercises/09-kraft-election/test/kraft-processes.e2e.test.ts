/**
 * 9장 끝에서 끝까지 테스트 (진짜 프로세스): `npm run quorum:up`과 같은 설정으로 브로커와 컨트롤러를 겸한 노드 셋을
 * 진짜 프로세스로 띄우고(루프백 TCP), kafkajs admin으로 토픽을 만드는 동안 활성 컨트롤러를 `kill -9` 합니다.
 *
 * 노드 프로세스는 `COURSE_CHAPTER=9`로 띄웁니다. 그러면 각 노드가 reference 쿼럼의 `decisions.ts`를 여러분의 파일로
 * 가져옵니다(모듈을 찾는 자리에서 바꿔 끼우기; 스타터냐 해답이냐는 `COURSE_TARGET`, 테스트 프로젝트가 정합니다).
 *
 * 보는 것:
 *   - 셋이 활성 컨트롤러(쿼럼의 리더) 하나를 뽑고, 세 브로커가 그 컨트롤러에 등록해 kafkajs admin에게 보입니다.
 *     리더는 컨트롤러 리스너에 DescribeQuorum을 보내 찾습니다(`npm run quorum`과 같은 요청). Metadata의 controllerId는
 *     Kafka 4처럼 살아 있는 브로커 하나를 무작위로 알려 줄 뿐이라(브로커가 관리 요청을 활성 컨트롤러에게 넘깁니다) 쓰지 않습니다.
 *   - 토픽을 만드는 도중에 활성 컨트롤러를 `kill -9` 해도, 남은 둘이 새 활성 컨트롤러를 뽑고 쓰기를 이어 받습니다.
 *     성공한(응답을 받은) 토픽은 하나도 잃지 않고, 메타데이터 로그에 토픽마다 TopicRecord가 하나씩만 있습니다.
 *   - 죽였던 노드를 다시 띄우면 새 리더를 따라 빠진 메타데이터를 따라잡습니다 (옛 리더의 갈라진 꼬리는 잘라 냅니다).
 *
 * 기다림은 모두 횟수와 시간으로 묶여 있고, 프로세스는 PID로 멈춥니다. 테스트는 고치지 마세요.
 * 러너는 앞의 단위 테스트(kraft-election.test.ts)가 모두 통과한 뒤에야 이 파일을 돌립니다.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../../reference/src/protocol/api-keys.js';
import { ErrorCode } from '../../../reference/src/protocol/error-codes.js';
import { METADATA_TOPIC } from '../../../reference/src/raft/raft-util.js';
import { decodeEntries } from '../../../reference/src/raft/record-batches.js';
import { systemClock } from '../../../reference/src/runtime/clock.js';
import { NetworkClient } from '../../../reference/src/runtime/network-client.js';
import { systemRandom } from '../../../reference/src/runtime/random.js';
import type { Reply } from '../../../reference/src/runtime/transport.js';
import { josa } from '../../../reference/src/server/josa.js';
import { killHard, removeDir, reservePort, spawnBroker, tempDir } from '../../../reference/test/e2e/support.js';
import { quorumNodeEnv } from '../../../scripts/lib/quorum.js';

const IDS = [1, 2, 3] as const;
const ELECTION_TIMEOUT_MS = 1000;
const FETCH_TIMEOUT_MS = 2000;
/** 리더를 잃은 뒤 새 리더까지 넉넉한 상한 (바쁜 2코어 기계에서도): 넘으면 선거가 끝나지 않는 것입니다 */
const ELECTION_BOUND_MS = 30_000;

interface QuorumNode {
  readonly id: number;
  readonly dir: string;
  readonly brokerPort: number;
  readonly controllerPort: number;
  process: ChildProcess | null;
  /** 노드가 찍은 마지막 줄들 (노드가 스스로 끝났을 때 까닭을 보여 주려고) */
  lastLines: string[];
  /** 테스트가 죽이지 않았는데 끝났다면 그 모습 */
  crashed: string | null;
}

let nodes: QuorumNode[] = [];
let voters = '';
/** 노드 셋을 띄우지 못했다면 그 까닭 (노드가 여러분의 코드에서 난 예외로 죽었을 때 그 출력이 들어 있습니다) */
let startFailure: unknown = null;

/** 테스트마다 먼저: 노드를 띄우지 못했으면 그 까닭으로 실패합니다. */
function requireStarted(): void {
  if (startFailure) throw startFailure;
}

function node(id: number): QuorumNode {
  const found = nodes.find((n) => n.id === id);
  if (!found) throw new Error(`${josa(`노드 ${id}`, '이/가')} 없습니다`);
  return found;
}

async function start(n: QuorumNode): Promise<void> {
  const child = await spawnBroker(
    n.dir,
    n.brokerPort,
    {
      ...quorumNodeEnv(n.id, 'broker,controller', { broker: n.brokerPort, controller: n.controllerPort }, voters),
      KAFKA_CONTROLLER_QUORUM_ELECTION_TIMEOUT_MS: String(ELECTION_TIMEOUT_MS),
      KAFKA_CONTROLLER_QUORUM_FETCH_TIMEOUT_MS: String(FETCH_TIMEOUT_MS),
      // 이 노드의 쿼럼이 9장의 모듈(decisions.ts)을 여러분의 것으로 가져옵니다.
      COURSE_CHAPTER: '9',
    },
    // 준비는 펜싱이 풀린 뒤입니다. 죽였다 곧바로 띄운 노드는 옛 세대의 세션(broker.session.timeout.ms, 9초)이 끝나야
    // 다시 등록되므로 한가한 기계에서도 14초쯤 걸립니다: 기다림의 상한만 넉넉히 둡니다.
    60_000,
  );
  n.process = child;
  n.crashed = null;
  const keep = (chunk: Buffer) => {
    n.lastLines = [
      ...n.lastLines,
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((l) => l.trim() !== ''),
    ].slice(-12);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.once('exit', (code, signal) => {
    if (n.process === child)
      n.crashed = `${josa(`노드 ${n.id}`, '이/가')} 스스로 끝났습니다 (${signal ?? `code ${code}`})`;
  });
}

/** 테스트가 죽이지 않았는데 끝난 노드들과 그 마지막 출력 (여러분의 코드가 노드 안에서 던진 예외가 여기 보입니다) */
function crashReport(): string {
  return nodes
    .filter((n) => n.crashed)
    .map((n) => `\n${n.crashed}. 마지막 출력:\n  ${n.lastLines.join('\n  ')}`)
    .join('');
}

async function kill(n: QuorumNode): Promise<void> {
  const child = n.process;
  n.process = null;
  if (child) await killHard(child);
}

/** 이 노드들의 브로커 리스너를 bootstrap으로 쓰는 kafkajs admin */
function adminOf(ids: readonly number[]): Admin {
  return new Kafka({
    clientId: 'chapter-9',
    brokers: ids.map((id) => `127.0.0.1:${node(id).brokerPort}`),
    logLevel: logLevel.NOTHING,
    retry: { retries: 5, initialRetryTime: 100 },
  }).admin();
}

/** 조건이 참이 될 때까지 100ms마다 봅니다. `maxMs` 안에 안 되면 실패 */
async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined>, maxMs: number): Promise<T> {
  const deadline = Date.now() + maxMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== null && value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const cause = last ? ` (마지막 오류: ${(last as Error).message})` : '';
      throw new Error(`${maxMs / 1000}초 안에 ${what}${cause}${crashReport()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let controllers: NetworkClient;

/**
 * 쿼럼의 리더(활성 컨트롤러)와 에포크: `ids`의 컨트롤러 리스너에 DescribeQuorum을 보내, 리더라고 답하는 노드가
 * 꼭 하나일 때만 돌려줍니다 (리더만 답을 알고, 나머지는 NOT_LEADER_OR_FOLLOWER로 답합니다).
 */
async function quorumLeader(ids: readonly number[]): Promise<{ id: number; epoch: number } | null> {
  const answers = await Promise.all(
    ids.map(
      (id) =>
        new Promise<{ id: number; reply: Reply<unknown> }>((resolve) =>
          controllers.send(
            id,
            {
              apiKey: ApiKey.DescribeQuorum,
              apiVersion: 2,
              body: { topics: [{ topicName: METADATA_TOPIC, partitions: [{ partitionIndex: 0 }] }] },
            },
            (reply) => resolve({ id, reply }),
          ),
        ),
    ),
  );
  const leaders = answers.flatMap(({ id, reply }) => {
    if (!reply.ok) return [];
    const partition = (
      reply.response as { topics: { partitions: { errorCode: number; leaderId: number; leaderEpoch: number }[] }[] }
    ).topics[0]?.partitions[0];
    return partition?.errorCode === ErrorCode.NONE && partition.leaderId === id
      ? [{ id, epoch: partition.leaderEpoch }]
      : [];
  });
  return leaders.length === 1 ? (leaders[0] ?? null) : null;
}

/** 노드의 메타데이터 로그에서 토픽 이름마다 TopicRecord가 몇 개인지 */
function topicRecordCounts(id: number): Map<string, number> {
  const file = path.join(node(id).dir, '__cluster_metadata-0', '00000000000000000000.log');
  const counts = new Map<string, number>();
  for (const { record } of decodeEntries<{ type: string; name?: string }>(readFileSync(file))) {
    if (record.type === 'data' && record.data.type === 'TopicRecord' && record.data.name) {
      counts.set(record.data.name, (counts.get(record.data.name) ?? 0) + 1);
    }
  }
  return counts;
}

beforeAll(async () => {
  nodes = [];
  for (const id of IDS) {
    nodes.push({
      id,
      dir: tempDir(`ch9-node-${id}-`),
      brokerPort: await reservePort(),
      controllerPort: await reservePort(),
      process: null,
      lastLines: [],
      crashed: null,
    });
  }
  voters = nodes.map((n) => `${n.id}@127.0.0.1:${n.controllerPort}`).join(',');
  controllers = new NetworkClient({
    endpoints: new Map(nodes.map((n) => [n.id, { host: '127.0.0.1', port: n.controllerPort }])),
    clientId: 'chapter-9',
    clock: systemClock,
    random: systemRandom,
    requestTimeoutMs: 1000,
    reconnectBackoffMs: 20,
    reconnectBackoffMaxMs: 100,
  });
  // 브로커는 쿼럼이 리더를 뽑고 메타데이터를 따라잡아 펜싱이 풀려야 "준비"를 알립니다. 뜨지 못하면 테스트마다 그 까닭을 보여 줍니다.
  // 하나가 실패해도 나머지가 다 뜨거나 실패할 때까지 기다립니다: 뒤늦게 뜬 노드를 afterAll이 놓치지 않게.
  const started = await Promise.allSettled(nodes.map(start));
  startFailure = started.find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason ?? null;
}, 90_000);

afterAll(async () => {
  controllers?.close();
  for (const n of nodes) await kill(n);
  for (const n of nodes) removeDir(n.dir);
});

describe('9장 끝에서 끝까지: 여러분의 decisions.ts로 도는 노드 셋 (진짜 프로세스, kafkajs admin)', () => {
  let firstController = -1;
  let firstEpoch = -1;
  const acknowledged: string[] = [];

  it('ProcessesElectActiveController: 프로세스 셋이 활성 컨트롤러 하나를 뽑고, 세 브로커가 그 컨트롤러에 등록해 kafkajs admin에게 보입니다', async () => {
    requireStarted();
    const leader = await waitFor('쿼럼의 리더가 하나로 서지 않았습니다', () => quorumLeader(IDS), ELECTION_BOUND_MS);
    firstController = leader.id;
    firstEpoch = leader.epoch;
    const admin = adminOf(IDS);
    await admin.connect();
    try {
      const brokers = await waitFor(
        '세 브로커가 모두 등록되어 보이지 않았습니다',
        async () => {
          const ids = (await admin.describeCluster()).brokers.map((b) => b.nodeId).sort();
          return ids.length === IDS.length ? ids : null;
        },
        ELECTION_BOUND_MS,
      );
      expect(brokers, '등록된 브로커 (활성 컨트롤러가 RegisterBrokerRecord를 커밋해야 보입니다)').toEqual([...IDS]);
    } finally {
      await admin.disconnect();
    }
  }, 60_000);

  it('ProcessesSurviveKilledController: 토픽을 만드는 도중 활성 컨트롤러를 kill -9 해도 새 컨트롤러가 서고, 응답을 받은 토픽은 하나도 잃지 않고 한 번씩만 만들어집니다', async () => {
    requireStarted();
    expect(firstController, '앞 테스트에서 활성 컨트롤러를 찾지 못했습니다').toBeGreaterThan(0);
    const survivors = IDS.filter((id) => id !== firstController);
    const admin = adminOf(IDS);
    await admin.connect();
    const timings: string[] = [];
    try {
      /** 토픽 하나를 응답을 받을 때까지(새 컨트롤러가 설 때까지) 다시 보냅니다. 이미 있으면 false로 끝납니다. */
      const create = (name: string) =>
        waitFor(
          `토픽 ${josa(name, '을/를')} 만들지 못했습니다`,
          async () => {
            // 응답(활성 컨트롤러가 커밋함)까지만 봅니다. 브로커마다 적용하는 것은 아래에서 따로 기다립니다.
            await admin.createTopics({
              topics: [{ topic: name, numPartitions: 1 }],
              timeout: 5000,
              waitForLeaders: false,
            });
            return name;
          },
          ELECTION_BOUND_MS,
        );
      for (let i = 0; i < 3; i++) acknowledged.push(await create(`before-kill-${i}`));

      const killed = Date.now();
      await kill(node(firstController));
      // 죽인 바로 뒤부터 쓰기를 이어 갑니다: 새 활성 컨트롤러가 서야 응답을 받습니다.
      acknowledged.push(await create('after-kill-0'));
      timings.push(`kill -9에서 다음 CreateTopics 응답까지 ${Date.now() - killed}ms`);
      for (let i = 1; i < 3; i++) acknowledged.push(await create(`after-kill-${i}`));

      const next = await waitFor(
        '남은 두 노드 가운데 더 높은 에포크의 리더가 서지 않았습니다',
        async () => {
          const leader = await quorumLeader(survivors);
          return leader && leader.epoch > firstEpoch ? leader.id : null;
        },
        ELECTION_BOUND_MS,
      );
      expect(
        survivors,
        `새 활성 컨트롤러 ${josa(String(next), '은/는')} 살아 있는 노드여야 합니다 (${timings.join(', ')})`,
      ).toContain(next);
      // 응답을 받은 토픽은 살아 있는 브로커마다 보여야 합니다. 브로커는 커밋된 레코드를 Fetch로 따라잡아 적용하므로 조금 늦을 수 있습니다.
      for (const id of survivors) {
        const survivor = adminOf([id]);
        await survivor.connect();
        try {
          let missing: string[] = [];
          await waitFor(
            `브로커 ${id}에 응답을 받은 토픽이 보이지 않습니다 (${timings.join(', ')})`,
            async () => {
              const listed = await survivor.listTopics();
              missing = acknowledged.filter((name) => !listed.includes(name));
              return missing.length === 0 ? listed : null;
            },
            10_000,
          ).catch((error: Error) => {
            throw new Error(`${error.message}: 사라진 토픽 ${missing.join(', ')}`, { cause: error });
          });
        } finally {
          await survivor.disconnect();
        }
      }
      // 새 리더의 로그에 커밋된 TopicRecord: 응답을 받은 토픽마다 정확히 하나
      const counts = await waitFor(
        '새 활성 컨트롤러의 메타데이터 로그에 토픽이 모두 적히지 않았습니다',
        async () => {
          const c = topicRecordCounts(next as number);
          return acknowledged.every((name) => c.has(name)) ? c : null;
        },
        10_000,
      );
      for (const [name, count] of counts) {
        expect(count, `토픽 ${name}의 TopicRecord가 ${count}개입니다: 같은 토픽을 두 번 만들었습니다`).toBe(1);
      }
    } finally {
      await admin.disconnect();
    }
  }, 120_000);

  it('ProcessesRejoinAfterRestart: 죽였던 노드를 다시 띄우면 새 리더를 따라 빠진 토픽을 모두 따라잡습니다', async () => {
    requireStarted();
    expect(acknowledged.length, '앞 테스트에서 만든 토픽이 없습니다').toBeGreaterThan(0);
    const victim = node(firstController);
    await start(victim);
    const admin = adminOf([victim.id]);
    await admin.connect();
    try {
      const topics = await waitFor(
        `다시 띄운 ${josa(`노드 ${victim.id}`, '이/가')} 토픽을 따라잡지 못했습니다`,
        async () => {
          const listed = await admin.listTopics();
          return acknowledged.every((name) => listed.includes(name)) ? listed : null;
        },
        ELECTION_BOUND_MS,
      );
      expect(topics.filter((t) => acknowledged.includes(t)).sort()).toEqual([...acknowledged].sort());
      const counts = topicRecordCounts(victim.id);
      for (const name of acknowledged) {
        expect(counts.get(name), `다시 띄운 노드의 로그에서 토픽 ${name}의 TopicRecord`).toBe(1);
      }
    } finally {
      await admin.disconnect();
    }
  }, 90_000);
});
