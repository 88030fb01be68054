/** 점검할 강의 파일: docs/docs 아래의 모든 .md (과정 안내, 기초 강의, 장마다의 강의) */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './course-files.js';

/**
 * 이름순이되, 시간이 지나기를 기다리는 블록(`wait=`)이 있는 강의를 앞에 둡니다.
 * 여러 강의를 함께 돌릴 때 가장 긴 강의(보존 정책을 기다리는 2장)가 먼저 시작해야 전체가 빨리 끝납니다.
 */
export function lessonFiles(): string[] {
  const docs = path.join(root, 'docs/docs');
  const files = readdirSync(docs, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .map((f) => path.join(docs, f))
    .sort();
  const waits = (f: string) => (readFileSync(f, 'utf8').match(/^```\w*[^\n]*\bwait="/gm) ?? []).length;
  return files.sort((a, b) => waits(b) - waits(a));
}
