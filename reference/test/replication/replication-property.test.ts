/**
 * 복제 속성 (씨앗): `replication-chaos.ts`의 걸음들을 씨앗 20개로 돌립니다. 걸음과 불변식은 그 파일에 있습니다.
 *
 * 실패하면 그 씨앗으로 다시 돌리는 명령을 찍습니다: REPLICATION_SEED=<씨앗> npx vitest run reference/test/replication/replication-property.test.ts
 */
import { describe, it } from 'vitest';
import { Rng, rootSeed } from '../support/rng.js';
import { runReplicationSeed } from './replication-chaos.js';

const SEEDS = 20;

describe('복제 속성 (씨앗)', () => {
  it('keeps the leader high watermark monotonic, committed batches on every later leader, and replicas identical after catching up', () => {
    const replay = process.env.REPLICATION_SEED;
    const root = rootSeed(replay, () => Date.now());
    const seeds = replay ? [root] : Array.from({ length: SEEDS }, (_, i) => new Rng(root).fork(i).seed);
    for (const seed of seeds) {
      try {
        runReplicationSeed(seed);
      } catch (error) {
        throw new Error(
          `${(error as Error).message}\n다시 돌리기: REPLICATION_SEED=${seed} npx vitest run reference/test/replication/replication-property.test.ts`,
        );
      }
    }
    // 씨앗 20개가 진짜 디스크의 로그 셋을 씁니다: 다른 테스트와 CPU를 나누는 기계에서는 5초의 기본값을 넘기도 합니다.
  }, 60_000);
});
