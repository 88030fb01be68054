/**
 * 소켓도 진짜 시계도 없이 만든 노드: 프레임을 넣고 답을 받고, 시간은 가상 시계로 흐릅니다. 진짜 프로세스
 * (`Broker.start`)와 같은 조립(`KafkaNode`)에 시계·난수·디스크·네트워크만 가상의 것을 넣었습니다.
 *
 *   - 노드 하나(브로커+컨트롤러, 투표자 하나): 리스너마다의 ApiVersions, 등록(BrokerRegistration)과 펜싱이 풀리는
 *     하트비트, 쿼럼을 거친 CreateTopics, 가상 시계로 끝나는 Fetch 롱 폴링, DescribeQuorum, 죽었다 켜져도 남는
 *     메타데이터와 곧바로 다시 하는 등록, 깨끗한 종료의 제어된 종료.
 *   - 노드 셋(가상 네트워크 둘: 쿼럼의 것과 브로커 → 컨트롤러의 것): 리더 선출, 과반이 가져가야 커밋되는 쓰기, 활성
 *     컨트롤러에게 넘겨지는 관리 요청(리더가 바뀌는 동안에도), 세션이 끝난 브로커의 펜싱과 리더 옮기기, 돌아온
 *     브로커의 펜싱 풀기, 제어된 종료.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { brokerApis, controllerApis } from '../../src/apis/index.js';
import type { MetadataRecord } from '../../src/metadata/records.js';
import { KafkaNode } from '../../src/node/kafka-node.js';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import type { RaftRequest, RaftResponse } from '../../src/raft/messages.js';
import { METADATA_TOPIC } from '../../src/raft/raft-util.js';
import type { ApiRequest } from '../../src/runtime/network-client.js';
import type { Transport } from '../../src/runtime/transport.js';
import { type BrokerConfig, loadConfig } from '../../src/server/config.js';
import { createLogger } from '../../src/server/logger.js';
import { NodeClock, SimClock } from '../../src/sim/clock.js';
import { SimDisk } from '../../src/sim/disk.js';
import { SimNetwork } from '../../src/sim/network.js';
import { SeededRandom } from '../../src/sim/random.js';
import { decodeResponse, encodeRequest } from '../e2e/raw-client.js';

const dirs: string[] = [];
const nodes: KafkaNode[] = [];
afterEach(() => {
  for (const node of nodes.splice(0)) node.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const CLUSTER_ID = 'sim-node-cluster-id-1A';
const CONNECTION = { id: '1', remote: 'sim', listener: '', principal: 'User:ANONYMOUS' };

function config(nodeId: number, env: Record<string, string> = {}): BrokerConfig {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sim-node-${nodeId}-`));
  dirs.push(dir);
  return loadConfig({
    env: {
      KAFKA_NODE_ID: String(nodeId),
      KAFKA_LISTENERS: 'PLAINTEXT://127.0.0.1:0,CONTROLLER://127.0.0.1:0',
      KAFKA_LOG_DIRS: dir,
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      ...env,
    },
  });
}

/** 투표자가 하나면 네트워크를 쓰지 않습니다: 쓰면 시험이 틀린 것입니다. */
const noNetwork = (): Transport<RaftRequest, RaftResponse<MetadataRecord>> => ({
  send: () => {
    throw new Error('투표자 하나짜리 쿼럼이 네트워크를 썼습니다');
  },
});

/** 컨트롤러 채널을 쓰면 안 되는 노드 (투표자 하나면 활성 컨트롤러는 언제나 자기 자신입니다) */
const noControllers = (): Transport<ApiRequest, unknown> => ({
  send: () => {
    throw new Error('투표자 하나짜리 노드가 컨트롤러 채널로 다른 노드를 불렀습니다');
  },
});

/** 요청 하나를 프레임으로 만들어 노드의 리스너에 넣고, 답의 본문을 돌려줍니다. */
async function call(
  node: KafkaNode,
  listener: string,
  apiKey: number,
  apiVersion: number,
  body: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: 시험이 읽는 응답 본문 (API마다 모양이 다릅니다)
): Promise<Record<string, any>> {
  const request = encodeRequest(apiKey, apiVersion, body, { correlationId: 7, clientId: 't' });
  const response = await node.processor({ name: listener })(request, { ...CONNECTION, listener });
  if (!response) throw new Error('답이 없습니다');
  // biome-ignore lint/suspicious/noExplicitAny: 위와 같음
  const { correlationId, body: answer } = decodeResponse<Record<string, any>>(response.subarray(4), apiKey, apiVersion);
  if (correlationId !== 7) throw new Error('correlation id가 다릅니다');
  return answer;
}

/**
 * 브로커 → 컨트롤러의 가상 네트워크: 보낸 요청을 진짜 바이트로 만들어 받는 노드의 컨트롤러 리스너에 넣고, 답을
 * 디코딩해 돌려줍니다 (진짜 프로세스의 `NetworkClient`가 TCP로 하는 일).
 */
function controllerNetwork(clock: SimClock, random: SeededRandom) {
  const network = new SimNetwork<ApiRequest, unknown>(clock, random);
  const byId = new Map<number, KafkaNode>();
  const transports = new Map<number, Transport<ApiRequest, unknown>>();
  const connect = (id: number) => () => {
    let transport = transports.get(id);
    if (!transport) {
      transport = network.attach(id, (_source, request, respond) => {
        const node = byId.get(id);
        if (!node) return;
        call(node, 'CONTROLLER', request.apiKey, request.apiVersion, request.body).then(respond, () => {});
      });
      transports.set(id, transport);
    }
    return transport;
  };
  /** 노드가 죽어 네트워크에서 떨어집니다 (다시 켜진 노드는 새 연결을 만듭니다) */
  const detach = (id: number) => {
    network.detach(id);
    transports.delete(id);
  };
  return { network, byId, connect, detach };
}

const createTopics = (name: string, numPartitions: number) => ({
  topics: [{ name, numPartitions, replicationFactor: -1, assignments: [], configs: [] }],
  timeoutMs: 5000,
  validateOnly: false,
});

const metadataRequest = (name: string) => ({
  topics: [{ name, topicId: 'AAAAAAAAAAAAAAAAAAAAAA' }],
  allowAutoTopicCreation: false,
  includeTopicAuthorizedOperations: false,
});

const PLAINTEXT_9092 = { name: 'PLAINTEXT', host: '127.0.0.1', port: 9092, securityProtocol: 0 };

const describeQuorum = { topics: [{ topicName: METADATA_TOPIC, partitions: [{ partitionIndex: 0 }] }] };

/** 가상 시계를 돌리는 동안 Promise의 후속 작업도 돌게, 사건 하나마다 이벤트 루프를 한 번 비웁니다. */
async function runUntil(clock: SimClock, done: () => boolean, maxMs: number): Promise<void> {
  const deadline = clock.now() + maxMs;
  while (!done()) {
    const next = clock.peekTime();
    if (next === null || next > deadline) throw new Error(`가상 시간 ${maxMs}ms 안에 조건이 채워지지 않았습니다`);
    clock.runNext();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** 답을 기다리며 가상 시계를 돌립니다. */
async function settle<T>(clock: SimClock, pending: Promise<T>, maxMs: number): Promise<T> {
  let result: { value: T } | null = null;
  let failure: unknown = null;
  pending.then(
    (value) => {
      result = { value };
    },
    (error) => {
      failure = error;
    },
  );
  await new Promise((resolve) => setImmediate(resolve));
  await runUntil(clock, () => result !== null || failure !== null, maxMs);
  if (failure !== null) throw failure;
  return (result as unknown as { value: T }).value;
}

describe('노드 하나 (브로커+컨트롤러, 투표자 하나), 가상 시계 위에서', () => {
  function start(disk = new SimDisk(), clock = new SimClock(), base = config(1)) {
    const node = new KafkaNode(
      base,
      {
        clock,
        random: new SeededRandom(1),
        disk,
        logger: createLogger('silent'),
        connect: noNetwork,
        connectControllers: noControllers,
      },
      { clusterId: CLUSTER_ID },
    );
    nodes.push(node);
    return { node, disk, clock, base };
  }

  it('리스너마다 자기가 답하는 API만 알립니다 (ApiVersions = 그 리스너의 등록)', async () => {
    const { node, clock } = start();
    await settle(clock, node.startup([PLAINTEXT_9092]), 1000);
    const versions = (apis: readonly { key: number; minVersion: number; maxVersion: number }[]) =>
      apis
        .map((a) => ({ apiKey: a.key, minVersion: a.minVersion, maxVersion: a.maxVersion }))
        .sort((a, b) => a.apiKey - b.apiKey);
    const broker = await call(node, 'PLAINTEXT', ApiKey.ApiVersions, 3, {
      clientSoftwareName: 't',
      clientSoftwareVersion: '1',
    });
    const controller = await call(node, 'CONTROLLER', ApiKey.ApiVersions, 3, {
      clientSoftwareName: 't',
      clientSoftwareVersion: '1',
    });
    expect(broker.apiKeys).toEqual(versions(brokerApis));
    expect(controller.apiKeys).toEqual(versions(controllerApis));
    // 쿼럼의 API, 넘겨받는 관리 요청(19, 20, 30, 31, 33, 37, 43, 44, 45, 46, 51), 브로커의 등록·하트비트·ISR 변경·프로듀서 ID(62, 63, 56, 67)
    expect(controller.apiKeys.map((k: { apiKey: number }) => k.apiKey)).toEqual([
      1, 18, 19, 20, 30, 31, 33, 37, 43, 44, 45, 46, 51, 52, 53, 54, 55, 56, 59, 62, 63, 67,
    ]);
    expect(broker.apiKeys.map((k: { apiKey: number }) => k.apiKey)).not.toContain(ApiKey.BrokerHeartbeat);
    expect(broker.apiKeys.map((k: { apiKey: number }) => k.apiKey)).not.toContain(ApiKey.AlterPartition);
    expect(broker.apiKeys.map((k: { apiKey: number }) => k.apiKey)).toContain(ApiKey.ElectLeaders);
    expect(broker.apiKeys.map((k: { apiKey: number }) => k.apiKey)).toContain(ApiKey.DescribeQuorum);
    expect(broker.apiKeys.map((k: { apiKey: number }) => k.apiKey)).not.toContain(ApiKey.Vote);
  });

  it('시작하면 BrokerRegistration으로 등록하고, 따라잡았다는 하트비트로 펜싱이 풀린 뒤에 준비됩니다 (RUNNING)', async () => {
    const { node, clock } = start();
    await settle(clock, node.startup([PLAINTEXT_9092]), 1000);
    expect(node.brokerState).toBe('RUNNING');
    const registration = node.metadata.brokers.get(1);
    expect(registration).toMatchObject({ fenced: false, inControlledShutdown: false, host: '127.0.0.1', port: 9092 });
    expect(registration?.incarnationId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // LeaderChange(0) 다음의 등록 레코드가 브로커 에포크입니다.
    expect(registration?.epoch).toBe(1);
  });

  it('CreateTopics는 쿼럼에 적혀 커밋된 뒤 답하고, Metadata와 DescribeQuorum이 그것을 보여 줍니다', async () => {
    const { node, clock } = start();
    await settle(clock, node.startup([PLAINTEXT_9092]), 1000);
    const created = await call(node, 'PLAINTEXT', ApiKey.CreateTopics, 7, createTopics('orders', 2));
    expect(created.topics[0]).toMatchObject({ name: 'orders', errorCode: ErrorCode.NONE, numPartitions: 2 });
    const metadata = await call(node, 'PLAINTEXT', ApiKey.Metadata, 12, metadataRequest('orders'));
    expect(metadata.controllerId).toBe(1);
    expect(metadata.brokers).toEqual([{ nodeId: 1, host: '127.0.0.1', port: 9092, rack: null }]);
    expect(metadata.topics[0].partitions.map((p: { leaderId: number }) => p.leaderId)).toEqual([1, 1]);

    const quorum = await call(node, 'CONTROLLER', ApiKey.DescribeQuorum, 2, describeQuorum);
    const partition = quorum.topics[0].partitions[0];
    expect(partition).toMatchObject({ errorCode: 0, leaderId: 1, leaderEpoch: 1 });
    // LeaderChange 하나, 브로커 등록과 펜싱 풀기, 토픽 하나와 파티션 둘
    expect(partition.highWatermark).toBe(6);
    expect(partition.currentVoters).toEqual([expect.objectContaining({ replicaId: 1, logEndOffset: 6 })]);
    // 브로커 리스너의 DescribeQuorum도 같은 답입니다 (이 노드가 리더이므로).
    const viaBroker = await call(node, 'PLAINTEXT', ApiKey.DescribeQuorum, 2, describeQuorum);
    expect(viaBroker.topics[0].partitions[0].highWatermark).toBe(6);
  });

  it('Fetch 롱 폴링은 가상 시계의 maxWaitMs에 빈손으로 끝납니다 (진짜 시간을 기다리지 않음)', async () => {
    const { node, clock } = start();
    await settle(clock, node.startup([PLAINTEXT_9092]), 1000);
    const created = await call(node, 'PLAINTEXT', ApiKey.CreateTopics, 7, createTopics('quiet', 1));
    const topicId = created.topics[0].topicId as string;
    const started = clock.now();
    const fetched = settle(
      clock,
      call(node, 'PLAINTEXT', ApiKey.Fetch, 13, {
        maxWaitMs: 5000,
        minBytes: 1,
        maxBytes: 1 << 20,
        isolationLevel: 0,
        sessionId: 0,
        sessionEpoch: -1,
        topics: [
          {
            topicId,
            partitions: [
              {
                partition: 0,
                currentLeaderEpoch: -1,
                fetchOffset: 0,
                lastFetchedEpoch: -1,
                logStartOffset: -1,
                partitionMaxBytes: 1 << 20,
              },
            ],
          },
        ],
        forgottenTopicsData: [],
        rackId: '',
      }),
      10_000,
    );
    const response = await fetched;
    expect(clock.now() - started).toBe(5000);
    expect(response.responses[0].partitions[0]).toMatchObject({ errorCode: 0, highWatermark: 0 });
  });

  it('죽었다 켜져도(fsync한 것만 남는 디스크) 커밋된 메타데이터는 그대로이고, 새 세대로 곧바로 다시 등록합니다', async () => {
    const { node, disk, clock, base } = start();
    await settle(clock, node.startup([PLAINTEXT_9092]), 1000);
    const created = await call(node, 'PLAINTEXT', ApiKey.CreateTopics, 7, createTopics('durable', 3));
    const before = node.metadata.brokers.get(1);
    node.close();
    disk.crash();
    const restarted = start(disk, clock, base).node;
    expect(disk.list('__cluster_metadata-0')).toEqual(['00000000000000000000.log', 'quorum-state']);
    // 옛 세대의 등록은 펜싱되지 않은 채 남아 있지만, 그 프로세스는 죽었습니다. 한 프로세스의 컨트롤러는 그것을 알고
    // 세션을 주지 않으므로 (`ClusterControlManager.activate`), 새 세대는 세션 시간 제한(9초)을 기다리지 않습니다.
    const started = clock.now();
    await settle(clock, restarted.startup([PLAINTEXT_9092]), 1000);
    expect(clock.now() - started).toBeLessThan(1000);
    const metadata = await call(restarted, 'PLAINTEXT', ApiKey.Metadata, 12, metadataRequest('durable'));
    expect(metadata.topics[0]).toMatchObject({ name: 'durable', errorCode: 0, topicId: created.topics[0].topicId });
    expect(metadata.topics[0].partitions).toHaveLength(3);
    const after = restarted.metadata.brokers.get(1);
    expect(after?.incarnationId).not.toBe(before?.incarnationId);
    expect(after?.epoch).toBeGreaterThan(before?.epoch ?? 0);
    expect(after?.fenced).toBe(false);
  });

  it('적용한 레코드가 한도를 넘으면 .checkpoint를 만들고, 보존 한도를 넘으면 옛 세그먼트를 지우며, 다시 켜면 스냅숏과 그 뒤의 로그로 돌아옵니다', async () => {
    const disk = new SimDisk();
    const { node, clock, base } = start(
      disk,
      new SimClock(),
      config(1, {
        KAFKA_METADATA_LOG_MAX_RECORD_BYTES_BETWEEN_SNAPSHOTS: '1500',
        KAFKA_METADATA_LOG_SEGMENT_BYTES: '1024',
        KAFKA_METADATA_LOG_SEGMENT_MIN_BYTES: '1024',
        KAFKA_METADATA_MAX_RETENTION_BYTES: '1',
        KAFKA_METADATA_LOG_CLEANER_INTERVAL_MS: '1000',
      }),
    );
    await settle(clock, node.startup([PLAINTEXT_9092]), 1000);
    const files = () => disk.list('__cluster_metadata-0');
    const checkpoints = () => files().filter((f) => f.endsWith('.checkpoint'));
    const names: string[] = [];
    for (let i = 0; i < 60 && (checkpoints().length === 0 || files().includes('00000000000000000000.log')); i++) {
      names.push(`snap-${i}`);
      await call(node, 'PLAINTEXT', ApiKey.CreateTopics, 7, createTopics(`snap-${i}`, 1));
      await settle(clock, new Promise((resolve) => clock.schedule(500, () => resolve(null))), 1000);
    }
    // 스냅숏은 이미지가 적용한 마지막 오프셋 다음을 끝으로, 그때의 에포크로 이름 짓습니다.
    const [latest] = checkpoints().slice(-1);
    expect(latest).toMatch(/^\d{20}-0000000001\.checkpoint$/);
    // 보존 한도가 1바이트라 가장 새 스냅숏 하나만 남고, 로그 시작은 그 스냅숏까지 옮겨졌습니다.
    expect(checkpoints()).toHaveLength(1);
    expect(files()).not.toContain('00000000000000000000.log');
    const snapshotEnd = Number(latest?.slice(0, 20));
    expect(node.raft.client.logStartOffset).toBe(snapshotEnd);

    node.close();
    disk.crash();
    const restarted = start(disk, clock, base).node;
    // 다시 켜진 노드는 가장 새 스냅숏을 불러오고 그 뒤의 로그를 재생합니다: 토픽이 모두 그대로입니다.
    expect(restarted.raft.client.latestSnapshot?.id.offset).toBe(snapshotEnd);
    expect(restarted.metadata.offset).toBeGreaterThanOrEqual(snapshotEnd);
    expect(
      restarted.metadata
        .topics()
        .map((t) => t.name)
        .sort(),
    ).toEqual([...names].sort());
    await settle(clock, restarted.startup([PLAINTEXT_9092]), 1000);
    const metadata = await call(restarted, 'PLAINTEXT', ApiKey.Metadata, 12, metadataRequest(names[0] as string));
    expect(metadata.topics[0]).toMatchObject({ name: names[0], errorCode: 0 });
  });

  it('metadata.log.segment.bytes가 metadata.log.segment.min.bytes(기본 8 MiB)보다 작으면 노드를 만들지 않습니다 (Kafka InvalidConfigurationException)', () => {
    expect(() => start(new SimDisk(), new SimClock(), config(1, { KAFKA_METADATA_LOG_SEGMENT_BYTES: '1024' }))).toThrow(
      /metadata\.log\.segment\.bytes\(1024\)는 metadata\.log\.segment\.min\.bytes\(8388608\)보다 작을 수 없습니다/,
    );
  });

  it('깨끗한 종료는 하트비트로 제어된 종료를 합니다: 리더를 내려놓고 펜싱된 뒤 꺼지고, 다시 켜면 리더로 돌아옵니다', async () => {
    const { node, disk, clock, base } = start();
    await settle(clock, node.startup([PLAINTEXT_9092]), 1000);
    await call(node, 'PLAINTEXT', ApiKey.CreateTopics, 7, createTopics('handover', 1));
    await settle(clock, node.controlledShutdown(5000), 6000);
    expect(node.brokerState).toBe('SHUTTING_DOWN');
    // 다른 복제본이 없으니 리더는 없고(-1), ISR은 비지 않습니다 (데이터를 잃지 않으려고).
    expect(node.metadata.partition('handover', 0)).toMatchObject({ leader: -1, isr: [1] });
    expect(node.metadata.brokers.get(1)).toMatchObject({ fenced: true });
    node.close();
    const restarted = start(disk, clock, base).node;
    await settle(clock, restarted.startup([PLAINTEXT_9092]), 1000);
    // 펜싱이 풀리면 리더가 없는 파티션 가운데 ISR에 있는 것의 리더가 됩니다 (`handleBrokerUnfenced`).
    expect(restarted.metadata.partition('handover', 0)).toMatchObject({ leader: 1, isr: [1] });
  });
});

describe('노드 셋 (브로커+컨트롤러), 가상 네트워크 위에서', () => {
  const VOTERS = '1@127.0.0.1:1,2@127.0.0.1:2,3@127.0.0.1:3';

  /** 노드 셋 또는 (`roles`를 주면) 컨트롤러 셋과 브로커들. 쿼럼의 네트워크와 브로커 → 컨트롤러의 네트워크 둘 */
  function cluster(seed: number, extra: { id: number; roles: string; listeners: string }[] = [], voterRoles?: string) {
    const clock = new SimClock();
    const random = new SeededRandom(seed);
    const network = new SimNetwork<RaftRequest, RaftResponse<MetadataRecord>>(clock, random.fork(1));
    const controllers = controllerNetwork(clock, random.fork(2));
    const disks = new Map<number, SimDisk>();
    const make = (id: number, env: Record<string, string>, disk = new SimDisk()) => {
      disks.set(id, disk);
      const node = new KafkaNode(
        config(id, { KAFKA_CONTROLLER_QUORUM_VOTERS: VOTERS, ...env }),
        {
          clock: new NodeClock(clock),
          random: random.fork(10 + id),
          disk,
          logger: createLogger('silent'),
          connect: (handler) => network.attach(id, handler),
          connectControllers: controllers.connect(id),
        },
        { clusterId: CLUSTER_ID },
      );
      nodes.push(node);
      controllers.byId.set(id, node);
      return { id, node };
    };
    const voterEnv = voterRoles
      ? { KAFKA_PROCESS_ROLES: voterRoles, KAFKA_LISTENERS: 'CONTROLLER://127.0.0.1:0' }
      : ({} as Record<string, string>);
    const members = [
      ...[1, 2, 3].map((id) => make(id, voterEnv)),
      ...extra.map((e) => make(e.id, { KAFKA_PROCESS_ROLES: e.roles, KAFKA_LISTENERS: e.listeners })),
    ];
    const stopped = new Set<number>();
    const ids = members.map((m) => m.id);
    /** 켜져 있는 활성 컨트롤러 (멈춘 노드의 상태는 멈춘 그대로 남으니 뺍니다) */
    const leader = () =>
      members.find((m) => !stopped.has(m.id) && m.node.raft.client.state.name === 'Leader' && m.node.controller.active);
    /** 프로세스가 죽습니다: 모든 타이머가 멈추고 두 네트워크에서 떨어집니다. */
    const crash = (id: number) => {
      members.find((m) => m.id === id)?.node.close();
      network.detach(id);
      controllers.detach(id);
      stopped.add(id);
    };
    /** 죽은 노드를 같은 디스크(fsync한 것만 남은)로 다시 켭니다. 시작(`startup`)은 부르는 쪽이 합니다 */
    const restart = (id: number) => {
      const disk = disks.get(id) as SimDisk;
      disk.crash();
      stopped.delete(id);
      const index = members.findIndex((m) => m.id === id);
      const fresh = make(id, voterEnv, disk);
      members[index] = fresh;
      return fresh.node;
    };
    /** 두 네트워크 모두에서 한 노드를 떼어 놓거나(`isolate`) 다시 잇습니다(`heal`). */
    const isolate = (id: number) => {
      const others = ids.filter((other) => other !== id);
      network.isolate(id, others);
      controllers.network.isolate(id, others);
    };
    const heal = () => {
      network.heal();
      controllers.network.heal();
    };
    const startAll = () =>
      settle(
        clock,
        Promise.all(
          members
            .filter((m) => m.node.broker)
            .map(({ id, node }) =>
              node.startup([{ name: 'PLAINTEXT', host: '127.0.0.1', port: 9090 + id, securityProtocol: 0 }]),
            ),
        ),
        20_000,
      );
    return { clock, members, leader, crash, restart, isolate, heal, startAll };
  }

  it.each([1, 2, 3, 4, 5, 6])(
    '씨앗 %i: 리더를 뽑고, 브로커 셋이 등록하며, 팔로워가 받은 CreateTopics는 활성 컨트롤러에게 넘겨지고; 리더를 잃으면 새 리더가 서서 쓰기를 받습니다',
    async (seed) => {
      const { clock, members, leader, crash, startAll } = cluster(seed);
      await startAll();
      const first = leader();
      if (!first) throw new Error('리더가 없습니다');
      for (const { node } of members) expect(node.brokerState).toBe('RUNNING');
      const follower = members.find((m) => m !== first) as (typeof members)[number];

      // 팔로워의 브로커는 활성 컨트롤러가 아니므로 받은 요청을 그대로 넘기고 그 답을 돌려줍니다 (ForwardingManager).
      const created = await settle(
        clock,
        call(follower.node, 'PLAINTEXT', ApiKey.CreateTopics, 7, createTopics('t1', 1)),
        10_000,
      );
      expect(created.topics[0]).toMatchObject({ errorCode: ErrorCode.NONE, numPartitions: 1 });
      await runUntil(clock, () => members.every((m) => m.node.metadata.topic('t1') !== undefined), 10_000);
      const seen = await call(follower.node, 'PLAINTEXT', ApiKey.Metadata, 12, metadataRequest('t1'));
      expect(seen.topics[0]).toMatchObject({ errorCode: 0, topicId: created.topics[0].topicId });
      // Kafka 4의 브로커는 살아 있는 브로커 하나를 컨트롤러로 알립니다 (클라이언트가 부를 수 있는 곳).
      expect([1, 2, 3]).toContain(seen.controllerId);
      expect(seen.brokers.map((b: { nodeId: number }) => b.nodeId).sort()).toEqual([1, 2, 3]);

      // 리더가 죽습니다: 남은 둘 가운데 새 리더가 서고, 앞의 토픽을 갖고 있으며, 넘겨받은 쓰기를 받습니다.
      crash(first.id);
      const lost = clock.now();
      const survivor = members.find((m) => m.id !== first.id) as (typeof members)[number];
      // 리더가 서기 전에 보낸 요청도 채널이 새 리더에게 다시 보내 성공합니다.
      const during = settle(
        clock,
        call(survivor.node, 'PLAINTEXT', ApiKey.CreateTopics, 7, createTopics('t2', 1)),
        20_000,
      );
      await runUntil(clock, () => leader() !== undefined, 10_000);
      const second = leader() as (typeof members)[number];
      expect(second.id).not.toBe(first.id);
      // Kafka: fetch 시간 제한(2 s) + 선거 시간 제한(1–2 s)과 사전 투표·투표의 왕복 안에
      expect(clock.now() - lost).toBeLessThan(2000 + 2 * 1000 + 500);
      expect(second.node.metadata.topic('t1')?.topicId).toBe(created.topics[0].topicId);
      expect((await during).topics[0].errorCode).toBe(ErrorCode.NONE);
      expect(second.node.raft.client.epoch).toBeGreaterThan(first.node.raft.client.epoch);
    },
  );

  it('세션이 끝난 브로커는 펜싱되어 리더를 내려놓고(ISR의 다음 복제본에게), 돌아오면 펜싱이 풀립니다', async () => {
    const { clock, members, leader, isolate, heal, startAll } = cluster(7);
    await startAll();
    const active = leader() as (typeof members)[number];
    const created = await settle(
      clock,
      call(active.node, 'PLAINTEXT', ApiKey.CreateTopics, 7, {
        ...createTopics('spread', 3),
        topics: [{ ...createTopics('spread', 3).topics[0], replicationFactor: 3 }],
      }),
      10_000,
    );
    expect(created.topics[0].errorCode).toBe(ErrorCode.NONE);
    await runUntil(clock, () => members.every((m) => m.node.metadata.topic('spread') !== undefined), 10_000);
    // 펜싱할 브로커: 활성 컨트롤러가 아닌 노드 (쿼럼의 리더는 그대로 둡니다)
    const victim = members.find((m) => m !== active) as (typeof members)[number];
    const led = (node: KafkaNode, id: number) =>
      (node.metadata.topic('spread')?.partitions ?? []).filter((p) => p.leader === id).map((p) => p.partitionId);
    const victimLed = led(active.node, victim.id);
    expect(victimLed.length).toBeGreaterThan(0);

    isolate(victim.id);
    const isolatedAt = clock.now();
    await runUntil(clock, () => active.node.metadata.brokers.get(victim.id)?.fenced === true, 20_000);
    // 세션 시간 제한(broker.session.timeout.ms = 9 s)보다 일찍 펜싱하지 않습니다.
    expect(clock.now() - isolatedAt).toBeGreaterThan(9000 - 2000);
    // 펜싱된 브로커는 리더가 아니고 ISR에서도 빠졌습니다: 리더는 ISR의 다음 복제본입니다.
    expect(led(active.node, victim.id)).toEqual([]);
    for (const p of active.node.metadata.topic('spread')?.partitions ?? []) {
      expect(p.isr).not.toContain(victim.id);
      expect(p.isr).toContain(p.leader);
    }
    // 다른 노드의 Metadata: 브로커 목록에서 빠지고, 복제본은 오프라인으로 보입니다.
    const third = members.find((m) => m !== active && m !== victim) as (typeof members)[number];
    await runUntil(clock, () => third.node.metadata.brokers.get(victim.id)?.fenced === true, 10_000);
    const seen = await call(third.node, 'PLAINTEXT', ApiKey.Metadata, 12, metadataRequest('spread'));
    expect(seen.brokers.map((b: { nodeId: number }) => b.nodeId)).not.toContain(victim.id);
    expect(seen.controllerId).not.toBe(victim.id);
    for (const p of seen.topics[0].partitions) {
      expect(p.leaderId).not.toBe(victim.id);
      expect(p.offlineReplicas).toEqual([victim.id]);
    }

    heal();
    await runUntil(clock, () => active.node.metadata.brokers.get(victim.id)?.fenced === false, 30_000);
    // 돌아온 브로커는 메타데이터를 따라잡고, 옮겨진 파티션에는 NOT_LEADER_OR_FOLLOWER로 답합니다.
    await runUntil(clock, () => led(victim.node, victim.id).length === 0, 10_000);
    for (const partition of victimLed) {
      expect(victim.node.broker?.context.replicaManager.listOffset('spread', partition, -1)).toMatchObject({
        errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER,
      });
    }
  });

  it('다시 켜진 브로커는 메타데이터를 따라잡을 때까지 클라이언트 요청을 붙잡아 두었다가, 따라잡은 이미지로 답합니다 (Kafka BrokerServer.startup)', async () => {
    const { clock, members, leader, crash, restart, startAll } = cluster(11);
    await startAll();
    const active = leader() as (typeof members)[number];
    const created = await settle(
      clock,
      call(active.node, 'PLAINTEXT', ApiKey.CreateTopics, 7, {
        ...createTopics('moved', 1),
        topics: [{ ...createTopics('moved', 1).topics[0], replicationFactor: 3 }],
      }),
      10_000,
    );
    expect(created.topics[0].errorCode).toBe(ErrorCode.NONE);
    await runUntil(clock, () => members.every((m) => m.node.metadata.topic('moved') !== undefined), 10_000);
    const partition = () => leader()?.node.metadata.topic('moved')?.partitions[0];
    const victim = partition()?.leader as number;

    // 파티션의 리더가 죽고, 세션이 끝나 펜싱되면 리더가 ISR의 다음 복제본으로 옮겨 갑니다 (리더 에포크 1).
    crash(victim);
    await runUntil(clock, () => partition() !== undefined && partition()?.leader !== victim, 30_000);
    const moved = partition();

    // 같은 디스크로 다시 켜진 노드에 시작하자마자 Metadata가 옵니다. 이 노드의 이미지는 아직 비었거나 낡았으니,
    // 메타데이터를 따라잡아 로그를 맞출 때까지 답하지 않습니다.
    const node = restart(victim);
    const answer = call(node, 'PLAINTEXT', ApiKey.Metadata, 12, metadataRequest('moved'));
    let answered = false;
    void answer.then(() => {
      answered = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    const starting = node.startup([{ name: 'PLAINTEXT', host: '127.0.0.1', port: 9090 + victim, securityProtocol: 0 }]);
    const seen = await settle(clock, answer, 30_000);
    expect(node.broker?.caughtUp).toBe(true);
    expect(seen.topics[0]).toMatchObject({ name: 'moved', errorCode: ErrorCode.NONE });
    expect(seen.topics[0].partitions[0]).toMatchObject({ leaderId: moved?.leader, leaderEpoch: moved?.leaderEpoch });
    await settle(clock, starting, 30_000);
  });

  it('물러나는 중인(Resigned) 리더: 쿼럼에는 아직 자기가 리더라고 답하지만, 컨트롤러 요청에는 NOT_CONTROLLER로 답합니다', async () => {
    const { clock, members, leader, isolate, heal, startAll } = cluster(9);
    await startAll();
    const old = leader() as (typeof members)[number];
    const epoch = old.node.raft.client.epoch;
    const other = members.find((m) => m !== old) as (typeof members)[number];
    // 떼어 놓인 리더는 과반의 Fetch를 받지 못해 check-quorum(fetch 시간 제한 × 1.5) 뒤 물러납니다.
    isolate(old.id);
    await runUntil(clock, () => old.node.raft.client.state.name === 'Resigned', 10_000);
    // Kafka `QuorumState.leaderAndEpoch()`: 이 에포크의 리더는 여전히 자기입니다 (`ResignedState.election()`).
    expect(old.node.raft.client.leaderAndEpoch()).toEqual({ leaderId: old.id, epoch });

    // 브로커 리스너로 온 CreateTopics는 활성 컨트롤러(쿼럼이 아는 리더, 곧 자기)에게 넘겨집니다 (아래에서 끝을 봅니다).
    const forwarded = call(old.node, 'PLAINTEXT', ApiKey.CreateTopics, 7, createTopics('after-resign', 1));
    // 컨트롤러는 레코드를 붙이려다 쿼럼에게 리더가 아니라는 답(Kafka `NotLeaderException`)을 받고 물러나,
    // NOT_CONTROLLER로 답합니다 (Kafka `EventHandlerExceptionInfo`). 물러난 뒤에는 하트비트도 NOT_CONTROLLER입니다.
    const created = await settle(
      clock,
      call(old.node, 'CONTROLLER', ApiKey.CreateTopics, 7, createTopics('direct', 1)),
      100,
    );
    expect(created.topics[0].errorCode).toBe(ErrorCode.NOT_CONTROLLER);
    expect(old.node.controller.active).toBe(false);
    const heartbeat = await settle(
      clock,
      call(old.node, 'CONTROLLER', ApiKey.BrokerHeartbeat, 1, {
        brokerId: other.id,
        brokerEpoch: old.node.metadata.brokers.get(other.id)?.epoch ?? -1,
        currentMetadataOffset: 0,
        wantFence: false,
        wantShutDown: false,
      }),
      100,
    );
    expect(heartbeat.errorCode).toBe(ErrorCode.NOT_CONTROLLER);
    // DescribeQuorum은 리더 상태(LeaderState)만 답합니다: 물러난 리더는 NOT_LEADER_OR_FOLLOWER
    // (Kafka `KafkaRaftClient.handleDescribeQuorumRequest`의 `quorum.isLeader()`).
    const quorum = await settle(clock, call(old.node, 'CONTROLLER', ApiKey.DescribeQuorum, 2, describeQuorum), 100);
    expect(quorum.topics[0].partitions[0].errorCode).toBe(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    // Metadata의 컨트롤러 ID는 쿼럼의 리더가 아니라 살아 있는 브로커 하나입니다 (Kafka 4 `getRandomAliveBrokerId`).
    const seen = await call(old.node, 'PLAINTEXT', ApiKey.Metadata, 12, metadataRequest('after-resign'));
    expect([1, 2, 3]).toContain(seen.controllerId);
    expect(old.node.raft.client.state.name).toBe('Resigned');

    // 다시 이어지면 옛 리더는 새 에포크의 리더를 알게 되고, 넘겨진 CreateTopics는 새 활성 컨트롤러에서 성공합니다.
    heal();
    expect((await settle(clock, forwarded, 30_000)).topics[0].errorCode).toBe(ErrorCode.NONE);
    const next = leader() as (typeof members)[number];
    expect(next.node.raft.client.epoch).toBeGreaterThan(epoch);
    expect(old.node.raft.client.leaderAndEpoch()).toEqual({ leaderId: next.id, epoch: next.node.raft.client.epoch });
  });

  it('제어된 종료: 리더인 파티션을 다른 ISR 복제본에게 넘긴 뒤에야 꺼져도 된다는 답을 받습니다', async () => {
    const { clock, members, leader, startAll } = cluster(8);
    await startAll();
    const active = leader() as (typeof members)[number];
    await settle(
      clock,
      call(active.node, 'PLAINTEXT', ApiKey.CreateTopics, 7, {
        ...createTopics('moving', 3),
        topics: [{ ...createTopics('moving', 3).topics[0], replicationFactor: 3 }],
      }),
      10_000,
    );
    const leaving = members.find((m) => m !== active) as (typeof members)[number];
    await runUntil(clock, () => leaving.node.metadata.topic('moving') !== undefined, 10_000);
    await settle(clock, leaving.node.controlledShutdown(5000), 6000);
    expect(leaving.node.brokerState).toBe('SHUTTING_DOWN');
    const partitions = active.node.metadata.topic('moving')?.partitions ?? [];
    expect(partitions.map((p) => p.leader)).not.toContain(leaving.id);
    expect(partitions.every((p) => !p.isr.includes(leaving.id))).toBe(true);
    expect(active.node.metadata.brokers.get(leaving.id)).toMatchObject({ fenced: true });
  });

  it('브로커만 맡은 노드는 관찰자(observer)로 메타데이터 로그를 끌어오고, 활성 컨트롤러에 등록해 리더를 맡습니다', async () => {
    const { clock, members, leader, startAll } = cluster(
      21,
      [{ id: 4, roles: 'broker', listeners: 'PLAINTEXT://127.0.0.1:0' }],
      'controller',
    );
    const observer = (members.find((m) => m.id === 4) as (typeof members)[number]).node;
    expect(observer.raft.client.isVoter).toBe(false);
    expect(members[0]?.node.broker).toBeNull();
    await startAll();
    expect(observer.brokerState).toBe('RUNNING');
    const active = (leader() as (typeof members)[number]).node;
    expect(active.metadata.brokers.get(4)).toMatchObject({ fenced: false, port: 9094 });
    // 브로커의 관리 요청은 컨트롤러 리스너뿐인 활성 컨트롤러에게 넘겨집니다.
    const created = await settle(
      clock,
      call(observer, 'PLAINTEXT', ApiKey.CreateTopics, 7, createTopics('observed', 2)),
      10_000,
    );
    expect(created.topics[0].errorCode).toBe(ErrorCode.NONE);
    await runUntil(clock, () => observer.metadata.topic('observed') !== undefined, 10_000);
    expect(observer.metadata.topic('observed')?.partitions.map((p) => p.leader)).toEqual([4, 4]);
    // 따라잡은 관찰자의 브로커는 자기 파티션의 로그를 만들었습니다.
    expect(observer.broker?.caughtUp).toBe(true);
    expect(observer.broker?.context.replicaManager.listOffset('observed', 1, -1)).toMatchObject({ errorCode: 0 });
    // 관찰자는 쿼럼에 표를 갖지 않고, 리더의 DescribeQuorum에 관찰자로 보입니다.
    const quorum = await settle(clock, call(active, 'CONTROLLER', ApiKey.DescribeQuorum, 2, describeQuorum), 10_000);
    expect(quorum.topics[0]?.partitions[0]?.observers.map((o: { replicaId: number }) => o.replicaId)).toEqual([4]);
    expect(quorum.topics[0]?.partitions[0]?.currentVoters.map((v: { replicaId: number }) => v.replicaId)).toEqual([
      1, 2, 3,
    ]);
  });
});
