/**
 * 강의 문서(docs/docs/*.md)를 읽어 과정 점검에 필요한 것만 꺼냅니다: front matter와 제목 앵커.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import GithubSlugger from 'github-slugger';
import { parse } from 'yaml';
import { root } from './course-files.js';

export interface LessonDoc {
  readonly path: string;
  readonly title: string | undefined;
  /** front matter의 키들. 과정을 만든 자료의 목록(`seeds`)은 `course/chapters.ts`에만 두고, 강의에는 두지 않습니다. */
  readonly frontMatterKeys: readonly string[];
  /** `#오프셋-부여`처럼, 학습 사이트가 제목마다 만드는 앵커 */
  readonly anchors: ReadonlySet<string>;
}

export function lessonPath(id: string): string {
  return `docs/docs/${id}.md`;
}

export function readLesson(id: string): LessonDoc | null {
  const file = path.join(root, lessonPath(id));
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8');
  const front = /^---\n([\s\S]*?)\n---\n/.exec(text);
  const meta = (front ? (parse(front[1] ?? '') ?? {}) : {}) as { title?: string };
  // Docusaurus와 같은 규칙(github-slugger)으로 제목 앵커를 만듭니다. 코드 블록 안의 `#`은 제목이 아닙니다.
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  let inFence = false;
  for (const line of text.slice(front?.[0].length ?? 0).split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const heading = !inFence && /^#{1,6}\s+(.+?)\s*(\{#([^}]+)\})?\s*$/.exec(line);
    if (heading) anchors.add(`#${heading[3] ?? slugger.slug(heading[1] ?? '')}`);
  }
  return { path: lessonPath(id), title: meta.title, frontMatterKeys: Object.keys(meta), anchors };
}
