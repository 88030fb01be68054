/**
 * SCRAM 자격 증명 (Kafka `ScramControlManager`): AlterUserScramCredentials를 판단해 UserScramCredentialRecord와
 * RemoveUserScramCredentialRecord로 바꾸고, 커밋된 레코드를 재생해 둡니다. 입출력이 없습니다.
 *
 * 판단 (Kafka `alterCredentials`, `validateUpsertion`, `validateDeletion`):
 *   - 한 요청에서 같은 사용자를 두 번 바꾸면 (지우기든 넣기든, 방식이 달라도) 그 사용자는 DUPLICATE_RESOURCE
 *   - 빈 사용자 이름 → UNACCEPTABLE_CREDENTIAL, 모르는 방식 번호 → UNSUPPORTED_SASL_MECHANISM
 *   - 넣기: 반복 횟수가 4096보다 적거나 16384보다 많으면 UNACCEPTABLE_CREDENTIAL
 *   - 지우기: 그 사용자·방식의 자격 증명이 없으면 RESOURCE_NOT_FOUND
 * 통과한 것들의 레코드는 한 번에(atomic) 적습니다. 답은 지우기, 넣기, 거절 순서입니다.
 */
import type {
  MetadataRecord,
  RemoveUserScramCredentialRecord,
  UserScramCredentialRecord,
} from '../metadata/records.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type {
  AlterUserScramCredentialsRequest,
  AlterUserScramCredentialsResponse,
} from '../protocol/messages/51-alter-user-scram-credentials.js';
import { credentialRecord, ScramCredentials } from '../security/scram-credentials.js';
import {
  SCRAM_MECHANISMS,
  type ScramCredentialDeriver,
  type ScramMechanism,
  scramMechanismOfType,
} from '../security/scram-mechanisms.js';

/** 받는 반복 횟수의 상한 (Kafka `ScramControlManager.MAX_ITERATIONS`) */
export const MAX_ITERATIONS = 16384;

type Deletion = AlterUserScramCredentialsRequest['deletions'][number];
type Upsertion = AlterUserScramCredentialsRequest['upsertions'][number];
type Result = AlterUserScramCredentialsResponse['results'][number];

interface ApiError {
  readonly errorCode: number;
  readonly errorMessage: string;
}

const DUPLICATE: ApiError = {
  errorCode: ErrorCode.DUPLICATE_RESOURCE,
  errorMessage: 'A user credential cannot be altered twice in the same request',
};

export class ScramControlManager {
  readonly credentials = new ScramCredentials();

  /** SaltedPassword → StoredKey·ServerKey. 해시는 밖에서 받습니다: 이 상태 기계는 Node의 모듈을 쓰지 않습니다. */
  readonly #deriveCredential: ScramCredentialDeriver;

  constructor(deriveCredential: ScramCredentialDeriver) {
    this.#deriveCredential = deriveCredential;
  }

  copyInto(target: ScramControlManager): void {
    this.credentials.copyInto(target.credentials);
  }

  replay(record: UserScramCredentialRecord | RemoveUserScramCredentialRecord): void {
    this.credentials.replay(record);
  }

  toRecords(): MetadataRecord[] {
    return this.credentials.toRecords();
  }

  /** Kafka `ScramControlManager.alterCredentials` */
  alterCredentials(request: AlterUserScramCredentialsRequest): {
    readonly records: MetadataRecord[];
    readonly response: AlterUserScramCredentialsResponse;
  } {
    const deletions = new Map<string, Deletion>();
    const upsertions = new Map<string, Upsertion>();
    const errors = new Map<string, ApiError>();
    for (const deletion of request.deletions) {
      if (errors.has(deletion.name)) continue;
      if (deletions.delete(deletion.name)) {
        errors.set(deletion.name, DUPLICATE);
        continue;
      }
      const error = this.#validateDeletion(deletion);
      if (error) errors.set(deletion.name, error);
      else deletions.set(deletion.name, deletion);
    }
    for (const upsertion of request.upsertions) {
      if (errors.has(upsertion.name)) continue;
      // 지우기와 넣기에 같은 사용자가 있어도 두 번 바꾸는 것입니다 (앞의 것도 거둡니다).
      if (deletions.delete(upsertion.name) || upsertions.delete(upsertion.name)) {
        errors.set(upsertion.name, DUPLICATE);
        continue;
      }
      const error = validateUpsertion(upsertion);
      if (error) errors.set(upsertion.name, error);
      else upsertions.set(upsertion.name, upsertion);
    }

    const records: MetadataRecord[] = [];
    const results: Result[] = [];
    const ok = (user: string): Result => ({ user, errorCode: ErrorCode.NONE, errorMessage: null });
    for (const deletion of deletions.values()) {
      records.push({ type: 'RemoveUserScramCredentialRecord', name: deletion.name, mechanism: deletion.mechanism });
      results.push(ok(deletion.name));
    }
    for (const upsertion of upsertions.values()) {
      records.push(this.#finishUpsertion(upsertion));
      results.push(ok(upsertion.name));
    }
    for (const [user, error] of errors) results.push({ user, ...error });
    return { records, response: { throttleTimeMs: 0, results } };
  }

  #validateDeletion(deletion: Deletion): ApiError | null {
    const mechanism = scramMechanismOfType(deletion.mechanism);
    const error = validateUsernameAndMechanism(deletion.name, mechanism);
    if (error) return error;
    if (!this.credentials.get(mechanism as ScramMechanism, deletion.name)) {
      return {
        errorCode: ErrorCode.RESOURCE_NOT_FOUND,
        errorMessage: 'Attempt to delete a user credential that does not exist',
      };
    }
    return null;
  }

  /** Kafka `finishUpsertion`: 받은 SaltedPassword에서 StoredKey와 ServerKey를 만들어 적습니다 (SaltedPassword는 버림). */
  #finishUpsertion(upsertion: Upsertion): UserScramCredentialRecord {
    const mechanism = scramMechanismOfType(upsertion.mechanism) as ScramMechanism;
    const credential = this.#deriveCredential(
      mechanism,
      Buffer.from(upsertion.salt),
      Buffer.from(upsertion.saltedPassword),
      upsertion.iterations,
    );
    return credentialRecord(upsertion.name, mechanism, credential);
  }
}

/** 모든 사용자에게 같은 오류로 답합니다 (Kafka `AlterUserScramCredentialsRequest.getErrorResponse`) */
export function alterUserScramCredentialsError(
  request: AlterUserScramCredentialsRequest,
  errorCode: number,
): AlterUserScramCredentialsResponse {
  return {
    throttleTimeMs: 0,
    results: [...request.deletions, ...request.upsertions].map(({ name }) => ({
      user: name,
      errorCode,
      errorMessage: null,
    })),
  };
}

/** Kafka `validateUpsertion` */
function validateUpsertion(upsertion: Upsertion): ApiError | null {
  const mechanism = scramMechanismOfType(upsertion.mechanism);
  const error = validateUsernameAndMechanism(upsertion.name, mechanism);
  if (error) return error;
  if (upsertion.iterations < SCRAM_MECHANISMS[mechanism as ScramMechanism].minIterations) {
    return { errorCode: ErrorCode.UNACCEPTABLE_CREDENTIAL, errorMessage: 'Too few iterations' };
  }
  if (upsertion.iterations > MAX_ITERATIONS) {
    return { errorCode: ErrorCode.UNACCEPTABLE_CREDENTIAL, errorMessage: 'Too many iterations' };
  }
  return null;
}

/** Kafka `validateScramUsernameAndMechanism` */
function validateUsernameAndMechanism(name: string, mechanism: ScramMechanism | null): ApiError | null {
  if (name === '') return { errorCode: ErrorCode.UNACCEPTABLE_CREDENTIAL, errorMessage: 'Username must not be empty' };
  if (mechanism === null) {
    return { errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, errorMessage: 'Unknown SCRAM mechanism' };
  }
  return null;
}
