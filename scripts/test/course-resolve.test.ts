/**
 * 학습자의 코드를 import 해석에서 끼우는 장치(course/resolve.ts)의 테스트.
 *
 * - 대응표: N장의 reference 모듈 → `<target>/NN-slug/src/<같은 이름>`, course:sync가 쓰는 자리와 같은지.
 * - vitest 플러그인(scripts/lib/chapter-sources.ts): 브로커 깊숙한 reference 모듈이 가져오는 장의 모듈도 학습자의 것이고,
 *   한 장의 대응이 다른 장의 테스트로 새지 않는지. 진짜 vitest로 장의 e2e 테스트를 돌려 확인합니다.
 * - Node 모듈 훅(course/register.ts): 자식 프로세스가 학습자의 모듈로 도는지. 해답과, 일부러 망가뜨린 사본으로.
 */
import { execFile } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { normalizePath, type Plugin } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVitest, type TestModule } from 'vitest/node';
import { chapterDir, chapters, findChapter } from '../../course/chapters.js';
import {
  assemblyFromEnv,
  chapterCopyPath,
  chapterFolderOf,
  chapterFromEnv,
  chapterRedirects,
  courseNodeArgs,
} from '../../course/resolve.js';
import { encodeBatch } from '../../reference/src/record/record-batch.js';
import { kafka, killHard, removeDir, reservePort, spawnBroker, tempDir } from '../../reference/test/e2e/support.js';
import { CHAPTER_QUERY, chapterModules } from '../lib/chapter-sources.js';

const repo = path.resolve(import.meta.dirname, '../..');
const ready = chapters.filter((c) => c.status === 'ready');
const chapter3 = findChapter(3) as (typeof chapters)[number];
const ch3 = chapterDir(chapter3);

describe('대응표', () => {
  it('장의 모듈은 <target>/NN-slug/src/<같은 이름>으로 갑니다: course:sync가 써 둔 복사본이 바로 그 파일들', () => {
    expect(chapterCopyPath(chapter3, 'exercises', 'reference/src/protocol/framer.ts')).toBe(
      path.join('exercises', '03-wire-protocol', 'src', 'framer.ts'),
    );
    for (const chapter of ready) {
      for (const target of ['exercises', 'solutions'] as const) {
        const copies = path.join(repo, target, chapterDir(chapter), 'src');
        const mapped = [...chapterRedirects(chapter, target, repo).values()].map((p) => path.relative(copies, p));
        expect(mapped.sort(), `${chapter.number}장 ${target}`).toEqual(readdirSync(copies).sort());
      }
    }
  });

  it('reference 모듈의 절대 경로에서 복사본의 절대 경로로', () => {
    const table = chapterRedirects(chapter3, 'solutions', '/repo');
    expect(table.get(path.join('/repo', 'reference/src/record/batch-header.ts'))).toBe(
      path.join('/repo', 'solutions/03-wire-protocol/src/batch-header.ts'),
    );
    expect(table.size).toBe(chapter3.modules.length);
  });

  it('파일이 어느 장 폴더 안에 있는지', () => {
    const at = (p: string) => chapterFolderOf(path.join('/repo', p), '/repo');
    expect(at('exercises/03-wire-protocol/test/x.test.ts')).toEqual({ dir: '03-wire-protocol', target: 'exercises' });
    expect(at('solutions/05-producer-acks/src/producer-state.ts')).toEqual({
      dir: '05-producer-acks',
      target: 'solutions',
    });
    expect(at('reference/src/node/kafka-node.ts')).toBeUndefined();
    expect(at('exercises/README.md')).toBeUndefined();
    expect(chapterFolderOf('/elsewhere/exercises/01-log-offsets/src/a.ts', '/repo')).toBeUndefined();
  });

  it('환경 변수로 장과 쪽을 고릅니다: 없으면 아무것도, 잘못 주면 분명한 오류', () => {
    expect(chapterFromEnv({})).toBeUndefined();
    expect(chapterFromEnv({ COURSE_CHAPTER: '' })).toBeUndefined();
    expect(chapterFromEnv({ COURSE_CHAPTER: '3' })).toEqual({ chapter: chapter3, target: 'exercises' });
    expect(chapterFromEnv({ COURSE_CHAPTER: '3', COURSE_TARGET: 'solutions' })?.target).toBe('solutions');
    expect(() => chapterFromEnv({ COURSE_CHAPTER: '99' })).toThrow('COURSE_CHAPTER=99');
    expect(() => chapterFromEnv({ COURSE_CHAPTER: '3', COURSE_TARGET: 'reference' })).toThrow(
      'COURSE_TARGET=reference',
    );
    const planned = chapters.find((c) => c.modules.length === 0);
    if (planned) expect(() => chapterFromEnv({ COURSE_CHAPTER: String(planned.number) })).toThrow('modules');
  });

  it('COURSE_ASSEMBLY로 여러 장을 함께 고릅니다 (11장의 조립한 브로커): 장마다 쪽, 잘못 주면 분명한 오류', () => {
    expect(assemblyFromEnv({})).toEqual([]);
    expect(assemblyFromEnv({ COURSE_ASSEMBLY: ' ' })).toEqual([]);
    expect(assemblyFromEnv({ COURSE_ASSEMBLY: '1:exercises, 3:solutions' })).toEqual([
      { chapter: findChapter(1), target: 'exercises' },
      { chapter: chapter3, target: 'solutions' },
    ]);
    expect(() => assemblyFromEnv({ COURSE_ASSEMBLY: '3' })).toThrow('exercises 또는 solutions');
    expect(() => assemblyFromEnv({ COURSE_ASSEMBLY: '99:solutions' })).toThrow('99:solutions');
  });

  it('자식 프로세스의 node 인자: tsx 다음에 모듈 훅', () => {
    expect(courseNodeArgs('/repo')).toEqual([
      '--import',
      'tsx',
      '--import',
      pathToFileURL('/repo/course/register.ts').href,
    ]);
  });
});

describe('vitest 플러그인의 resolveId', () => {
  const root = '/repo';
  const id = (p: string) => normalizePath(path.join(root, p));
  const tagged = (p: string, dir: string) => `${id(p)}?${CHAPTER_QUERY}=${dir}`;
  /** vite의 해석을 흉내 냅니다: 상대 경로는 importer 옆의 .ts, 나머지는 node_modules */
  const context = {
    async resolve(source: string, importer: string) {
      if (!source.startsWith('.')) return { id: id(`node_modules/${source}/index.js`), external: false };
      return { id: normalizePath(path.resolve(path.dirname(importer), source).replace(/\.js$/, '.ts')) };
    },
  };
  const resolveWith = (plugin: Plugin) => async (source: string, importer: string) => {
    const hook = plugin.resolveId as (this: typeof context, s: string, i: string, o: object) => Promise<unknown>;
    const result = (await hook.call(context, source, importer, {})) as { id: string } | null;
    return result?.id ?? null;
  };
  const solutions = resolveWith(chapterModules({ root, target: 'solutions' }));
  const test3 = id('exercises/03-wire-protocol/test/wire-protocol.e2e.test.ts');

  it('테스트의 ../src/… 는 고른 쪽(해답)의 파일', async () => {
    expect(await solutions('../src/framer.js', test3)).toBe(id('solutions/03-wire-protocol/src/framer.ts'));
    const exercises = resolveWith(chapterModules({ root, target: 'exercises' }));
    expect(await exercises('../src/framer.js', test3)).toBe(id('exercises/03-wire-protocol/src/framer.ts'));
  });

  it('장의 테스트가 가져오는 reference 파일에는 장을 붙이고, 그 파일이 가져오는 장의 모듈은 학습자의 것', async () => {
    const support = await solutions('../../../reference/test/e2e/support.js', test3);
    expect(support).toBe(tagged('reference/test/e2e/support.ts', ch3));
    const kafkaNode = tagged('reference/src/node/kafka-node.ts', ch3);
    expect(await solutions('../protocol/framer.js', kafkaNode)).toBe(id('solutions/03-wire-protocol/src/framer.ts'));
    expect(await solutions('../raft/raft-driver.js', kafkaNode)).toBe(tagged('reference/src/raft/raft-driver.ts', ch3));
  });

  it('다른 장의 id로 가져오면 그 장의 대응만: 3장의 모듈은 5장에서 reference 그대로', async () => {
    const kafkaNode5 = tagged('reference/src/node/kafka-node.ts', '05-producer-acks');
    expect(await solutions('../protocol/framer.js', kafkaNode5)).toBe(
      tagged('reference/src/protocol/framer.ts', '05-producer-acks'),
    );
    const replicaManager5 = tagged('reference/src/server/replica-manager.ts', '05-producer-acks');
    expect(await solutions('../producer/producer-state.js', replicaManager5)).toBe(
      id('solutions/05-producer-acks/src/producer-state.ts'),
    );
  });

  it('학습자의 복사본이 가져오는 reference 파일도 같은 장으로 풉니다', async () => {
    const copy = id('solutions/03-wire-protocol/src/codec.ts');
    expect(await solutions('../../../reference/src/protocol/schema.js', copy)).toBe(
      tagged('reference/src/protocol/schema.ts', ch3),
    );
    expect(await solutions('./reader.js', copy)).toBe(id('solutions/03-wire-protocol/src/reader.ts'));
  });

  it('장 밖의 importer, node_modules, 고르지 않은 장은 건드리지 않습니다', async () => {
    expect(await solutions('../protocol/framer.js', id('reference/src/node/kafka-node.ts'))).toBeNull();
    expect(await solutions('kafkajs', test3)).toBe(id('node_modules/kafkajs/index.js'));
    const only5 = resolveWith(chapterModules({ root, target: 'solutions', chapterDir: '05-producer-acks' }));
    expect(await only5('../src/framer.js', test3)).toBeNull();
  });
});

/** 진짜 vitest로 돌린 테스트의 결과: 테스트 이름의 ID → 실패 메시지(통과하면 null) */
async function runVitest(
  plugin: Plugin,
  include: string[],
  testNamePattern: RegExp,
): Promise<Map<string, string | null>> {
  const results = new Map<string, string | null>();
  const vitest = await createVitest(
    'test',
    {
      root: repo,
      config: false,
      watch: false,
      testNamePattern,
      reporters: [
        {
          onTestRunEnd(modules: readonly TestModule[]) {
            for (const m of modules) {
              for (const e of m.errors()) results.set(m.moduleId, e.message);
              for (const t of m.children.allTests()) {
                const r = t.result();
                if (r.state === 'skipped') continue;
                results.set(
                  t.name.split(':')[0] as string,
                  r.state === 'passed' ? null : (r.errors?.[0]?.message ?? '?'),
                );
              }
            }
          },
        },
      ],
      projects: [
        {
          plugins: [plugin],
          test: { name: 'resolve-check', root: repo, include, testTimeout: 30_000, pool: 'threads' },
        },
      ],
    },
    { logLevel: 'silent' },
  );
  try {
    await vitest.start();
  } finally {
    await vitest.close();
  }
  return results;
}

describe('vitest 플러그인으로 도는 장의 e2e 테스트', () => {
  it('3장의 해답 framer를 망가뜨리면 3장의 브로커만 그것을 씁니다: 4장의 브로커는 같은 vite 서버에서도 reference 그대로', async () => {
    const framer = path.join(repo, chapterCopyPath(chapter3, 'solutions', 'reference/src/protocol/framer.ts'));
    const broken = readFileSync(framer, 'utf8').replace(
      /feed\(chunk: Buffer\): Buffer\[\] \{/,
      "feed(chunk: Buffer): Buffer[] {\n    throw new Error('망가뜨린 해답 framer가 불렸습니다');",
    );
    expect(broken).toContain('망가뜨린');
    const results = await runVitest(
      chapterModules({ root: repo, target: 'solutions', replace: new Map([[framer, broken]]) }),
      [`exercises/${ch3}/test/wire-protocol.e2e.test.ts`, 'exercises/04-partitioning/test/partitioning.e2e.test.ts'],
      /(^| )(KafkaJsTalksThroughYourCodec|CouponRequestsByUserId):/,
    );
    // 브로커가 연결을 끊게 한 예외(support의 brokerErrors)가 테스트의 실패로 보입니다.
    expect(String(results.get('KafkaJsTalksThroughYourCodec')), '3장의 브로커는 해답의 framer를 씁니다').toContain(
      '망가뜨린 해답 framer가 불렸습니다',
    );
    expect(results.get('CouponRequestsByUserId')).toBeNull();
  }, 90_000);
});

/** 자식 프로세스를 돌려 표준 출력과 오류를 합친 것을 돌려줍니다 (실패해도 던지지 않습니다) */
function run(args: string[], cwd: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd, env: { ...process.env, COURSE_CHAPTER: '', COURSE_TARGET: '', ...env }, timeout: 60_000 },
      (_error, stdout, stderr) => resolve(stdout + stderr),
    );
  });
}

describe('Node 모듈 훅으로 도는 자식 프로세스', () => {
  // reference의 encodeBatch는 3장의 모듈 batch-header.ts의 computeCrc를 부릅니다: 장의 모듈을 가져오는 reference 모듈.
  const probe = (root: string) =>
    [
      `import { encodeBatch } from '${pathToFileURL(path.join(root, 'reference/src/record/record-batch.ts')).href}';`,
      `const batch = encodeBatch({ records: [{ key: null, value: Buffer.from('v'), headers: [], timestamp: 0 }] });`,
      `console.log('crc=' + batch.readUInt32BE(17));`,
    ].join('\n');
  const expectedCrc = encodeBatch({
    records: [{ key: null, value: Buffer.from('v'), headers: [], timestamp: 0 }],
  }).readUInt32BE(17);
  let copy: string;

  beforeAll(() => {
    // 저장소의 필요한 부분만 담은 사본. 해답 batch-header.ts의 computeCrc를 일부러 망가뜨립니다.
    copy = realpathSync(mkdtempSync(path.join(tmpdir(), 'course-resolve-')));
    for (const p of ['package.json', 'course', 'reference/src', `solutions/${ch3}`]) {
      cpSync(path.join(repo, p), path.join(copy, p), { recursive: true });
    }
    symlinkSync(realpathSync(path.join(repo, 'node_modules')), path.join(copy, 'node_modules'));
    const batchHeader = path.join(copy, chapterCopyPath(chapter3, 'solutions', 'reference/src/record/batch-header.ts'));
    const text = readFileSync(batchHeader, 'utf8');
    const broken = text.replace(
      /(export function computeCrc\([^)]*\): number \{)/,
      "$1\n  throw new Error('망가뜨린 사본의 computeCrc');",
    );
    expect(broken).not.toBe(text);
    writeFileSync(batchHeader, broken);
    mkdirSync(path.join(copy, 'probes'));
    writeFileSync(path.join(copy, 'probes/in-copy.ts'), probe(copy));
    writeFileSync(path.join(copy, 'probes/in-repo.ts'), probe(repo));
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('reference 모듈이 가져오는 장의 모듈이 고른 쪽의 파일로: 해답, 스타터, 망가뜨린 사본, 훅 없음', async () => {
    const inRepo = [...courseNodeArgs(repo), path.join(copy, 'probes/in-repo.ts')];
    expect(await run(inRepo, repo, {})).toContain(`crc=${expectedCrc}`);
    const solved = await run(inRepo, repo, { COURSE_CHAPTER: '3', COURSE_TARGET: 'solutions' });
    expect(solved).toContain(`3장의 모듈 ${chapter3.modules.length}개를 solutions/${ch3}/src/에서 가져옵니다`);
    expect(solved).toContain(`crc=${expectedCrc}`);
    expect(await run(inRepo, repo, { COURSE_CHAPTER: '3' })).toContain('아직 작성하지 않았습니다: computeCrc');

    const inCopy = [...courseNodeArgs(copy), path.join(copy, 'probes/in-copy.ts')];
    expect(await run(inCopy, copy, {})).toContain(`crc=${expectedCrc}`);
    expect(await run(inCopy, copy, { COURSE_CHAPTER: '3', COURSE_TARGET: 'solutions' })).toContain(
      '망가뜨린 사본의 computeCrc',
    );
  }, 60_000);

  it('spawnBroker에 COURSE_CHAPTER를 주면 자식 브로커가 학습자의 모듈로 뜹니다: 해답은 kafkajs와 말하고, 스타터는 빈칸에서 멈춥니다', async () => {
    const dir = tempDir('course-resolve-broker-');
    const port = await reservePort();
    const child = await spawnBroker(dir, port, { COURSE_CHAPTER: '3', COURSE_TARGET: 'solutions' });
    try {
      const admin = kafka(`127.0.0.1:${port}`).admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'resolved', numPartitions: 2 }] });
      expect((await admin.fetchTopicMetadata({ topics: ['resolved'] })).topics[0]?.partitions).toHaveLength(2);
      await admin.disconnect();
    } finally {
      await killHard(child);
      removeDir(dir);
    }
    const starterDir = tempDir('course-resolve-starter-');
    try {
      await expect(spawnBroker(starterDir, await reservePort(), { COURSE_CHAPTER: '3' })).rejects.toThrow(
        /아직 작성하지 않았습니다: computeCrc/,
      );
    } finally {
      removeDir(starterDir);
    }
  }, 60_000);
});
