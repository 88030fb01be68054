/**
 * `scripts/test.sh`가 macOS의 bash 3.2에서도 돌도록: bash 4 이후에만 있는 문법을 쓰지 않았는지 보고(연관 배열,
 * 대소문자 바꾸기 `${x,,}`, `mapfile`, `|&` …), 문법 검사(`bash -n`, POSIX 모드)를 통과하는지 봅니다. 답하지 않는
 * 주소를 주면 클러스터를 띄우지 않고 무엇을 하라고 알려 준 뒤 2로 끝납니다. seed-test가 주소로 리더 죽이기 방법을
 * 고르는 규칙도 여기서 봅니다.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultsKindFor } from '../lib/seed-scenario/faults.js';

const root = path.resolve(import.meta.dirname, '../..');
const script = path.join(root, 'scripts/test.sh');

/** bash 4.0 이후에 생긴 문법: 찾는 모양, 이름, 그 문법을 쓴 예 */
const BASH4_ONLY: readonly [RegExp, string, string][] = [
  [/\b(declare|local|typeset)\s+-[a-zA-Z]*A/, '연관 배열', 'declare -A seen'],
  [/\b(declare|local|typeset)\s+-[a-zA-Z]*n\b/, '이름 참조', 'local -n ref=x'],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: 셸 문법의 예입니다 (템플릿 문자열이 아닙니다)
  [/\$\{[^}]*(,,|\^\^|,|\^)\}/, '대소문자 바꾸기', 'echo "${name,,}"'],
  [/\b(mapfile|readarray)\b/, 'mapfile/readarray', 'mapfile -t lines < file'],
  [/\bcoproc\b/, 'coproc', 'coproc cat'],
  [/\|&/, '표준 오류까지 파이프', 'make |& tee log'],
  [/&>>/, '둘 다 덧붙이기', 'make &>> log'],
  [/;;&|;&\s*$/m, 'case의 이어 내려가기', '  a) echo a ;&'],
  [/\[\[\s+-v\s/, '변수가 있는지 [[ -v ]]', 'if [[ -v name ]]; then'],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: 셸 문법의 예입니다 (템플릿 문자열이 아닙니다)
  [/\$\{[^}]*@[QEPAa]\}/, '@Q 같은 변환', 'echo "${name@Q}"'],
  [/\bshopt\s+-s\s+(globstar|lastpipe|direxpand)\b/, 'bash 4의 shopt', 'shopt -s globstar'],
  [/\$EPOCHSECONDS|\$EPOCHREALTIME|\$BASHPID/, 'bash 4·5의 변수', 'echo $EPOCHSECONDS'],
];

describe('scripts/test.sh', () => {
  const text = readFileSync(script, 'utf8');

  it('bash 4 이후의 문법을 찾는 모양은 저마다 그 문법을 쓴 예를 잡습니다', () => {
    const missed = BASH4_ONLY.filter(([pattern, , example]) => !pattern.test(example)).map(([, name]) => name);
    expect(missed).toEqual([]);
  });

  it('bash 4 이후의 문법을 쓰지 않습니다 (macOS의 /bin/bash는 3.2)', () => {
    const found = BASH4_ONLY.filter(([pattern]) => pattern.test(text)).map(([, name]) => name);
    expect(found).toEqual([]);
  });

  it('bash -n과 bash --posix -n 문법 검사를 통과합니다', () => {
    for (const args of [['-n'], ['--posix', '-n']]) {
      const result = spawnSync('bash', [...args, script], { encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    }
  });

  it('답하지 않는 주소(참조 클러스터가 아닌)를 받으면 아무것도 띄우지 않고 compose로 띄우라고 알려 준 뒤 2로 끝납니다', () => {
    const result = spawnSync('bash', [script], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, BOOTSTRAP_SERVERS: '127.0.0.1:1,127.0.0.1:2' },
      timeout: 30_000,
    });
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      '127.0.0.1:1,127.0.0.1:2 의 어느 브로커도 답하지 않습니다.\n' +
        '진짜 Kafka라면 먼저 docker compose -f docker-compose.kraft.yml up -d 로 띄워 주세요.\n',
    );
    expect(result.status).toBe(2);
  }, 30_000);
});

describe('seed-test: 주소로 리더 죽이기 방법 고르기 (faultsKindFor)', () => {
  it('npm run cluster의 주소면 cluster, compose의 주소면 compose (차례와 localhost는 상관없음), 그 밖은 none', () => {
    expect(faultsKindFor('127.0.0.1:19192,127.0.0.1:29192,127.0.0.1:39192')).toBe('cluster');
    expect(faultsKindFor('localhost:39092, 127.0.0.1:19092,127.0.0.1:29092')).toBe('compose');
    expect(faultsKindFor('127.0.0.1:19092')).toBe('none');
    expect(faultsKindFor('10.0.0.5:9092,10.0.0.6:9092,10.0.0.7:9092')).toBe('none');
  });
});
