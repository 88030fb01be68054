/**
 * TCP 전송(`NetworkClient`)을 루프백에서: 와이어 프로토콜 그대로(크기 접두사 프레임, 요청 헤더, correlation id) 보내고
 * 답을 짝짓는지, 답하지 않는 노드에는 시간 제한으로 연결을 버리는지, 끊긴 노드에는 물러났다가 다시 붙는지.
 * 상대는 소켓 없이 만든 노드(`KafkaNode`)를 진짜 `SocketServer`에 얹은 것입니다: 프로세스가 하는 일과 같습니다.
 * 그 위에서 쿼럼의 전송(`KafkaNetworkChannel`)이 쿼럼의 요청을 와이어로 옮겨 주고받는지도 봅니다.
 */
import fs from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KafkaNode } from '../../src/node/kafka-node.js';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { KafkaNetworkChannel } from '../../src/raft/kafka-network-channel.js';
import type { RaftResponse } from '../../src/raft/messages.js';
import { METADATA_TOPIC } from '../../src/raft/raft-util.js';
import { systemClock } from '../../src/runtime/clock.js';
import { NetworkClient } from '../../src/runtime/network-client.js';
import { systemRandom } from '../../src/runtime/random.js';
import type { Reply } from '../../src/runtime/transport.js';
import { loadConfig } from '../../src/server/config.js';
import { createLogger } from '../../src/server/logger.js';
import { SocketServer } from '../../src/server/socket-server.js';
import { SimClock } from '../../src/sim/clock.js';
import { SimDisk } from '../../src/sim/disk.js';
import { SeededRandom } from '../../src/sim/random.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** 노드 하나(투표자 하나)를 루프백의 컨트롤러 리스너에 띄웁니다. */
async function controllerOnLoopback(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'network-client-'));
  const config = loadConfig({
    env: { KAFKA_PROCESS_ROLES: 'controller', KAFKA_LISTENERS: 'CONTROLLER://127.0.0.1:0', KAFKA_LOG_DIRS: dir },
  });
  const node = new KafkaNode(config, {
    clock: new SimClock(),
    random: new SeededRandom(3),
    disk: new SimDisk(),
    logger: createLogger('silent'),
    connect: () => ({ send: () => {} }),
    connectControllers: () => ({ send: () => {} }),
  });
  const server = new SocketServer(
    (l) => node.processor(l),
    createLogger('silent'),
    () => node.createFramer(),
    () => ({ sasl: null, tls: null }),
    new SeededRandom(4),
  );
  const [bound] = await server.listen(config.controllerListeners);
  cleanups.push(async () => {
    await server.close();
    node.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return bound?.boundPort ?? -1;
}

/** 연결을 받기만 하고 한 바이트도 답하지 않는 서버 (SIGSTOP으로 멈춘 프로세스처럼) */
async function silentServer(
  port = 0,
): Promise<{ port: number; connections: Socket[]; closed: () => number; server: Server }> {
  const connections: Socket[] = [];
  let closed = 0;
  const server = createServer((socket) => {
    connections.push(socket);
    socket.on('error', () => {});
    socket.on('close', () => {
      closed++;
    });
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of connections) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return {
    port: typeof address === 'object' && address ? address.port : -1,
    connections,
    closed: () => closed,
    server,
  };
}

function client(port: number, options: { requestTimeoutMs?: number } = {}): NetworkClient {
  const c = new NetworkClient({
    endpoints: new Map([[1, { host: '127.0.0.1', port }]]),
    clientId: 'network-client-test',
    clock: systemClock,
    random: systemRandom,
    requestTimeoutMs: options.requestTimeoutMs ?? 2000,
    reconnectBackoffMs: 100,
    reconnectBackoffMaxMs: 400,
  });
  cleanups.push(() => c.close());
  return c;
}

const send = (c: NetworkClient, body: { apiKey: number; apiVersion: number; body: unknown }) =>
  new Promise<Reply<unknown>>((resolve) => c.send(1, body, resolve));

const apiVersions = {
  apiKey: ApiKey.ApiVersions,
  apiVersion: 3,
  body: { clientSoftwareName: 't', clientSoftwareVersion: '1' },
};
const describeQuorum = {
  apiKey: ApiKey.DescribeQuorum,
  apiVersion: 2,
  body: { topics: [{ topicName: METADATA_TOPIC, partitions: [{ partitionIndex: 0 }] }] },
};

describe('NetworkClient (루프백 TCP)', () => {
  it('한 연결에 요청을 몰아 보내도(pipelining) 답을 correlation id로 짝지어 돌려줍니다', async () => {
    const c = client(await controllerOnLoopback());
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => send(c, i % 2 === 0 ? apiVersions : describeQuorum)),
    );
    replies.forEach((reply, i) => {
      expect(reply.ok).toBe(true);
      const body = (reply as { response: Record<string, unknown> }).response;
      if (i % 2 === 0) expect(body.apiKeys).toContainEqual({ apiKey: ApiKey.Vote, minVersion: 0, maxVersion: 2 });
      else expect(body.topics).toMatchObject([{ partitions: [{ leaderId: 1, errorCode: 0 }] }]);
    });
  });

  it('답하지 않는 노드에는 request.timeout.ms 뒤 DISCONNECTED로 답하고 그 연결을 버립니다', async () => {
    const silent = await silentServer();
    const c = client(silent.port, { requestTimeoutMs: 200 });
    const started = Date.now();
    const [a, b] = await Promise.all([send(c, apiVersions), send(c, apiVersions)]);
    expect(a).toEqual({ ok: false, error: 'DISCONNECTED' });
    expect(b).toEqual({ ok: false, error: 'DISCONNECTED' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    // 두 요청은 한 연결로 갔고, 시간 제한에 그 연결이 닫혔습니다.
    expect(silent.connections).toHaveLength(1);
    for (let i = 0; i < 40 && silent.closed() === 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(silent.closed()).toBe(1);
  });

  it('끊긴 노드에는 물러나는 동안 곧바로 DISCONNECTED, 물러난 뒤에는 다시 연결해 보냅니다', async () => {
    const probe = await silentServer();
    const port = probe.port;
    await new Promise<void>((resolve) => probe.server.close(() => resolve())); // 아무도 듣지 않는 포트
    const c = client(port);
    expect(await send(c, apiVersions)).toEqual({ ok: false, error: 'DISCONNECTED' }); // 연결 거부
    const during = await send(c, apiVersions); // 물러나는 중: 연결을 맺지 않습니다
    expect(during).toEqual({ ok: false, error: 'DISCONNECTED' });
    const revived = await silentServer(port);
    await new Promise((resolve) => setTimeout(resolve, 500)); // reconnect.backoff.max.ms(400) 넘게
    void send(c, apiVersions);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(revived.connections).toHaveLength(1);
  });

  it('쿼럼의 전송(KafkaNetworkChannel)은 쿼럼의 요청을 와이어로 보내고 답을 쿼럼의 응답으로 돌려줍니다', async () => {
    const channel = new KafkaNetworkChannel<unknown>(client(await controllerOnLoopback()));
    const reply = await new Promise<Reply<RaftResponse<unknown>>>((resolve) =>
      channel.send(1, { api: 'DescribeQuorum' }, resolve),
    );
    expect(reply.ok && reply.response).toMatchObject({
      api: 'DescribeQuorum',
      errorCode: ErrorCode.NONE,
      leaderId: 1,
      leaderEpoch: 1,
      currentVoters: [{ replicaId: 1 }],
    });
    const vote = await new Promise<Reply<RaftResponse<unknown>>>((resolve) =>
      channel.send(
        1,
        {
          api: 'Vote',
          clusterId: 'another-cluster',
          voterId: 1,
          replicaEpoch: 5,
          replicaId: 2,
          lastOffsetEpoch: 0,
          lastOffset: 0,
          preVote: false,
        },
        resolve,
      ),
    );
    // 다른 클러스터의 투표 요청: 응답 전체의 오류로 돌아와 쿼럼의 응답 하나로 읽힙니다.
    expect(vote.ok && vote.response).toMatchObject({ api: 'Vote', errorCode: ErrorCode.INCONSISTENT_CLUSTER_ID });
  });
});
