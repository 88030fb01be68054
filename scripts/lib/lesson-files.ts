/** 점검할 강의 파일: docs/docs 아래의 모든 .md (과정 안내, 기초 강의, 장마다의 강의) */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { root } from './course-files.js';

export function lessonFiles(): string[] {
  const docs = path.join(root, 'docs/docs');
  return readdirSync(docs, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .map((f) => path.join(docs, f))
    .sort();
}
