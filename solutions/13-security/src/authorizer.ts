// 13장 보안 — 해답
// 원본: reference/src/security/authorizer.ts (npm run course:sync가 이 파일을 만듭니다)
/**
 * 인가기(Authorizer, Kafka `StandardAuthorizer` + `StandardAuthorizerData.authorize`): 요청을 보낸 주체가 자원에 그
 * 작업을 해도 되는지 정합니다. 인증(SASL)이 "누구인가"를 밝히면, 인가는 "그 사람이 이것을 해도 되는가"를 답합니다.
 *
 * 결정 순서 (Kafka와 같습니다):
 *   1. `super.users`에 있는 주체면 허용합니다. ACL을 보지 않습니다.
 *   2. 자원에 걸리는 ACL을 모읍니다: 이름이 같은 LITERAL, 이름이 `*`인 LITERAL, 이름이 그것으로 시작하는 PREFIXED.
 *   3. 그 가운데 주체(`User:alice` 또는 `User:*`), 호스트(클라이언트 IP 또는 `*`), 작업이 맞는 것을 봅니다.
 *      - DENY가 하나라도 맞으면 거절합니다 (거절이 허용보다 먼저: deny before allow).
 *      - 아니고 ALLOW가 맞으면 허용합니다. ALLOW의 작업은 다른 작업을 품습니다: READ·WRITE·DELETE·ALTER는 DESCRIBE를,
 *        ALTER_CONFIGS는 DESCRIBE_CONFIGS를, ALL은 모든 작업을 (DENY는 품지 않습니다: DENY READ는 DESCRIBE를 막지 않음).
 *   4. 맞는 것이 없을 때: 자원에 걸린 ACL이 하나도 없었으면 `allow.everyone.if.no.acl.found`(기본 false)를 따르고,
 *      다른 주체를 위한 ACL이라도 있었으면 거절합니다.
 *
 * `authorizer.class.name`이 비어 있으면 인가기가 없습니다(`authorizerFrom`이 null): Kafka처럼 모든 요청이 허용되고,
 * ACL API는 SECURITY_DISABLED로 답합니다.
 *
 * 어떤 요청이 어떤 자원에 어떤 작업을 묻는지는 이 폴더의 `authorizer.md`에 표로 적었습니다.
 */

import {
  type Acl,
  type AclCache,
  AclOperation,
  AclPermissionType,
  PatternType,
  WILDCARD,
  WILDCARD_PRINCIPAL,
} from '../../../reference/src/security/acl.js';
import type { BrokerConfig } from '../../../reference/src/server/config.js';
import type { ConnectionInfo } from '../../../reference/src/server/connection.js';
import { ANONYMOUS } from '../../../reference/src/server/connection.js';

/** 이 브로커가 아는 인가기 (Kafka 4.0의 KRaft 인가기, ACL을 메타데이터 로그에 둡니다) */
export const STANDARD_AUTHORIZER = 'org.apache.kafka.metadata.authorizer.StandardAuthorizer';

/** ALLOW일 때 DESCRIBE를 품는 작업 (Kafka `IMPLIES_DESCRIBE`) */
const IMPLIES_DESCRIBE: ReadonlySet<number> = new Set([
  AclOperation.DESCRIBE,
  AclOperation.READ,
  AclOperation.WRITE,
  AclOperation.DELETE,
  AclOperation.ALTER,
]);
/** ALLOW일 때 DESCRIBE_CONFIGS를 품는 작업 (Kafka `IMPLIES_DESCRIBE_CONFIGS`) */
const IMPLIES_DESCRIBE_CONFIGS: ReadonlySet<number> = new Set([
  AclOperation.DESCRIBE_CONFIGS,
  AclOperation.ALTER_CONFIGS,
]);

/** 요청을 보낸 쪽: 주체와 클라이언트의 IP 주소 (Kafka `AuthorizableRequestContext`의 principal, clientAddress) */
export interface Session {
  readonly principal: string;
  readonly host: string;
}

export class StandardAuthorizer {
  constructor(
    private readonly acls: AclCache,
    private readonly superUsers: ReadonlySet<string>,
    private readonly allowEveryoneIfNoAclFound: boolean,
  ) {}

  /** `session`이 `resourceType`의 `resourceName`에 `operation`을 해도 되는지 */
  authorize(session: Session, operation: number, resourceType: number, resourceName: string): boolean {
    if (this.superUsers.has(session.principal)) return true;
    let foundResourceAcl = false;
    let allowed = false;
    for (const acl of this.acls.values()) {
      if (acl.resourceType !== resourceType || !patternCovers(acl, resourceName)) continue;
      foundResourceAcl = true;
      const result = aclResult(acl, session, operation);
      if (result === AclPermissionType.DENY) return false;
      if (result === AclPermissionType.ALLOW) allowed = true;
    }
    return allowed || (!foundResourceAcl && this.allowEveryoneIfNoAclFound);
  }

  /**
   * 이 종류의 자원 가운데 이 작업이 허락되는 것이 하나라도 있는지 (Kafka `Authorizer.authorizeByResourceType`의 기본
   * 구현): 주체에게 맞는 ALLOW 패턴 가운데 같은 주체의 DENY(`*`, 같은 패턴, 그것을 덮는 PREFIXED)에 막히지 않은 것이
   * 있으면 허용합니다. ACL이 하나도 없으면 `allow.everyone.if.no.acl.found`를 따릅니다.
   */
  authorizeByResourceType(session: Session, operation: number, resourceType: number): boolean {
    if (this.superUsers.has(session.principal)) return true;
    const matching = [...this.acls.values()].filter(
      (acl) => acl.resourceType === resourceType && aclResult(acl, session, operation) !== null,
    );
    const denies = matching.filter((acl) => acl.permissionType === AclPermissionType.DENY);
    const deniedBy = (allow: Acl) =>
      denies.some(
        (deny) =>
          (deny.patternType === PatternType.LITERAL && deny.resourceName === WILDCARD) ||
          (deny.patternType === allow.patternType && deny.resourceName === allow.resourceName) ||
          (deny.patternType === PatternType.PREFIXED && allow.resourceName.startsWith(deny.resourceName)),
      );
    if (matching.some((acl) => acl.permissionType === AclPermissionType.ALLOW && !deniedBy(acl))) return true;
    const anyOfType = [...this.acls.values()].some((acl) => acl.resourceType === resourceType);
    return !anyOfType && this.allowEveryoneIfNoAclFound;
  }
}

/** ACL의 자원 패턴이 이 이름의 자원에 걸리는지 (Kafka `StandardAuthorizerData`가 LITERAL·와일드카드·PREFIXED를 찾는 세 길) */
export function patternCovers(acl: Acl, resourceName: string): boolean {
  if (acl.patternType === PatternType.PREFIXED) return resourceName.startsWith(acl.resourceName);
  return acl.resourceName === resourceName || acl.resourceName === WILDCARD;
}

/**
 * 자원에 걸린 ACL 하나가 이 요청에 무엇을 말하는지 (Kafka `StandardAuthorizerData.findResult`): 주체·호스트·작업이 맞으면
 * ALLOW나 DENY, 아니면 null.
 */
export function aclResult(acl: Acl, session: Session, operation: number): number | null {
  if (acl.principal !== session.principal && acl.principal !== WILDCARD_PRINCIPAL) return null;
  if (acl.host !== WILDCARD && acl.host !== session.host) return null;
  if (acl.operation !== AclOperation.ALL) {
    if (acl.permissionType === AclPermissionType.ALLOW) {
      if (operation === AclOperation.DESCRIBE) {
        if (!IMPLIES_DESCRIBE.has(acl.operation)) return null;
      } else if (operation === AclOperation.DESCRIBE_CONFIGS) {
        if (!IMPLIES_DESCRIBE_CONFIGS.has(acl.operation)) return null;
      } else if (operation !== acl.operation) {
        return null;
      }
    } else if (operation !== acl.operation) {
      return null;
    }
  }
  return acl.permissionType;
}

/**
 * 설정에서 인가기를 만듭니다. `authorizer.class.name`이 비었으면 null(인가기 없음), 모르는 클래스면 시작하지 않습니다.
 * `super.users`는 Kafka처럼 세미콜론으로 나눕니다 (주체 이름에 쉼표가 들어갈 수 있어서).
 */
export function authorizerFrom(config: BrokerConfig, acls: AclCache): StandardAuthorizer | null {
  const className = (config.get('authorizer.class.name') ?? '').trim();
  if (className === '') return null;
  if (className !== STANDARD_AUTHORIZER) {
    throw new Error(`authorizer.class.name=${className}: 이 브로커의 인가기는 ${STANDARD_AUTHORIZER}뿐입니다`);
  }
  const superUsers = new Set(
    (config.get('super.users') ?? '')
      .split(';')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );
  return new StandardAuthorizer(acls, superUsers, config.bool('allow.everyone.if.no.acl.found'));
}

/**
 * 연결의 주체와 IP 주소. 주체를 적지 않은 연결(시뮬레이터)은 ANONYMOUS입니다. `remote`는 `주소:포트`이고, IPv4를 받는
 * IPv6 소켓의 `::ffff:127.0.0.1`은 Kafka(`InetAddress.getHostAddress`)처럼 `127.0.0.1`로 적습니다.
 */
export function sessionOf(connection: ConnectionInfo): Session {
  const colon = connection.remote.lastIndexOf(':');
  const address = colon < 0 ? connection.remote : connection.remote.slice(0, colon);
  return {
    principal: connection.principal ?? ANONYMOUS,
    host: address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address,
  };
}
