import path from 'node:path';
import type { Plugin } from 'vite';
import { configDefaults, defineConfig } from 'vitest/config';

const root = import.meta.dirname;
const exercisesDir = path.join(root, 'exercises');
const solutionsDir = path.join(root, 'solutions');

/**
 * 연습 문제의 테스트를 해답에 대고 돌리는 플러그인.
 * 테스트는 `../src/…`로 학습자의 코드를 가져오는데, 이 플러그인이 그 경로를
 * `exercises/NN-slug/src/…` → `solutions/NN-slug/src/…`로 바꿉니다. 테스트 파일은 하나뿐입니다.
 */
function redirectToSolutions(): Plugin {
  return {
    name: 'course:use-solutions',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer?.startsWith(exercisesDir)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved?.id.startsWith(exercisesDir)) return resolved;
      // exercises/<장>/src/<파일> 만 바꿉니다. 테스트끼리의 import는 그대로 둡니다.
      const inChapter = path.relative(exercisesDir, resolved.id);
      if (inChapter.split(path.sep)[1] !== 'src') return resolved;
      return { ...resolved, id: path.join(solutionsDir, inChapter) };
    },
  };
}

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
      { extends: true, test: { name: 'exercises', include: exerciseTests, setupFiles } },
      {
        extends: true,
        plugins: [redirectToSolutions()],
        test: { name: 'solutions', include: exerciseTests, setupFiles },
      },
    ],
  },
});
