/**
 * `npm run course:check`: 과정이 스스로를 점검합니다 (rustlings의 `dev check`처럼).
 *
 * 준비된 장마다: 스타터는 타입 검사를 통과하고 테스트는 모두 실패하는가, 해답은 모두 통과하는가,
 * README·힌트·강의가 있는가, 힌트와 테스트가 하나씩 짝지어지는가, 강의가 원자료 목록(seeds)을 싣지 않는가,
 * exercises/와 solutions/가 reference/에서 만든 그대로인가. 표를 찍고, 문제가 하나라도 있으면 1로 끝납니다.
 *
 * 학습자가 고친 스타터(reference에서 만든 내용과 다른 exercises/NN-slug/src)는 과정의 결함이 아니라 학습자의
 * 코드입니다. 그런 장은 점검에서 빼고 "이미 풀었습니다 ✓"나 "푸는 중 k/n"으로 진행만 알립니다.
 * 사용법은 아래 USAGE에 있습니다.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Table from 'cli-table3';
import { type Chapter, chapterDir, chapters, lessonId, lessons } from '../course/chapters.js';
import { readCommandLine } from '../reference/src/server/command-line.js';
import { josa } from '../reference/src/server/josa.js';
import { root } from './lib/course-files.js';
import { type ChapterFiles, judgeStarter, readChapterFiles } from './lib/learner-work.js';
import { readLesson } from './lib/lesson.js';
import { paint } from './lib/paint.js';
import { readmePath, readmeWithChapters } from './lib/readme-chapters.js';
import { type RunResult, runChapterTests, runTests, type TestOutcome } from './lib/run-tests.js';

const USAGE = `과정이 스스로를 점검합니다: 준비된 장마다 스타터, 해답, 테스트, 힌트, 강의가 맞는지 보고 표를 찍습니다.
  npm run course:check                학습자용: 고친 스타터는 진행으로 (npm test가 이렇게 부릅니다)
  npm run course:check -- --strict    과정을 고치는 사람과 CI용: 스타터도 reference에서 만든 그대로여야 합니다`;

const { values } = readCommandLine(USAGE, { options: { strict: { type: 'boolean', default: false } } });
const strict = values.strict;
const problems: string[] = [];
const notes: string[] = [];
const ready = chapters.filter((c) => c.status === 'ready');
const testDir = (c: Chapter) => `exercises/${chapterDir(c)}/test`;
const files = new Map<number, ChapterFiles>(ready.map((c) => [c.number, readChapterFiles(c)]));
const learnerChapters = strict ? [] : ready.filter((c) => (files.get(c.number)?.changedStarters.length ?? 0) > 0);
const pristine = ready.filter((c) => !learnerChapters.includes(c));

console.log('타입 검사(tsc) 중…');
const typeErrors = typecheck();
console.log('스타터와 해답에 테스트를 돌리는 중…');
const starters = await runOrStop('exercises', pristine.map(testDir));
const solutions = await runOrStop('solutions', ready.map(testDir));
// 학습자의 코드는 장마다 따로 돌립니다: 무한 루프가 있어도 그 장만 "시간 초과"로 알리고 점검은 이어 갑니다.
const learnerOutcomes: TestOutcome[] = [];
for (const chapter of learnerChapters) {
  console.log(`${chapter.number}장: 내가 고친 스타터에 테스트를 돌리는 중…`);
  const run = await runChapterTests('exercises', testDir(chapter));
  if (run.timedOut) {
    notes.push(
      `${chapter.number}장 내 코드: ${josa(`테스트 "${run.timedOut.test ?? '(불러오는 중)'}"`, '이/가')} 끝나지 않아 멈췄습니다`,
    );
  } else if (run.loadErrors.length > 0) {
    notes.push(
      `${chapter.number}장 내 코드: 테스트를 불러오지 못했습니다 (${josa(`npm run exercise:${chapter.number}`, '으로/로')} 보세요)`,
    );
  }
  learnerOutcomes.push(...run.outcomes);
}

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
  const chapterFiles = files.get(chapter.number) as ChapterFiles;
  const starterTests = (learnerChapters.includes(chapter) ? learnerOutcomes : starters.outcomes).filter(own);
  const solutionTests = solutions.outcomes.filter(own);
  const starter = checkStarter(chapter, starterTests, chapterFiles, typeErrors);
  const passing = checkSolution(chapter, solutionTests);
  const readme = checkReadme(chapter);
  const hints = checkHints(chapter, solutionTests);
  const lesson = checkLesson(chapter);
  const sync = checkSync(chapterFiles);
  table.push([
    chapter.number,
    chapter.title,
    '준비됨',
    `${ok(starter.ok)} ${starter.cell}`,
    `${ok(passing)} ${solutionTests.filter((t) => t.passed).length}/${solutionTests.length}`,
    ok(readme),
    `${ok(hints)} ${Object.keys(chapter.hints).length}`,
    ok(lesson),
    ok(sync),
  ]);
}
for (const lesson of lessons) checkLessonDoc(lesson.id, lesson.title);
if (readmeWithChapters() !== readFileSync(readmePath, 'utf8')) {
  problems.push('README.md의 장 목록 표가 course/chapters.ts와 다릅니다 (npm run course:sync)');
}
for (const run of [starters, solutions]) {
  for (const e of run.loadErrors) problems.push(`테스트를 불러오지 못했습니다: ${e.file}: ${e.message}`);
  for (const e of run.errors) problems.push(`테스트 실행 오류: ${e}`);
}

console.log(table.toString());
const lessonCount = lessons.length + ready.length;
console.log(
  `장 ${chapters.length}개 (준비됨 ${ready.length}, 준비 중 ${chapters.length - ready.length}), 강의 ${lessonCount}개`,
);
if (notes.length > 0) {
  console.log(paint('bold', '\n내 코드 (고친 스타터는 과정 점검에서 빼고 진행만 보여 줍니다):'));
  for (const n of notes) console.log(`  ${n}`);
  console.log(
    paint('dim', '  과정을 고치는 사람이라면 npm run course:check -- --strict로 스타터까지 reference와 비교하세요.'),
  );
}
if (problems.length > 0) {
  console.log(paint('red', `\n문제 ${problems.length}개:`));
  for (const p of problems) console.log(`  - ${p}`);
  process.exit(1);
}
const checked =
  learnerChapters.length > 0
    ? `과정 점검 통과: 고치지 않은 스타터는 모두 실패하고, 모든 해답은 통과하며, 해답 사본은 reference와 같습니다 ` +
      `(내가 고친 ${learnerChapters.map((c) => `${c.number}장`).join(', ')}은 진행만 보았습니다).`
    : '과정 점검 통과: 모든 스타터는 실패하고, 모든 해답은 통과하며, 사본은 reference와 같습니다.';
console.log(paint('green', `\n${checked}`));
process.exit(0);

async function runOrStop(project: 'exercises' | 'solutions', paths: string[]): Promise<RunResult> {
  if (paths.length === 0) return { outcomes: [], loadErrors: [], errors: [] };
  const result = await runTests(project, paths);
  if (result.timedOut) {
    console.log(
      paint(
        'red',
        `${project}: ${josa(`테스트 "${result.timedOut.test ?? '(불러오는 중)'}"`, '이/가')} 시간 안에 끝나지 않았습니다.`,
      ),
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

function checkStarter(chapter: Chapter, tests: TestOutcome[], chapterFiles: ChapterFiles, typeErrors: string[]) {
  const dir = chapterDir(chapter);
  const typed = !typeErrors.some((l) => l.startsWith(`exercises/${dir}/`));
  const verdict = judgeStarter(chapter, tests, chapterFiles.changedStarters, strict);
  problems.push(...verdict.problems);
  if (verdict.note) notes.push(verdict.note);
  return { ...verdict, ok: verdict.ok && typed };
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
      problems.push(
        `${chapter.number}장 힌트 ${id}의 앵커 ${josa(hint.anchor, '이/가')} 강의(${lesson.path})에 없습니다`,
      );
    }
  }
  return problems.length === before;
}

function checkLesson(chapter: Chapter): boolean {
  return checkLessonDoc(lessonId(chapter), chapter.title);
}

function checkLessonDoc(id: string, title: string): boolean {
  const before = problems.length;
  const lesson = readLesson(id);
  if (!lesson) {
    problems.push(`강의 docs/docs/${id}.md가 없습니다`);
    return false;
  }
  if (!lesson.title?.includes(title))
    problems.push(`${lesson.path}의 title이 ${josa(`"${title}"`, '을/를')} 담고 있지 않습니다`);
  // 다루는 원자료의 절(seeds)은 course/chapters.ts에만 둡니다. 강의의 front matter는 GitHub가 표로 보여 주니까요.
  if (lesson.frontMatterKeys.includes('seeds')) {
    problems.push(`${lesson.path}의 front matter에 seeds가 있습니다: 학습자에게 보이니 course/chapters.ts에만 두세요`);
  }
  return problems.length === before;
}

/** 해답은 언제나, 스타터는 `--strict`일 때 reference에서 만든 그대로여야 합니다. */
function checkSync(chapterFiles: ChapterFiles): boolean {
  const before = problems.length;
  const changed = [...chapterFiles.changedSolutions, ...(strict ? chapterFiles.changedStarters : [])];
  for (const file of changed) {
    problems.push(
      `${josa(file, '이/가')} reference에서 만든 내용과 다릅니다. 과정을 고치는 중이면 npm run course:sync를 돌리세요 ` +
        `(연습 문제를 풀던 것이면 되돌리기: git checkout -- ${file})`,
    );
  }
  return problems.length === before;
}
