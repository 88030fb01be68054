/**
 * ACL(Access Control List) 하나와 그 필터 (Kafka `AclBinding`, `AclBindingFilter`, `StandardAcl`).
 *
 * ACL 하나는 "누가(principal) 어디서(host) 무엇에(자원 패턴) 무엇을(operation) 할 수 있다/없다(permission)"입니다.
 *
 *   자원 패턴 = 자원 종류(TOPIC, GROUP, CLUSTER, TRANSACTIONAL_ID…) + 이름 + 패턴 종류
 *     - LITERAL: 이름이 똑같은 자원. 이름이 `*`이면 그 종류의 모든 자원(와일드카드)
 *     - PREFIXED: 이름이 이것으로 시작하는 모든 자원 (`orders-`는 `orders-eu`, `orders-us`…)
 *   주체 = `User:alice`처럼 `종류:이름`. `User:*`는 모든 사용자
 *   호스트 = 클라이언트의 IP 주소, `*`는 어디서든
 *
 * 숫자는 Kafka의 열거형과 같습니다: 요청(CreateAcls…)과 메타데이터 레코드에 이 숫자가 그대로 적힙니다.
 * 필터(DescribeAcls, DeleteAcls)는 자리마다 ANY(무엇이든)를 쓸 수 있고, 패턴 종류에는 MATCH(이 이름의 자원에 걸리는
 * 모든 ACL: 같은 이름의 LITERAL, `*`, 이름이 그것으로 시작하는 PREFIXED)도 있습니다.
 */
import type { AccessControlEntryRecord, MetadataRecord, RemoveAccessControlEntryRecord } from '../metadata/records.js';

/** Kafka `ResourceType` */
export const ResourceType = {
  UNKNOWN: 0,
  ANY: 1,
  TOPIC: 2,
  GROUP: 3,
  CLUSTER: 4,
  TRANSACTIONAL_ID: 5,
  DELEGATION_TOKEN: 6,
  USER: 7,
} as const;

/** Kafka `PatternType` */
export const PatternType = { UNKNOWN: 0, ANY: 1, MATCH: 2, LITERAL: 3, PREFIXED: 4 } as const;

/** Kafka `AclOperation` */
export const AclOperation = {
  UNKNOWN: 0,
  ANY: 1,
  ALL: 2,
  READ: 3,
  WRITE: 4,
  CREATE: 5,
  DELETE: 6,
  ALTER: 7,
  DESCRIBE: 8,
  CLUSTER_ACTION: 9,
  DESCRIBE_CONFIGS: 10,
  ALTER_CONFIGS: 11,
  IDEMPOTENT_WRITE: 12,
  CREATE_TOKENS: 13,
  DESCRIBE_TOKENS: 14,
} as const;

/** Kafka `AclPermissionType` */
export const AclPermissionType = { UNKNOWN: 0, ANY: 1, DENY: 2, ALLOW: 3 } as const;

/** 클러스터 자원의 하나뿐인 이름 (Kafka `Resource.CLUSTER_NAME`) */
export const CLUSTER_NAME = 'kafka-cluster';
/** 모든 자원, 모든 주체(`User:*`의 이름 부분), 모든 호스트 (Kafka `ResourcePattern.WILDCARD_RESOURCE`, `AclEntry.WILDCARD_HOST`) */
export const WILDCARD = '*';
export const WILDCARD_PRINCIPAL = 'User:*';

export interface Acl {
  readonly resourceType: number;
  readonly resourceName: string;
  readonly patternType: number;
  readonly principal: string;
  readonly host: string;
  readonly operation: number;
  readonly permissionType: number;
}

/** 필터: null인 문자열 자리와 ANY인 숫자 자리는 무엇이든 맞습니다 */
export interface AclFilter {
  readonly resourceType: number;
  readonly resourceName: string | null;
  readonly patternType: number;
  readonly principal: string | null;
  readonly host: string | null;
  readonly operation: number;
  readonly permissionType: number;
}

/** 두 ACL이 같은지 (CreateAcls가 이미 있는 ACL을 다시 적지 않으려고 Kafka `existingAcls`처럼 비교합니다) */
export function sameAcl(a: Acl, b: Acl): boolean {
  return (
    a.resourceType === b.resourceType &&
    a.resourceName === b.resourceName &&
    a.patternType === b.patternType &&
    a.principal === b.principal &&
    a.host === b.host &&
    a.operation === b.operation &&
    a.permissionType === b.permissionType
  );
}

/**
 * 필터에 알 수 없는 값이 있는지 (Kafka `AclBindingFilter.isUnknown`): 이런 필터는 아무것에도 맞출 수 없으니
 * INVALID_REQUEST입니다.
 */
export function filterIsUnknown(filter: AclFilter): boolean {
  return (
    filter.resourceType === ResourceType.UNKNOWN ||
    filter.patternType === PatternType.UNKNOWN ||
    filter.operation === AclOperation.UNKNOWN ||
    filter.permissionType === AclPermissionType.UNKNOWN ||
    !Object.values(ResourceType).includes(filter.resourceType as never) ||
    !Object.values(PatternType).includes(filter.patternType as never) ||
    !Object.values(AclOperation).includes(filter.operation as never) ||
    !Object.values(AclPermissionType).includes(filter.permissionType as never)
  );
}

/** 필터가 ACL에 맞는지 (Kafka `ResourcePatternFilter.matches` + `AccessControlEntryFilter.matches`) */
export function filterMatches(filter: AclFilter, acl: Acl): boolean {
  if (filter.resourceType !== ResourceType.ANY && filter.resourceType !== acl.resourceType) return false;
  if (!patternMatches(filter, acl)) return false;
  if (filter.principal !== null && filter.principal !== acl.principal) return false;
  if (filter.host !== null && filter.host !== acl.host) return false;
  if (filter.operation !== AclOperation.ANY && filter.operation !== acl.operation) return false;
  return filter.permissionType === AclPermissionType.ANY || filter.permissionType === acl.permissionType;
}

function patternMatches(filter: AclFilter, acl: Acl): boolean {
  if (filter.patternType === PatternType.MATCH) {
    // 이 이름의 자원에 실제로 걸리는 ACL (Kafka `ResourcePatternFilter.matchesAtMostOne`이 아닌 쪽의 MATCH)
    if (filter.resourceName === null) return true;
    if (acl.patternType === PatternType.LITERAL) {
      return acl.resourceName === filter.resourceName || acl.resourceName === WILDCARD;
    }
    return acl.patternType === PatternType.PREFIXED && filter.resourceName.startsWith(acl.resourceName);
  }
  if (filter.patternType !== PatternType.ANY && filter.patternType !== acl.patternType) return false;
  return filter.resourceName === null || filter.resourceName === acl.resourceName;
}

/** `종류:이름` 모양의 주체인지 (Kafka `SecurityUtils.parseKafkaPrincipal`: 콜론이 없거나 한쪽이 비면 오류) */
export function isValidPrincipal(principal: string): boolean {
  const colon = principal.indexOf(':');
  return colon > 0 && colon < principal.length - 1;
}

/**
 * 새 ACL을 받을 수 있는지 (Kafka `AclApis.handleCreateAcls`와 `AclControlManager.validateNewAcl`). 받을 수 없으면 그
 * 까닭을, 받을 수 있으면 null을 돌려줍니다. 모두 INVALID_REQUEST로 답합니다.
 */
export function invalidAclReason(acl: Acl): string | null {
  const known = (values: Record<string, number>, value: number) => Object.values(values).includes(value);
  if (
    !known(ResourceType, acl.resourceType) ||
    acl.resourceType === ResourceType.UNKNOWN ||
    acl.resourceType === ResourceType.ANY
  ) {
    return `Invalid resourceType ${acl.resourceType}`;
  }
  if (acl.patternType !== PatternType.LITERAL && acl.patternType !== PatternType.PREFIXED) {
    return `Invalid patternType ${acl.patternType}`;
  }
  if (
    !known(AclOperation, acl.operation) ||
    acl.operation === AclOperation.UNKNOWN ||
    acl.operation === AclOperation.ANY
  ) {
    return `Invalid operation ${acl.operation}`;
  }
  if (acl.permissionType !== AclPermissionType.ALLOW && acl.permissionType !== AclPermissionType.DENY) {
    return `Invalid permissionType ${acl.permissionType}`;
  }
  if (acl.resourceType === ResourceType.CLUSTER && acl.resourceName !== CLUSTER_NAME) {
    return `The only valid name for the CLUSTER resource is ${CLUSTER_NAME}`;
  }
  if (acl.resourceName === '') return 'Invalid empty resource name';
  if (!isValidPrincipal(acl.principal)) return `Could not parse principal from \`${acl.principal}\``;
  return null;
}

/**
 * ACL의 모음: ID → ACL (Kafka `AclControlManager.idToAcl`, 브로커의 `AclCache`). 컨트롤러(`AclControlManager`)와
 * 브로커의 메타데이터 이미지가 같은 레코드를 같은 방법으로 재생합니다.
 */
export class AclCache {
  readonly #byId = new Map<string, Acl>();

  get size(): number {
    return this.#byId.size;
  }

  values(): Iterable<Acl> {
    return this.#byId.values();
  }

  entries(): Iterable<[string, Acl]> {
    return this.#byId.entries();
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /** 이미 같은 ACL이 있는지 */
  contains(acl: Acl): boolean {
    for (const existing of this.#byId.values()) if (sameAcl(existing, acl)) return true;
    return false;
  }

  clear(): void {
    this.#byId.clear();
  }

  copyInto(target: AclCache): void {
    for (const [id, acl] of this.#byId) target.#byId.set(id, acl);
  }

  replay(record: AccessControlEntryRecord | RemoveAccessControlEntryRecord): void {
    if (record.type === 'AccessControlEntryRecord') {
      const { type: _, id, ...acl } = record;
      this.#byId.set(id, acl);
      return;
    }
    // Kafka `AclControlManager.replay(RemoveAccessControlEntryRecord)`: 없는 ID를 지우는 레코드는 로그가 어긋났다는 뜻입니다.
    if (!this.#byId.delete(record.id)) throw new Error(`지울 ACL ${record.id}가 없습니다`);
  }

  toRecords(): MetadataRecord[] {
    return [...this.#byId].map(([id, acl]) => ({ type: 'AccessControlEntryRecord', id, ...acl }));
  }
}
