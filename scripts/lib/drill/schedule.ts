/**
 * 드릴의 장애 일정: 씨앗 하나로 정해지는 장애 몇 개의 차례. 입출력이 없는 순수 함수라서, 같은 씨앗이면 언제 어디서든 같은
 * 일정이 나옵니다 (`npm run drill -- --seed S`가 그 일정을 다시 돌립니다). 다시 돌려도 같은 것은 일정이고, 프로세스와
 * 네트워크의 시간은 매번 조금씩 다르므로 역사(history)까지 똑같지는 않습니다.
 *
 * 장애는 한 번에 하나씩, 앞의 것을 되돌린 뒤 다음 것을 겁니다 (노드 셋 가운데 둘은 늘 살아 있어 쿼럼과
 * min.insync.replicas=2를 채울 수 있게). 일정은 장애 수(MAX_FAULTS)와 시간(장애마다 HOLD_MS의 범위)으로 묶입니다.
 */
import { SeededRandom } from '../../../reference/src/sim/random.js';

export type FaultKind = 'kill' | 'pause' | 'partition' | 'isolate-controller';

/** 장애를 걸 노드: 드릴 토픽의 파티션 리더, 활성 컨트롤러, 또는 번호로 정한 노드 */
export type FaultTarget =
  | { readonly by: 'leader'; readonly topic: 'idempotent' | 'transactional'; readonly partition: number }
  | { readonly by: 'controller' }
  | { readonly by: 'node'; readonly node: number };

export interface FaultStep {
  readonly kind: FaultKind;
  /** isolate-controller는 늘 활성 컨트롤러입니다 */
  readonly target: FaultTarget;
  /** 앞의 장애를 되돌린 뒤(첫 장애면 일이 시작된 뒤) 이만큼 쉬고 겁니다 */
  readonly gapMs: number;
  /** 걸어 둔 채 기다리는 시간. 그 뒤 되돌립니다 (kill → start, SIGSTOP → SIGCONT, 끊기 → 잇기) */
  readonly holdMs: number;
  /** partition일 때: 떼어 놓을 상대 노드들 (비어 있으면 나머지 모두) */
  readonly from: readonly number[];
}

export interface Schedule {
  readonly seed: number;
  readonly faults: readonly FaultStep[];
  /** 마지막 장애를 되돌린 뒤에도 일을 이어 가는 시간 */
  readonly tailMs: number;
  /** 트랜잭션을 어보트로 끝낼 확률 */
  readonly abortChance: number;
}

export const NODES = [1, 2, 3] as const;
export const PARTITIONS = 3;
export const MAX_FAULTS = 3;
const HOLD_MS = [800, 2500] as const;
const GAP_MS = [200, 1000] as const;

export function scheduleFor(seed: number): Schedule {
  const random = new SeededRandom(seed);
  const count = random.range(1, MAX_FAULTS);
  const faults: FaultStep[] = [];
  for (let i = 0; i < count; i++) {
    const kind = random.weighted<FaultKind>([
      [3, 'kill'],
      [2, 'pause'],
      [2, 'partition'],
      [2, 'isolate-controller'],
    ]);
    const target: FaultTarget =
      kind === 'isolate-controller'
        ? { by: 'controller' }
        : random.weighted<FaultTarget>([
            [
              3,
              {
                by: 'leader',
                topic: random.chance(0.5) ? 'idempotent' : 'transactional',
                partition: random.int(PARTITIONS),
              },
            ],
            [1, { by: 'controller' }],
            [1, { by: 'node', node: random.pick(NODES) }],
          ]);
    // 떼어 놓기는 나머지 모두에게서, 또는 한 노드에게서만 (그러면 셋 가운데 둘만 서로 못 보는 반쪽 분할)
    const from = kind === 'partition' && random.chance(0.4) ? [random.range(1, NODES.length - 1)] : [];
    faults.push({
      kind,
      target,
      gapMs: random.range(...GAP_MS),
      holdMs: random.range(...HOLD_MS),
      from,
    });
  }
  return { seed, faults, tailMs: random.range(300, 1000), abortChance: 0.3 };
}

/**
 * 반쪽 분할의 상대: `from`은 "장애 노드 말고 다른 노드들 가운데 몇 번째"로 적혀 있어(노드 번호는 걸 때 정해짐) 여기서
 * 실제 번호로 바꿉니다.
 */
export function partitionPeers(step: FaultStep, victim: number): number[] {
  const others = NODES.filter((n) => n !== victim);
  if (step.from.length === 0) return others;
  return step.from.map((index) => others[index - 1] as number);
}

/** 일정을 한 줄로: `kill 리더(idempotent-1) 2.1초 → isolate-controller 1.4초` */
export function describeSchedule(schedule: Schedule): string {
  return schedule.faults
    .map((f) => {
      const who =
        f.target.by === 'leader'
          ? `${f.target.topic}-${f.target.partition}의 리더`
          : f.target.by === 'controller'
            ? '활성 컨트롤러'
            : `노드 ${f.target.node}`;
      const half = f.kind === 'partition' && f.from.length > 0 ? ' (한 노드에게서만)' : '';
      return `${LABEL[f.kind]} ${who}${half} ${(f.holdMs / 1000).toFixed(1)}초`;
    })
    .join(' → ');
}

export const LABEL: Record<FaultKind, string> = {
  kill: 'kill -9',
  pause: 'SIGSTOP',
  partition: '떼어 놓기',
  'isolate-controller': '컨트롤러 떼어 놓기',
};
