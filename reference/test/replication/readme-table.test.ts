/**
 * `reference/src/replication/README.md`의 표가 말하는 시험이 정말 있는지 봅니다: 표의 시험 이름(`testX`, `shouldX`)마다
 * 그 이름의 시험이 복제 시험(`test/replication/`), 저장소 시험(`test/storage/`), 날 소켓 시험(`test/e2e/replica-fetch.test.ts`)
 * 가운데 어딘가에 있어야 합니다.
 * 진짜 프로세스 셋의 시험(`test/e2e/replication-process.test.ts`, `reassignment-process.test.ts`)도 봅니다.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const here = import.meta.dirname;
const readme = readFileSync(path.resolve(here, '../../src/replication/README.md'), 'utf8');
const testSources = [
  ...['.', '../storage'].flatMap((dir) =>
    readdirSync(path.resolve(here, dir))
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => path.resolve(here, dir, f)),
  ),
  path.resolve(here, '../e2e/replica-fetch.test.ts'),
  path.resolve(here, '../e2e/replication-process.test.ts'),
  path.resolve(here, '../e2e/reassignment-process.test.ts'),
]
  .map((file) => readFileSync(file, 'utf8'))
  .join('\n');

describe('replication/README.md의 표', () => {
  const named = [...new Set([...readme.matchAll(/`((?:test|should)[A-Z][A-Za-z0-9_]+)`/g)].map((m) => m[1] as string))];

  it('시험 이름이 마흔 개가 넘게 적혀 있습니다', () => {
    expect(named.length).toBeGreaterThan(40);
  });

  it.each(named)('%s: 그 이름의 시험이 있습니다', (name) => {
    expect(testSources).toMatch(new RegExp(`it\\(\\s*'${name}\\b`));
  });
});
