/**
 * `npm run workshop:timing`: 준비된 장마다 학습자가 하는 일을 이 기계에서 실제로 돌려 재고,
 * `course/workshop-timing.json`에 적습니다. 워크숍 안내(`docs/docs/workshop.md`)의 표와 일정이 이 파일에서 나옵니다.
 * 사용법은 아래 USAGE에 있습니다.
 *
 * 한 장에서 재는 것: 손대지 않은 스타터에 `npm run exercise -- N`(빨간 실행), `npm run solution -- N`(초록 실행),
 * `npm run lessons:check -- <강의>`(직접 해보기 명령)의 벽시계 시간, 그리고 쓰는 줄·테스트 수·강의 글자 수.
 * 장은 차례로 하나씩 돌립니다: 겹쳐 돌리면 서로의 시간을 늘립니다. 장을 하나 잴 때마다 데이터 파일을 씁니다.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Chapter, chapters } from '../course/chapters.js';
import { exitWithUsage, readCommandLine } from '../reference/src/server/command-line.js';
import { chapterFiles, root } from './lib/course-files.js';
import { formatTs } from './lib/exercise-source.js';
import { paint } from './lib/paint.js';
import {
  type ChapterTiming,
  estimate,
  lessonChars,
  lessonFile,
  parseLessonLine,
  parseRunnerSummary,
  RATES,
  renderPage,
  timingTable,
  type WorkshopTiming,
  writtenLines,
} from './lib/workshop-timing.js';

const DATA = path.join(root, 'course/workshop-timing.json');
const PAGE = path.join(root, 'docs/docs/workshop.md');

const USAGE = `준비된 장마다 학습자가 하는 일을 이 기계에서 돌려 재고, course/workshop-timing.json과 워크숍 안내에 적습니다.
  npm run workshop:timing                 준비된 모든 장을 잽니다 (붐비는 2코어 기계에서 약 30분)
  npm run workshop:timing -- 3 7          이 장들만 다시 재어 데이터 파일의 그 줄만 바꿉니다 (잰 날, 커밋, 기계는 이번 것으로)
  npm run workshop:timing -- --page       재지 않고, 데이터 파일에서 워크숍 안내의 표와 일정만 다시 만듭니다
  npm run workshop:timing -- --note "…"   데이터 파일에 기계에 대한 메모(함께 돌던 작업 등)를 남깁니다`;

const { values, positionals } = readCommandLine(USAGE, {
  allowPositionals: true,
  options: { page: { type: 'boolean', default: false }, note: { type: 'string' } },
});

if (!values.page) await measure();
// 가정(RATES)은 코드에 있습니다. 바꿨다면 잰 값은 그대로 두고 데이터에 적힌 가정과 안내만 새로 씁니다.
const data: WorkshopTiming = { ...(JSON.parse(readFileSync(DATA, 'utf8')) as WorkshopTiming), rates: RATES };
writeData(data);
for (const line of timingTable(data)) console.log(line);
writeFileSync(PAGE, renderPage(readFileSync(PAGE, 'utf8'), data));
console.log(`\n${path.relative(root, PAGE)}의 표와 일정을 ${path.relative(root, DATA)}에서 다시 만들었습니다.`);

async function measure(): Promise<void> {
  const ready = chapters.filter((c) => c.status === 'ready');
  const wanted = positionals.map(Number);
  const unknown = wanted.filter((n) => !ready.some((c) => c.number === n));
  if (unknown.length > 0) exitWithUsage(USAGE, `준비된 장이 아닙니다: ${unknown.join(', ')}`);
  const previous: WorkshopTiming | undefined = existsSync(DATA) ? JSON.parse(readFileSync(DATA, 'utf8')) : undefined;
  const kept = wanted.length > 0 ? (previous?.chapters ?? []) : [];
  const data: WorkshopTiming = {
    measuredOn: new Date().toISOString().slice(0, 10),
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim(),
    machine: {
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      cpus: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model ?? '?',
      loadAverageStart: loadAverage(),
      loadAverageEnd: loadAverage(),
      note: values.note ?? previous?.machine.note ?? '',
    },
    rates: RATES,
    chapters: kept,
  };
  for (const chapter of ready.filter((c) => wanted.length === 0 || wanted.includes(c.number))) {
    const timing = await measureChapter(chapter);
    const e = estimate(timing);
    console.log(
      paint('bold', `${chapter.number}장`) +
        ` 빨강 ${timing.starterSeconds}초, 초록 ${timing.solutionSeconds}초, 직접 해보기 ${timing.lessonSeconds}초` +
        ` → 추정 ${e.total}분 (읽기 ${e.read}, 쓰기 ${e.write}, 기계 ${e.run})`,
    );
    const others = data.chapters.filter((c) => c.number !== chapter.number);
    Object.assign(data, {
      chapters: [...others, timing].sort((a, b) => a.number - b.number),
      machine: { ...data.machine, loadAverageEnd: loadAverage() },
    });
    writeData(data);
  }
}

async function measureChapter(chapter: Chapter): Promise<ChapterTiming> {
  const n = String(chapter.number);
  const load = loadAverage()[0] as number;
  // 빨간 실행은 처음 받은 스타터에서 잽니다. 손댄 파일이 있으면 학습자의 첫 실행이 아닙니다.
  const touched = chapterFiles(chapter).filter(
    (f) => f.path.startsWith('exercises/') && readFileSync(path.join(root, f.path), 'utf8') !== f.content,
  );
  if (touched.length > 0) {
    throw new Error(
      `${n}장의 스타터가 처음 상태가 아닙니다 (${touched.map((f) => f.path).join(', ')}): ` +
        `npm run exercise:${n} -- --reset 뒤에 재세요`,
    );
  }
  console.log(paint('dim', `${n}장: 스타터에 npm run exercise -- ${n}`));
  const starter = await timed('npm', ['run', 'exercise', '--', n]);
  const red = parseRunnerSummary(starter.output);
  if (starter.code === 0)
    throw new Error(`${n}장의 스타터가 모든 테스트를 통과합니다: 손대지 않은 스타터에서 재야 합니다`);
  console.log(paint('dim', `${n}장: npm run solution -- ${n}`));
  const solution = await timed('npm', ['run', 'solution', '--', n]);
  const green = parseRunnerSummary(solution.output);
  if (solution.code !== 0) throw new Error(`${n}장의 해답이 실패합니다:\n${solution.output.slice(-3000)}`);
  const lesson = lessonFile(chapter);
  console.log(paint('dim', `${n}장: npm run lessons:check -- ${path.relative(root, lesson)}`));
  const commands = await timed('npm', [
    'run',
    'lessons:check',
    '--',
    path.relative(path.join(root, 'docs/docs'), lesson),
  ]);
  const blocks = parseLessonLine(commands.output);
  if (!blocks.ok || commands.code !== 0)
    throw new Error(`${n}장 강의의 명령이 실패합니다:\n${commands.output.slice(-3000)}`);
  const written = writtenLines(chapter);
  return {
    number: chapter.number,
    title: chapter.title,
    starterSeconds: starter.seconds,
    starterPassed: red.passed,
    starterTests: red.total,
    starterSkippedE2eFiles: red.skippedE2eFiles,
    solutionSeconds: solution.seconds,
    tests: green.total,
    lessonSeconds: commands.seconds,
    lessonBlocks: blocks.blocks,
    writtenLines: written.lines,
    regions: written.regions,
    lessonChars: lessonChars(readFileSync(lesson, 'utf8')),
    loadAverage: load,
  };
}

/** 학습자가 터미널에서 치는 그대로 돌리고 벽시계 시간(초, 소수 첫째 자리)을 잽니다. */
function timed(command: string, args: string[]): Promise<{ code: number; seconds: number; output: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d;
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code: code ?? 1, seconds: Math.round((performance.now() - started) / 100) / 10, output }),
    );
  });
}

function loadAverage(): number[] {
  return os.loadavg().map((l) => Math.round(l * 100) / 100);
}

/** 데이터 파일은 저장소의 포맷(biome)으로 씁니다: 다시 재도 바뀐 값만 diff에 보입니다. */
function writeData(data: WorkshopTiming): void {
  writeFileSync(DATA, formatTs(`${JSON.stringify(data, null, 2)}\n`, DATA, root));
}
