/**
 * KRaft 선거 그림: 컨트롤러 셋의 쿼럼을 참조 브로커의 쿼럼 시뮬레이터(reference/src/sim/quorum-simulation.ts)로 돌립니다.
 * 노드마다 진짜 `KafkaRaftClient`가 가상 시계·가상 네트워크·가상 디스크 위에서 돌고, 그림은 그 상태를 읽어 보여 줄
 * 뿐입니다: 상태(Prospective는 사전 투표 중), 에포크, 투표한 곳, 하이 워터마크, 적용한 메타데이터.
 */
import clsx from 'clsx';
import { useCallback } from 'react';
import styles from './diagrams.module.css';
import { type SimModel, SimShell } from './SimShell';

type QuorumModule = typeof import('../../../../reference/src/sim/quorum-simulation');
type QuorumSimulation = InstanceType<QuorumModule['QuorumSimulation']>;

const VOTERS = 3;
const STATE_KO: Record<string, string> = {
  Leader: '리더',
  Follower: '팔로워',
  Candidate: '후보 (투표 요청)',
  Prospective: '사전 투표 중',
  Unattached: '리더 모름',
  Resigned: '물러나는 중',
};

interface NodeView {
  readonly up: boolean;
  readonly state: string;
  readonly epoch: number;
  readonly leaderId: number | null;
  readonly votedId: number | null;
  readonly highWatermark: number | null;
  readonly logEndOffset: number;
}

class KraftModel implements SimModel {
  readonly events: string[] = [];
  readonly isolated = new Set<number>();
  #last: NodeView[];

  constructor(readonly sim: QuorumSimulation) {
    this.#last = this.views();
  }

  now(): number {
    return this.sim.clock.now();
  }

  view(id: number): NodeView {
    const client = this.sim.node(id).driver?.client;
    if (!client)
      return {
        up: false,
        state: '꺼짐',
        epoch: 0,
        leaderId: null,
        votedId: null,
        highWatermark: null,
        logEndOffset: 0,
      };
    return {
      up: true,
      state: client.state.name,
      epoch: client.epoch,
      leaderId: client.leaderId,
      votedId: client.votedId,
      highWatermark: client.highWatermark,
      logEndOffset: client.logEndOffset,
    };
  }

  views(): NodeView[] {
    return this.sim.voterIds.map((id) => this.view(id));
  }

  /** 걸음마다 노드의 상태·에포크·투표가 바뀐 것을 사건으로 적습니다. */
  #observe(): void {
    const now = this.views();
    const t = `${(this.now() / 1000).toFixed(2)}초`;
    now.forEach((v, id) => {
      const before = this.#last[id];
      if (!before || !v.up) return;
      if (before.state !== v.state || before.epoch !== v.epoch) {
        const detail =
          v.state === 'Leader'
            ? ' — 과반의 표를 얻었습니다'
            : v.state === 'Prospective'
              ? ' — 에포크를 올리기 전에 표를 물어봅니다'
              : '';
        this.events.push(`${t} 노드 ${id}: ${STATE_KO[v.state] ?? v.state}, 에포크 ${v.epoch}${detail}`);
      }
      if (v.votedId !== null && v.votedId !== id && (before.votedId !== v.votedId || before.epoch !== v.epoch)) {
        this.events.push(`${t} 노드 ${id}: 에포크 ${v.epoch}에서 노드 ${v.votedId}에게 투표`);
      }
    });
    this.#last = now;
    if (this.events.length > 200) this.events.splice(0, this.events.length - 200);
  }

  async advance(ms: number): Promise<void> {
    const deadline = this.sim.clock.now() + ms;
    for (let next = this.sim.clock.peekTime(); next !== null && next <= deadline; next = this.sim.clock.peekTime()) {
      this.sim.step();
      this.#observe();
    }
  }

  crash(id: number): void {
    this.sim.crash(id);
    this.events.push(`${(this.now() / 1000).toFixed(2)}초 노드 ${id}를 죽였습니다 (sync하지 않은 쓰기를 잃음)`);
    this.#last = this.views();
  }

  start(id: number): void {
    this.sim.start(id);
    this.events.push(
      `${(this.now() / 1000).toFixed(2)}초 노드 ${id}를 켰습니다 (디스크의 로그와 투표 기록에서 다시 시작)`,
    );
    this.#last = this.views();
  }

  toggleIsolation(id: number): void {
    if (this.isolated.has(id)) this.isolated.delete(id);
    else this.isolated.add(id);
    this.sim.network.heal();
    for (const cut of this.isolated) this.sim.network.isolate(cut, this.sim.voterIds);
    const verb = this.isolated.has(id) ? '네트워크에서 떼어 놓았습니다' : '네트워크에 다시 이었습니다';
    this.events.push(`${(this.now() / 1000).toFixed(2)}초 노드 ${id}를 ${verb}`);
  }

  /** 활성 컨트롤러(리더)에 메타데이터 레코드 하나를 씁니다. 과반이 받아야 커밋됩니다. */
  write(): void {
    const leader = this.sim.leader();
    const value = this.sim.nextValue;
    this.sim.appendIfLeader();
    this.events.push(
      leader
        ? `${(this.now() / 1000).toFixed(2)}초 리더 ${leader.id}가 레코드 #${value}를 로그에 붙였습니다`
        : `${(this.now() / 1000).toFixed(2)}초 리더가 없어 쓰지 못했습니다`,
    );
  }
}

async function createModel(seed: number): Promise<KraftModel> {
  const [{ QuorumSimulation }, { SeededRandom }] = await Promise.all([
    import('../../../../reference/src/sim/quorum-simulation'),
    import('../../../../reference/src/sim/random'),
  ]);
  const sim = new QuorumSimulation({ voters: VOTERS, observers: 0, random: new SeededRandom(seed) });
  sim.startAll();
  return new KraftModel(sim);
}

export default function KraftElection() {
  const create = useCallback(createModel, []);
  return (
    <SimShell id="kraft" title="KRaft 선거: 컨트롤러 셋" defaultSeed={7} create={create}>
      {(model, act) => {
        const committed = model.sim.safety.committedValues() as number[];
        const leader = model.sim.leader();
        return (
          <>
            <div className={styles.cards}>
              {model.views().map((v, id) => (
                <div
                  // biome-ignore lint/suspicious/noArrayIndexKey: 노드 ID가 곧 자리입니다
                  key={id}
                  className={clsx(styles.card, v.state === 'Leader' && styles.leader, !v.up && styles.down)}
                  data-testid={`kraft-node-${id}`}
                >
                  <span className={styles.cardTitle}>
                    컨트롤러 {id} {model.isolated.has(id) && <span className={styles.badge}>떨어짐</span>}
                  </span>
                  <dl className={styles.facts}>
                    <dt>상태</dt>
                    <dd data-testid={`kraft-node-${id}-state`}>{STATE_KO[v.state] ?? v.state}</dd>
                    <dt>에포크</dt>
                    <dd data-testid={`kraft-node-${id}-epoch`}>{v.up ? v.epoch : '–'}</dd>
                    <dt>리더</dt>
                    <dd data-testid={`kraft-node-${id}-leader`}>{v.leaderId ?? '–'}</dd>
                    <dt>투표</dt>
                    <dd>{v.votedId ?? '–'}</dd>
                    <dt>HW</dt>
                    <dd>{v.highWatermark ?? '–'}</dd>
                    <dt>LEO</dt>
                    <dd>{v.up ? v.logEndOffset : '–'}</dd>
                  </dl>
                  <button
                    type="button"
                    data-testid={`kraft-node-${id}-power`}
                    onClick={() => act((m) => (v.up ? m.crash(id) : m.start(id)))}
                  >
                    {v.up ? '죽이기' : '켜기'}
                  </button>
                  <button
                    type="button"
                    data-testid={`kraft-node-${id}-isolate`}
                    onClick={() => act((m) => m.toggleIsolation(id))}
                  >
                    {model.isolated.has(id) ? '다시 잇기' : '떼어 놓기'}
                  </button>
                </div>
              ))}
            </div>
            <div className={styles.actions}>
              <button type="button" data-testid="kraft-write" onClick={() => act((m) => m.write())}>
                메타데이터 레코드 쓰기
              </button>
              <span data-testid="kraft-summary">
                리더: {leader ? `컨트롤러 ${leader.id} (에포크 ${leader.driver?.client.epoch})` : '없음'} · 커밋된
                레코드 {committed.length}개{committed.length > 0 ? ` (마지막 #${committed.at(-1)})` : ''}
              </span>
            </div>
            <p className={styles.legend}>
              HW: 하이 워터마크(과반이 받아 커밋된 끝) · LEO: 로그 끝 오프셋. 에포크가 바뀔 때마다 새 리더가
              LeaderChange 레코드를 한 개 쓰므로 LEO가 레코드 수보다 큽니다.
            </p>
          </>
        );
      }}
    </SimShell>
  );
}
