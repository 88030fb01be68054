/**
 * `npm run course:sync`: reference/에서 각 장의 스타터(exercises/NN-slug/src)와 해답(solutions/NN-slug/src)을 다시 만듭니다.
 * 과정을 고치는 사람을 위한 명령입니다.
 *
 * 학습자의 코드는 덮어쓰지 않습니다. 스타터를 새로 쓰기 전에 지금 파일이 "course:sync가 마지막으로 쓴 내용"
 * (`.course/generated.json`에 적어 둔 해시) 또는 git이 커밋해 둔 내용(HEAD)과 같은지 봅니다. 둘 다 아니면 누군가
 * 손으로 고친 파일이니 건너뛰고 알립니다. 정말 덮어쓰려면 `-- --force`입니다. 사용법은 아래 USAGE에 있습니다.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chapters } from '../course/chapters.js';
import { exitWithUsage, readCommandLine } from '../reference/src/server/command-line.js';
import { chapterFiles, root } from './lib/course-files.js';
import { readmePath, readmeWithChapters } from './lib/readme-chapters.js';

const USAGE = `reference/에서 각 장의 스타터(exercises/)와 해답(solutions/)을 다시 만듭니다 (과정을 고치는 사람을 위한 명령).
  npm run course:sync              준비된 모든 장
  npm run course:sync -- 5 8       그 장만 (나머지 장의 사본은 그대로: course:check가 어긋남을 잡습니다)
  npm run course:sync -- --force   손으로 고친 스타터도 덮어씁니다`;

const { values, positionals } = readCommandLine(USAGE, {
  allowPositionals: true,
  options: { force: { type: 'boolean', default: false } },
});
const { force } = values;
const only = positionals.map(Number);
const unknown = positionals.filter((p) => !chapters.some((c) => c.status === 'ready' && String(c.number) === p));
if (unknown.length > 0) exitWithUsage(USAGE, `준비된 장이 아닙니다: ${unknown.join(', ')}`);
const manifestPath = path.join(root, '.course/generated.json');
const hash = (text: string) => createHash('sha256').update(text).digest('hex');
let manifest: Record<string, string> = {};
try {
  manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
} catch {}

/** 지금 파일을 덮어써도 되는지: course:sync가 쓴 그대로이거나 커밋된 그대로인 스타터 */
function generatedByUs(file: string, current: string): boolean {
  if (manifest[file] === hash(current)) return true;
  const committed = spawnSync('git', ['show', `HEAD:${file}`], { cwd: root, encoding: 'utf8' });
  return committed.status === 0 && committed.stdout === current;
}

let changed = 0;
const skipped: string[] = [];
for (const chapter of chapters.filter((c) => c.status === 'ready' && (only.length === 0 || only.includes(c.number)))) {
  for (const file of chapterFiles(chapter)) {
    const full = path.join(root, file.path);
    let current: string | null = null;
    try {
      current = readFileSync(full, 'utf8');
    } catch {}
    if (current !== file.content) {
      if (current !== null && !force && file.path.startsWith('exercises/') && !generatedByUs(file.path, current)) {
        skipped.push(file.path);
        continue;
      }
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, file.content);
      changed++;
      console.log(`  새로 씀  ${file.path}`);
    }
    manifest[file.path] = hash(file.content);
  }
}
mkdirSync(path.dirname(manifestPath), { recursive: true });
writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);

const readme = readmeWithChapters();
if (readme !== readFileSync(readmePath, 'utf8')) {
  writeFileSync(readmePath, readme);
  changed++;
  console.log('  새로 씀  README.md (장 목록 표)');
}
if (skipped.length > 0) {
  console.log(`\n손으로 고친 스타터 ${skipped.length}개는 덮어쓰지 않았습니다 (학습자의 코드일 수 있습니다):`);
  for (const file of skipped) console.log(`  건너뜀  ${file}`);
  console.log('덮어써도 되면: npm run course:sync -- --force');
  process.exitCode = 1;
}
console.log(
  changed === 0 && skipped.length === 0
    ? '모든 스타터와 해답이 reference와 같습니다.'
    : `${changed}개 파일을 새로 썼습니다.`,
);
