/**
 * README의 장 목록 표는 손으로 쓰지 않습니다. course/chapters.ts에서 만들어
 * `<!-- chapters:start -->`와 `<!-- chapters:end -->` 사이에 넣습니다 (course:sync가 쓰고 course:check가 비교).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chapters } from '../../course/chapters.js';
import { root } from './course-files.js';

export const readmePath = path.join(root, 'README.md');
const START = '<!-- chapters:start -->';
const END = '<!-- chapters:end -->';

function chapterTable(): string {
  const rows = chapters.map(
    (c) => `| ${c.number} | ${c.title} | ${c.implements} | ${c.status === 'ready' ? '준비됨' : '준비 중'} |`,
  );
  return ['| 장 | 제목 | 직접 구현하는 것 | 상태 |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** 표를 지금 장 목록으로 바꾼 README 전체. 표시가 없으면 오류입니다. */
export function readmeWithChapters(): string {
  const text = readFileSync(readmePath, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md에 ${START} … ${END} 표시가 없습니다`);
  return `${text.slice(0, start + START.length)}\n${chapterTable()}\n${text.slice(end)}`;
}
