/**
 * 그룹 코디네이터 시뮬레이터: 씨앗 하나로 정해지는 가상의 컨슈머들이 JoinGroup → SyncGroup → Heartbeat를
 * 따르다가, 무작위로 죽고(응답 없음), 떠나고(LeaveGroup), 다시 오고, 시간이 흐릅니다. 입출력도 진짜 시계도 없어서
 * 같은 씨앗은 언제나 같은 일을 겪습니다 (STYLE.md 8: TigerBeetle VOPR, MIT 6.5840의 테스트가 본보기).
 *
 * 매 걸음 지키는 것(안전성):
 *   - 세대(generation)는 줄지 않습니다.
 *   - 같은 세대에서 두 살아 있는 멤버가 같은 파티션을 가졌다고 믿지 않습니다.
 *   - 리더는 그룹의 멤버입니다.
 * 소란이 끝난 뒤 지키는 것(활성):
 *   - 살아 있는 멤버만으로 그룹이 Stable이 되고, 파티션이 빠짐없이 한 번씩 나뉩니다.
 *
 * 실패하면 그 씨앗으로 다시 돌리는 명령을 찍습니다: GROUP_SIM_SEED=<씨앗> npx vitest run reference/test/group/simulation.test.ts
 */
import { describe, expect, it } from 'vitest';
import type { JoinResult, SyncResult } from '../../src/group/consumer-group.js';
import { GroupCoordinator } from '../../src/group/group-coordinator.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { Rng, rootSeed } from '../support/rng.js';

const PARTITIONS = 6;
const CLIENTS = 5;
const SESSION_TIMEOUT_MS = 10_000;
const REBALANCE_TIMEOUT_MS = 20_000;
const CHAOS_STEPS = 400;
const SEEDS = 150;

type Phase = 'idle' | 'joining' | 'syncing' | 'stable' | 'dead';

interface SimClient {
  readonly name: string;
  phase: Phase;
  memberId: string;
  generation: number;
  owned: number[];
  lastHeartbeatMs: number;
  /** 이 시각까지 멈춰 있습니다 (긴 GC 정지처럼): 살아 있지만 하트비트도 응답 처리도 못 합니다 */
  stalledUntilMs: number;
  inbox: (() => void)[];
}

const encode = (partitions: number[]) => Buffer.from(JSON.stringify(partitions));
const decode = (assignment: Buffer) => (assignment.length ? (JSON.parse(assignment.toString()) as number[]) : []);

/** 리더의 할당: 멤버 ID 순서로 파티션을 돌아가며 나눕니다 (라운드 로빈). */
function assign(memberIds: string[]): { memberId: string; assignment: Buffer }[] {
  const sorted = [...memberIds].sort();
  return sorted.map((memberId, i) => ({
    memberId,
    assignment: encode(Array.from({ length: PARTITIONS }, (_, p) => p).filter((p) => p % sorted.length === i)),
  }));
}

function runSeed(seed: number): void {
  const rng = new Rng(seed);
  let now = 0;
  let nextId = 0;
  const coordinator = new GroupCoordinator(
    { minSessionTimeoutMs: 6000, maxSessionTimeoutMs: 60_000, initialRebalanceDelayMs: 3000 },
    (clientId) => `${clientId}-${String(++nextId).padStart(4, '0')}`,
  );
  const clients: SimClient[] = Array.from({ length: CLIENTS }, (_, i) => ({
    name: `c${i}`,
    phase: 'idle',
    memberId: '',
    generation: -1,
    owned: [],
    lastHeartbeatMs: 0,
    stalledUntilMs: 0,
    inbox: [],
  }));
  let lastGeneration = 0;

  const join = (client: SimClient) => {
    client.phase = 'joining';
    coordinator.join(
      {
        groupId: 'g',
        memberId: client.memberId,
        groupInstanceId: null,
        clientId: client.name,
        clientHost: '/sim',
        sessionTimeoutMs: SESSION_TIMEOUT_MS,
        rebalanceTimeoutMs: REBALANCE_TIMEOUT_MS,
        protocolType: 'consumer',
        protocols: [{ name: 'roundrobin', metadata: Buffer.alloc(0) }],
        requireKnownMemberId: true,
        supportsSkippingAssignment: true,
      },
      now,
      (result) => client.inbox.push(() => onJoin(client, result)),
    );
  };

  const resetMembership = (client: SimClient, forgetId: boolean) => {
    client.owned = [];
    client.phase = 'idle';
    if (forgetId) client.memberId = '';
  };

  const onJoin = (client: SimClient, result: JoinResult) => {
    if (client.phase === 'dead') return;
    if (result.errorCode === ErrorCode.MEMBER_ID_REQUIRED) {
      client.memberId = result.memberId;
      return join(client);
    }
    if (result.errorCode !== ErrorCode.NONE) return resetMembership(client, true);
    client.memberId = result.memberId;
    client.generation = result.generationId;
    client.phase = 'syncing';
    const assignments = result.leader === client.memberId ? assign(result.members.map((m) => m.memberId)) : [];
    coordinator.sync(
      {
        groupId: 'g',
        generationId: result.generationId,
        memberId: client.memberId,
        groupInstanceId: null,
        protocolType: null,
        protocolName: null,
        assignments,
      },
      now,
      (sync) => client.inbox.push(() => onSync(client, result.generationId, sync)),
    );
  };

  const onSync = (client: SimClient, generation: number, result: SyncResult) => {
    if (client.phase === 'dead') return;
    if (result.errorCode === ErrorCode.NONE) {
      client.owned = decode(result.assignment);
      client.generation = generation;
      client.phase = 'stable';
      client.lastHeartbeatMs = now;
      return;
    }
    resetMembership(client, result.errorCode === ErrorCode.UNKNOWN_MEMBER_ID);
  };

  const heartbeat = (client: SimClient) => {
    client.lastHeartbeatMs = now;
    const code = coordinator.heartbeat('g', client.memberId, null, client.generation, now);
    if (code === ErrorCode.NONE) return;
    // 리밸런스 중이거나 세대가 지났거나 쫓겨났으면 파티션을 내려놓고 다시 참여합니다.
    resetMembership(client, code === ErrorCode.UNKNOWN_MEMBER_ID);
  };

  /** 살아 있는 클라이언트 하나의 다음 행동 */
  const act = (client: SimClient, chaos: boolean) => {
    if (now < client.stalledUntilMs) return;
    if (chaos && client.phase === 'stable' && rng.chance(0.01)) {
      // 세션보다 길게 멈췄다 돌아오는 멤버: 그사이 리밸런스가 지나갔다면 옛 세대의 할당을 쥔 채 돌아옵니다.
      client.stalledUntilMs = now + rng.int(2 * SESSION_TIMEOUT_MS);
      return;
    }
    for (const deliver of client.inbox.splice(0)) deliver();
    if (client.phase === 'dead') {
      if (chaos && rng.chance(0.1)) resetMembership(client, true);
      return;
    }
    if (chaos && rng.chance(0.02)) {
      client.phase = 'dead'; // 응답도 하트비트도 멈춥니다 (kill -9)
      return;
    }
    if (chaos && client.phase === 'stable' && rng.chance(0.02)) {
      coordinator.leave('g', [{ memberId: client.memberId, groupInstanceId: null }], now);
      return resetMembership(client, true);
    }
    if (client.phase === 'idle') return join(client);
    if (client.phase === 'stable' && now - client.lastHeartbeatMs >= 1000) heartbeat(client);
  };

  const checkSafety = () => {
    const group = coordinator.group('g');
    const generation = group?.generationId ?? 0;
    expect(generation, '세대는 줄지 않습니다').toBeGreaterThanOrEqual(lastGeneration);
    lastGeneration = generation;
    if (group?.leaderId) expect(group.members.has(group.leaderId), '리더는 멤버입니다').toBe(true);
    const owners = new Map<string, string>();
    for (const client of clients) {
      if (client.phase === 'dead') continue;
      for (const p of client.owned) {
        const key = `${client.generation}:${p}`;
        expect(
          owners.get(key),
          `세대 ${client.generation}의 파티션 ${p}를 ${client.name}와 ${owners.get(key)}가 함께 가졌습니다`,
        ).toBeUndefined();
        owners.set(key, client.name);
      }
    }
  };

  const step = (chaos: boolean) => {
    now += rng.int(chaos ? 1500 : 600);
    coordinator.tick(now);
    for (const client of clients) act(client, chaos);
    checkSafety();
  };

  for (let i = 0; i < CHAOS_STEPS; i++) step(true);
  // 소란이 끝나면 죽은 클라이언트는 죽은 채로 두고, 살아 있는 클라이언트가 잘 따르도록 시간을 줍니다.
  const live = () => clients.filter((c) => c.phase !== 'dead');
  const settled = () => {
    const group = coordinator.group('g');
    if (live().length === 0) return true;
    if (!group?.is('Stable')) return false;
    const members = new Set(group.members.keys());
    return (
      live().every((c) => c.phase === 'stable' && c.generation === group.generationId && members.has(c.memberId)) &&
      members.size === live().length
    );
  };
  const deadline = now + 3 * (SESSION_TIMEOUT_MS + REBALANCE_TIMEOUT_MS);
  while (!settled()) {
    expect(now < deadline, '소란이 끝난 뒤 그룹이 안정되지 않습니다').toBe(true);
    step(false);
  }
  if (live().length > 0) {
    const owned = live()
      .flatMap((c) => c.owned)
      .sort((a, b) => a - b);
    expect(owned, '안정된 그룹은 파티션을 빠짐없이 한 번씩 나눕니다').toEqual(
      Array.from({ length: PARTITIONS }, (_, p) => p),
    );
  }
}

describe('group coordinator simulation', () => {
  it('keeps generations, leaders and ownership safe under crashes, leaves and rejoins, and settles afterwards', () => {
    const replay = process.env.GROUP_SIM_SEED;
    const root = rootSeed(replay, () => Date.now());
    const seeds = replay ? [root] : Array.from({ length: SEEDS }, (_, i) => new Rng(root).fork(i).seed);
    console.log(
      `그룹 시뮬레이션: 뿌리 씨앗 ${root}, 씨앗 ${seeds.length}개, 클라이언트 ${CLIENTS}, 파티션 ${PARTITIONS}, 소란 ${CHAOS_STEPS}걸음`,
    );
    for (const seed of seeds) {
      try {
        runSeed(seed);
      } catch (error) {
        throw new Error(
          `${(error as Error).message}\n다시 돌리기: GROUP_SIM_SEED=${seed} npx vitest run reference/test/group/simulation.test.ts`,
        );
      }
    }
  }, 60_000); // 계산만 하는 시뮬레이션: 바쁜 기계에서는 5초(학습자 코드용 기본값)를 넘길 수 있습니다
});
