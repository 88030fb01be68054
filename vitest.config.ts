import { configDefaults, defineConfig } from 'vitest/config';
import { chapterModules } from './scripts/lib/chapter-sources.js';

const root = import.meta.dirname;
const exerciseTests = ['exercises/*/test/**/*.test.ts'];
const parity = 'reference/test/parity/**/*.test.ts';
const setupFiles = ['scripts/lib/test-setup.ts'];

export default defineConfig({
  test: {
    // 학습자 코드의 무한 루프가 다른 테스트를 막지 않도록, 비동기 테스트는 5초 안에 끝나야 합니다.
    // (동기 무한 루프는 러너의 감시 타이머가 끊습니다: scripts/lib/run-tests.ts, test-setup.ts)
    testTimeout: 5_000,
    pool: 'threads',
    projects: [
      {
        extends: true,
        test: {
          name: 'reference',
          include: ['reference/test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, parity],
        },
      },
      // 같은 시나리오를 참조 브로커와 진짜 Kafka(Docker가 있을 때)에 대고 돌리는 비교 모음 (npm run test:parity).
      // 시나리오가 진짜 클라이언트로 그룹 합류·트랜잭션을 기다리고, 처음에는 Kafka 이미지를 받아야 해서 시간을 넉넉히 줍니다.
      {
        extends: true,
        test: { name: 'parity', include: [parity], testTimeout: 120_000, hookTimeout: 300_000 },
      },
      // 저장소 도구(러너, 과정 점검, 잠금 파일)의 테스트
      { extends: true, test: { name: 'scripts', include: ['scripts/test/**/*.test.ts'] } },
      // 장의 테스트를 학습자의 스타터(exercises/)와 해답(solutions/)에 대고 돌립니다. 테스트의 `../src/…`도, 브로커 안의
      // reference 코드가 그 장의 모듈을 가져오는 import도 그쪽 파일을 가리킵니다 (course/resolve.ts). 자식 프로세스가
      // 같은 쪽을 쓰도록 COURSE_TARGET도 줍니다 (course/register.ts).
      ...(['exercises', 'solutions'] as const).map((target) => ({
        extends: true as const,
        plugins: [chapterModules({ root, target })],
        test: { name: target, include: exerciseTests, setupFiles, env: { COURSE_TARGET: target } },
      })),
    ],
  },
});
