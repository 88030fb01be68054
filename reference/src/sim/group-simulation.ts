/**
 * 그룹 판: 그룹 코디네이터 하나(진짜 `GroupService`와 `GroupCoordinator`)와 컨슈머 여럿(`group-consumer.ts`)을 가상
 * 시계와 가상 네트워크 위에서 돌립니다. 컨슈머와 코디네이터 사이의 요청과 답은 모두 네트워크를 지나므로 잃고, 늦고,
 * 두 번 오고, 분할에 막힙니다. 네트워크는 연결마다 순서를 지킵니다(TCP).
 *
 * 코디네이터는 진짜 브로커처럼 `__consumer_offsets`(여기서는 내구적인 메모리 배열)에 커밋을 쓴 뒤 답하고, 100ms마다
 * `tick`합니다 (`node/broker-server.ts`의 GROUP_TICK_MS). 걸음(가상 시계의 사건 하나)마다 `GroupSafetyChecker`가
 * 그룹 상태, 그 걸음의 요청과 답, 커밋된 오프셋, 컨슈머들이 믿는 것을 검사합니다.
 *
 * 코디네이터는 죽이지 않습니다: 참조 브로커는 그룹의 세대와 멤버(Kafka의 GroupMetadata 레코드)를 `__consumer_offsets`에
 * 적지 않아서, 다시 켜진 코디네이터는 그룹을 세대 0의 빈 그룹으로 되살립니다. 그 차이가 메워지면 코디네이터 장애를 더합니다.
 */
import { DEFAULT_GROUP_CONFIG, GroupCoordinator } from '../group/group-coordinator.js';
import { GroupService } from '../group/group-service.js';
import type { OffsetRecordToWrite } from '../group/offset-store.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { randomUuidString } from '../runtime/random.js';
import { NodeClock, SimClock } from './clock.js';
import {
  COORDINATOR_ID,
  type ConsumerConfig,
  GROUP_ID,
  type GroupRequest,
  type GroupResponse,
  SimConsumer,
  TOPIC,
} from './group-consumer.js';
import { type Answer, GroupSafetyChecker } from './group-safety.js';
import { SimNetwork } from './network.js';
import type { SeededRandom } from './random.js';
import { Trace } from './trace.js';

export const FIRST_CONSUMER_ID = 100;
/** 브로커의 그룹 tick 주기 (`node/broker-server.ts`의 GROUP_TICK_MS) */
export const GROUP_TICK_MS = 100;
/** OffsetCommit의 버전: Kafka 3.x 클라이언트처럼 v8 */
const OFFSET_COMMIT_VERSION = 8;

export interface GroupSimulationOptions {
  readonly random: SeededRandom;
  readonly consumers: number;
  /** 앞에서부터 이만큼의 컨슈머가 group.instance.id를 가집니다 (정적 멤버, KIP-345) */
  readonly staticConsumers: number;
  readonly consumer: ConsumerConfig;
}

/** 장애와 사건의 수 (보고용) */
export interface GroupCounters {
  crashes: number;
  restarts: number;
  stalls: number;
  leaves: number;
  /** 정적 멤버의 파드가 얼어붙은 사이 같은 인스턴스 ID로 새 파드가 뜬 횟수 */
  staticReplacements: number;
  partitions: number;
  clockJumps: number;
  /** 정해진 세대 수 */
  generations: number;
  commitsAccepted: number;
  /** 거절된 커밋 (옛 세대, 쫓겨난 멤버, 자리를 뺏긴 인스턴스, 리밸런스 중) */
  commitsRefused: number;
  steps: number;
}

export class GroupSimulation {
  readonly clock = new SimClock();
  readonly network: SimNetwork<GroupRequest, GroupResponse>;
  /** 코디네이터의 시계 (시계 점프 장애는 이 시계만 옮깁니다) */
  readonly coordinatorClock = new NodeClock(this.clock);
  readonly service: GroupService;
  readonly consumers: SimConsumer[] = [];
  readonly safety = new GroupSafetyChecker(DEFAULT_GROUP_CONFIG.initialRebalanceDelayMs);
  readonly counters: GroupCounters = {
    crashes: 0,
    restarts: 0,
    stalls: 0,
    leaves: 0,
    staticReplacements: 0,
    partitions: 0,
    clockJumps: 0,
    generations: 0,
    commitsAccepted: 0,
    commitsRefused: 0,
    steps: 0,
  };
  /** `__consumer_offsets`의 파티션 (쓰면 곧 내구적입니다) */
  readonly offsetsLog: OffsetRecordToWrite[] = [];
  /** 코디네이터가 보낸 답들의 지문 */
  readonly trace = new Trace();
  readonly #random: SeededRandom;
  readonly #consumer: ConsumerConfig;
  #requests: GroupRequest[] = [];
  #answers: Answer[] = [];
  #generation = 0;

  constructor(options: GroupSimulationOptions) {
    this.#random = options.random;
    this.#consumer = options.consumer;
    this.network = new SimNetwork(this.clock, options.random.fork(1), { ordered: true });
    const memberIds = options.random.fork(2);
    const coordinator = new GroupCoordinator(
      DEFAULT_GROUP_CONFIG,
      (clientId) => `${clientId}-${randomUuidString(memberIds)}`,
    );
    this.service = new GroupService({
      coordinator,
      now: () => this.coordinatorClock.now(),
      monotonicMs: () => this.coordinatorClock.monotonicMs(),
      numPartitions: 1,
      offsetsRetentionMs: 7 * 24 * 3600_000,
      maxMetadataLength: 4096,
      isLocalLeader: () => true,
      // 오프셋 로그는 이 배열 하나이고 복제본이 없습니다: 쓰면 곧 정해집니다.
      awaitReplicated: async () => ErrorCode.NONE,
      createOffsetsTopic: async () => {},
      append: (_partition, records) => {
        this.offsetsLog.push(...records);
      },
    });
    this.service.onElection(0, 0, []);
    this.network.attach(COORDINATOR_ID, (source, request, respond) => this.#handle(source, request, respond));
    const tick = () => {
      this.service.coordinator.tick(this.coordinatorClock.monotonicMs());
      this.clock.schedule(GROUP_TICK_MS, tick);
    };
    this.clock.schedule(GROUP_TICK_MS, tick);
    for (let i = 0; i < options.consumers; i++) {
      this.addConsumer(i < options.staticConsumers ? `instance-${i}` : null);
    }
  }

  /** 컨슈머 프로세스를 하나 더 둡니다 (켜지는 것은 `start`) */
  addConsumer(groupInstanceId: string | null): SimConsumer {
    const id = FIRST_CONSUMER_ID + this.consumers.length;
    const consumer = new SimConsumer(
      id,
      this.clock,
      this.network,
      groupInstanceId,
      this.#consumer,
      this.#random.fork(100 + id),
    );
    this.consumers.push(consumer);
    return consumer;
  }

  startAll(): void {
    for (const c of this.consumers) c.start();
  }

  /** 끝나지 않은(자리를 뺏기지 않은) 컨슈머들 */
  get live(): SimConsumer[] {
    return this.consumers.filter((c) => c.alive);
  }

  /** 코디네이터가 요청 하나를 처리합니다 (API 처리기가 하는 일: `apis/11-join-group.ts` 등). */
  #handle(source: number, request: GroupRequest, respond: (response: GroupResponse) => void): void {
    this.#requests.push(request);
    const answer = (response: GroupResponse) => {
      this.#answers.push({ request, response });
      this.trace.add(this.clock.now(), source, JSON.stringify(response));
      respond(response);
    };
    const service = this.service;
    switch (request.api) {
      case 'JoinGroup':
        service.join(request.request, (result) => answer({ api: 'JoinGroup', result }));
        return;
      case 'SyncGroup':
        service.sync(request.request, (result) => answer({ api: 'SyncGroup', result }));
        return;
      case 'Heartbeat': {
        const { memberId, groupInstanceId, generationId } = request.member;
        answer({ api: 'Heartbeat', errorCode: service.heartbeat(GROUP_ID, memberId, groupInstanceId, generationId) });
        return;
      }
      case 'LeaveGroup': {
        const { memberId, groupInstanceId } = request.member;
        const result = service.leave(GROUP_ID, [{ memberId, groupInstanceId }]);
        answer({ api: 'LeaveGroup', errorCode: result.errorCode || (result.members[0] ?? 0) });
        return;
      }
      case 'OffsetCommit': {
        const entries = request.offsets.map(({ partition, offset }) => ({
          topic: TOPIC,
          partition,
          offset,
          leaderEpoch: -1,
          metadata: null,
        }));
        const errorCodes = service.commitOffsets(GROUP_ID, request.member, entries, OFFSET_COMMIT_VERSION);
        if (errorCodes.every((c) => c === 0)) this.counters.commitsAccepted++;
        else this.counters.commitsRefused++;
        answer({ api: 'OffsetCommit', errorCodes });
        return;
      }
      case 'OffsetFetch':
        answer({
          api: 'OffsetFetch',
          offsets: request.partitions.map((p) => service.committed(GROUP_ID, TOPIC, p)?.offset ?? null),
        });
        return;
    }
  }

  /** 파티션마다 커밋된 오프셋 */
  committed(): Map<number, number> {
    const committed = new Map<number, number>();
    for (const { partition, committed: c } of this.service.offsets.all(GROUP_ID)) committed.set(partition, c.offset);
    return committed;
  }

  get group() {
    return this.service.coordinator.group(GROUP_ID);
  }

  /** 사건을 하나 돌리고 안전성을 검사합니다. 사건이 없으면 false */
  step(): boolean {
    this.#requests = [];
    this.#answers = [];
    if (!this.clock.runNext()) return false;
    this.counters.steps++;
    const group = this.group;
    this.safety.check(
      this.coordinatorClock.monotonicMs(),
      group,
      { requests: this.#requests, answers: this.#answers },
      this.committed(),
      this.consumers,
    );
    const generation = group?.generationId ?? 0;
    if (generation > this.#generation) {
      this.counters.generations += generation - this.#generation;
      this.#generation = generation;
    }
    return true;
  }

  /** 조건이 참이 될 때까지 돌립니다. 가상 시간 `maxMs` 안에 되지 않으면 false */
  runUntil(condition: () => boolean, maxMs: number): boolean {
    const deadline = this.clock.now() + maxMs;
    while (!condition()) {
      const next = this.clock.peekTime();
      if (next === null || next > deadline) return false;
      this.step();
    }
    return true;
  }

  /** 가상 시간 `ms`만큼 돌립니다. */
  runFor(ms: number): void {
    const deadline = this.clock.now() + ms;
    for (let next = this.clock.peekTime(); next !== null && next <= deadline; next = this.clock.peekTime()) this.step();
  }

  /**
   * 그룹이 안정되었는지: Stable이고, 살아 있는 컨슈머가 모두 깨어 있고 지금 세대의 멤버로 안정되었고, 멤버가 곧 살아 있는
   * 컨슈머들이며, 파티션이 빠짐없이 한 번씩 나뉘었습니다.
   */
  settled(): boolean {
    const live = this.live;
    const group = this.group;
    if (live.length === 0) return true;
    if (live.some((c) => c.stalled)) return false;
    if (!group?.is('Stable') || group.members.size !== live.length) return false;
    if (
      !live.every(
        (c) => c.phase === 'stable' && c.assignedGeneration === group.generationId && group.members.has(c.memberId),
      )
    )
      return false;
    const owned = live.flatMap((c) => c.owned).sort((a, b) => a - b);
    return owned.length === this.#consumer.partitions && owned.every((p, i) => p === i);
  }
}
