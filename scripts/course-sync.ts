/**
 * `npm run course:sync`: reference/에서 각 장의 스타터(exercises/NN-slug/src)와 해답(solutions/NN-slug/src)을 다시 만듭니다.
 * 과정을 고치는 사람을 위한 명령입니다. 학습자가 푼 스타터도 덮어쓰니 주의하세요.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chapters } from '../course/chapters.js';
import { chapterFiles, root } from './lib/course-files.js';
import { readmePath, readmeWithChapters } from './lib/readme-chapters.js';

let changed = 0;
for (const chapter of chapters.filter((c) => c.status === 'ready')) {
  for (const file of chapterFiles(chapter)) {
    const full = path.join(root, file.path);
    let current: string | null = null;
    try {
      current = readFileSync(full, 'utf8');
    } catch {}
    if (current === file.content) continue;
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, file.content);
    changed++;
    console.log(`  새로 씀  ${file.path}`);
  }
}
const readme = readmeWithChapters();
if (readme !== readFileSync(readmePath, 'utf8')) {
  writeFileSync(readmePath, readme);
  changed++;
  console.log('  새로 씀  README.md (장 목록 표)');
}
console.log(changed === 0 ? '모든 스타터와 해답이 reference와 같습니다.' : `${changed}개 파일을 새로 썼습니다.`);
