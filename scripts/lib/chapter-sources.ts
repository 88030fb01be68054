/**
 * 장의 테스트가 학습자의 코드로 돌게 하는 vite 플러그인 (vitest.config.ts의 exercises·solutions 프로젝트, 돌연변이 점검).
 * 대응표는 course/resolve.ts 하나이고, 자식 프로세스는 같은 표를 Node 모듈 훅(course/register.ts)으로 씁니다.
 *
 * 테스트 파일(`exercises/NN-slug/test/…`)의 장이 곧 바꿔 끼울 장입니다. 그 장의 테스트와 그 장의 복사본이 가져오는 것은:
 * - `exercises/NN-slug/src/<파일>`(테스트의 `../src/…`) → `<target>/NN-slug/src/<파일>`
 * - 장이 가르치는 reference 모듈(`modules`) → `<target>/NN-slug/src/<같은 이름>`
 * - 그 밖의 reference 파일 → 그대로이되 id에 장을 붙입니다(`…/kafka-node.ts?course-chapter=03-wire-protocol`).
 *   그 파일이 다시 가져오는 것도 같은 장으로 풀어야 하니까요: 브로커 깊숙한 곳의 `import … from '../protocol/framer.js'`도
 *   학습자의 framer를 가리킵니다. vite는 모듈을 id마다 한 번 변환해 모든 테스트 파일이 나눠 쓰므로, 장마다 id가 달라야
 *   한 장의 대응이 다른 장의 테스트로 새지 않습니다.
 *
 * `replace`를 주면 복사본의 내용을 디스크 대신 주어진 글로 읽습니다: 알려진 틀린 구현(course/wrong/)을 파일을 건드리지
 * 않고 해답에 씌워 보는 데 씁니다.
 */
import path from 'node:path';
import { normalizePath, type Plugin } from 'vite';
import { type CourseTarget, chapterFolderOf, chapterRedirects, findChapterByDir } from '../../course/resolve.js';

export interface ChapterModulesOptions {
  /** 저장소 루트 */
  readonly root: string;
  /** 학습자의 스타터(`exercises`) 또는 해답(`solutions`) */
  readonly target: CourseTarget;
  /** 복사본 파일의 절대 경로 → 그 대신 읽을 내용 */
  readonly replace?: ReadonlyMap<string, string>;
  /** 이 장(`01-log-offsets`)의 테스트만 바꿉니다. 없으면 모든 장 */
  readonly chapterDir?: string;
}

/** 장을 붙인 reference 모듈 id의 질의 이름 */
export const CHAPTER_QUERY = 'course-chapter';

export function chapterModules({ root, target, replace, chapterDir }: ChapterModulesOptions): Plugin {
  const referenceDir = path.join(root, 'reference') + path.sep;
  /** 장 폴더 이름 → (reference 모듈 → 복사본) */
  const redirects = new Map<string, Map<string, string>>();
  const redirectsOf = (dir: string) => {
    let table = redirects.get(dir);
    if (!table) {
      const chapter = findChapterByDir(dir);
      table = chapter ? chapterRedirects(chapter, target, root) : new Map();
      redirects.set(dir, table);
    }
    return table;
  };
  return {
    name: 'course:chapter-modules',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer) return null;
      const [importerFile = '', query = ''] = importer.split('?');
      const dir =
        chapterFolderOf(path.normalize(importerFile), root)?.dir ?? new URLSearchParams(query).get(CHAPTER_QUERY);
      if (!dir || (chapterDir !== undefined && dir !== chapterDir)) return null;
      const resolved = await this.resolve(source, importerFile, { ...options, skipSelf: true });
      if (!resolved || resolved.external) return resolved;
      const file = path.normalize(resolved.id.split('?')[0] as string);
      const copy = redirectsOf(dir).get(file) ?? learnerFile(file);
      if (copy) return { ...resolved, id: normalizePath(copy) };
      if (file.startsWith(referenceDir)) return { ...resolved, id: `${normalizePath(file)}?${CHAPTER_QUERY}=${dir}` };
      return resolved;
    },
    load(id) {
      return replace?.get(id) ?? null;
    },
  };

  /** `exercises/NN-slug/src/<파일>`(테스트의 `../src/…`)이면 `<target>/NN-slug/src/<파일>` */
  function learnerFile(file: string): string | undefined {
    const folder = chapterFolderOf(file, root);
    if (folder?.target !== 'exercises') return undefined;
    const inChapter = path.relative(path.join(root, 'exercises', folder.dir), file);
    if (inChapter.split(path.sep)[0] !== 'src') return undefined;
    return path.join(root, target, folder.dir, inChapter);
  }
}
