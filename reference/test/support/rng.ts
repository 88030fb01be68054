/**
 * 테스트의 퍼즈와 시뮬레이터가 쓰는 씨앗 난수. 생성기 자체는 `src/sim/random.ts`의 `SeededRandom`이고,
 * 여기서는 테스트에만 필요한 것(`Buffer`로 받는 바이트, 환경 변수의 뿌리 씨앗)을 더합니다.
 */
import { deriveSeed, SeededRandom } from '../../src/sim/random.js';

export class Rng extends SeededRandom {
  /** 하위 난수: (이 씨앗, 이름표)만으로 정해지므로, 다른 하위 난수를 얼마나 썼는지와 상관없습니다. */
  override fork(...labels: number[]): Rng {
    return new Rng(deriveSeed(this.seed, ...labels));
  }

  override bytes(n: number): Buffer {
    const out = super.bytes(n);
    return Buffer.from(out.buffer, out.byteOffset, out.length);
  }
}

/** 뿌리 씨앗: 환경 변수 FUZZ_SEED가 있으면 그것, 없으면 새로 뽑습니다 (부호 없는 32비트). */
export function rootSeed(env: string | undefined, fresh: () => number): number {
  if (env === undefined || env.trim() === '') return fresh() >>> 0;
  const seed = Number(env);
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
    throw new Error(`FUZZ_SEED=${env}: 0 이상 2^32 미만의 정수여야 합니다`);
  }
  return seed;
}
