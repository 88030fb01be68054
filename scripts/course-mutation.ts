/**
 * `npm run course:mutation -- [장 번호…] [--changed[=기준]] [--concurrency=N]`: 연습 문제 테스트가 속지 않는지 봅니다.
 *
 * 1. 알려진 틀린 구현(course/wrong/NN-slug/*.patch)을 하나씩 해답에 씌워, 그 장의 단위 테스트가 실패하는지.
 * 2. StrykerJS로 해답의 `@exercise` 구간만 바꿔 가며(돌연변이), 그 장의 테스트가 돌연변이를 죽이는지.
 *    살아남은 돌연변이는 모두 course/mutants/NN-slug.json에 "왜 동작이 같은지"가 적혀 있어야 합니다.
 *
 * 장을 주지 않으면 준비된 장 모두, `--changed`면 기준(기본 main)에서 바뀐 파일이 닿는 장만 돕니다.
 * 장마다 점수를 표로 찍고 `.course/mutation/`에 보고서(report.md, 장마다 Stryker의 HTML·JSON)를 씁니다.
 * 설명 없는 생존자, 낡은 동등 항목, 실패하지 않는 틀린 구현, 85% 미만의 점수가 하나라도 있으면 1로 끝납니다.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Stryker } from '@stryker-mutator/core';
import Table from 'cli-table3';
import { type Chapter, chapterDir, chapters } from '../course/chapters.js';
import { root } from './lib/course-files.js';
import {
  type EquivalentMutant,
  equivalentsPath,
  readEquivalents,
  sameMutant,
  squash,
} from './lib/equivalent-mutants.js';
import { chapterRegions, type Region } from './lib/mutation-regions.js';
import { paint } from './lib/paint.js';
import { checkWrongVariants, type VariantOutcome, wrongDir } from './lib/wrong-variants.js';

type StrykerOptions = ConstructorParameters<typeof Stryker>[0];

const MIN_SCORE = 85;
/** 돌연변이 테스트에서 무작위 불변식 테스트가 쓰는 씨앗 */
const FIXED_SEED = 20_240_601;
const reportDir = path.join(root, '.course/mutation');
const ready = chapters.filter((c) => c.status === 'ready');
const header = ['장', '제목', '돌연변이', '죽임', '살아남음(설명 없음)', '동등(설명됨)', '점수', '시간'];

interface Options {
  readonly chapters: Chapter[];
  readonly concurrency: number | undefined;
  readonly wrongOnly: boolean;
}

interface ChapterResult {
  readonly chapter: Chapter;
  readonly total: number;
  readonly killed: number;
  readonly timedOut: number;
  readonly errors: number;
  readonly equivalent: Survivor[];
  readonly unexplained: Survivor[];
  readonly stale: EquivalentMutant[];
  readonly seconds: number;
}

interface Survivor {
  readonly file: string;
  readonly region: string;
  readonly mutator: string;
  readonly original: string;
  readonly replacement: string;
  readonly line: number;
  readonly status: string;
  readonly reason?: string;
}

const options = parseArgs(process.argv.slice(2));
if (options.chapters.length === 0) {
  console.log('바뀐 파일이 닿는 장이 없습니다. 돌연변이 테스트를 건너뜁니다.');
  process.exit(0);
}
mkdirSync(reportDir, { recursive: true });
const problems: string[] = [];
// 무작위 불변식 테스트도 같은 입력으로 돌려야 돌연변이마다 결과가 같습니다. 다른 씨앗은 FUZZ_SEED로 줍니다.
process.env.FUZZ_SEED ??= String(FIXED_SEED);
console.log(paint('dim', `무작위 테스트의 씨앗: FUZZ_SEED=${process.env.FUZZ_SEED}`));

console.log(paint('bold', `틀린 구현 점검: ${options.chapters.map((c) => `${c.number}장`).join(', ')}`));
const variants = await checkWrongVariants(options.chapters);
for (const v of variants) {
  const mark = v.caught ? paint('green', '✓') : paint('red', '✗');
  const by = v.failed.length > 0 ? `실패한 테스트: ${v.failed.join(', ')}` : '실패한 테스트가 없습니다';
  console.log(`  ${mark} ${v.chapter.number}장 ${v.name}  ${paint('dim', by)}`);
  if (!v.caught) problems.push(`${v.chapter.number}장 틀린 구현 ${v.name}: ${v.problem}`);
}
if (variants.length === 0) console.log('  (틀린 구현이 없습니다)');

const results: ChapterResult[] = [];
if (!options.wrongOnly) {
  for (const chapter of options.chapters) {
    console.log(paint('bold', `\n${chapter.number}장 ${chapter.title}: 돌연변이 테스트`));
    const result = await mutate(chapter, options.concurrency);
    results.push(result);
    for (const s of result.unexplained) {
      problems.push(
        `${chapter.number}장 ${s.file}:${s.line} (${s.region}) ${s.mutator} ${s.status}: ` +
          `${s.original} → ${s.replacement} — 테스트를 더하거나 ${equivalentsPath(chapter)}에 까닭을 적으세요`,
      );
    }
    for (const e of result.stale) {
      problems.push(
        `${chapter.number}장 ${equivalentsPath(chapter)}의 항목이 살아남은 돌연변이와 맞지 않습니다(낡았거나 이제 죽습니다): ` +
          `${e.file} ${e.region} ${e.mutator} ${e.original} → ${e.replacement}`,
      );
    }
    const score = scoreOf(result);
    if (score < MIN_SCORE)
      problems.push(`${chapter.number}장 돌연변이 점수 ${score.toFixed(1)}%가 ${MIN_SCORE}% 미만입니다`);
  }
  const table = summaryTable(results);
  console.log(`\n${table}`);
  writeReport(results, variants);
  console.log(paint('dim', `보고서: ${path.relative(root, path.join(reportDir, 'report.md'))}`));
}

if (problems.length > 0) {
  console.log(paint('red', `\n문제 ${problems.length}개:`));
  for (const p of problems) console.log(`  - ${p}`);
  process.exit(1);
}
console.log(
  paint('green', '\n돌연변이 점검 통과: 틀린 구현은 모두 실패하고, 살아남은 돌연변이는 모두 설명되어 있습니다.'),
);
process.exit(0);

function parseArgs(args: string[]): Options {
  let concurrency: number | undefined;
  let wrongOnly = false;
  let changedBase: string | undefined;
  const numbers: number[] = [];
  for (const arg of args) {
    if (arg.startsWith('--concurrency=')) concurrency = Number(arg.slice('--concurrency='.length));
    else if (arg === '--wrong-only') wrongOnly = true;
    else if (arg === '--changed') changedBase = 'main';
    else if (arg.startsWith('--changed=')) changedBase = arg.slice('--changed='.length);
    else if (/^\d+$/.test(arg)) numbers.push(Number(arg));
    else {
      console.error(`알 수 없는 인자: ${arg}`);
      console.error(
        '쓰는 법: npm run course:mutation -- [장 번호…] [--changed[=기준]] [--concurrency=N] [--wrong-only]',
      );
      process.exit(2);
    }
  }
  let selected = ready;
  if (numbers.length > 0) {
    selected = numbers.map((n) => {
      const chapter = ready.find((c) => c.number === n);
      if (!chapter) {
        console.error(`${n}장은 준비된 장이 아닙니다. 준비된 장: ${ready.map((c) => c.number).join(', ')}`);
        process.exit(2);
      }
      return chapter;
    });
  } else if (changedBase !== undefined) {
    selected = touchedChapters(changedBase);
  }
  return { chapters: selected, concurrency, wrongOnly };
}

/** 기준 커밋 이후(커밋하지 않은 것까지) 바뀐 파일이 닿는 장 */
function touchedChapters(base: string): Chapter[] {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
  try {
    git('rev-parse', '--verify', '--quiet', `${base}^{commit}`);
  } catch {
    console.error(`기준 커밋(${base})을 찾지 못했습니다. --changed=<커밋>으로 기준을 주거나, 장 번호를 직접 주세요.`);
    process.exit(2);
  }
  const files = new Set([
    ...git('diff', '--name-only', `${base}...HEAD`),
    ...git('diff', '--name-only', 'HEAD'),
    ...git('ls-files', '--others', '--exclude-standard'),
  ]);
  // 돌연변이 점검 자체가 바뀌면 모든 장을 다시 봅니다.
  const shared = [
    'scripts/course-mutation.ts',
    'scripts/lib/mutation-regions.ts',
    'scripts/lib/equivalent-mutants.ts',
    'scripts/lib/wrong-variants.ts',
    'scripts/lib/chapter-sources.ts',
    'scripts/lib/vitest-chapter.config.ts',
    'scripts/lib/test-setup.ts',
  ];
  if (shared.some((f) => files.has(f))) return ready;
  return ready.filter((chapter) => {
    const dir = chapterDir(chapter);
    const mine = [
      ...chapter.modules,
      `exercises/${dir}/`,
      `solutions/${dir}/`,
      equivalentsPath(chapter),
      `${wrongDir(chapter)}/`,
    ];
    return [...files].some((f) => mine.some((m) => (m.endsWith('/') ? f.startsWith(m) : f === m)));
  });
}

async function mutate(chapter: Chapter, concurrency: number | undefined): Promise<ChapterResult> {
  const dir = chapterDir(chapter);
  const regions = chapterRegions(chapter);
  const out = path.join(reportDir, dir);
  rmSync(out, { recursive: true, force: true });
  // vitest 설정(scripts/lib/vitest-chapter.config.ts)은 이 변수로 장을 고릅니다. Stryker의 작업 프로세스도 물려받습니다.
  process.env.COURSE_CHAPTER_DIR = dir;
  const started = Date.now();
  const stryker = new Stryker({
    testRunner: 'vitest',
    plugins: ['@stryker-mutator/vitest-runner'],
    vitest: { configFile: 'scripts/lib/vitest-chapter.config.ts', related: false },
    coverageAnalysis: 'perTest',
    mutate: regions.map((r) => `${r.file}:${r.startLine}-${r.endLine}`),
    reporters: process.stdout.isTTY ? ['json', 'html', 'progress'] : ['json', 'html'],
    jsonReporter: { fileName: path.relative(root, path.join(out, 'mutation.json')) },
    htmlReporter: { fileName: path.relative(root, path.join(out, 'mutation.html')) },
    // 샌드박스에는 테스트가 읽는 것만 복사합니다.
    ignorePatterns: ['docs', '.course', '.ci', '*.md'],
    tempDirName: '.course/stryker-tmp',
    cleanTempDir: true,
    // LogLevel은 const enum이라 값으로 가져올 수 없습니다: 같은 글자를 타입만 맞춰 넘깁니다.
    logLevel: 'warn' as StrykerOptions['logLevel'],
    fileLogLevel: 'off' as StrykerOptions['fileLogLevel'],
    ...(concurrency !== undefined ? { concurrency } : {}),
  });
  const mutants = await stryker.runMutationTest();
  const seconds = (Date.now() - started) / 1000;

  const equivalents = readEquivalents(chapter);
  const used = new Set<EquivalentMutant>();
  const equivalent: Survivor[] = [];
  const unexplained: Survivor[] = [];
  const sources = new Map<string, string[]>();
  for (const m of mutants) {
    if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
    const file = path.relative(root, path.resolve(root, m.fileName));
    if (!sources.has(file)) sources.set(file, readFileSync(path.join(root, file), 'utf8').split('\n'));
    const lines = sources.get(file) as string[];
    const line = m.location.start.line;
    const survivor = {
      file: path.basename(file),
      region: regionAt(regions, file, line)?.name ?? '?',
      mutator: m.mutatorName,
      original: squash(textAt(lines, m.location)),
      replacement: squash(m.replacement),
      line,
      status: m.status,
    };
    const match = equivalents.find((e) => sameMutant(e, survivor));
    if (match) {
      used.add(match);
      equivalent.push({ ...survivor, reason: match.reason });
    } else unexplained.push(survivor);
  }
  return {
    chapter,
    total: mutants.length,
    killed: mutants.filter((m) => m.status === 'Killed').length,
    timedOut: mutants.filter((m) => m.status === 'Timeout').length,
    errors: mutants.filter((m) => m.status === 'RuntimeError' || m.status === 'CompileError').length,
    equivalent,
    unexplained,
    stale: equivalents.filter((e) => !used.has(e)),
    seconds,
  };
}

function regionAt(regions: readonly Region[], file: string, line: number): Region | undefined {
  return regions.find((r) => r.file === file && r.startLine <= line && line <= r.endLine);
}

/** Stryker의 위치(줄과 칸 모두 1부터)에 있는 원래 코드 */
function textAt(lines: readonly string[], loc: { start: Position; end: Position }): string {
  const line = (n: number) => lines[n - 1] ?? '';
  if (loc.start.line === loc.end.line) return line(loc.start.line).slice(loc.start.column - 1, loc.end.column - 1);
  const parts = [line(loc.start.line).slice(loc.start.column - 1)];
  for (let l = loc.start.line + 1; l < loc.end.line; l++) parts.push(line(l));
  parts.push(line(loc.end.line).slice(0, loc.end.column - 1));
  return parts.join('\n');
}

interface Position {
  readonly line: number;
  readonly column: number;
}

/** Stryker의 점수: 죽인 것(시간 초과 포함) / 유효한 돌연변이. 동등 돌연변이도 분모에 남깁니다. */
function scoreOf(r: ChapterResult): number {
  const valid = r.total - r.errors;
  return valid === 0 ? 100 : ((r.killed + r.timedOut) / valid) * 100;
}

function summaryRows(rs: readonly ChapterResult[]): string[][] {
  return rs.map((r) => [
    `${r.chapter.number}`,
    r.chapter.title,
    `${r.total - r.errors}`,
    `${r.killed + r.timedOut}${r.timedOut > 0 ? ` (시간 초과 ${r.timedOut})` : ''}`,
    `${r.unexplained.length}`,
    `${r.equivalent.length}`,
    `${scoreOf(r).toFixed(1)}%`,
    `${Math.round(r.seconds)}초`,
  ]);
}

function summaryTable(rs: readonly ChapterResult[]): string {
  const table = new Table({ head: header, style: { head: [], border: [] } });
  for (const row of summaryRows(rs)) table.push(row);
  const total = rs.reduce((s, r) => s + r.seconds, 0);
  return `${table.toString()}\n전체 ${Math.round(total)}초`;
}

function writeReport(rs: readonly ChapterResult[], vs: readonly VariantOutcome[]): void {
  const md: string[] = ['# 돌연변이 테스트 보고서', '', `만든 때: ${new Date().toISOString()}`, ''];
  md.push(`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`);
  for (const row of summaryRows(rs)) md.push(`| ${row.join(' | ')} |`);
  md.push('', `전체 ${Math.round(rs.reduce((s, r) => s + r.seconds, 0))}초`, '');
  for (const r of rs) {
    md.push(`## ${r.chapter.number}장 ${r.chapter.title}`, '');
    md.push(`Stryker 보고서: ${chapterDir(r.chapter)}/mutation.html`, '');
    for (const s of r.unexplained) {
      md.push(
        `- **설명 없음** ${s.file}:${s.line} (${s.region}) ${s.mutator}: \`${s.original}\` → \`${s.replacement}\``,
      );
    }
    for (const s of r.equivalent) {
      md.push(
        `- 동등 ${s.file}:${s.line} (${s.region}) ${s.mutator}: \`${s.original}\` → \`${s.replacement}\` — ${s.reason}`,
      );
    }
    md.push('');
  }
  md.push('## 틀린 구현', '');
  for (const v of vs) {
    md.push(`- ${v.caught ? '✓' : '✗'} ${v.chapter.number}장 ${v.name}: ${v.failed.join(', ') || v.problem}`);
  }
  writeFileSync(path.join(reportDir, 'report.md'), `${md.join('\n')}\n`);
  writeFileSync(
    path.join(reportDir, 'summary.json'),
    `${JSON.stringify(
      rs.map((r) => ({
        chapter: r.chapter.number,
        mutants: r.total - r.errors,
        killed: r.killed + r.timedOut,
        unexplained: r.unexplained.length,
        equivalent: r.equivalent.length,
        score: Number(scoreOf(r).toFixed(1)),
        seconds: Math.round(r.seconds),
      })),
      null,
      2,
    )}\n`,
  );
}
