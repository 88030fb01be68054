/**
 * 알려진 틀린 구현: `course/wrong/NN-slug/<이름>.patch`.
 *
 * 강의가 경고하는 흔한 실수와 검토에서 찾은 틀린 구현을 해답에 대한 작은 패치로 남겨 둡니다. 패치 머리(첫 `---` 줄
 * 앞)에는 설명과 `Expect: 테스트ID, …`를 적습니다. 점검은 패치를 해답에 씌운 내용을(파일은 건드리지 않고 vite의
 * load 훅으로) 그 장의 단위 테스트(`*.e2e.test.ts`가 아닌 것) 가운데 Expect의 테스트만 돌려, 모두 실패하는지 봅니다.
 * 학습자가 그 실수를 하면 바로 그 테스트가 빨개진다는 증명입니다.
 *
 * 모든 변형을 vitest 하나로 돌립니다: 변형마다 프로젝트가 하나이고, 프로젝트마다 씌운 내용이 다릅니다.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TestModule } from 'vitest/node';
import { createVitest } from 'vitest/node';
import { type Chapter, chapterDir } from '../../course/chapters.js';
import { chapterModules } from './chapter-sources.js';
import { root } from './course-files.js';
import { splitTestName } from './test-name.js';

export interface Variant {
  readonly chapter: Chapter;
  /** 패치 파일 이름에서 `.patch`를 뺀 것 */
  readonly name: string;
  /** 실패해야 하는 테스트 ID */
  readonly expect: string[];
  /** 해답 파일의 절대 경로 → 패치를 씌운 내용 (패치가 맞지 않으면 비어 있고 problem이 있습니다) */
  readonly patched: Map<string, string>;
  readonly problem?: string;
}

export interface VariantOutcome {
  readonly chapter: Chapter;
  readonly name: string;
  /** Expect의 테스트가 모두 실패했는가 */
  readonly caught: boolean;
  /** 실패한 테스트 ID */
  readonly failed: string[];
  readonly problem?: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** 모든 변형을 돌리는 데 허락하는 시간. 변형이 무한 루프를 만들면 여기서 끊습니다. */
const TIME_LIMIT_MS = 240_000;

export function wrongDir(chapter: Chapter): string {
  return path.join('course/wrong', chapterDir(chapter));
}

export function readVariants(chapter: Chapter): Variant[] {
  const dir = path.join(root, wrongDir(chapter));
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.patch'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -'.patch'.length);
      const text = readFileSync(path.join(dir, f), 'utf8');
      const expect = /^Expect:\s*(.+)$/m
        .exec(text.slice(0, text.search(/^--- /m)))?.[1]
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      try {
        if (!expect?.length) throw new Error('패치 머리에 "Expect: 테스트ID"가 없습니다');
        return { chapter, name, expect, patched: applyPatch(text) };
      } catch (error) {
        return { chapter, name, expect: expect ?? [], patched: new Map(), problem: (error as Error).message };
      }
    });
}

interface Hunk {
  readonly oldStart: number;
  readonly old: string[];
  readonly new: string[];
}

/** 통합 diff(unified diff)를 해답 파일에 씌운 내용. 문맥이 맞지 않으면 던집니다(해답이 바뀌어 패치가 낡음). */
export function applyPatch(patch: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = patch.split('\n');
  let i = lines.findIndex((l) => l.startsWith('--- '));
  if (i < 0) throw new Error('패치에 "--- " 줄이 없습니다');
  while (i < lines.length && lines[i]?.startsWith('--- ')) {
    const target = /^\+\+\+ (?:b\/)?(\S+)/.exec(lines[i + 1] ?? '')?.[1];
    if (!target) throw new Error(`패치 ${i + 2}번째 줄에 "+++ 파일"이 없습니다`);
    i += 2;
    const hunks: Hunk[] = [];
    while (i < lines.length && lines[i]?.startsWith('@@')) {
      const start = /^@@ -(\d+)/.exec(lines[i] as string);
      const hunk: Hunk = { oldStart: Number(start?.[1] ?? 1), old: [], new: [] };
      i++;
      while (i < lines.length && /^[ +-]|^$/.test(lines[i] as string) && !lines[i]?.startsWith('--- ')) {
        const line = lines[i] as string;
        if (line === '' && (i === lines.length - 1 || !/^[ +-]/.test(lines[i + 1] ?? ''))) break;
        const body = line.slice(1);
        if (line[0] !== '+') hunk.old.push(body);
        if (line[0] !== '-') hunk.new.push(body);
        i++;
      }
      hunks.push(hunk);
    }
    const full = path.join(root, target);
    const content = (out.get(full) ?? readFileSync(full, 'utf8')).split('\n');
    // 뒤의 덩어리부터 씌워야 앞 덩어리의 줄 번호가 움직이지 않습니다.
    for (const hunk of [...hunks].reverse()) {
      const at = locate(content, hunk);
      if (at < 0)
        throw new Error(`${target}의 ${hunk.oldStart}번째 줄 근처가 패치와 맞지 않습니다 (해답이 바뀌었나요?)`);
      content.splice(at, hunk.old.length, ...hunk.new);
    }
    out.set(full, content.join('\n'));
    while (i < lines.length && !lines[i]?.startsWith('--- ')) i++;
  }
  return out;
}

/** 덩어리의 옛 줄이 있는 곳: 적힌 줄 번호를 먼저 보고, 없으면 파일에서 하나뿐인 곳을 찾습니다. */
function locate(content: readonly string[], hunk: Hunk): number {
  const matches = (at: number) => hunk.old.every((l, j) => content[at + j] === l);
  if (matches(hunk.oldStart - 1)) return hunk.oldStart - 1;
  const found: number[] = [];
  for (let at = 0; at + hunk.old.length <= content.length; at++) if (matches(at)) found.push(at);
  return found.length === 1 ? (found[0] as number) : -1;
}

export async function checkWrongVariants(selected: readonly Chapter[]): Promise<VariantOutcome[]> {
  const variants = selected.flatMap(readVariants);
  const runnable = variants.filter((v) => v.problem === undefined);
  const failedBy = new Map<string, Set<string>>();
  const ran = new Set<string>();
  const errors: string[] = [];
  if (runnable.length > 0) {
    const projectName = (v: Variant) => `wrong:${v.chapter.number}:${v.name}`;
    const vitest = await createVitest(
      'test',
      {
        root,
        config: false,
        watch: false,
        reporters: [
          {
            onTestRunEnd(modules: readonly TestModule[], unhandled) {
              for (const e of unhandled) errors.push(e.message);
              for (const m of modules) {
                ran.add(m.project.name);
                // 패치가 문법을 깨뜨려 테스트 파일을 불러오지 못하면, 그것은 "잡힌" 것이 아니라 고장 난 패치입니다.
                for (const e of m.errors())
                  errors.push(`${m.project.name}: 테스트 파일을 불러오지 못했습니다: ${e.message}`);
                const failed = failedBy.get(m.project.name) ?? new Set<string>();
                for (const t of m.children.allTests()) {
                  if (t.result().state === 'failed') failed.add(splitTestName(t.name).id);
                }
                failedBy.set(m.project.name, failed);
              }
            },
          },
        ],
        projects: runnable.map((v) => ({
          plugins: [
            chapterModules({ root, target: 'solutions', chapterDir: chapterDir(v.chapter), replace: v.patched }),
          ],
          test: {
            name: projectName(v),
            root,
            include: [`exercises/${chapterDir(v.chapter)}/test/**/*.test.ts`],
            exclude: ['**/*.e2e.test.ts', '**/node_modules/**'],
            setupFiles: ['scripts/lib/test-setup.ts'],
            // 실패해야 할 테스트만 돌립니다: 다른 테스트는 이 증명과 상관없고, 변형이 많으면 시간이 듭니다.
            testNamePattern: new RegExp(`(^| )(${v.expect.map(escapeRegExp).join('|')}):`),
            testTimeout: 5_000,
            pool: 'threads' as const,
          },
        })),
      },
      { logLevel: 'silent' },
    );
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), TIME_LIMIT_MS);
    });
    const outcome = await Promise.race([vitest.start().then(() => 'done' as const), limit]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      throw new Error(`틀린 구현 점검이 ${TIME_LIMIT_MS / 1000}초 안에 끝나지 않았습니다 (무한 루프를 만드는 패치?)`);
    }
    await vitest.close();
    for (const v of runnable) {
      if (!ran.has(projectName(v))) errors.push(`${v.chapter.number}장 ${v.name}: 테스트가 돌지 않았습니다`);
    }
  }
  return variants.map((v) => {
    if (v.problem !== undefined)
      return { chapter: v.chapter, name: v.name, caught: false, failed: [], problem: v.problem };
    const failed = [...(failedBy.get(`wrong:${v.chapter.number}:${v.name}`) ?? [])].sort();
    const missing = v.expect.filter((id) => !failed.includes(id));
    return {
      chapter: v.chapter,
      name: v.name,
      caught: missing.length === 0 && failed.length > 0,
      failed,
      ...(missing.length > 0
        ? {
            problem: `${missing.join(', ')} 테스트가 실패해야 하는데 통과합니다${errors.length ? ` (${errors.join('; ')})` : ''}`,
          }
        : {}),
    };
  });
}
