/**
 * `npm run course:check`: 과정이 스스로를 점검합니다 (rustlings의 `dev check`처럼).
 *
 * 준비된 장마다: 스타터는 타입 검사를 통과하고 테스트는 모두 실패하는가, 해답은 모두 통과하는가,
 * README·힌트·강의가 있는가, 힌트와 테스트가 하나씩 짝지어지는가, 강의의 seeds가 장 목록과 같은가,
 * exercises/와 solutions/가 reference/에서 만든 그대로인가. 표를 찍고, 문제가 하나라도 있으면 1로 끝납니다.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Table from 'cli-table3';
import { type Chapter, chapterDir, chapters, lessonId, lessons } from '../course/chapters.js';
import { chapterFiles, root } from './lib/course-files.js';
import { readLesson } from './lib/lesson.js';
import { paint } from './lib/paint.js';
import { readmePath, readmeWithChapters } from './lib/readme-chapters.js';
import { type RunResult, runTests, type TestOutcome } from './lib/run-tests.js';

const problems: string[] = [];
const ready = chapters.filter((c) => c.status === 'ready');
const testDirs = ready.map((c) => `exercises/${chapterDir(c)}/test`);

console.log('타입 검사(tsc) 중…');
const typeErrors = typecheck();
console.log('스타터와 해답에 테스트를 돌리는 중…');
const starters = await runOrStop('exercises', testDirs);
const solutions = await runOrStop('solutions', testDirs);

const ok = (good: boolean) => (good ? paint('green', '✓') : paint('red', '✗'));
const table = new Table({
  head: ['장', '제목', '상태', '스타터 실패', '해답 통과', 'README', '힌트', '강의', '동기화'],
  style: { head: [], border: [] },
  chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
});

for (const chapter of chapters) {
  if (chapter.status === 'planned') {
    table.push([chapter.number, chapter.title, '준비 중', '—', '—', '—', '—', '—', '—']);
    continue;
  }
  const dir = chapterDir(chapter);
  const own = (o: TestOutcome) => o.file.startsWith(`exercises/${dir}/`);
  const starterTests = starters.outcomes.filter(own);
  const solutionTests = solutions.outcomes.filter(own);
  const failing = checkStarter(chapter, starterTests, typeErrors);
  const passing = checkSolution(chapter, solutionTests);
  const readme = checkReadme(chapter);
  const hints = checkHints(chapter, solutionTests);
  const lesson = checkLesson(chapter);
  const sync = checkSync(chapter);
  table.push([
    chapter.number,
    chapter.title,
    '준비됨',
    `${ok(failing)} ${starterTests.filter((t) => !t.passed).length}/${starterTests.length}`,
    `${ok(passing)} ${solutionTests.filter((t) => t.passed).length}/${solutionTests.length}`,
    ok(readme),
    `${ok(hints)} ${Object.keys(chapter.hints).length}`,
    ok(lesson),
    ok(sync),
  ]);
}
for (const lesson of lessons) checkLessonDoc(lesson.id, lesson.title, lesson.seeds);
if (readmeWithChapters() !== readFileSync(readmePath, 'utf8')) {
  problems.push('README.md의 장 목록 표가 course/chapters.ts와 다릅니다 (npm run course:sync)');
}
for (const e of [...starters.errors, ...solutions.errors]) problems.push(`테스트 실행 오류: ${e}`);

console.log(table.toString());
const lessonCount = lessons.length + ready.length;
console.log(
  `장 ${chapters.length}개 (준비됨 ${ready.length}, 준비 중 ${chapters.length - ready.length}), 강의 ${lessonCount}개`,
);
if (problems.length > 0) {
  console.log(paint('red', `\n문제 ${problems.length}개:`));
  for (const p of problems) console.log(`  - ${p}`);
  process.exit(1);
}
console.log(
  paint('green', '\n과정 점검 통과: 모든 스타터는 실패하고, 모든 해답은 통과하며, 사본은 reference와 같습니다.'),
);
process.exit(0);

async function runOrStop(project: 'exercises' | 'solutions', paths: string[]): Promise<RunResult> {
  const result = await runTests(project, paths);
  if (result.timedOut) {
    console.log(
      paint('red', `${project}: 테스트 "${result.timedOut.test ?? '(불러오는 중)'}"가 시간 안에 끝나지 않았습니다.`),
    );
    process.exit(1);
  }
  return result;
}

/** 저장소 전체를 tsc로 검사하고, 오류가 난 파일 경로 목록을 돌려줍니다. */
function typecheck(): string[] {
  try {
    execFileSync(path.join(root, 'node_modules/.bin/tsc'), ['--noEmit', '-p', root], { encoding: 'utf8' });
    return [];
  } catch (error) {
    const out = String((error as { stdout?: string }).stdout ?? error);
    const lines = out.split('\n').filter((l) => /error TS\d+/.test(l));
    for (const l of lines) problems.push(`타입 오류: ${l}`);
    return lines;
  }
}

function checkStarter(chapter: Chapter, tests: TestOutcome[], typeErrors: string[]): boolean {
  const dir = chapterDir(chapter);
  const typed = !typeErrors.some((l) => l.startsWith(`exercises/${dir}/`));
  const passing = tests.filter((t) => t.passed);
  for (const t of passing)
    problems.push(`${chapter.number}장 스타터가 ${t.id} 테스트를 이미 통과합니다 (빈칸이 빠졌나요?)`);
  if (tests.length === 0) problems.push(`${chapter.number}장에 테스트가 없습니다`);
  return typed && tests.length > 0 && passing.length === 0;
}

function checkSolution(chapter: Chapter, tests: TestOutcome[]): boolean {
  const failing = tests.filter((t) => !t.passed);
  for (const t of failing) {
    problems.push(`${chapter.number}장 해답이 ${t.id} 테스트에 실패합니다: ${t.failure?.message ?? ''}`);
  }
  return tests.length > 0 && failing.length === 0;
}

function checkReadme(chapter: Chapter): boolean {
  const file = path.join(root, 'exercises', chapterDir(chapter), 'README.md');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const good = text.includes(`npm run exercise:${chapter.number}`);
  if (!good)
    problems.push(
      `${chapter.number}장 README(exercises/${chapterDir(chapter)}/README.md)가 없거나 실행 명령이 없습니다`,
    );
  return good;
}

/** 테스트마다 힌트가 하나, 힌트마다 테스트가 하나. 힌트의 앵커는 강의에 실제로 있어야 합니다. */
function checkHints(chapter: Chapter, tests: TestOutcome[]): boolean {
  const before = problems.length;
  const ids = new Set(tests.map((t) => t.id));
  for (const id of ids) if (!chapter.hints[id]) problems.push(`${chapter.number}장 테스트 ${id}에 힌트가 없습니다`);
  const lesson = readLesson(lessonId(chapter));
  for (const [id, hint] of Object.entries(chapter.hints)) {
    if (!ids.has(id)) problems.push(`${chapter.number}장 힌트 ${id}에 해당하는 테스트가 없습니다`);
    if (hint.anchor && lesson && !lesson.anchors.has(hint.anchor)) {
      problems.push(`${chapter.number}장 힌트 ${id}의 앵커 ${hint.anchor}가 강의(${lesson.path})에 없습니다`);
    }
  }
  return problems.length === before;
}

function checkLesson(chapter: Chapter): boolean {
  return checkLessonDoc(lessonId(chapter), chapter.title, chapter.seeds);
}

function checkLessonDoc(id: string, title: string, seeds: readonly string[]): boolean {
  const before = problems.length;
  const lesson = readLesson(id);
  if (!lesson) {
    problems.push(`강의 docs/docs/${id}.md가 없습니다`);
    return false;
  }
  if (!lesson.title?.includes(title)) problems.push(`${lesson.path}의 title이 "${title}"를 담고 있지 않습니다`);
  if (JSON.stringify(lesson.seeds) !== JSON.stringify(seeds)) {
    problems.push(
      `${lesson.path}의 seeds가 장 목록과 다릅니다: ${JSON.stringify(lesson.seeds)} ≠ ${JSON.stringify(seeds)}`,
    );
  }
  return problems.length === before;
}

function checkSync(chapter: Chapter): boolean {
  const before = problems.length;
  for (const file of chapterFiles(chapter)) {
    const full = path.join(root, file.path);
    const current = existsSync(full) ? readFileSync(full, 'utf8') : null;
    if (current === file.content) continue;
    problems.push(
      `${file.path}가 reference에서 만든 내용과 다릅니다. 과정을 고치는 중이면 npm run course:sync, ` +
        `연습 문제를 푸는 중이면 정상입니다 (되돌리기: git checkout -- ${file.path})`,
    );
  }
  return problems.length === before;
}
