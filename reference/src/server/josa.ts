/**
 * 조사 고르기: 로그와 안내문에 이름(`SIGTERM`, 토픽 `orders`, 노드 `1`)을 끼워 넣을 때, 그 뒤의 조사를
 * 이름의 마지막 소리에 맞춰 고릅니다. `josa('SIGTERM', '을/를')` → `SIGTERM을`, `josa('orders', '을/를')` → `orders를`.
 *
 * 마지막 소리를 정하는 규칙 (끝의 문장 부호·따옴표와, 한국어 표기처럼 끝에 붙은 괄호 설명 `(…)`은 건너뜁니다):
 * - 한글: 마지막 글자의 받침 그대로.
 * - 숫자: 한국어로 읽은 마지막 자리. 영(ㅇ)·일(ㄹ)·삼(ㅁ)·육(ㄱ)·칠(ㄹ)·팔(ㄹ)은 받침이 있고 이·사·오·구는 없습니다.
 *   10, 100, 1000처럼 0으로 끝나는 수(십·백·천·만)도 받침이 있으니 영과 같습니다.
 * - 로마자 대문자 1~3자로 끝나면(`ISR`, `LSO`, `API`) 글자 이름으로 읽습니다: L·R(엘·알)은 ㄹ, M·N(엠·엔)은 받침,
 *   나머지(에이, 비, 씨 …)는 받침이 없습니다.
 * - 그 밖의 로마자는 영어 낱말로 읽고, 흔한 한국어 표기를 따라 끝 글자로 정합니다:
 *   -m, -n, -ng, -me, -ne은 받침(SIGTERM 시그텀, chromium, billing 빌링, name 네임),
 *   -l, -le은 ㄹ 받침(pool 풀, file 파일),
 *   모음 하나 뒤의 -t, -p, -b, -k와 -ck, -ic, -out, -oup은 받침(offset 오프셋, commit 커밋, group 그룹, topic 토픽),
 *   나머지(-s, -r, -d, -g, -x, -nt, -st, 모음 …)는 받침이 없습니다(orders 오더스, broker 브로커, log 로그, SIGINT 시그인트).
 *   영어 발음은 철자만으로 정해지지 않으니 이 규칙은 어림입니다. 틀리는 낱말은 문장을 바꿔 조사가 이름 뒤에 오지 않게 쓰세요.
 */

export type Particle = '을/를' | '이/가' | '은/는' | '와/과' | '으로/로';

/** 마지막 소리: 받침 없음, ㄹ 받침, 그 밖의 받침 */
type Ending = 'open' | 'rieul' | 'closed';

export function josa(word: string | number, particle: Particle): string {
  const text = String(word);
  const ending = lastSound(text);
  // 와/과만 받침 없는 쪽이 앞에 옵니다. '으로/로'는 ㄹ 받침 뒤에서도 '로'입니다.
  const [first, second] = particle.split('/') as [string, string];
  const [open, closed] = particle === '와/과' ? [first, second] : [second, first];
  if (particle === '으로/로') return text + (ending === 'closed' ? closed : open);
  return text + (ending === 'open' ? open : closed);
}

function lastSound(text: string): Ending {
  const trimmed = text.replace(/(?:\s*\([^()]*\))+\s*$/u, '').replace(/[^\p{L}\p{N}]+$/u, '');
  const last = trimmed.at(-1);
  if (last === undefined) return 'open';
  const code = last.charCodeAt(0);
  if (code >= 0xac00 && code <= 0xd7a3) {
    const final = (code - 0xac00) % 28;
    return final === 0 ? 'open' : final === 8 ? 'rieul' : 'closed';
  }
  if (/[0-9]/.test(last)) return digitSound[Number(last)] as Ending;
  if (!/[A-Za-z]/.test(last)) return 'open';
  const acronym = /(?:^|[^A-Za-z]|[a-z])([A-Z]{1,3})$/.exec(trimmed);
  if (acronym) return /[LR]$/.test(trimmed) ? 'rieul' : /[MN]$/.test(trimmed) ? 'closed' : 'open';
  const lower = trimmed.toLowerCase();
  if (/(?:l|le)$/.test(lower)) return 'rieul';
  if (/(?:m|n|ng|me|ne)$/.test(lower)) return 'closed';
  if (/(?:ck|ic|out|oup)$/.test(lower) || /(?:^|[^aeiou])[aeiou][tpbk]$/.test(lower)) return 'closed';
  return 'open';
}

/** 영 일 이 삼 사 오 육 칠 팔 구 */
const digitSound: readonly Ending[] = [
  'closed',
  'rieul',
  'open',
  'closed',
  'open',
  'open',
  'closed',
  'rieul',
  'rieul',
  'open',
];
