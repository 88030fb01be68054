/**
 * 보안 대상(SASL과 ACL, 13장)의 공통 부분: 두 브로커에 똑같이 주는 설정, 사용자, 날 클라이언트의 SASL 인증, SCRAM
 * 사용자 만들기, 시나리오가 ACL을 주고 끝나면 거두기.
 *
 * 두 대상의 구성은 같습니다 (targets.ts):
 *
 *   리스너      SASL_PLAINTEXT (클라이언트, PLAIN·SCRAM-SHA-256·SCRAM-SHA-512) + BROKER (PLAINTEXT, 브로커 사이)
 *   인가기      StandardAuthorizer, super.users=User:admin;User:ANONYMOUS, allow.everyone.if.no.acl.found=false
 *   사용자      PLAIN은 리스너의 JAAS 설정(user_admin…), SCRAM은 뜬 뒤에 admin이 AlterUserScramCredentials로 만듦
 *
 * SCRAM 사용자를 JAAS 설정에 적지 않는 까닭: Kafka는 SCRAM 자격 증명을 메타데이터 로그(KRaft)에서만 찾습니다
 * (`ScramLoginModule`의 `user_*` 옵션은 서버에서 쓰이지 않음). 참조 브로커는 JAAS의 `user_*`도 받아 주지만, 비교하는
 * 대상은 Kafka가 하는 방법 하나로 만듭니다.
 */
import { randomBytes } from 'node:crypto';
import {
  type AclEntry,
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ResourcePatternTypes,
  type SASLOptions,
} from 'kafkajs';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode, errorName } from '../../src/protocol/error-codes.js';
import { ScramFormatter, xor } from '../../src/security/scram.js';
import { SCRAM_MECHANISMS, type ScramMechanism } from '../../src/security/scram-mechanisms.js';
import { RawClient } from '../e2e/raw-client.js';
import type { ScenarioContext } from './context.js';

export { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes };

/** admin은 super user, alice와 bob은 시나리오가 ACL을 주는(또는 주지 않는) 보통 사용자 */
export const PASSWORDS = { admin: 'admin-secret', alice: 'alice-secret', bob: 'bob-secret' } as const;
export type User = keyof typeof PASSWORDS;
export type Mechanism = 'PLAIN' | ScramMechanism;
export const MECHANISMS: readonly Mechanism[] = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'];

/** 클라이언트가 붙는 리스너의 이름 (두 대상에서 같아, 아래 JAAS 설정의 키도 같습니다) */
export const SASL_LISTENER = 'SASL_PLAINTEXT';

/** 누가 어떤 방식으로 인증하는가 */
export interface SaslLogin {
  readonly user: User;
  readonly mechanism: Mechanism;
}

/** 대상을 띄운 쪽(스위트)이 쓰는 주체: 토픽을 만들고 ACL을 주는 super user */
export const ADMIN: SaslLogin = { user: 'admin', mechanism: 'PLAIN' };

export const principal = (user: User | '*') => `User:${user}`;

const plainUsers = Object.entries(PASSWORDS)
  .map(([user, password]) => `user_${user}="${password}"`)
  .join(' ');

/**
 * 참조 브로커와 Kafka 컨테이너에 똑같이 주는 보안 설정 (apache/kafka 이미지의 환경 변수 이름: `_`는 `.`, `__`는
 * `_`, `___`는 `-`). 리스너 목록만 대상마다 다릅니다 (주소와 컨트롤러 리스너).
 */
export const SECURITY_ENV: Readonly<Record<string, string>> = {
  KAFKA_SASL_ENABLED_MECHANISMS: MECHANISMS.join(','),
  // listener.name.sasl_plaintext.plain.sasl.jaas.config: PLAIN의 사용자와 비밀번호 (Kafka `PlainServerCallbackHandler`)
  KAFKA_LISTENER_NAME_SASL__PLAINTEXT_PLAIN_SASL_JAAS_CONFIG: `org.apache.kafka.common.security.plain.PlainLoginModule required ${plainUsers};`,
  // SCRAM은 로그인 모듈만: 자격 증명은 메타데이터에 있습니다 (Kafka는 방식마다 JAAS 항목이 있어야 리스너를 엽니다)
  KAFKA_LISTENER_NAME_SASL__PLAINTEXT_SCRAM___SHA___256_SASL_JAAS_CONFIG:
    'org.apache.kafka.common.security.scram.ScramLoginModule required;',
  KAFKA_LISTENER_NAME_SASL__PLAINTEXT_SCRAM___SHA___512_SASL_JAAS_CONFIG:
    'org.apache.kafka.common.security.scram.ScramLoginModule required;',
  KAFKA_AUTHORIZER_CLASS_NAME: 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
  // ANONYMOUS는 PLAINTEXT 리스너(브로커 사이, 컨트롤러)의 주체: 브로커 등록과 복제가 막히지 않게 (authorizer.md)
  KAFKA_SUPER_USERS: 'User:admin;User:ANONYMOUS',
  KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND: 'false',
  KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
};

/** kafkajs의 `sasl` 설정 */
export function kafkajsSasl(login: SaslLogin): SASLOptions {
  return {
    mechanism: login.mechanism.toLowerCase(),
    username: login.user,
    password: PASSWORDS[login.user],
  } as SASLOptions;
}

export interface AuthenticationResult {
  /** 마지막 SaslHandshake나 SaslAuthenticate 응답의 오류 이름 */
  readonly error: string;
  readonly message: string | null;
}

interface SaslAuthenticateResponse {
  errorCode: number;
  errorMessage: string | null;
  authBytes: Buffer;
}

/**
 * 날 클라이언트의 SASL 인증: SaslHandshake v1, 그다음 SaslAuthenticate v2 (PLAIN은 한 번, SCRAM은 두 번). 실패하면
 * 그 응답의 오류 이름과 문구를 돌려줍니다 (그 뒤 브로커는 연결을 닫습니다).
 */
export async function authenticate(
  client: RawClient,
  mechanism: Mechanism,
  user: string,
  password: string,
): Promise<AuthenticationResult> {
  // 답 없이 닫히면 기다리지 않고 실패합니다 (날 클라이언트는 닫힌 연결의 요청을 스스로 끝내지 않습니다)
  const closed = new Promise<never>((_, reject) => {
    client.onClose(() => reject(new Error(`${user}(${mechanism}) 인증 중에 브로커가 답 없이 연결을 닫았습니다`)));
  });
  closed.catch(() => {});
  const call = <T>(apiKey: number, version: number, body: unknown) =>
    Promise.race([client.send<T>(apiKey, version, body), closed]);
  const handshake = await call<{ errorCode: number }>(ApiKey.SaslHandshake, 1, { mechanism });
  if (handshake.errorCode !== ErrorCode.NONE) return { error: errorName(handshake.errorCode), message: null };
  const step = (authBytes: Buffer) => call<SaslAuthenticateResponse>(ApiKey.SaslAuthenticate, 2, { authBytes });
  const done = (r: SaslAuthenticateResponse) => ({ error: errorName(r.errorCode), message: r.errorMessage });

  if (mechanism === 'PLAIN') return done(await step(Buffer.from(`\0${user}\0${password}`, 'utf8')));

  // SCRAM (RFC 5802): client-first → server-first(r, s, i) → client-final(증명) → server-final(v)
  const formatter = new ScramFormatter(mechanism);
  const clientNonce = randomBytes(18).toString('base64');
  const clientFirstBare = `n=${user.replaceAll('=', '=3D').replaceAll(',', '=2C')},r=${clientNonce}`;
  const first = await step(Buffer.from(`n,,${clientFirstBare}`));
  if (first.errorCode !== ErrorCode.NONE) return done(first);
  const serverFirst = first.authBytes.toString('utf8');
  const fields = new Map(serverFirst.split(',').map((f) => [f.slice(0, 1), f.slice(2)]));
  const nonce = fields.get('r') ?? '';
  if (!nonce.startsWith(clientNonce)) throw new Error(`server-first의 nonce가 client nonce로 시작하지 않습니다`);
  const salted = formatter.saltedPassword(
    password,
    Buffer.from(fields.get('s') ?? '', 'base64'),
    Number(fields.get('i')),
  );
  const withoutProof = `c=biws,r=${nonce}`;
  const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
  const clientKey = formatter.hmac(salted, 'Client Key');
  const proof = xor(clientKey, formatter.hmac(formatter.hash(clientKey), authMessage));
  const final = await step(Buffer.from(`${withoutProof},p=${proof.toString('base64')}`));
  if (final.errorCode !== ErrorCode.NONE) return done(final);
  // 서버도 비밀번호에서 나온 키를 가졌음을 증명합니다 (ServerSignature)
  const expected = formatter.hmac(formatter.hmac(salted, 'Server Key'), authMessage).toString('base64');
  if (final.authBytes.toString('utf8') !== `v=${expected}`) throw new Error('server-final의 서명이 틀립니다');
  return done(final);
}

/** 정해 둔 비밀번호로 인증합니다. 실패하면 던집니다 (시나리오의 준비 단계) */
export async function logIn(client: RawClient, login: SaslLogin): Promise<void> {
  const result = await authenticate(client, login.mechanism, login.user, PASSWORDS[login.user]);
  if (result.error !== 'NONE') {
    throw new Error(`${login.user}(${login.mechanism}) 인증 실패: ${result.error} ${result.message ?? ''}`);
  }
}

/** SCRAM 반복 횟수: Kafka `ScramMechanism`의 하한 */
const ITERATIONS = 4096;

/**
 * admin의 날 연결로 모든 사용자의 SCRAM 자격 증명(SHA-256, SHA-512)을 만듭니다 (AlterUserScramCredentials v0, 비밀번호
 * 대신 salt와 SaltedPassword를 보냄). Kafka는 KRaft에서 SCRAM 사용자를 이렇게만 만듭니다
 * (`ControllerApis.handleAlterUserScramCredentials`).
 */
export async function createScramUsers(admin: RawClient): Promise<void> {
  const mechanisms = Object.keys(SCRAM_MECHANISMS) as ScramMechanism[];
  // 한 요청에 한 사용자는 한 번만 (Kafka `ScramControlManager.alterCredentials`: 두 번이면 DUPLICATE_RESOURCE): 방식마다 한 요청
  for (const mechanism of mechanisms) {
    const upsertions = Object.entries(PASSWORDS).map(([name, password]) => {
      const salt = randomBytes(16);
      const saltedPassword = new ScramFormatter(mechanism).saltedPassword(password, salt, ITERATIONS);
      return { name, mechanism: SCRAM_MECHANISMS[mechanism].type, iterations: ITERATIONS, salt, saltedPassword };
    });
    const altered = await admin.send<{ results: { user: string; errorCode: number }[] }>(
      ApiKey.AlterUserScramCredentials,
      0,
      { deletions: [], upsertions },
    );
    const failed = altered.results.filter((r) => r.errorCode !== ErrorCode.NONE);
    if (failed.length > 0) {
      const errors = failed.map((r) => `${r.user} ${errorName(r.errorCode)}`).join(', ');
      throw new Error(`AlterUserScramCredentials(${mechanism}): ${errors}`);
    }
  }
}

/**
 * 모든 사용자가 두 SCRAM 방식으로 인증할 수 있을 때까지 기다립니다 (최대 30초). AlterUserScramCredentials의 응답은
 * 컨트롤러가 레코드를 커밋했다는 뜻이고, 브로커가 그 레코드를 자기 자격 증명 캐시에 옮기는 것(Kafka `ScramPublisher`)은
 * 그 뒤입니다. 실패한 시도는 연결이 닫힐 뿐이므로 새 연결로 다시 해 봅니다.
 */
export async function untilScramUsersLogIn(host: string, port: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (const user of Object.keys(PASSWORDS) as User[]) {
    for (const mechanism of Object.keys(SCRAM_MECHANISMS) as ScramMechanism[]) {
      for (;;) {
        const client = await RawClient.connect(port, host);
        const { error } = await authenticate(client, mechanism, user, PASSWORDS[user]).finally(() => client.close());
        if (error === 'NONE') break;
        if (Date.now() > deadline) throw new Error(`${user}(${mechanism})가 30초 안에 인증되지 않았습니다: ${error}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
}

/** ACL 하나 (kafkajs의 모양). `host`는 언제나 `*`. */
export function acl(
  resourceType: AclResourceTypes,
  resourceName: string,
  resourcePatternType: ResourcePatternTypes,
  user: User | '*',
  operation: AclOperationTypes,
  permissionType = AclPermissionTypes.ALLOW,
): AclEntry {
  return {
    resourceType,
    resourceName,
    resourcePatternType,
    principal: principal(user),
    host: '*',
    operation,
    permissionType,
  };
}

/**
 * admin이 ACL을 만들고(CreateAcls), 이 브로커의 인가기가 그것을 모두 알 때까지 기다립니다: 두 대상 모두 DescribeAcls는
 * 브로커의 인가기가 가진 ACL로 답합니다 (Kafka `AclApis.handleDescribeAcls`). 시나리오가 끝나면 지웁니다
 * (같은 대상의 다음 시나리오에 남지 않게).
 */
export async function grant(ctx: ScenarioContext, ...entries: AclEntry[]): Promise<void> {
  const admin = await ctx.admin();
  const applied = async (entry: AclEntry) => {
    const { resources } = await admin.describeAcls(entry);
    return resources.some((r) => r.acls.length > 0);
  };
  await admin.createAcls({ acl: entries });
  // 지운 것이 인가기에서 사라질 때까지 기다립니다: 다음 시나리오의 결정(예: 어느 토픽에든 WRITE가 있는가)에 남지 않게
  ctx.defer(async () => {
    await admin.deleteAcls({ filters: entries });
    for (const entry of entries) {
      await ctx.waitFor(`ACL ${describeEntry(entry)}이 인가기에서 사라짐`, async () =>
        (await applied(entry)) ? undefined : true,
      );
    }
  });
  for (const entry of entries) {
    await ctx.waitFor(`ACL ${describeEntry(entry)}이 인가기에 닿음`, async () =>
      (await applied(entry)) ? true : undefined,
    );
  }
}

const describeEntry = (e: AclEntry) => `${e.principal} ${e.operation} ${e.resourceName}`;
