/**
 * TLS 연결의 주체(principal). SSL 리스너에서 클라이언트가 인증서를 내밀면 그 주체(subject)의 이름이 곧 사용자입니다
 * (Kafka `DefaultKafkaPrincipalBuilder.build`의 SSL 갈래).
 *
 * 1. 인증서의 주체를 RFC 2253 문자열로 씁니다: Java `X500Principal.getName()`처럼 인증서 안의 순서를 거꾸로 읽어
 *    `CN=alice,O=kafka-course`. (Java는 CN, C, L, ST, O, OU, STREET, DC, UID 밖의 속성을 OID로 씁니다. Node는
 *    `emailAddress=` 같은 짧은 이름을 쓰므로 그런 속성이 든 주체는 Kafka와 글자가 다를 수 있습니다.)
 * 2. `ssl.principal.mapping.rules`의 규칙을 앞에서부터 대어 보고 처음 맞는 규칙의 결과를 씁니다 (Kafka
 *    `SslPrincipalMapper`). 기본값 `DEFAULT`는 이름을 그대로 둡니다. `RULE:패턴/바꿀 것/[L|U]`은 패턴이 이름
 *    전체에 맞으면 바꾸고, L이면 소문자, U면 대문자로 만듭니다.
 * 3. 인증서를 내밀지 않은 클라이언트(`ssl.client.auth=none`이나 `requested`)는 `User:ANONYMOUS`입니다.
 */
import type { X509Certificate } from 'node:crypto';
import { ANONYMOUS } from '../server/connection.js';

interface MappingRule {
  /** DEFAULT면 null: 이름을 그대로 돌려줍니다 */
  readonly pattern: RegExp | null;
  readonly replacement: string;
  readonly toLowerCase: boolean;
  readonly toUpperCase: boolean;
}

/** Kafka `SslPrincipalMapper.RULE_PATTERN`: DEFAULT, RULE:패턴/바꿀 것/[LU], 또는 (틀린) 나머지 */
const RULE_PATTERN = String.raw`(DEFAULT)|RULE:((\\.|[^\\/])*)/((\\.|[^\\/])*)/([LU]?).*?|(.*?)`;
const RULE_SPLITTER = new RegExp(String.raw`\s*(${RULE_PATTERN})\s*(,\s*|$)`, 'gy');
const RULE_PARSER = new RegExp(`^(?:${RULE_PATTERN})`);

/** Kafka `SslPrincipalMapper`: 인증서 주체의 이름(DN)을 사용자 이름으로 바꾸는 규칙들 */
export class SslPrincipalMapper {
  readonly #rules: readonly MappingRule[];

  constructor(rules: string) {
    this.#rules = splitRules(rules)
      .map(parseRule)
      .filter((r) => r !== null);
  }

  /** 처음 맞는 규칙의 결과. 아무 규칙도 맞지 않으면 오류입니다 (Kafka `NoMatchingRule`: 연결을 끊습니다). */
  name(distinguishedName: string): string {
    for (const rule of this.#rules) {
      const name = applyRule(rule, distinguishedName);
      if (name !== null) return name;
    }
    throw new Error(`ssl.principal.mapping.rules의 어느 규칙도 ${distinguishedName}에 맞지 않습니다`);
  }
}

function splitRules(rules: string): string[] {
  const text = rules.trim();
  const result: string[] = [];
  RULE_SPLITTER.lastIndex = 0;
  while (RULE_SPLITTER.lastIndex < text.length) {
    const match = RULE_SPLITTER.exec(text);
    if (!match || match[0] === '') break;
    result.push(match[1] ?? '');
  }
  return result;
}

function parseRule(rule: string): MappingRule | null {
  const match = RULE_PARSER.exec(rule);
  if (!match || match[0].length !== rule.length) {
    throw new Error(`ssl.principal.mapping.rules의 규칙 "${rule}"를 읽을 수 없습니다`);
  }
  if (match[1] !== undefined) return { pattern: null, replacement: '', toLowerCase: false, toUpperCase: false };
  if (match[2] === undefined) return null; // 빈 규칙은 건너뜁니다 (Kafka와 같음)
  return {
    pattern: new RegExp(match[2]),
    replacement: match[4] ?? '',
    toLowerCase: match[6] === 'L',
    toUpperCase: match[6] === 'U',
  };
}

function applyRule(rule: MappingRule, dn: string): string | null {
  if (!rule.pattern) return dn;
  // Java `Matcher.matches()`: 패턴이 이름 전체에 맞아야 합니다.
  const whole = new RegExp(`^(?:${rule.pattern.source})$`);
  if (!whole.test(dn)) return null;
  const result = dn.replace(new RegExp(rule.pattern.source, 'g'), rule.replacement);
  if (rule.toLowerCase) return result.toLowerCase();
  if (rule.toUpperCase) return result.toUpperCase();
  return result;
}

/**
 * 인증서 주체의 RFC 2253 이름. Node의 `X509Certificate.subject`는 인증서 안의 순서대로 한 줄에 하나씩, 값은 이미
 * RFC 2253 방식으로 이스케이프해 돌려줍니다(다중 값 RDN은 ` + `로 잇습니다). 순서를 뒤집고 쉼표로 잇습니다.
 */
export function rfc2253Name(certificate: X509Certificate): string {
  return certificate.subject
    .split('\n')
    .filter((rdn) => rdn !== '')
    .reverse()
    .map((rdn) => rdn.replaceAll(' + ', '+'))
    .join(',');
}

/** Kafka `DefaultKafkaPrincipalBuilder`의 SSL 갈래: 인증서가 없으면 ANONYMOUS, 있으면 `User:<규칙으로 바꾼 이름>` */
export function sslPrincipal(peer: X509Certificate | undefined, mapper: SslPrincipalMapper): string {
  if (!peer) return ANONYMOUS;
  return `User:${mapper.name(rfc2253Name(peer))}`;
}
