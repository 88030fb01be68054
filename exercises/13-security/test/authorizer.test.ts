/**
 * 13장 인가기의 결정: 표 하나에 한 줄씩. 테스트 이름은 Kafka `StandardAuthorizerTest`의 같은 뜻의 시험에서 왔습니다
 * (testPrefixAcls, testFindResultPrincipalMatching, testFindResultImplication, testDenyPrecedenceWithOperationAll,
 * testSuperUsers…, testAllowEveryoneIfNoAclFoundConfigEnabled/Disabled).
 *
 * 러너는 이 파일과 scram.test.ts가 모두 통과한 뒤에야 클러스터를 띄우는 security.e2e.test.ts를 돌립니다.
 * 테스트는 고치지 마세요.
 */
import { describe, expect, it } from 'vitest';
import {
  type Acl,
  AclCache,
  AclOperation as Op,
  PatternType,
  AclPermissionType as Perm,
  ResourceType as Type,
} from '../../../reference/src/security/acl.js';
import { aclResult, patternCovers, type Session, StandardAuthorizer } from '../src/authorizer.js';

/** 표의 ACL 한 줄: 적지 않은 칸은 "alice가 어디서든 토픽 orders를 READ 허용" */
function acl(fields: Partial<Acl> = {}): Acl {
  return {
    resourceType: Type.TOPIC,
    resourceName: 'orders',
    patternType: PatternType.LITERAL,
    principal: 'User:alice',
    host: '*',
    operation: Op.READ,
    permissionType: Perm.ALLOW,
    ...fields,
  };
}

function authorizer(
  acls: readonly Partial<Acl>[],
  options: { superUsers?: string[]; allowEveryoneIfNoAclFound?: boolean } = {},
): StandardAuthorizer {
  const cache = new AclCache();
  for (const [i, fields] of acls.entries()) {
    cache.replay({ type: 'AccessControlEntryRecord', id: `acl-${i}`, ...acl(fields) });
  }
  return new StandardAuthorizer(cache, new Set(options.superUsers ?? []), options.allowEveryoneIfNoAclFound ?? false);
}

const alice: Session = { principal: 'User:alice', host: '10.0.0.1' };
const bob: Session = { principal: 'User:bob', host: '10.0.0.2' };
const opName = (op: number) => Object.entries(Op).find(([, v]) => v === op)?.[0] ?? String(op);
const resultName = (r: number | null) => (r === null ? 'null' : r === Perm.ALLOW ? 'ALLOW' : 'DENY');

describe('13장: 인가기의 결정', () => {
  it('PrefixAcls: LITERAL은 같은 이름에, `*`는 모든 이름에, PREFIXED는 그것으로 시작하는 이름에 걸립니다', () => {
    const rows: [string, Partial<Acl>, string, boolean][] = [
      ['LITERAL orders', {}, 'orders', true],
      ['LITERAL orders', {}, 'orders-eu', false],
      ['LITERAL orders', {}, 'order', false],
      ['LITERAL *', { resourceName: '*' }, 'anything', true],
      ['LITERAL *', { resourceName: '*' }, '*', true],
      ['PREFIXED orders-', { resourceName: 'orders-', patternType: PatternType.PREFIXED }, 'orders-eu', true],
      ['PREFIXED orders-', { resourceName: 'orders-', patternType: PatternType.PREFIXED }, 'orders-', true],
      ['PREFIXED orders-', { resourceName: 'orders-', patternType: PatternType.PREFIXED }, 'orders', false],
      ['PREFIXED orders-', { resourceName: 'orders-', patternType: PatternType.PREFIXED }, 'my-orders-eu', false],
      ['PREFIXED * (글자 *)', { resourceName: '*', patternType: PatternType.PREFIXED }, 'orders', false],
      ['PREFIXED * (글자 *)', { resourceName: '*', patternType: PatternType.PREFIXED }, '*orders', true],
    ];
    for (const [name, fields, resource, covers] of rows) {
      expect(patternCovers(acl(fields), resource), `${name} → 자원 ${resource}`).toBe(covers);
    }
    // 인가기 전체로: Kafka testPrefixAcls처럼 PREFIXED와 LITERAL이 섞인 자원
    const auth = authorizer([
      { resourceName: 'foo', patternType: PatternType.PREFIXED },
      { resourceName: 'foobar', principal: 'User:bob' },
    ]);
    expect(auth.authorize(alice, Op.READ, Type.TOPIC, 'foo-1'), 'PREFIXED foo → foo-1').toBe(true);
    expect(auth.authorize(alice, Op.READ, Type.TOPIC, 'fo'), 'PREFIXED foo → fo').toBe(false);
    expect(auth.authorize(alice, Op.READ, Type.GROUP, 'foo-1'), '토픽의 ACL은 그룹에 걸리지 않습니다').toBe(false);
  });

  it('FindResultPrincipalMatching: 주체와 호스트가 맞을 때만(`User:*`, `*` 포함) ACL이 말을 합니다', () => {
    const rows: [string, Partial<Acl>, Session, number | null][] = [
      ['같은 주체, 호스트 *', {}, alice, Perm.ALLOW],
      ['다른 주체', {}, bob, null],
      ['User:*', { principal: 'User:*' }, bob, Perm.ALLOW],
      ['같은 호스트', { host: '10.0.0.1' }, alice, Perm.ALLOW],
      ['다른 호스트', { host: '10.0.0.9' }, alice, null],
      ['DENY, 같은 주체', { permissionType: Perm.DENY }, alice, Perm.DENY],
      ['DENY User:*, 다른 호스트', { principal: 'User:*', host: '10.0.0.9', permissionType: Perm.DENY }, bob, null],
      ['Group:alice는 User:alice가 아님', { principal: 'Group:alice' }, alice, null],
    ];
    for (const [name, fields, session, expected] of rows) {
      expect(
        resultName(aclResult(acl(fields), session, Op.READ)),
        `${name} (${session.principal}@${session.host})`,
      ).toBe(resultName(expected));
    }
  });

  it('FindResultImplication: ALLOW READ·WRITE·DELETE·ALTER는 DESCRIBE를, ALTER_CONFIGS는 DESCRIBE_CONFIGS를, ALL은 모두를 품습니다 (DENY는 품지 않음)', () => {
    const rows: [number, number, number, number | null][] = [
      [Perm.ALLOW, Op.READ, Op.DESCRIBE, Perm.ALLOW],
      [Perm.ALLOW, Op.WRITE, Op.DESCRIBE, Perm.ALLOW],
      [Perm.ALLOW, Op.DELETE, Op.DESCRIBE, Perm.ALLOW],
      [Perm.ALLOW, Op.ALTER, Op.DESCRIBE, Perm.ALLOW],
      [Perm.ALLOW, Op.DESCRIBE, Op.DESCRIBE, Perm.ALLOW],
      [Perm.ALLOW, Op.CREATE, Op.DESCRIBE, null],
      [Perm.ALLOW, Op.ALTER_CONFIGS, Op.DESCRIBE, null],
      [Perm.ALLOW, Op.ALTER_CONFIGS, Op.DESCRIBE_CONFIGS, Perm.ALLOW],
      [Perm.ALLOW, Op.READ, Op.DESCRIBE_CONFIGS, null],
      [Perm.ALLOW, Op.DESCRIBE, Op.READ, null],
      [Perm.ALLOW, Op.READ, Op.WRITE, null],
      [Perm.ALLOW, Op.ALL, Op.WRITE, Perm.ALLOW],
      [Perm.ALLOW, Op.ALL, Op.CLUSTER_ACTION, Perm.ALLOW],
      [Perm.DENY, Op.READ, Op.DESCRIBE, null],
      [Perm.DENY, Op.ALTER_CONFIGS, Op.DESCRIBE_CONFIGS, null],
      [Perm.DENY, Op.READ, Op.READ, Perm.DENY],
      [Perm.DENY, Op.ALL, Op.DESCRIBE, Perm.DENY],
    ];
    for (const [permission, aclOp, requested, expected] of rows) {
      const name = `${resultName(permission)} ${opName(aclOp)}가 ${opName(requested)} 요청에`;
      expect(resultName(aclResult(acl({ permissionType: permission, operation: aclOp }), alice, requested)), name).toBe(
        resultName(expected),
      );
    }
  });

  it('DenyPrecedence: 맞는 DENY가 하나라도 있으면 맞는 ALLOW가 있어도 거절합니다 (ACL의 순서와 상관없이)', () => {
    const allowAll = { operation: Op.ALL };
    const denyWrite = { operation: Op.WRITE, permissionType: Perm.DENY };
    for (const acls of [
      [allowAll, denyWrite],
      [denyWrite, allowAll],
    ]) {
      const auth = authorizer(acls);
      const order = acls.map((a) => ('permissionType' in a ? 'DENY' : 'ALLOW')).join('→');
      expect(auth.authorize(alice, Op.WRITE, Type.TOPIC, 'orders'), `ALLOW ALL + DENY WRITE (${order}): WRITE`).toBe(
        false,
      );
      expect(auth.authorize(alice, Op.READ, Type.TOPIC, 'orders'), `ALLOW ALL + DENY WRITE (${order}): READ`).toBe(
        true,
      );
    }
    // 더 구체적인 ALLOW(LITERAL)도 넓은 DENY(PREFIXED, User:*)를 이기지 못합니다
    const auth = authorizer([
      { resourceName: 'orders-secret' },
      { resourceName: 'orders-', patternType: PatternType.PREFIXED, principal: 'User:*', permissionType: Perm.DENY },
    ]);
    expect(auth.authorize(alice, Op.READ, Type.TOPIC, 'orders-secret'), 'LITERAL ALLOW + PREFIXED DENY').toBe(false);
    // DENY READ는 DESCRIBE를 막지 않고, DESCRIBE는 ALLOW READ가 품습니다
    const describeOnly = authorizer([{}, { operation: Op.READ, permissionType: Perm.DENY, host: '10.0.0.1' }]);
    expect(describeOnly.authorize(alice, Op.READ, Type.TOPIC, 'orders'), 'DENY READ@10.0.0.1: READ').toBe(false);
    expect(describeOnly.authorize(alice, Op.DESCRIBE, Type.TOPIC, 'orders'), 'DENY READ@10.0.0.1: DESCRIBE').toBe(true);
  });

  it('SuperUsers: super.users의 주체는 ACL을 보지 않고 허용합니다 (DENY도 막지 못함)', () => {
    const auth = authorizer([{ principal: 'User:*', operation: Op.ALL, permissionType: Perm.DENY }], {
      superUsers: ['User:admin', 'User:ANONYMOUS'],
    });
    const admin: Session = { principal: 'User:admin', host: '10.0.0.3' };
    expect(auth.authorize(admin, Op.WRITE, Type.TOPIC, 'orders'), 'User:admin WRITE orders').toBe(true);
    expect(auth.authorize(admin, Op.ALTER, Type.CLUSTER, 'kafka-cluster'), 'User:admin ALTER cluster').toBe(true);
    expect(
      auth.authorize(
        { principal: 'User:ANONYMOUS', host: '127.0.0.1' },
        Op.CLUSTER_ACTION,
        Type.CLUSTER,
        'kafka-cluster',
      ),
    ).toBe(true);
    expect(auth.authorize(alice, Op.READ, Type.TOPIC, 'orders'), 'super user가 아닌 alice').toBe(false);
    expect(
      auth.authorize({ principal: 'User:Admin', host: '10.0.0.3' }, Op.READ, Type.TOPIC, 'orders'),
      '이름은 대소문자까지 같아야 합니다',
    ).toBe(false);
  });

  it('AllowEveryoneIfNoAclFound: 자원에 ACL이 하나도 없을 때만 그 설정을 따르고, 남의 ACL이 있으면 거절합니다', () => {
    const rows: [string, Partial<Acl>[], boolean, Session, boolean][] = [
      ['ACL 없음, 설정 false', [], false, alice, false],
      ['ACL 없음, 설정 true', [], true, alice, true],
      ['다른 토픽에만 ACL, 설정 true', [{ resourceName: 'payments', principal: 'User:bob' }], true, alice, true],
      ['bob의 ACL만 있음, 설정 true', [{ principal: 'User:bob' }], true, alice, false],
      [
        'bob의 PREFIXED ACL이 걸림, 설정 true',
        [{ resourceName: 'ord', patternType: PatternType.PREFIXED, principal: 'User:bob' }],
        true,
        alice,
        false,
      ],
      ['alice의 WRITE만 있음, READ 요청, 설정 true', [{ operation: Op.WRITE }], true, alice, false],
      [
        '그룹의 ACL은 토픽과 상관없음, 설정 true',
        [{ resourceType: Type.GROUP, principal: 'User:bob' }],
        true,
        alice,
        true,
      ],
    ];
    for (const [name, acls, allowEveryone, session, expected] of rows) {
      const auth = authorizer(acls, { allowEveryoneIfNoAclFound: allowEveryone });
      expect(auth.authorize(session, Op.READ, Type.TOPIC, 'orders'), name).toBe(expected);
    }
  });
});
