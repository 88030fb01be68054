/**
 * 핸들러가 권한을 묻는 곳 (Kafka `AuthHelper`). 인가기가 없으면(`authorizer.class.name`이 빔) 모두 허용합니다.
 * 어느 요청이 무엇을 묻는지는 `../security/authorizer.md`의 표에 있습니다.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import { CLUSTER_NAME, ResourceType } from '../security/acl.js';
import { sessionOf } from '../security/authorizer.js';
import type { RequestContext } from './api.js';

/** 이 요청의 주체가 자원에 작업을 해도 되는지 (Kafka `AuthHelper.authorize`). 이름이 없으면 클러스터 자원입니다. */
export function authorize(
  ctx: RequestContext,
  operation: number,
  resourceType: number = ResourceType.CLUSTER,
  resourceName: string = CLUSTER_NAME,
): boolean {
  const { authorizer } = ctx.broker;
  return authorizer === null || authorizer.authorize(sessionOf(ctx.connection), operation, resourceType, resourceName);
}

/** 이름들 가운데 허락된 것 (Kafka `AuthHelper.filterByAuthorized`): 같은 이름은 한 번만 묻습니다. */
export function filterByAuthorized(
  ctx: RequestContext,
  operation: number,
  resourceType: number,
  names: Iterable<string>,
): Set<string> {
  const allowed = new Set<string>();
  for (const name of new Set(names)) if (authorize(ctx, operation, resourceType, name)) allowed.add(name);
  return allowed;
}

/**
 * 이 종류의 자원 가운데 하나라도 작업이 허락될 수 있는지 (Kafka `Authorizer.authorizeByResourceType`): InitProducerId가
 * 멱등 프로듀서에게 "어느 토픽에든 WRITE"를 물을 때 씁니다.
 */
export function authorizeByResourceType(ctx: RequestContext, operation: number, resourceType: number): boolean {
  const { authorizer } = ctx.broker;
  return authorizer === null || authorizer.authorizeByResourceType(sessionOf(ctx.connection), operation, resourceType);
}

/** 설정 자원의 종류 (Kafka `ConfigResource.Type`): TOPIC 2, BROKER 4, BROKER_LOGGER 8 */
const CONFIG_TOPIC = 2;
const CONFIG_BROKER = 4;
const CONFIG_BROKER_LOGGER = 8;

/**
 * 설정 자원 하나에 DESCRIBE_CONFIGS/ALTER_CONFIGS를 해도 되는지 (Kafka `ConfigHelper.describeConfigs`,
 * `KafkaApis.authorizeAlterResource`). 허락되면 null, 아니면 답할 오류 코드: 브로커 자원은 클러스터에 묻고
 * CLUSTER_AUTHORIZATION_FAILED, 토픽은 그 토픽에 묻고 TOPIC_AUTHORIZATION_FAILED입니다.
 */
export function configResourceDenial(
  ctx: RequestContext,
  operation: number,
  configResourceType: number,
  resourceName: string,
): number | null {
  if (configResourceType === CONFIG_BROKER || configResourceType === CONFIG_BROKER_LOGGER) {
    return authorize(ctx, operation) ? null : ErrorCode.CLUSTER_AUTHORIZATION_FAILED;
  }
  if (configResourceType === CONFIG_TOPIC) {
    return authorize(ctx, operation, ResourceType.TOPIC, resourceName) ? null : ErrorCode.TOPIC_AUTHORIZATION_FAILED;
  }
  return null;
}
