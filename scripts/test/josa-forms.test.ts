/**
 * 이름 뒤의 조사는 `josa()`(reference/src/server/josa.ts)로 고릅니다. 받침이 있을 때의 조사 뒤에 없을 때의 조사를
 * 괄호로 붙여 적은 꼴(은/는, 이/가, 을/를, 와/과를 한데 적은 것, 그리고 '으'를 괄호에 넣은 '로')은 학습자에게 기계가
 * 만든 문장으로 읽히니, 브로커·러너·연습 문제 어디에도 다시 들어오지 않게 막습니다. 이 파일 자신도 살펴보는 곳에
 * 들어 있어서, 그 꼴은 정규식(괄호를 `\(`로 적은)으로만 씁니다.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

/** 살펴볼 곳: 브로커 코드, 연습 문제(스타터, 테스트, README), 러너와 도구 */
const scanned = ['reference/src', 'exercises', 'scripts'];
const extensions = ['.ts', '.md', '.json'];

/**
 * 아직 고치지 않은 곳: 다른 작업이 지금 다시 쓰고 있는 파일들이라 그 작업이 합쳐질 때까지 건너뜁니다.
 * 합친 뒤에는 이 목록에서 지우고, 걸리는 문장을 josa()로 고치세요. `/`로 끝나면 그 폴더 전체입니다.
 */
const notYet = [
  'reference/src/metadata/',
  'reference/src/controller/',
  'reference/src/broker.ts',
  'reference/src/node/',
  'reference/src/server/config.ts',
  'reference/src/server/config-defs.ts',
  'reference/src/server/logger.ts',
  'reference/src/server/meta-properties.ts',
  'reference/src/server/purgatory.ts',
  'reference/src/server/replica-manager.ts',
  'reference/src/server/request-processor.ts',
  'reference/src/server/socket-server.ts',
  'reference/src/apis/01-fetch.ts',
  'reference/src/apis/03-metadata.ts',
  'reference/src/apis/18-api-versions.ts',
  'reference/src/apis/api.ts',
  'reference/src/apis/broker-context.ts',
  'reference/src/apis/index.ts',
  'reference/src/raft/',
  'reference/src/runtime/',
  'reference/src/sim/',
];

/** 받침이 있을 때와 없을 때의 조사를 괄호로 함께 적은 꼴 (두 순서 모두), 그리고 '으'를 괄호에 넣은 '로' */
const doubledParticle = /(?:은\(는\)|는\(은\)|이\(가\)|가\(이\)|을\(를\)|를\(을\)|와\(과\)|과\(와\)|\(으\)로)/u;

function filesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') found.push(...filesUnder(relative));
    } else if (extensions.some((ext) => entry.name.endsWith(ext))) {
      found.push(relative);
    }
  }
  return found;
}

function skipped(file: string): boolean {
  return notYet.some((entry) => (entry.endsWith('/') ? file.startsWith(entry) : file === entry));
}

describe('조사를 괄호로 함께 적은 꼴', () => {
  it('NoDoubledParticles: 브로커, 연습 문제, 러너의 글은 이름 뒤 조사를 josa()로 고릅니다', () => {
    const files = scanned.flatMap(filesUnder).filter((f) => !skipped(f));
    expect(files.length, '살펴본 파일 수').toBeGreaterThan(100);
    const hits = files.flatMap((file) =>
      readFileSync(path.join(root, file), 'utf8')
        .split('\n')
        .flatMap((line, i) => (doubledParticle.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(hits, '이름 뒤 조사는 josa(이름, "은/는")처럼 고르거나, 조사가 이름 뒤에 오지 않게 문장을 바꾸세요').toEqual(
      [],
    );
  });

  it('CatchesEachForm: 점검이 다섯 꼴을 모두 알아봅니다', () => {
    for (const [open, closed] of [
      ['은', '는'],
      ['이', '가'],
      ['을', '를'],
      ['와', '과'],
    ]) {
      expect(doubledParticle.test(`오프셋 100${open}(${closed}) 밖입니다`), `${open}(${closed})`).toBe(true);
      expect(doubledParticle.test(`오프셋 100${closed}(${open}) 밖입니다`), `${closed}(${open})`).toBe(true);
    }
    expect(doubledParticle.test(`${'('}으)로 옮겼습니다`)).toBe(true);
    expect(doubledParticle.test('오프셋 100은 읽을 수 있는 범위 밖입니다 (로그 시작 102)')).toBe(false);
  });
});
