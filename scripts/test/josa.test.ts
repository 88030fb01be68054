/**
 * 이름 뒤 조사 고르기(reference/src/server/josa.ts): 러너와 브로커의 안내문이 쓰는 이름들로 확인합니다.
 */
import { describe, expect, it } from 'vitest';
import { josa } from '../../reference/src/server/josa.js';

describe('josa', () => {
  it.each([
    // 영어 낱말: 흔한 한국어 표기의 마지막 소리
    ['SIGTERM', '을/를', 'SIGTERM을'],
    ['SIGINT', '을/를', 'SIGINT를'],
    ['orders', '을/를', 'orders를'],
    ['billing', '을/를', 'billing을'],
    ['offset', '이/가', 'offset이'],
    ['heartbeat', '이/가', 'heartbeat가'],
    ['JoinGroup', '을/를', 'JoinGroup을'],
    ['topic', '은/는', 'topic은'],
    ['broker', '와/과', 'broker와'],
    ['KRaft', '은/는', 'KRaft는'],
    ['/usr/bin/chromium', '이/가', '/usr/bin/chromium이'],
    ['server.properties', '이/가', 'server.properties가'],
    ['__transaction_state', '을/를', '__transaction_state를'],
    ['file', '으로/로', 'file로'],
    ['name', '으로/로', 'name으로'],
    ['log', '으로/로', 'log로'],
    // 대문자 1~3자는 글자 이름으로
    ['ISR', '을/를', 'ISR을'],
    ['LSO', '을/를', 'LSO를'],
    ['API', '이/가', 'API가'],
    ['groupID', '이/가', 'groupID가'],
    ['HWM', '으로/로', 'HWM으로'],
    ['ISR', '으로/로', 'ISR로'],
    // 숫자는 한국어로 읽은 마지막 자리
    [1, '이/가', '1이'],
    [2, '이/가', '2가'],
    [3, '을/를', '3을'],
    [10, '은/는', '10은'],
    [1, '으로/로', '1로'],
    [6, '으로/로', '6으로'],
    [9, '으로/로', '9로'],
    ['orders-2', '을/를', 'orders-2를'],
    // 한글은 받침 그대로, 끝의 괄호·따옴표는 건너뜁니다
    ['브로커', '이/가', '브로커가'],
    ['토픽', '이/가', '토픽이'],
    ['파일', '으로/로', '파일로'],
    ['"빈 로그"', '이/가', '"빈 로그"가'],
    ['테스트 "A: 첫 오프셋"', '이/가', '테스트 "A: 첫 오프셋"이'],
    ['연결 (127.0.0.1:5000)', '을/를', '연결 (127.0.0.1:5000)을'],
  ] as const)('%s + %s → %s', (word, particle, expected) => {
    expect(josa(word, particle)).toBe(expected);
  });
});
