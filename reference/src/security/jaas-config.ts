/**
 * JAAS 설정 한 줄 읽기 (Kafka `JaasConfig`): `sasl.jaas.config`의 값은 로그인 모듈 하나와 그 옵션입니다.
 *
 *   org.apache.kafka.common.security.plain.PlainLoginModule required user_alice="alice-secret";
 *
 * 모양은 `모듈 이름` `제어 플래그` `키=값`… `;`. 값은 큰따옴표로 감쌉니다 (Kafka는 Java `StreamTokenizer`로 읽어
 * 따옴표 없는 숫자 값을 값으로 치지 않습니다). `//`와 `/* *\/` 주석은 건너뜁니다.
 */

export interface JaasEntry {
  readonly loginModule: string;
  readonly controlFlag: 'required' | 'requisite' | 'sufficient' | 'optional';
  readonly options: ReadonlyMap<string, string>;
}

const CONTROL_FLAGS = new Set(['required', 'requisite', 'sufficient', 'optional']);

type Token = { kind: 'word' | 'quoted'; text: string } | { kind: '=' | ';' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end + 1;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) throw new Error('JAAS 설정의 /* 주석이 닫히지 않았습니다');
      i = end + 2;
    } else if (c === '=' || c === ';') {
      tokens.push({ kind: c });
      i++;
    } else if (c === '"' || c === "'") {
      let value = '';
      let j = i + 1;
      while (j < text.length && text[j] !== c) {
        // StreamTokenizer처럼 \" \\ 같은 이스케이프를 풉니다.
        if (text[j] === '\\' && j + 1 < text.length) j++;
        value += text[j];
        j++;
      }
      if (j >= text.length) throw new Error('JAAS 설정의 따옴표가 닫히지 않았습니다');
      tokens.push({ kind: 'quoted', text: value });
      i = j + 1;
    } else {
      const match = /^[A-Za-z0-9_.$-]+/.exec(text.slice(i));
      if (!match) throw new Error(`JAAS 설정에 알 수 없는 글자 '${c}'가 있습니다`);
      tokens.push({ kind: 'word', text: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

/** 로그인 모듈 목록을 읽습니다. 형식이 틀리면 무엇이 틀렸는지 말하는 오류를 던집니다. */
export function parseJaasConfig(text: string): JaasEntry[] {
  const tokens = tokenize(text);
  const entries: JaasEntry[] = [];
  let i = 0;
  const word = (what: string): string => {
    const token = tokens[i++];
    if (token?.kind !== 'word') throw new Error(`JAAS 설정에 ${what}이 없습니다`);
    return token.text;
  };
  while (i < tokens.length) {
    const loginModule = word('로그인 모듈 이름');
    const flag = word('제어 플래그(required…)').toLowerCase();
    if (!CONTROL_FLAGS.has(flag)) throw new Error(`JAAS 설정의 제어 플래그 '${flag}'를 모릅니다`);
    const options = new Map<string, string>();
    while (tokens[i]?.kind !== ';') {
      if (i >= tokens.length) throw new Error(`JAAS 설정의 ${loginModule} 항목이 ';'로 끝나지 않았습니다`);
      const key = word('옵션 이름');
      const value = tokens[i + 1];
      // Kafka `JaasConfig.parseAppConfigurationEntry`: 값은 문자열이어야 합니다 (따옴표 없는 숫자는 값이 아님).
      const text = value?.kind === 'quoted' || value?.kind === 'word' ? value.text : null;
      if (tokens[i]?.kind !== '=' || text === null || (value?.kind === 'word' && /^[0-9.-]/.test(text))) {
        throw new Error(`JAAS 설정의 옵션 '${key}'에 값이 없습니다 (값은 "따옴표"로 감쌉니다)`);
      }
      options.set(key, text);
      i += 2;
    }
    i++; // ';'
    entries.push({ loginModule, controlFlag: flag as JaasEntry['controlFlag'], options });
  }
  if (entries.length === 0) throw new Error('JAAS 설정에 로그인 모듈이 없습니다');
  return entries;
}

/**
 * 서버 쪽 `sasl.jaas.config`의 사용자 표: 옵션 `user_<이름>="<비밀번호>"` (Kafka `PlainServerCallbackHandler`가
 * 읽는 모양). 브로커의 설정에는 모듈이 꼭 하나여야 합니다 (Kafka `JaasContext.load`).
 */
export function jaasUsers(text: string): Map<string, string> {
  const entries = parseJaasConfig(text);
  if (entries.length !== 1) throw new Error(`JAAS 설정에 로그인 모듈이 ${entries.length}개 있습니다 (하나여야 합니다)`);
  const users = new Map<string, string>();
  for (const [key, value] of (entries[0] as JaasEntry).options) {
    if (key.startsWith('user_')) users.set(key.slice('user_'.length), value);
  }
  return users;
}
