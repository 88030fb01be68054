/**
 * 학습자의 진행 상황: 장마다 마지막으로 돌린 결과를 `.course/progress.json`에 적어 둡니다
 * (git이 무시하는 폴더). 진행 막대는 이 기록과 장 목록만으로 그립니다.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chapters } from '../../course/chapters.js';
import { root } from './course-files.js';

export interface ChapterProgress {
  readonly passed: number;
  readonly total: number;
  readonly at: string;
}

type Progress = Record<string, ChapterProgress>;

const file = path.join(root, '.course/progress.json');

export function loadProgress(): Progress {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Progress;
  } catch {
    return {};
  }
}

export function recordProgress(chapter: number, passed: number, total: number): void {
  const progress = loadProgress();
  progress[chapter] = { passed, total, at: new Date().toISOString() };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(progress, null, 2)}\n`);
}

export function isComplete(p: ChapterProgress | undefined): boolean {
  return p !== undefined && p.total > 0 && p.passed === p.total;
}

/** `진행: ██░░░░░░░░░░ 2/12장 완료` — 칸 하나가 한 장입니다. */
export function progressLine(progress: Progress = loadProgress()): string {
  const done = chapters.map((c) => isComplete(progress[c.number]));
  const bar = done.map((d) => (d ? '█' : '░')).join('');
  return `진행: ${bar} ${done.filter(Boolean).length}/${chapters.length}장 완료`;
}
