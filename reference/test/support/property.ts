/**
 * 속성 검사(property-based test)를 씨앗 하나로 돌립니다. 연습 문제의 "무작위 불변식" 테스트가 씁니다.
 *
 * fast-check가 무작위 입력(멤버십 변화, 잘린 파일, 연산 순서…)을 만들고, 불변식이 깨지면 가장 작은 반례로
 * 줄여(shrink) 보여 줍니다. 씨앗은 환경 변수 FUZZ_SEED가 있으면 그것(reference의 퍼즈와 같은 변수), 없으면
 * 새로 뽑습니다. 실패 메시지에는 씨앗과 같은 입력으로 다시 돌리는 명령이 붙습니다.
 */
import { randomInt } from 'node:crypto';
import fc from 'fast-check';
import { rootSeed } from './rng.js';

export interface PropertyOptions<Ts> {
  /** 다시 돌리는 명령에 넣을 장 번호 */
  readonly chapter: number;
  /** 만들어 볼 입력의 수 */
  readonly numRuns?: number;
  /** 무작위 입력보다 먼저 언제나 돌려 볼 입력들 (꼭 짚어야 할 경계) */
  readonly examples?: Ts[];
}

export function assertProperty<Ts>(
  property: fc.IProperty<Ts>,
  { chapter, numRuns = 100, examples = [] }: PropertyOptions<Ts>,
): void {
  const seed = rootSeed(process.env.FUZZ_SEED, () => randomInt(2 ** 32));
  const details = fc.check(property, { seed, numRuns, examples });
  if (!details.failed) return;
  throw new Error(
    [
      `무작위 입력 ${details.numRuns}개째에서 불변식이 깨졌습니다 (씨앗 ${seed}).`,
      `같은 입력으로 다시 돌리기: FUZZ_SEED=${seed} npm run exercise:${chapter}`,
      '',
      `가장 작게 줄인 반례: ${fc.stringify(details.counterexample)}`,
      '',
      details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance),
    ].join('\n'),
  );
}
