/**
 * 시뮬레이터 시험의 틀. 네 판(quorum, cluster, group, transaction)의 시험이 같은 모양으로 씁니다.
 *
 * 씨앗 묶음 (`test/sim/*-simulation.test.ts`, `chaosRoot`·`itRunsChaosSeeds`): 뿌리 씨앗은 실행마다 새로 뽑고(SIM_SEED로
 * 고정) 찍습니다. 씨앗을 묶음으로 나눠 돌리고, 실패하면 매개변수와 그 씨앗 하나를 다시 돌리는 명령을 찍고, 끝에 겪은 장애와
 * 회복 시간의 분포를 찍습니다.
 *
 * 돌연변이 시험 (`test/sim/*mutations.test.ts`, `MutationHunt`): 일부러 심은 버그를 시뮬레이터가 잡는지 봅니다. 버그는
 * 제품 코드에 분기를 넣지 않고, 시험 파일이 모듈을 불러오는 자리에서 바꿔 끼웁니다(`vi.doMock`): 제품 코드는 시험이
 * 있는지 모릅니다 (9장에서 학습자의 파일을 끼우는 것과 같은 방법). 이 틀은 모듈 캐시를 비우고 판을 새로 불러와(그래서
 * 바꿔 끼운 모듈로 돕니다), 안전성이 깨질 때까지 씨앗을 차례로 돌리고, 처음 깨진 씨앗과 불변식을 찍습니다. 같은 씨앗들을
 * 버그 없는 코드로 돌려 안전하면, 잡힌 것이 시뮬레이터의 잘못이 아닙니다.
 */
import { afterAll, it, vi } from 'vitest';
import { type ChaosLimits, type ChaosMode, runOrExplain } from '../../src/sim/chaos-harness.js';
import { deriveSeed } from '../../src/sim/random.js';
import { rootSeed } from './rng.js';

/** 씨앗 묶음 하나의 상한 (바쁜 2코어 기계에서도 넉넉하게): 시간 초과는 무한 반복을 잡으려는 것입니다 */
const BATCH_TIMEOUT_MS = 120_000;
const BATCH = 25;

/** 이 시험 파일의 뿌리 씨앗 (SIM_SEED로 고정). 같은 씨앗들을 다시 돌리는 명령과 함께 찍습니다. */
export function chaosRoot(title: string, file: string, details: string): number {
  const root = rootSeed(process.env.SIM_SEED, () => Date.now());
  console.log(`${title}: 뿌리 씨앗 ${root} (SIM_SEED=${root} npx vitest run ${file}로 같은 씨앗들을 다시), ${details}`);
  return root;
}

/**
 * 씨앗 `seeds`개를 25개씩 묶어 돌리는 시험들. 씨앗마다 걸음마다 안전하고 상한 안에 회복해야 하며(`mode.run`이 던지지
 * 않음), 끝나면 결과를 모아 찍습니다. 돌려주는 배열에 씨앗마다의 보고서가 쌓입니다 (뒤의 시험이 더 볼 수 있게).
 */
export function itRunsChaosSeeds<P extends ChaosLimits, R>(
  mode: ChaosMode<P, R>,
  options: { readonly seeds: number; readonly seedAt: (i: number) => number; readonly should: string },
): readonly R[] {
  const reports: R[] = [];
  const batches = Array.from({ length: options.seeds / BATCH }, (_, b) => [b * BATCH, (b + 1) * BATCH - 1] as const);
  it.each(batches)(
    `씨앗 %i–%i: ${options.should}`,
    async (first, last) => {
      for (let i = first; i <= last; i++) reports.push(await runOrExplain(mode, mode.params(options.seedAt(i))));
    },
    BATCH_TIMEOUT_MS,
  );
  afterAll(() => {
    if (reports.length === 0) return;
    console.log([`${mode.title} 결과:`, ...mode.summarize(reports).map((l) => `  ${l}`)].join('\n'));
  });
  return reports;
}

export interface Caught {
  readonly seed: number;
  /** 몇 번째 씨앗에서 잡았는지 */
  readonly seedsRun: number;
  /** 깨진 불변식 (오류의 첫 줄) */
  readonly message: string;
}

export interface MutationHuntOptions<P extends ChaosLimits, R> {
  /** 판을 불러옵니다. 부를 때마다 그때 바꿔 끼운 모듈로: `() => import('../../src/sim/quorum-chaos.js')…` */
  readonly load: () => Promise<ChaosMode<P, R>>;
  /** 씨앗을 뽑는 이름표: 돌연변이 n의 씨앗은 (뿌리, labelBase + n, i). 파일마다 달라 씨앗이 겹치지 않습니다. */
  readonly labelBase: number;
  /** 돌연변이 하나를 잡을 때까지 돌려 보는 씨앗 수의 상한 */
  readonly maxSeeds: number;
  /** 이 시험 파일 (같은 씨앗들을 다시 돌리는 명령에 찍습니다) */
  readonly file: string;
}

export interface HuntOptions {
  /**
   * 이것과 맞는 실패만 "잡았다"로 칩니다 (없으면 어떤 실패든). 다른 실패(예: 버그 때문에 회복하지 못함)가 난 씨앗은
   * 세기만 하고 다음 씨앗으로 갑니다: 검사기가 그 버그의 이상을 알아보는지를 보려는 것입니다.
   */
  readonly expecting?: RegExp;
}

export class MutationHunt<P extends ChaosLimits, R> {
  /** 뿌리 씨앗: 실행마다 새로 뽑고, 환경 변수 SIM_SEED로 고정합니다. */
  readonly root = rootSeed(process.env.SIM_SEED, () => Date.now());

  constructor(private readonly options: MutationHuntOptions<P, R>) {}

  /** 돌연변이 `mutation`의 `i`번째 씨앗 */
  seed(mutation: number, i: number): number {
    return deriveSeed(this.root, this.options.labelBase + mutation, i);
  }

  /** 바꿔 끼운 모듈로 판을 새로 불러와, 안전성이 깨질 때까지 씨앗을 돌립니다. 잡았으면 그 씨앗, 못 잡았으면 null */
  async hunt(mutation: number, name: string, options: HuntOptions = {}): Promise<Caught | null> {
    vi.resetModules();
    const mode = await this.options.load();
    let caught: Caught | null = null;
    let otherFailures = 0;
    for (let i = 0; i < this.options.maxSeeds && caught === null; i++) {
      const seed = this.seed(mutation, i);
      try {
        await mode.run(mode.params(seed));
      } catch (error) {
        const message = (error as Error).message.split('\n')[0] ?? '';
        if (!options.expecting || options.expecting.test(message)) caught = { seed, seedsRun: i + 1, message };
        else otherFailures++;
      }
    }
    if (otherFailures > 0) console.log(`돌연변이 "${name}": 다른 실패로 끝난 씨앗 ${otherFailures}개`);
    const again = `같은 씨앗들을 다시: SIM_SEED=${this.root} npx vitest run ${this.options.file}`;
    console.log(
      caught
        ? `돌연변이 "${name}": 씨앗 ${caught.seedsRun}개째(${caught.seed})에서 잡았습니다 — ${caught.message} (${again})`
        : `돌연변이 "${name}": 씨앗 ${this.options.maxSeeds}개 동안 잡지 못했습니다 (${again})`,
    );
    return caught;
  }

  /** 돌연변이마다 앞의 `count`개 씨앗을 버그 없는 코드로 돌립니다. 실패하면 그 씨앗을 다시 돌리는 명령과 함께 던집니다. */
  async expectSafeWithoutMutations(mutations: readonly number[], count = 10): Promise<void> {
    const mode = await this.options.load();
    for (const mutation of mutations) {
      for (let i = 0; i < count; i++) await runOrExplain(mode, mode.params(this.seed(mutation, i)));
    }
  }
}
