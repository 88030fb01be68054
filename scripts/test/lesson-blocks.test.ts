/**
 * 강의 점검기의 입출력 없는 부분: 블록 읽기, 단계 만들기, 가리기, 글 점검.
 * (실제로 돌려 보는 쪽은 lessons.test.ts)
 */
import { describe, expect, it } from 'vitest';
import {
  applyMasks,
  boldParticleProblems,
  brokerCommandEnv,
  compileMasks,
  formatTranscript,
  MASKED,
  parseMeta,
  parseTranscript,
  planLesson,
  sameOutput,
  sourceNoteProblems,
} from '../lib/lesson-blocks.js';

const fence = '```';
const lesson = (...blocks: string[]) =>
  ['# 강의', '', '## 직접 해보기', '', ...blocks, '', '## 연습 문제', ''].join('\n');

describe('parseMeta', () => {
  it('reads masks, waits, markers and Docusaurus titles', () => {
    const meta = parseMeta('title="터미널 1" mask="rtt [\\d.]+ms" mask="ts=\\d+" wait="90s" background');
    expect(meta).toMatchObject({
      title: '터미널 1',
      masks: ['rtt [\\d.]+ms', 'ts=\\d+'],
      waitMs: 90_000,
      background: true,
    });
    expect(parseMeta('not-run="Docker가 필요합니다"').notRun).toBe('Docker가 필요합니다');
    expect(parseMeta('broker="stopped"').broker).toBe('stopped');
  });

  it('collects unknown keys so a typo is reported, not silently ignored', () => {
    expect(parseMeta('maks="x" wait="soon" showLineNumbers').unknown).toEqual(['maks', 'wait=soon']);
  });
});

describe('planLesson', () => {
  it('attaches the output block that follows a command, and only inside 직접 해보기', () => {
    const md = [
      '## 어떻게 동작하나',
      `${fence}bash`,
      'echo outside',
      fence,
      lesson(`${fence}bash`, 'echo hi', fence, '', '실제 출력입니다.', '', `${fence}text`, 'hi', fence),
    ].join('\n');
    const { steps, problems } = planLesson(md);
    expect(problems).toEqual([]);
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ kind: 'run', fence: { body: 'echo hi' }, output: { body: 'hi' } });
  });

  it('recognises files, broker starts, transcripts, background terminals and not-run markers', () => {
    const md = lesson(
      `${fence}ts title="try-a.ts"`,
      'console.log(1);',
      fence,
      `${fence}bash title="터미널 1"`,
      'KAFKA_NUM_PARTITIONS=3 npm run broker',
      fence,
      `${fence}bash title="컨슈머 1" background`,
      'kcat -G g t',
      fence,
      `${fence}text title="컨슈머 1"`,
      '% Waiting for group rebalance',
      fence,
      `${fence}text`,
      '$ ls data',
      'orders-0',
      fence,
      `${fence}bash not-run="끝나지 않는 감시 모드입니다"`,
      'npm run exercise:1 -- --watch',
      fence,
    );
    const { steps, problems } = planLesson(md);
    expect(problems).toEqual([]);
    expect(steps.map((s) => s.kind)).toEqual([
      'file',
      'broker',
      'background',
      'terminal-output',
      'transcript',
      'not-run',
    ]);
    expect(steps[1]).toMatchObject({ env: { KAFKA_NUM_PARTITIONS: '3' } });
  });

  it('reports blocks it cannot check instead of skipping them', () => {
    const md = lesson(
      `${fence}ts`,
      'const x = 1;',
      fence,
      `${fence}text`,
      'orphan output',
      fence,
      `${fence}bash not-run=""`,
      'docker compose up',
      fence,
    );
    const { problems } = planLesson(md);
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/점검할 수 없는 ts 블록/);
    expect(problems.join('\n')).toMatch(/어느 명령의 출력인지/);
    expect(problems.join('\n')).toMatch(/not-run에는 이유를/);
  });
});

describe('transcripts', () => {
  it('splits $ lines from their output and formats them back the same way', () => {
    const body = ['$ ls data', 'a', 'b', '', '$ kcat -C -t t \\', "  -f '%s\\n'", 'x'].join('\n');
    const entries = parseTranscript(body);
    expect(entries).toEqual([
      { command: 'ls data', expected: 'a\nb' },
      { command: "kcat -C -t t \\\n  -f '%s\\n'", expected: 'x' },
    ]);
    expect(formatTranscript(entries)).toBe(body);
  });
});

describe('masks', () => {
  it('masks every pattern on the original text at once, so patterns do not disturb each other', () => {
    // 앞 패턴이 가린 뒤에 뒤 패턴을 대면 `(?<=^ab cd )`가 더는 맞지 않습니다. 원래 글에 대고 찾아야 둘 다 가려집니다.
    const masks = compileMasks(['(?<=^ab )cd', '(?<=^ab cd ).*']);
    expect(applyMasks('ab cd ef', masks)).toBe(`ab ${MASKED} ${MASKED}`);
  });

  it('compares after masking both sides, and nothing else', () => {
    const masks = compileMasks(['rtt [\\d.]+ms']);
    expect(sameOutput('Received (v3, 176 bytes, rtt 1.47ms)', 'Received (v3, 176 bytes, rtt 0.2ms)\n', masks)).toBe(
      true,
    );
    expect(sameOutput('Received (v3, 71 bytes, rtt 1.47ms)', 'Received (v3, 176 bytes, rtt 0.2ms)', masks)).toBe(false);
  });
});

describe('brokerCommandEnv', () => {
  it('reads KAFKA_* settings of a broker start, also across a line continuation', () => {
    expect(brokerCommandEnv('npm run broker')).toEqual({});
    expect(brokerCommandEnv('KAFKA_LOG_SEGMENT_BYTES=1024 \\\n  KAFKA_LOG_RETENTION_MS=60000 npm run broker')).toEqual({
      KAFKA_LOG_SEGMENT_BYTES: '1024',
      KAFKA_LOG_RETENTION_MS: '60000',
    });
    expect(brokerCommandEnv('npm run broker && echo done')).toBeNull();
  });
});

describe('boldParticleProblems', () => {
  it('catches a stray space before a particle and a bold that never closes', () => {
    const md = [
      '파일은 **희소(Sparse)** 합니다.',
      '이 값은 **결정적(Deterministic)**입니다.',
      '쓰기는 **활성 세그먼트(Active Segment)** 에만 합니다.',
    ].join('\n');
    expect(boldParticleProblems(md)).toHaveLength(3);
  });

  it('leaves correct writing alone', () => {
    const md = [
      '파일은 <strong>희소(Sparse)</strong>합니다.',
      '**아닙니다.** 이 값은 다음에 읽을 위치입니다.',
      '**로그 하나**지만 **파일 하나**는 아닙니다.',
      '**`transactional.id`** 같은 이름',
      '```',
      '**코드 (안)** 은',
      '```',
    ].join('\n');
    expect(boldParticleProblems(md)).toEqual([]);
  });
});

describe('sourceNoteProblems', () => {
  it('flags references to the notes the course was written from, not the word seed itself', () => {
    const md = [
      '---',
      'seeds:',
      '  - 001 Offset',
      '---',
      '시드 004가 정리한 흐름',
      '시뮬레이터의 난수 시드 하나로',
      'seed는 `0x9747b28c`',
    ].join('\n');
    expect(sourceNoteProblems(md)).toEqual([expect.stringMatching(/^5번째 줄/)]);
  });
});
