/**
 * 연습 문제의 테스트를 다른 소스에 대고 돌리는 vite 플러그인.
 *
 * 테스트는 `../src/…`로 학습자의 코드를 가져옵니다. 이 플러그인은 그 경로를 `exercises/NN-slug/src/…`에서
 * `solutions/NN-slug/src/…`로 바꿉니다(vitest.config.ts의 solutions 프로젝트, 돌연변이 테스트).
 * `replace`를 주면 그 해답 파일의 내용을 디스크 대신 주어진 글로 읽습니다: 알려진 틀린 구현(course/wrong/)을
 * 파일을 건드리지 않고 해답에 씌워 보는 데 씁니다. 테스트끼리의 import(`./helpers.js`)는 그대로 둡니다.
 */
import path from 'node:path';
import type { Plugin } from 'vite';

export interface RedirectOptions {
  /** 저장소 루트 */
  readonly root: string;
  /** 해답 파일의 절대 경로 → 그 대신 읽을 내용 */
  readonly replace?: ReadonlyMap<string, string>;
  /** 이 장(`01-log-offsets`)의 테스트만 바꿉니다. 없으면 모든 장 */
  readonly chapterDir?: string;
}

export function redirectToSolutions({ root, replace, chapterDir }: RedirectOptions): Plugin {
  const exercisesDir = path.join(root, 'exercises');
  const solutionsDir = path.join(root, 'solutions');
  return {
    name: 'course:use-solutions',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer?.startsWith(exercisesDir)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved?.id.startsWith(exercisesDir)) return resolved;
      // exercises/<장>/src/<파일> 만 바꿉니다.
      const inChapter = path.relative(exercisesDir, resolved.id);
      const [dir, kind] = inChapter.split(path.sep);
      if (kind !== 'src' || (chapterDir !== undefined && dir !== chapterDir)) return resolved;
      return { ...resolved, id: path.join(solutionsDir, inChapter) };
    },
    load(id) {
      return replace?.get(id) ?? null;
    },
  };
}
