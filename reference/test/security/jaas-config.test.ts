/** JAAS 설정 한 줄 (Kafka `JaasConfig`의 문법): 모듈, 제어 플래그, 따옴표 값, 주석, 틀린 모양의 오류 */
import { describe, expect, it } from 'vitest';
import { jaasUsers, parseJaasConfig } from '../../src/security/jaas-config.js';

describe('parseJaasConfig', () => {
  it('reads the module, the flag and quoted options', () => {
    const [entry] = parseJaasConfig(
      'org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="a;b=c" user_alice="alice-secret";',
    );
    expect(entry?.loginModule).toBe('org.apache.kafka.common.security.plain.PlainLoginModule');
    expect(entry?.controlFlag).toBe('required');
    expect(Object.fromEntries(entry?.options ?? [])).toEqual({
      username: 'admin',
      password: 'a;b=c',
      user_alice: 'alice-secret',
    });
  });

  it('skips comments, accepts escapes and several modules', () => {
    const entries = parseJaasConfig('/* users */ a.B REQUIRED user_x="q\\"uote"; // next\n c.D optional;');
    expect(entries.map((e) => [e.loginModule, e.controlFlag])).toEqual([
      ['a.B', 'required'],
      ['c.D', 'optional'],
    ]);
    expect(entries[0]?.options.get('user_x')).toBe('q"uote');
  });

  it.each([
    ['', '로그인 모듈이 없습니다'],
    ['a.B', '제어 플래그'],
    ['a.B always;', "제어 플래그 'always'"],
    ['a.B required user_x="y"', "';'로 끝나지"],
    ['a.B required user_x=;', "'user_x'에 값이 없습니다"],
    ['a.B required user_x=123;', "'user_x'에 값이 없습니다"],
    ['a.B required user_x="open;', '따옴표가 닫히지'],
  ])('rejects %j', (text, message) => {
    expect(() => parseJaasConfig(text)).toThrow(message);
  });
});

describe('jaasUsers', () => {
  it('takes user_<name> options as users and ignores the rest', () => {
    const users = jaasUsers('x.PlainLoginModule required username="admin" password="p" user_admin="p" user_bob="b";');
    expect([...users]).toEqual([
      ['admin', 'p'],
      ['bob', 'b'],
    ]);
  });

  it('wants exactly one login module, as a broker does', () => {
    expect(() => jaasUsers('a.B required; c.D required;')).toThrow('2개');
  });
});
