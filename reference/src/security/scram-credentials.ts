/**
 * 메타데이터 로그에 적힌 SCRAM 자격 증명 (Kafka `ScramImage`, 컨트롤러 쪽은 `ScramControlManager`의 상태): 방식마다
 * 사용자 → 자격 증명(salt, StoredKey, ServerKey, 반복 횟수). UserScramCredentialRecord와
 * RemoveUserScramCredentialRecord를 재생해 만들고, 스냅숏에는 사용자·방식마다 UserScramCredentialRecord 하나로 적습니다.
 *
 * 브로커는 이것을 메타데이터 이미지(`../metadata/cluster-metadata.ts`)에 두고, SCRAM 인증(`./sasl-server.ts`)이
 * 연결마다 여기서 사용자의 자격 증명을 찾습니다 (Kafka는 `ScramPublisher`가 이미지를 `CredentialCache`에 옮겨 둡니다).
 */
import type {
  MetadataRecord,
  RemoveUserScramCredentialRecord,
  UserScramCredentialRecord,
} from '../metadata/records.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type { DescribeUserScramCredentialsResponse } from '../protocol/messages/50-describe-user-scram-credentials.js';
import {
  SCRAM_MECHANISMS,
  type ScramCredential,
  type ScramMechanism,
  scramMechanismOfType,
} from './scram-mechanisms.js';

/** DescribeUserScramCredentials의 사용자 하나 */
export type ScramUserDescription = DescribeUserScramCredentialsResponse['results'][number];

export class ScramCredentials {
  readonly #byMechanism = new Map<ScramMechanism, Map<string, ScramCredential>>();

  get(mechanism: ScramMechanism, user: string): ScramCredential | undefined {
    return this.#byMechanism.get(mechanism)?.get(user);
  }

  replay(record: UserScramCredentialRecord | RemoveUserScramCredentialRecord): void {
    const mechanism = scramMechanismOfType(record.mechanism);
    if (mechanism === null) throw new Error(`${record.type}의 SCRAM 방식 번호 ${record.mechanism}를 모릅니다`);
    let users = this.#byMechanism.get(mechanism);
    if (record.type === 'RemoveUserScramCredentialRecord') {
      // Kafka `ScramControlManager.replay`: 없는 자격 증명을 지우는 레코드는 로그가 틀렸다는 뜻입니다.
      if (!users?.delete(record.name))
        throw new Error(`지울 SCRAM 자격 증명이 없습니다: ${record.name} (${mechanism})`);
      if (users.size === 0) this.#byMechanism.delete(mechanism);
      return;
    }
    if (!users) {
      users = new Map();
      this.#byMechanism.set(mechanism, users);
    }
    users.set(record.name, {
      salt: Buffer.from(record.salt, 'base64'),
      storedKey: Buffer.from(record.storedKey, 'base64'),
      serverKey: Buffer.from(record.serverKey, 'base64'),
      iterations: record.iterations,
    });
  }

  clear(): void {
    this.#byMechanism.clear();
  }

  copyInto(target: ScramCredentials): void {
    for (const [mechanism, users] of this.#byMechanism) target.#byMechanism.set(mechanism, new Map(users));
  }

  toRecords(): MetadataRecord[] {
    const records: MetadataRecord[] = [];
    for (const [mechanism, users] of this.#byMechanism) {
      for (const [name, credential] of users) records.push(credentialRecord(name, mechanism, credential));
    }
    return records;
  }

  /**
   * DescribeUserScramCredentials의 답 (Kafka `ScramImage.describe`): `users`가 null이거나 비었으면 자격 증명이 있는
   * 모든 사용자. 같은 사용자를 두 번 물으면 DUPLICATE_RESOURCE, 자격 증명이 없는 사용자는 RESOURCE_NOT_FOUND.
   */
  describe(users: readonly string[] | null): ScramUserDescription[] {
    const duplicated = new Map<string, boolean>();
    if (users === null || users.length === 0) {
      for (const byUser of this.#byMechanism.values()) for (const user of byUser.keys()) duplicated.set(user, false);
    } else {
      for (const user of users) duplicated.set(user, duplicated.has(user));
    }
    return [...duplicated].map(([user, twice]): ScramUserDescription => {
      if (twice) {
        return {
          user,
          errorCode: ErrorCode.DUPLICATE_RESOURCE,
          errorMessage: `Cannot describe SCRAM credentials for the same user twice in a single request: ${user}`,
          credentialInfos: [],
        };
      }
      const credentialInfos = (Object.keys(SCRAM_MECHANISMS) as ScramMechanism[]).flatMap((mechanism) => {
        const credential = this.get(mechanism, user);
        return credential ? [{ mechanism: SCRAM_MECHANISMS[mechanism].type, iterations: credential.iterations }] : [];
      });
      if (credentialInfos.length > 0) return { user, errorCode: ErrorCode.NONE, errorMessage: null, credentialInfos };
      return {
        user,
        errorCode: ErrorCode.RESOURCE_NOT_FOUND,
        errorMessage: `Attempt to describe a user credential that does not exist: ${user}`,
        credentialInfos: [],
      };
    });
  }
}

export function credentialRecord(
  name: string,
  mechanism: ScramMechanism,
  credential: ScramCredential,
): UserScramCredentialRecord {
  return {
    type: 'UserScramCredentialRecord',
    name,
    mechanism: SCRAM_MECHANISMS[mechanism].type,
    salt: credential.salt.toString('base64'),
    storedKey: credential.storedKey.toString('base64'),
    serverKey: credential.serverKey.toString('base64'),
    iterations: credential.iterations,
  };
}
