/**
 * `npm run exercise:N -- --reset`: N장의 스타터를 처음 상태(지금 reference에서 만든 스타터)로 되돌립니다.
 * 내가 고친 파일이 있으면 목록을 보여 주고 묻습니다(기본은 아니요). 되돌리기 전에 `.course/backup/<시각>/`에 복사해 둡니다.
 */
import type { Chapter } from '../../course/chapters.js';
import { paint } from './paint.js';
import { backup, confirm, resetPlan, write } from './replace-starters.js';

/** 종료 코드를 돌려줍니다: 되돌렸거나 되돌릴 것이 없으면 0, 아니요라고 답하면 1 */
export async function resetChapter(chapter: Chapter, yes: boolean): Promise<number> {
  const plan = resetPlan(chapter);
  const mine = plan.filter((r) => r.kind === 'learner');
  const missing = plan.filter((r) => r.kind === 'untouched');
  if (mine.length === 0 && missing.length === 0) {
    console.log(`${chapter.number}장의 스타터는 이미 처음 상태입니다. 바꾼 파일은 없습니다.`);
    return 0;
  }
  if (mine.length > 0) {
    console.log(`${chapter.number}장에서 내가 고친 파일:`);
    for (const r of mine) console.log(`  ${r.path}`);
    const question = `이 ${mine.length}개 파일을 처음 스타터로 되돌릴까요? 지금 파일은 .course/backup/에 복사해 둡니다.`;
    if (!yes && !(await confirm(question))) {
      console.log('되돌리지 않았습니다. 파일은 그대로입니다.');
      return 1;
    }
  }
  const saved = mine.length > 0 ? backup(mine.map((r) => r.path)) : undefined;
  write([...mine, ...missing]);
  for (const r of [...mine, ...missing]) console.log(`  ${paint('green', '되돌림')}  ${r.path}`);
  if (saved) console.log(`되돌리기 전의 내 파일은 ${saved}/에 있습니다.`);
  console.log(`이제 처음부터: npm run exercise:${chapter.number}`);
  return 0;
}
