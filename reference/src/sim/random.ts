/**
 * 씨앗(seed) 하나로 정해지는 난수. 같은 씨앗이면 같은 수열이 나오므로, 실패한 시뮬레이션을 그 씨앗으로
 * 다시 돌릴 수 있습니다. 뿌리 씨앗 하나가 `fork`로 모든 하위 씨앗을 정합니다 (TigerBeetle VOPR).
 *
 * 생성기는 sfc32(Chris Doty-Humphrey의 Small Fast Counter, PractRand 통과), 씨앗을 펼치는 데는 splitmix32를
 * 씁니다. `Math.random()`은 씨앗을 줄 수 없어 쓰지 않습니다. 브라우저에서도 돌도록 Node의 API는 쓰지 않습니다.
 */
import type { Random } from '../runtime/random.js';

/** splitmix32의 한 걸음: 비슷한 씨앗(1, 2, 3…)도 전혀 다른 32비트 값으로 흩어 놓습니다. */
export function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** (씨앗, 이름표…)에서 하위 씨앗을 만듭니다. 같은 입력이면 언제나 같은 값입니다. */
export function deriveSeed(seed: number, ...labels: number[]): number {
  let derived = seed >>> 0;
  for (const label of labels) derived = splitmix32(derived ^ splitmix32(label));
  return derived;
}

export class SeededRandom implements Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(readonly seed: number) {
    this.#a = splitmix32(seed);
    this.#b = splitmix32(this.#a);
    this.#c = splitmix32(this.#b);
    this.#d = 1;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** 하위 난수: (이 씨앗, 이름표)만으로 정해지므로, 다른 하위 난수를 얼마나 썼는지와 상관없습니다. */
  fork(...labels: number[]): SeededRandom {
    return new SeededRandom(deriveSeed(this.seed, ...labels));
  }

  /** 32비트 부호 없는 정수 */
  next(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** [0, n) 의 정수 */
  int(n: number): number {
    return Math.floor((this.next() / 2 ** 32) * n);
  }

  /** 바이트 `length`개 (바이트마다 한 걸음) */
  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.next() & 0xff;
    return out;
  }

  /** [min, max] 의 정수 */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() / 2 ** 32 < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('빈 배열에서는 고를 수 없습니다');
    return items[this.int(items.length)] as T;
  }

  /** 가중치를 준 선택: `[[무게, 값], …]` */
  weighted<T>(choices: readonly (readonly [number, T])[]): T {
    const total = choices.reduce((sum, [w]) => sum + w, 0);
    let roll = (this.next() / 2 ** 32) * total;
    for (const [w, value] of choices) {
      roll -= w;
      if (roll < 0) return value;
    }
    return (choices.at(-1) as readonly [number, T])[1];
  }

  /** 배열을 섞은 새 배열 (Fisher–Yates) */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}
