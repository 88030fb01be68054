/**
 * 한 장의 테스트를 해답에 대고 돌리는 vitest 설정: 돌연변이 테스트(StrykerJS)가 씁니다.
 * 장은 환경 변수 COURSE_CHAPTER_DIR(`01-log-offsets`)로 받습니다. Stryker의 작업 프로세스도 이 변수를 물려받습니다.
 */
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { chapterModules } from './chapter-sources.js';

const root = path.resolve(import.meta.dirname, '../..');
const chapterDir = process.env.COURSE_CHAPTER_DIR;
if (!chapterDir) throw new Error('COURSE_CHAPTER_DIR(예: 01-log-offsets)를 주세요');

export default defineConfig({
  root,
  plugins: [chapterModules({ root, target: 'solutions', chapterDir })],
  test: {
    include: [`exercises/${chapterDir}/test/**/*.test.ts`],
    setupFiles: ['scripts/lib/test-setup.ts'],
    // 테스트가 띄우는 자식 프로세스도 해답을 쓰도록 (course/register.ts)
    env: { COURSE_TARGET: 'solutions' },
    testTimeout: 5_000,
    pool: 'threads',
  },
});
