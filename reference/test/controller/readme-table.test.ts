/**
 * `reference/src/controller/README.md`의 표가 말하는 시험이 정말 있는지 봅니다: 표의 시험 이름(`testX`)마다 그 이름의
 * 시험이 `reference/test/controller/`나 `reference/test/metadata/`, 진짜 프로세스 셋의 재배치 시험
 * (`reference/test/e2e/reassignment-process.test.ts`)에 있어야 합니다.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const here = import.meta.dirname;
const readme = readFileSync(path.resolve(here, '../../src/controller/README.md'), 'utf8');
const testSources = [
  ...['.', '../metadata'].flatMap((dir) =>
    readdirSync(path.resolve(here, dir))
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => path.resolve(here, dir, f)),
  ),
  path.resolve(here, '../e2e/reassignment-process.test.ts'),
]
  .map((file) => readFileSync(file, 'utf8'))
  .join('\n');

describe('controller/README.md의 표', () => {
  const named = [...new Set([...readme.matchAll(/`(test[A-Za-z0-9_]+)`/g)].map((m) => m[1] as string))];

  it('시험 이름이 스무 개가 넘게 적혀 있습니다', () => {
    expect(named.length).toBeGreaterThan(20);
  });

  it.each(named)('%s: 그 이름의 시험이 있습니다', (name) => {
    expect(testSources).toMatch(new RegExp(`it\\(\\s*'${name}\\b`));
  });
});
