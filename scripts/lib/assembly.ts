/**
 * 11장의 조립한 브로커: 1~10장 가운데 학습자가 끝낸 장(`npm run progress`의 완료: 지금 코드로 모두 통과했거나 해답과
 * 같음)은 학습자의 파일을, 건너뛴 장은 해답을 씁니다. 해답은 과정 점검(`npm run course:check`)이 모든 테스트를 통과한다고
 * 보장하므로, 어느 장을 건너뛰었든 브로커 전체가 돕니다. 결과는 노드 프로세스에 줄 `COURSE_ASSEMBLY` 값입니다
 * (course/resolve.ts의 `assemblyFromEnv`).
 */
import type { Chapter } from '../../course/chapters.js';
import { chapters } from '../../course/chapters.js';
import type { AssemblyPart, CourseTarget } from '../../course/resolve.js';
import { chapterState, isDone, loadProgress } from './progress.js';

/**
 * `upTo`장보다 앞선 준비된 장마다 어느 쪽을 쓸지. `target`이 solutions면(해답을 점검할 때) 모두 해답입니다.
 */
export function assemblyFor(upTo: Chapter, target: CourseTarget): AssemblyPart[] {
  const progress = loadProgress();
  return chapters
    .filter((c) => c.number < upTo.number && c.status === 'ready' && c.modules.length > 0)
    .map((chapter) => ({
      chapter,
      target: target === 'exercises' && isDone(chapterState(chapter, progress)) ? 'exercises' : 'solutions',
    }));
}

/** `COURSE_ASSEMBLY`의 값: `1:exercises,2:solutions,…` */
export function assemblyEnv(parts: readonly AssemblyPart[]): string {
  return parts.map((p) => `${p.chapter.number}:${p.target}`).join(',');
}
