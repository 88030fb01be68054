/**
 * 돌연변이 점검 도구(`npm run course:mutation`)의 테스트: 해답에서 @exercise 구간 찾기, 틀린 구현 패치 씌우기,
 * 그리고 모든 장의 알려진 틀린 구현이 그 장의 테스트에 걸리는지(`--wrong-only`, npm test 안에서 도는 증명).
 * Stryker로 돌연변이를 모두 돌리는 일은 오래 걸려 여기서 하지 않습니다: npm run course:mutation.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chapterDir, chapters } from '../../course/chapters.js';
import { josa } from '../../reference/src/server/josa.js';
import { root } from '../lib/course-files.js';
import { chapterRegions, regionBodies } from '../lib/mutation-regions.js';
import { applyPatch, readVariants } from '../lib/wrong-variants.js';

const ready = chapters.filter((c) => c.status === 'ready');

describe('course:mutation', () => {
  it('finds every @exercise region of every ready chapter in its solution file, line for line', () => {
    for (const chapter of ready) {
      const regions = chapterRegions(chapter);
      const expected = chapter.modules.flatMap((m) =>
        regionBodies(readFileSync(path.join(root, m), 'utf8'), chapter.number),
      );
      expect(
        regions.map((r) => r.name),
        `${chapter.number}장의 구간`,
      ).toEqual(expected.map((r) => r.name));
      for (const region of regions) {
        const lines = readFileSync(path.join(root, region.file), 'utf8').split('\n');
        expect(region.file.startsWith(`solutions/${chapterDir(chapter)}/src/`), region.file).toBe(true);
        expect(region.startLine, `${region.file} ${region.name}`).toBeLessThanOrEqual(region.endLine);
        expect(
          lines[region.startLine - 1]?.trim(),
          `${josa(`${region.file}:${region.startLine}`, '은/는')} 빈 줄이 아닙니다`,
        ).not.toBe('');
      }
    }
  });

  it('applies a patch by its context and refuses one whose context no longer matches the solution', () => {
    const file = 'solutions/01-log-offsets/src/in-memory-log.ts';
    const patch = (from: string, to: string) =>
      [
        'Expect: TrimKeepsLaterOffsets',
        `--- a/${file}`,
        `+++ b/${file}`,
        '@@ -1,3 +1,3 @@',
        `     if (offset <= this.#logStartOffset) return;`,
        `-${from}`,
        `+${to}`,
        `     this.#logStartOffset = offset;`,
        '',
      ].join('\n');
    const original = '    this.#records.splice(0, offset - this.#logStartOffset);';
    const wrong = '    this.#records = this.#records.slice(offset);';
    const patched = applyPatch(patch(original, wrong)).get(path.join(root, file)) ?? '';
    expect(patched).toContain(wrong);
    expect(patched).not.toContain(original);
    expect(() => applyPatch(patch('    this.#records.length = 0;', wrong)), '해답에 없는 줄').toThrow(/맞지 않습니다/);
  });

  it('reads every known-wrong variant with the tests it must fail', () => {
    const variants = ready.flatMap(readVariants);
    expect(variants.length).toBeGreaterThan(0);
    for (const v of variants) {
      expect(v.problem, `${v.chapter.number}장 ${v.name}`).toBeUndefined();
      expect(v.expect.length, `${v.chapter.number}장 ${v.name}의 Expect`).toBeGreaterThan(0);
      for (const id of v.expect) {
        expect(
          Object.keys(v.chapter.hints),
          `${v.chapter.number}장 ${v.name}: Expect의 ${josa(id, '은/는')} 그 장의 테스트 ID`,
        ).toContain(id);
      }
    }
  });

  it('every known-wrong variant fails the tests it names (npm run course:mutation -- --wrong-only)', async () => {
    const { code, output } = await run(['tsx', 'scripts/course-mutation.ts', '--wrong-only']);
    expect(output, '틀린 구현 점검의 출력').toContain('틀린 구현 점검');
    expect(code, output).toBe(0);
  }, 300_000);
});

function run(command: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const [cmd, ...args] = command as [string, ...string[]];
    const child = spawn(path.join(root, 'node_modules/.bin', cmd), args, {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}
