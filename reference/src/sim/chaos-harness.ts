/**
 * 무작위 장애 실행의 공통 틀: 다섯 판(`quorum-chaos.ts`, `cluster-chaos.ts`, `group-chaos.ts`, `transaction-chaos.ts`,
 * `replication-chaos.ts`)이
 * 같은 모양으로 돕니다. 판마다 다른 것(노드와 장애의 종류, 회복의 기준)은 그 판의 파일에 있고, 여기에는 모두 같은 것만 있습니다.
 *
 *   1. 매개변수: 씨앗 하나가 정합니다. 장애의 세기(소란의 길이, 장애 간격, 메시지 유실·복제·지연의 상한)는 모든 판에 있습니다.
 *   2. 소란(chaos): 장애 간격마다 가중치대로 장애 하나를 골라 넣고(`FaultSchedule`), 대부분은 잠시 뒤 거둡니다.
 *      메시지 장애(`turbulence`)는 네트워크의 유실·복제·지연을 상한 안에서 무작위로 바꿉니다.
 *   3. 회복: 네트워크를 잠잠하게 하고(`calmNetwork`), 판마다 상한 안에 회복하는지 봅니다.
 *   4. 결과: 씨앗마다 보고서, 여러 씨앗이면 겪은 장애의 합과 회복 시간의 분포(`distribution`).
 *
 * 실패한 씨앗은 `replayCommand`가 찍는 명령 하나로 똑같이 다시 일어납니다 (TigerBeetle의 VOPR처럼).
 */
import type { SimClock } from './clock.js';
import { CALM_NETWORK, type NetworkFaults, type NetworkStats, type SimNetwork } from './network.js';
import type { SeededRandom } from './random.js';

/** `npm run sim -- --mode …`의 판 이름 */
export type ChaosModeName = 'quorum' | 'cluster' | 'group' | 'transaction' | 'replication';

/** 모든 판의 매개변수에 있는 것: 씨앗과 장애의 세기 */
export interface ChaosLimits {
  readonly seed: number;
  /** 장애를 겪는 가상 시간 */
  readonly chaosMs: number;
  /** 장애 사이의 간격 [최소, 최대] */
  readonly faultIntervalMs: readonly [number, number];
  readonly maxDropRate: number;
  readonly maxDuplicateRate: number;
  readonly maxDelayMs: number;
}

/** 판 하나: 씨앗에서 매개변수를 정하고, 돌리고, 결과를 모읍니다 (`npm run sim`과 시험이 씁니다). */
export interface ChaosMode<P extends ChaosLimits, R> {
  readonly name: ChaosModeName;
  readonly title: string;
  /** 명령줄에서 고정할 수 있는 매개변수 */
  readonly overridable: readonly (keyof P & string)[];
  /** 씨앗에서 매개변수를 정합니다. `overrides`로 일부를 고정할 수 있습니다 (다시 돌리는 명령에 함께 찍힙니다). */
  params(seed: number, overrides?: Partial<Omit<P, 'seed'>>): P;
  /** 매개변수를 한 줄로 (실행 전에 찍습니다) */
  describe(params: P): string;
  /** 소란과 회복. 안전성이나 활성이 깨지면 던집니다. */
  run(params: P): R | Promise<R>;
  /** 여러 씨앗의 결과를 사람이 읽을 줄들로 */
  summarize(reports: readonly R[]): string[];
}

/** 메시지 장애의 상한을 씨앗에서 뽑습니다 (모든 판이 같은 선택지에서, 유실·복제·지연의 순서로). */
export function messageFaultLimits(
  r: SeededRandom,
): Pick<ChaosLimits, 'maxDropRate' | 'maxDuplicateRate' | 'maxDelayMs'> {
  return {
    maxDropRate: r.pick([0, 0.05, 0.2]),
    maxDuplicateRate: r.pick([0, 0.05, 0.2]),
    maxDelayMs: r.pick([5, 20, 100]),
  };
}

/** 장애의 세기를 `describe`의 조각들로: 소란, 장애 간격, 유실, 복제, 지연 */
export function describeLimits(p: ChaosLimits): string[] {
  return [
    `소란 ${p.chaosMs}ms`,
    `장애 간격 ${p.faultIntervalMs[0]}~${p.faultIntervalMs[1]}ms`,
    `유실 ≤${p.maxDropRate}`,
    `복제 ≤${p.maxDuplicateRate}`,
    `지연 ≤${p.maxDelayMs}ms`,
  ];
}

/** 씨앗 하나를 다시 돌리는 명령. 고정한 매개변수가 있으면 함께 붙입니다 (quorum은 기본 판이라 `--mode`를 뺍니다). */
export function replayCommand<P extends ChaosLimits>(
  mode: ChaosModeName,
  seed: number,
  overrides: Partial<Omit<P, 'seed'>> = {},
): string {
  const flags = Object.entries(overrides).map(
    ([key, value]) => ` --${key} ${Array.isArray(value) ? value.join(',') : value}`,
  );
  return `npm run sim --${mode === 'quorum' ? '' : ` --mode ${mode}`} --seed ${seed}${flags.join('')}`;
}

/** 씨앗 하나를 돌립니다. 실패하면 매개변수와 그 씨앗을 다시 돌리는 명령을 덧붙여 던집니다 (시험이 씁니다). */
export async function runOrExplain<P extends ChaosLimits, R>(mode: ChaosMode<P, R>, params: P): Promise<R> {
  try {
    return await mode.run(params);
  } catch (error) {
    throw new Error(
      `${(error as Error).message}\n매개변수: ${mode.describe(params)}\n다시 돌리기: ${replayCommand(mode.name, params.seed)}`,
      { cause: error },
    );
  }
}

/**
 * 소란의 일정: 장애 간격마다 장애 하나를 가중치대로 골라 넣고, 장애가 끝나는 일을 예약합니다. 장애를 고르는 난수는
 * 따로 떼어 둔 하위 난수(`faults`)라, 노드가 쓰는 난수와 섞이지 않습니다.
 */
export class FaultSchedule<F extends string> {
  constructor(
    private readonly clock: Pick<SimClock, 'now' | 'schedule'>,
    private readonly faults: SeededRandom,
    private readonly chaosEndMs: number,
  ) {}

  /** `[minMs, maxMs]` 뒤에 장애를 거둡니다. 그때 소란이 끝났으면 하지 않습니다 (회복이 어차피 다 거둡니다). */
  later(minMs: number, maxMs: number, undo: () => void): void {
    this.clock.schedule(this.faults.range(minMs, maxMs), () => {
      if (this.clock.now() < this.chaosEndMs) undo();
    });
  }

  /** 소란이 끝날 때까지 장애 간격마다 `weights`에서 하나를 골라 `inject`합니다. */
  start(
    intervalMs: readonly [number, number],
    weights: readonly (readonly [number, F])[],
    inject: (fault: F) => void,
  ): void {
    this.clock.schedule(this.faults.range(intervalMs[0], intervalMs[1]), () => {
      if (this.clock.now() >= this.chaosEndMs) return;
      inject(this.faults.weighted<F>(weights));
      this.start(intervalMs, weights, inject);
    });
  }
}

/** 메시지 장애: 상한 안에서 지연·유실·복제를 뽑고, 가끔(30%) 드문 긴 지연(2초)을 섞습니다. */
export function turbulence(faults: SeededRandom, p: ChaosLimits): NetworkFaults {
  return {
    minDelayMs: 1,
    maxDelayMs: faults.range(1, p.maxDelayMs),
    dropRate: (faults.next() / 2 ** 32) * p.maxDropRate,
    duplicateRate: (faults.next() / 2 ** 32) * p.maxDuplicateRate,
    spikeRate: faults.chance(0.3) ? 0.02 : 0,
    spikeDelayMs: 2000,
  };
}

/** 회복의 시작: 분할을 모두 풀고 메시지 장애를 거둡니다. */
export function calmNetwork<Req, Res>(network: SimNetwork<Req, Res>): void {
  network.heal();
  network.faults = { ...CALM_NETWORK };
}

/** 보고서에 남길 네트워크의 장애 수 (그 순간의 복사본) */
export function networkTotals({ dropped, duplicated, blocked }: NetworkStats): NetworkStats {
  return { dropped, duplicated, blocked };
}

/** 여러 씨앗에 걸친 합: 세는 것(카운터)마다 더합니다. 첫 보고서의 이름들을 씁니다. */
export function sumCounters<C extends object>(items: readonly C[]): C {
  const keys = Object.keys(items[0] ?? {}) as (keyof C)[];
  return Object.fromEntries(keys.map((k) => [k, items.reduce((total, c) => total + (c[k] as number), 0)])) as C;
}

export interface Distribution {
  readonly count: number;
  readonly median: number;
  readonly p90: number;
  readonly max: number;
}

export function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { count: sorted.length, median: at(0.5), p90: at(0.9), max: sorted.at(-1) ?? 0 };
}

/** 분포를 한 줄로. `withCount`면 값의 개수를 덧붙입니다 (씨앗마다 없을 수도 있는 값일 때). */
export function formatDistribution(d: Distribution, withCount = true): string {
  return `중앙값 ${d.median}ms, p90 ${d.p90}ms, 최대 ${d.max}ms${withCount ? ` (${d.count}번)` : ''}`;
}
