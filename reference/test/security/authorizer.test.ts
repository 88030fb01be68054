/**
 * 인가기의 결정 (Kafka `StandardAuthorizerData.authorize`)과 ACL의 모음: 표 하나에 한 줄씩.
 */
import { describe, expect, it } from 'vitest';
import { AclControlManager } from '../../src/controller/acl-control-manager.js';
import { ClusterMetadata } from '../../src/metadata/cluster-metadata.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import {
  type Acl,
  AclCache,
  AclOperation as Op,
  PatternType,
  AclPermissionType as Perm,
  ResourceType as Type,
} from '../../src/security/acl.js';
import { authorizerFrom, StandardAuthorizer, sessionOf } from '../../src/security/authorizer.js';
import { loadConfig } from '../../src/server/config.js';

function acl(fields: Partial<Acl>): Acl {
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

function authorizer(acls: readonly Partial<Acl>[], allowEveryoneIfNoAclFound = false) {
  const cache = new AclCache();
  for (const [i, fields] of acls.entries())
    cache.replay({ type: 'AccessControlEntryRecord', id: `id-${i}`, ...acl(fields) });
  return new StandardAuthorizer(cache, new Set(['User:admin']), allowEveryoneIfNoAclFound);
}

const alice = { principal: 'User:alice', host: '10.0.0.1' };

describe('StandardAuthorizer.authorize', () => {
  const cases: [string, Partial<Acl>[], boolean, { principal: string; host: string }, number, string, boolean][] = [
    ['super user, no ACLs', [], false, { principal: 'User:admin', host: '10.0.0.9' }, Op.WRITE, 'orders', true],
    ['no ACL on the resource, allow.everyone false', [], false, alice, Op.READ, 'orders', false],
    ['no ACL on the resource, allow.everyone true', [], true, alice, Op.READ, 'orders', true],
    [
      'ACLs for someone else only: denied even with allow.everyone',
      [{ principal: 'User:bob' }],
      true,
      alice,
      Op.READ,
      'orders',
      false,
    ],
    ['literal allow', [{}], false, alice, Op.READ, 'orders', true],
    ['literal allow does not cover another name', [{}], false, alice, Op.READ, 'orders2', false],
    ['wildcard * literal covers every name', [{ resourceName: '*' }], false, alice, Op.READ, 'anything', true],
    [
      'prefixed covers names that start with it',
      [{ resourceName: 'ord', patternType: PatternType.PREFIXED }],
      false,
      alice,
      Op.READ,
      'orders-eu',
      true,
    ],
    [
      'prefixed does not cover shorter names',
      [{ resourceName: 'orders-', patternType: PatternType.PREFIXED }],
      false,
      alice,
      Op.READ,
      'orders',
      false,
    ],
    ['User:* matches every principal', [{ principal: 'User:*' }], false, alice, Op.READ, 'orders', true],
    ['host must match', [{ host: '10.0.0.2' }], false, alice, Op.READ, 'orders', false],
    ['exact host matches', [{ host: '10.0.0.1' }], false, alice, Op.READ, 'orders', true],
    ['deny before allow', [{}, { permissionType: Perm.DENY }], false, alice, Op.READ, 'orders', false],
    [
      'a prefixed deny beats a literal allow',
      [{}, { resourceName: 'o', patternType: PatternType.PREFIXED, permissionType: Perm.DENY }],
      false,
      alice,
      Op.READ,
      'orders',
      false,
    ],
    ['READ implies DESCRIBE', [{ operation: Op.READ }], false, alice, Op.DESCRIBE, 'orders', true],
    ['WRITE, DELETE and ALTER imply DESCRIBE', [{ operation: Op.ALTER }], false, alice, Op.DESCRIBE, 'orders', true],
    ['DESCRIBE implies nothing else', [{ operation: Op.DESCRIBE }], false, alice, Op.READ, 'orders', false],
    [
      'ALTER_CONFIGS implies DESCRIBE_CONFIGS',
      [{ operation: Op.ALTER_CONFIGS }],
      false,
      alice,
      Op.DESCRIBE_CONFIGS,
      'orders',
      true,
    ],
    ['ALL allows every operation', [{ operation: Op.ALL }], false, alice, Op.DELETE, 'orders', true],
    [
      'a DENY READ does not deny DESCRIBE',
      [{ operation: Op.ALL }, { operation: Op.READ, permissionType: Perm.DENY }],
      false,
      alice,
      Op.DESCRIBE,
      'orders',
      true,
    ],
    [
      'a DENY ALL denies everything',
      [{ operation: Op.ALL }, { operation: Op.ALL, permissionType: Perm.DENY }],
      false,
      alice,
      Op.DESCRIBE,
      'orders',
      false,
    ],
    ['resource types do not mix', [{ resourceType: Type.GROUP }], false, alice, Op.READ, 'orders', false],
  ];
  it.each(cases)('%s', (_name, acls, everyone, session, operation, name, expected) => {
    expect(authorizer(acls, everyone).authorize(session, operation, Type.TOPIC, name)).toBe(expected);
  });

  it('authorizeByResourceType: some topic WRITE, unless a deny covers it', () => {
    expect(authorizer([{ operation: Op.WRITE }]).authorizeByResourceType(alice, Op.WRITE, Type.TOPIC)).toBe(true);
    expect(authorizer([{ operation: Op.READ }]).authorizeByResourceType(alice, Op.WRITE, Type.TOPIC)).toBe(false);
    const denied = [{ operation: Op.WRITE }, { operation: Op.WRITE, resourceName: '*', permissionType: Perm.DENY }];
    expect(authorizer(denied).authorizeByResourceType(alice, Op.WRITE, Type.TOPIC)).toBe(false);
  });
});

describe('authorizerFrom and sessionOf', () => {
  it('no authorizer.class.name means no authorizer; an unknown class stops the broker', () => {
    const acls = new AclCache();
    expect(authorizerFrom(loadConfig({ env: {} }), acls)).toBeNull();
    expect(() =>
      authorizerFrom(
        loadConfig({ env: { KAFKA_AUTHORIZER_CLASS_NAME: 'kafka.security.authorizer.AclAuthorizer' } }),
        acls,
      ),
    ).toThrow(/StandardAuthorizer/);
  });

  it('super.users is split on semicolons', () => {
    const config = loadConfig({
      env: {
        KAFKA_AUTHORIZER_CLASS_NAME: 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
        KAFKA_SUPER_USERS: 'User:alice; User:bob',
      },
    });
    const auth = authorizerFrom(config, new AclCache());
    expect(auth?.authorize({ principal: 'User:bob', host: 'h' }, Op.ALTER, Type.CLUSTER, 'kafka-cluster')).toBe(true);
    expect(auth?.authorize({ principal: 'User:carol', host: 'h' }, Op.ALTER, Type.CLUSTER, 'kafka-cluster')).toBe(
      false,
    );
  });

  it('the session host is the address without the port, IPv4-mapped IPv6 as IPv4', () => {
    expect(sessionOf({ id: 'c', remote: '::ffff:127.0.0.1:5000', listener: 'L', principal: 'User:a' })).toEqual({
      principal: 'User:a',
      host: '127.0.0.1',
    });
    expect(sessionOf({ id: 'c', remote: '10.1.2.3:9', listener: 'L' })).toEqual({
      principal: 'User:ANONYMOUS',
      host: '10.1.2.3',
    });
  });
});

describe('AclControlManager', () => {
  let n = 0;
  const newId = () => `acl-${n++}`;

  it('createAcls: invalid ACLs get INVALID_REQUEST, a duplicate is one record, valid ones succeed', () => {
    const manager = new AclControlManager();
    const { records, outcomes } = manager.createAcls(
      [
        acl({}),
        acl({}),
        acl({ resourceName: '' }),
        acl({ patternType: PatternType.MATCH }),
        acl({ operation: Op.ANY }),
        acl({ resourceType: Type.CLUSTER, resourceName: 'x' }),
        acl({ principal: 'alice' }),
      ],
      newId,
    );
    expect(outcomes.map((o) => o.errorCode)).toEqual([
      ErrorCode.NONE,
      ErrorCode.NONE,
      ...Array(5).fill(ErrorCode.INVALID_REQUEST),
    ]);
    expect(records).toHaveLength(1);
  });

  it('deleteAcls: ANY and MATCH filters, one remove record per ACL, unknown filters are INVALID_REQUEST', () => {
    const manager = new AclControlManager();
    const created = manager.createAcls(
      [acl({}), acl({ resourceName: 'ord', patternType: PatternType.PREFIXED }), acl({ resourceName: 'other' })],
      newId,
    );
    for (const record of created.records) manager.acls.replay(record as never);
    const any = {
      resourceType: Type.ANY,
      resourceName: null,
      principal: null,
      host: null,
      operation: Op.ANY,
      permissionType: Perm.ANY,
    };
    const { records, outcomes } = manager.deleteAcls([
      { ...any, resourceType: Type.TOPIC, resourceName: 'orders', patternType: PatternType.MATCH },
      { ...any, resourceName: 'orders', patternType: PatternType.ANY },
      { ...any, patternType: PatternType.UNKNOWN },
    ]);
    expect(outcomes.map((o) => [o.errorCode, o.deleted.map((a) => a.resourceName)])).toEqual([
      [ErrorCode.NONE, ['orders', 'ord']],
      [ErrorCode.NONE, ['orders']],
      [ErrorCode.INVALID_REQUEST, []],
    ]);
    expect(records).toHaveLength(2);
    for (const record of records) manager.acls.replay(record as never);
    expect([...manager.acls.values()].map((a) => a.resourceName)).toEqual(['other']);
  });

  it('the broker image keeps ACLs across a snapshot (toRecords → loadSnapshot)', () => {
    const image = new ClusterMetadata('c');
    image.replay({ type: 'AccessControlEntryRecord', id: 'a', ...acl({}) });
    image.replay({ type: 'AccessControlEntryRecord', id: 'b', ...acl({ resourceName: 'x' }) });
    image.replay({ type: 'RemoveAccessControlEntryRecord', id: 'a' });
    const copy = new ClusterMetadata('c');
    copy.loadSnapshot(image.toRecords(), image.offset);
    expect([...copy.acls.entries()]).toEqual([['b', acl({ resourceName: 'x' })]]);
    expect(() => copy.replay({ type: 'RemoveAccessControlEntryRecord', id: 'a' })).toThrow();
  });
});
