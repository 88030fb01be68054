/**
 * 난수의 출처. 선거 시간 제한(election timeout)에 섞는 무작위 값처럼 상태 기계가 쓰는 난수는 모두 이
 * 인터페이스로 받습니다. 시뮬레이터는 씨앗(seed)으로 정해지는 난수(`sim/random.ts`)를 넣어, 같은 씨앗이면
 * 같은 선거가 다시 일어나게 합니다.
 */
export interface Random {
  /** [0, bound) 의 정수 (Java `Random.nextInt(bound)`와 같은 뜻) */
  int(bound: number): number;
}

/** 진짜 프로세스의 난수. 가장자리에서만 쓰므로 `Math.random`을 그대로 씁니다. */
export const systemRandom: Random = {
  int: (bound) => Math.floor(Math.random() * bound),
};
