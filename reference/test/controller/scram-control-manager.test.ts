/**
 * SCRAM 자격 증명의 판단과 재생 (Kafka `ScramControlManagerTest`, `ScramImageTest`). 이름이 Kafka의 시험과 같지 않은
 * 것(¹)은 같은 말투로 지은 것입니다.
 */
import { describe, expect, it } from 'vitest';
import { MAX_ITERATIONS, ScramControlManager } from '../../src/controller/scram-control-manager.js';
import type { MetadataRecord } from '../../src/metadata/records.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { ScramFormatter, scramCredentialOf } from '../../src/security/scram.js';

const SHA256 = 1;
const SHA512 = 2;

function upsertion(name: string, mechanism = SHA256, iterations = 4096, password = `${name}-pw`) {
  const salt = Buffer.from(`salt-${name}`);
  const formatter = new ScramFormatter(mechanism === SHA512 ? 'SCRAM-SHA-512' : 'SCRAM-SHA-256');
  const saltedPassword = mechanism === 0 ? Buffer.alloc(32) : formatter.saltedPassword(password, salt, 4096);
  return { name, mechanism, iterations, salt, saltedPassword };
}

function apply(manager: ScramControlManager, records: readonly MetadataRecord[]): void {
  for (const record of records) {
    if (record.type !== 'UserScramCredentialRecord' && record.type !== 'RemoveUserScramCredentialRecord') {
      throw new Error(`뜻밖의 레코드 ${record.type}`);
    }
    manager.replay(record);
  }
}

describe('ScramControlManager', () => {
  it('testAlterCredentials¹: an upsertion writes salt, StoredKey, ServerKey and iterations — never the salted password', () => {
    const manager = new ScramControlManager(scramCredentialOf);
    const alice = upsertion('alice', SHA512, 8192);
    const { records, response } = manager.alterCredentials({ deletions: [], upsertions: [alice] });
    expect(response.results).toEqual([{ user: 'alice', errorCode: ErrorCode.NONE, errorMessage: null }]);
    const expected = new ScramFormatter('SCRAM-SHA-512').credentialOf(alice.salt, alice.saltedPassword, 8192);
    expect(records).toEqual([
      {
        type: 'UserScramCredentialRecord',
        name: 'alice',
        mechanism: SHA512,
        salt: alice.salt.toString('base64'),
        storedKey: expected.storedKey.toString('base64'),
        serverKey: expected.serverKey.toString('base64'),
        iterations: 8192,
      },
    ]);
    expect(JSON.stringify(records)).not.toContain(alice.saltedPassword.toString('base64'));
    // 판단은 상태를 바꾸지 않습니다: 재생해야 생깁니다
    expect(manager.credentials.get('SCRAM-SHA-512', 'alice')).toBeUndefined();
    apply(manager, records);
    expect(manager.credentials.get('SCRAM-SHA-512', 'alice')).toEqual(expected);
  });

  it('testValidateUpsertion¹: empty user name, unknown mechanism, too few and too many iterations', () => {
    for (const [bad, errorCode, errorMessage] of [
      [upsertion(''), ErrorCode.UNACCEPTABLE_CREDENTIAL, 'Username must not be empty'],
      [upsertion('u', 0), ErrorCode.UNSUPPORTED_SASL_MECHANISM, 'Unknown SCRAM mechanism'],
      [upsertion('u', SHA256, 4095), ErrorCode.UNACCEPTABLE_CREDENTIAL, 'Too few iterations'],
      [upsertion('u', SHA256, MAX_ITERATIONS + 1), ErrorCode.UNACCEPTABLE_CREDENTIAL, 'Too many iterations'],
    ] as const) {
      const { records, response } = new ScramControlManager(scramCredentialOf).alterCredentials({
        deletions: [],
        upsertions: [bad],
      });
      expect(records).toEqual([]);
      expect(response.results).toEqual([{ user: bad.name, errorCode, errorMessage }]);
    }
    // 경계: 4096과 16384는 받습니다
    const edges = [upsertion('low', SHA256, 4096), upsertion('high', SHA512, MAX_ITERATIONS)];
    const { response } = new ScramControlManager(scramCredentialOf).alterCredentials({
      deletions: [],
      upsertions: edges,
    });
    expect(response.results.map((r) => r.errorCode)).toEqual([ErrorCode.NONE, ErrorCode.NONE]);
  });

  it('testValidateDeletion¹: a missing credential is RESOURCE_NOT_FOUND (per mechanism); an existing one is removed', () => {
    const manager = new ScramControlManager(scramCredentialOf);
    apply(manager, manager.alterCredentials({ deletions: [], upsertions: [upsertion('alice')] }).records);
    const missing = manager.alterCredentials({
      deletions: [
        { name: 'alice', mechanism: SHA512 },
        { name: 'bob', mechanism: SHA256 },
        { name: '', mechanism: SHA256 },
        { name: 'carol', mechanism: 7 },
      ],
      upsertions: [],
    });
    expect(missing.records).toEqual([]);
    expect(missing.response.results).toEqual([
      {
        user: 'alice',
        errorCode: ErrorCode.RESOURCE_NOT_FOUND,
        errorMessage: 'Attempt to delete a user credential that does not exist',
      },
      {
        user: 'bob',
        errorCode: ErrorCode.RESOURCE_NOT_FOUND,
        errorMessage: 'Attempt to delete a user credential that does not exist',
      },
      { user: '', errorCode: ErrorCode.UNACCEPTABLE_CREDENTIAL, errorMessage: 'Username must not be empty' },
      { user: 'carol', errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, errorMessage: 'Unknown SCRAM mechanism' },
    ]);
    const removed = manager.alterCredentials({ deletions: [{ name: 'alice', mechanism: SHA256 }], upsertions: [] });
    expect(removed.records).toEqual([{ type: 'RemoveUserScramCredentialRecord', name: 'alice', mechanism: SHA256 }]);
    apply(manager, removed.records);
    expect(manager.credentials.get('SCRAM-SHA-256', 'alice')).toBeUndefined();
  });

  it('testDuplicateAlteration¹: the same user twice in one request is DUPLICATE_RESOURCE, even across mechanisms; others pass', () => {
    const manager = new ScramControlManager(scramCredentialOf);
    apply(manager, manager.alterCredentials({ deletions: [], upsertions: [upsertion('alice')] }).records);
    const duplicate = {
      errorCode: ErrorCode.DUPLICATE_RESOURCE,
      errorMessage: 'A user credential cannot be altered twice in the same request',
    };
    const { records, response } = manager.alterCredentials({
      deletions: [{ name: 'alice', mechanism: SHA256 }],
      upsertions: [upsertion('alice', SHA512), upsertion('bob'), upsertion('bob', SHA512), upsertion('carol')],
    });
    expect(response.results).toEqual([
      { user: 'carol', errorCode: ErrorCode.NONE, errorMessage: null },
      { user: 'alice', ...duplicate },
      { user: 'bob', ...duplicate },
    ]);
    expect(records.map((r) => r.type === 'UserScramCredentialRecord' && r.name)).toEqual(['carol']);
  });

  it('testScramImageDescribe¹ (ScramImage.describe): all users, one user, a missing one, a duplicate', () => {
    const manager = new ScramControlManager(scramCredentialOf);
    apply(
      manager,
      manager.alterCredentials({
        deletions: [],
        upsertions: [upsertion('alice', SHA256, 4096), upsertion('bob', SHA512, 8192)],
      }).records,
    );
    apply(manager, manager.alterCredentials({ deletions: [], upsertions: [upsertion('alice', SHA512, 5000)] }).records);
    expect(manager.credentials.describe(null)).toEqual([
      {
        user: 'alice',
        errorCode: 0,
        errorMessage: null,
        credentialInfos: [
          { mechanism: SHA256, iterations: 4096 },
          { mechanism: SHA512, iterations: 5000 },
        ],
      },
      { user: 'bob', errorCode: 0, errorMessage: null, credentialInfos: [{ mechanism: SHA512, iterations: 8192 }] },
    ]);
    expect(manager.credentials.describe(['bob', 'zed', 'alice', 'alice'])).toEqual([
      { user: 'bob', errorCode: 0, errorMessage: null, credentialInfos: [{ mechanism: SHA512, iterations: 8192 }] },
      {
        user: 'zed',
        errorCode: ErrorCode.RESOURCE_NOT_FOUND,
        errorMessage: 'Attempt to describe a user credential that does not exist: zed',
        credentialInfos: [],
      },
      {
        user: 'alice',
        errorCode: ErrorCode.DUPLICATE_RESOURCE,
        errorMessage: 'Cannot describe SCRAM credentials for the same user twice in a single request: alice',
        credentialInfos: [],
      },
    ]);
  });

  it('testSnapshot¹: toRecords rebuilds the same credentials; removing a missing credential on replay is an error', () => {
    const manager = new ScramControlManager(scramCredentialOf);
    apply(
      manager,
      manager.alterCredentials({ deletions: [], upsertions: [upsertion('alice'), upsertion('bob', SHA512)] }).records,
    );
    const copy = new ScramControlManager(scramCredentialOf);
    apply(copy, manager.toRecords());
    expect(copy.credentials.describe(null)).toEqual(manager.credentials.describe(null));
    expect(copy.credentials.get('SCRAM-SHA-512', 'bob')).toEqual(manager.credentials.get('SCRAM-SHA-512', 'bob'));
    expect(() => copy.replay({ type: 'RemoveUserScramCredentialRecord', name: 'zed', mechanism: SHA256 })).toThrow(
      '지울 SCRAM 자격 증명이 없습니다',
    );
  });
});
