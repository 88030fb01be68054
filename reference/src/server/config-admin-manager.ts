/**
 * 설정을 바꾸는 요청(AlterConfigs, IncrementalAlterConfigs)을 받은 브로커가 컨트롤러에 넘기기 전에 하는 검사
 * (Kafka: `ConfigAdminManager.preprocess`). 여기서 걸린 자원은 이 오류로 답하고, 통과한 자원만 컨트롤러가
 * 판단해 메타데이터 로그에 적습니다 (metadata/config-control.ts). 검사 순서:
 *
 *   1. 같은 자원이 요청에 두 번                  → 둘 다 INVALID_REQUEST "Each resource must appear at most once."
 *   2. 한 자원 안에 같은 설정 이름이 두 번        → INVALID_REQUEST "Error due to duplicate config keys"
 *   3. 값이 null (IncrementalAlterConfigs는 DELETE만 null을 허락) → INVALID_REQUEST "Null value not supported for : …"
 *      연산 번호가 0~3이 아님 → INVALID_REQUEST "Unknown operations type N" (Kafka는 브로커 자원에서만 이렇게 답하고,
 *      토픽 자원에서는 컨트롤러가 null 연산에 걸려 UNKNOWN_SERVER_ERROR를 냅니다. 여기서는 둘 다 이렇게 답합니다)
 *   4. 자원 종류
 *        TOPIC   → 컨트롤러로
 *        BROKER  → 이름이 ''(클러스터 기본값)이거나 이 브로커의 ID여야 하고(INVALID_REQUEST), 바뀐 뒤의 동적 설정을
 *                  DynamicBrokerConfig가 검사합니다 (동적이 아닌 설정, 읽을 수 없는 값 → INVALID_REQUEST)
 *        그 밖    → INVALID_REQUEST
 *
 * 구현하지 않은 자원: BROKER_LOGGER(8, 실행 중에 log4j 수준 바꾸기), CLIENT_METRICS(16), GROUP(32). Kafka는
 * IncrementalAlterConfigs로 이것들을 바꿀 수 있지만, 이 브로커는 "구현하지 않았다"는 INVALID_REQUEST로 답합니다.
 */
import { appendOrSubtract, type ConfigOp, type ConfigResource, OpType } from '../metadata/config-control.js';
import type { ConfigOutcome } from '../metadata/controller.js';
import { ErrorCode, KafkaError } from '../protocol/error-codes.js';
import { brokerConfigDef, CLUSTER_DEFAULT, type DynamicBrokerConfig } from './dynamic-broker-config.js';

/** 설정 자원의 종류 (Kafka: `ConfigResource.Type`) */
export const ResourceType = { TOPIC: 2, BROKER: 4, BROKER_LOGGER: 8, CLIENT_METRICS: 16, GROUP: 32 } as const;
const UNIMPLEMENTED_TYPES = new Map<number, string>([
  [ResourceType.BROKER_LOGGER, 'BROKER_LOGGER'],
  [ResourceType.CLIENT_METRICS, 'CLIENT_METRICS'],
  [ResourceType.GROUP, 'GROUP'],
]);

export interface ApiError {
  readonly errorCode: number;
  readonly errorMessage: string | null;
}

interface RequestResource<C> {
  readonly resourceType: number;
  readonly resourceName: string;
  readonly configs: readonly C[];
}

/** 검사를 통과해 컨트롤러로 넘길 자원, 또는 여기서 답할 오류. 요청의 자원 순서와 같습니다. */
export type Preprocessed<C> =
  | { readonly resource: ConfigResource; readonly configs: readonly C[] }
  | { readonly error: ApiError };

type IncrementalConfig = { readonly name: string; readonly configOperation: number; readonly value: string | null };
type LegacyConfig = { readonly name: string; readonly value: string | null };

export class ConfigAdminManager {
  constructor(private readonly dynamicConfig: DynamicBrokerConfig) {}

  /** IncrementalAlterConfigs의 검사 */
  preprocessIncremental(resources: readonly RequestResource<IncrementalConfig>[]): Preprocessed<ConfigOp>[] {
    return this.#preprocess(resources, {
      nullAllowed: (c) => c.configOperation === OpType.DELETE,
      legacy: false,
      toChange: (configs) => {
        const unknownOp = configs.find((c) => c.configOperation < OpType.SET || c.configOperation > OpType.SUBTRACT);
        if (unknownOp) throw invalidRequest(`Unknown operations type ${unknownOp.configOperation}`);
        return configs.map((c) => ({ name: c.name, op: c.configOperation, value: c.value }));
      },
      brokerPropsAfter: (current, ops) => applyIncremental(current, ops),
    });
  }

  /** AlterConfigs의 검사 */
  preprocessLegacy(
    resources: readonly RequestResource<LegacyConfig>[],
  ): Preprocessed<{ readonly name: string; readonly value: string }>[] {
    return this.#preprocess(resources, {
      nullAllowed: () => false,
      legacy: true,
      toChange: (configs) => configs.map((c) => ({ name: c.name, value: c.value as string })),
      // 낡은 API는 요청의 설정이 곧 그 자원의 동적 설정 전부입니다.
      brokerPropsAfter: (_current, configs) => new Map(configs.map((c) => [c.name, c.value])),
    });
  }

  #preprocess<C extends LegacyConfig, Change>(
    resources: readonly RequestResource<C>[],
    rules: {
      nullAllowed: (config: C) => boolean;
      legacy: boolean;
      toChange: (configs: readonly C[]) => Change[];
      brokerPropsAfter: (current: ReadonlyMap<string, string>, changes: Change[]) => Map<string, string>;
    },
  ): Preprocessed<Change>[] {
    const id = (r: RequestResource<C>) => `${r.resourceType}:${r.resourceName}`;
    const count = new Map<string, number>();
    for (const r of resources) count.set(id(r), (count.get(id(r)) ?? 0) + 1);
    return resources.map((r) => {
      if ((count.get(id(r)) ?? 0) > 1) {
        return {
          error: { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'Each resource must appear at most once.' },
        };
      }
      try {
        const names = r.configs.map((c) => c.name);
        if (new Set(names).size !== names.length) throw invalidRequest('Error due to duplicate config keys');
        const nulls = r.configs.filter((c) => c.value === null && !rules.nullAllowed(c)).map((c) => c.name);
        if (nulls.length > 0) throw invalidRequest(`Null value not supported for : ${nulls.join(', ')}`);
        const changes = rules.toChange(r.configs);
        if (r.resourceType === ResourceType.TOPIC)
          return { resource: { type: 'topic', name: r.resourceName }, configs: changes };
        if (r.resourceType === ResourceType.BROKER) {
          const resource: ConfigResource = { type: 'broker', name: r.resourceName };
          if (resource.name !== CLUSTER_DEFAULT) this.#requireThisNode(resource.name);
          const current = this.#persisted(resource.name);
          this.dynamicConfig.validate(rules.brokerPropsAfter(current, changes));
          return { resource, configs: changes };
        }
        // 낡은 API에는 BROKER_LOGGER가 없으므로 Kafka처럼 모르는 종류로 답합니다 ("Unknown resource type 8").
        const legacyLogger = rules.legacy && r.resourceType === ResourceType.BROKER_LOGGER;
        const unimplemented = legacyLogger ? undefined : UNIMPLEMENTED_TYPES.get(r.resourceType);
        if (unimplemented) throw invalidRequest(`Resource type ${unimplemented} is not implemented by this broker`);
        throw invalidRequest(`Unknown resource type ${r.resourceType}`);
      } catch (error) {
        if (error instanceof KafkaError) return { error: { errorCode: error.code, errorMessage: error.message } };
        throw error;
      }
    });
  }

  /** Kafka: `validateResourceNameIsCurrentNodeId` */
  #requireThisNode(name: string): void {
    const nodeId = this.dynamicConfig.staticConfig.nodeId;
    if (!/^[+-]?\d+$/.test(name)) throw invalidRequest(`Node id must be an integer, but it is: ${name}`);
    if (Number(name) !== nodeId) throw invalidRequest(`Unexpected broker id, expected ${nodeId}, but received ${name}`);
  }

  /** 이 브로커 자원의 지금 동적 설정 */
  #persisted(name: string): ReadonlyMap<string, string> {
    return name === CLUSTER_DEFAULT ? this.dynamicConfig.defaultConfigs() : this.dynamicConfig.perBrokerConfigs();
  }
}

/**
 * 두 API의 공통 순서: 검사를 통과한 자원만 컨트롤러에 넘기고(`alter`), 요청의 자원 순서대로 답을 모읍니다
 * (Kafka: `ConfigAdminManager.reassembleIncrementalResponse`/`reassembleLegacyResponse`).
 */
export async function reassembleResponses<C>(
  resources: readonly { readonly resourceType: number; readonly resourceName: string }[],
  preprocessed: readonly Preprocessed<C>[],
  alter: (changes: Exclude<Preprocessed<C>, { error: unknown }>[]) => Promise<ConfigOutcome[]>,
): Promise<{ errorCode: number; errorMessage: string | null; resourceType: number; resourceName: string }[]> {
  const forwarded = preprocessed.filter((p): p is Exclude<Preprocessed<C>, { error: unknown }> => !('error' in p));
  const outcomes = await alter(forwarded);
  return resources.map((r, i) => {
    const p = preprocessed[i] as Preprocessed<C>;
    const outcome = 'error' in p ? p.error : outcomes[forwarded.indexOf(p)];
    return {
      resourceType: r.resourceType,
      resourceName: r.resourceName,
      errorCode: outcome?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR,
      errorMessage: outcome?.errorMessage ?? null,
    };
  });
}

/** 검사를 통과한 자원만: 컨트롤러에게 넘길 요청의 자원 (Kafka `ConfigAdminManager.copyWithoutPreprocessed`) */
export function withoutPreprocessed<R>(resources: readonly R[], preprocessed: readonly Preprocessed<unknown>[]): R[] {
  return resources.filter((_, i) => {
    const p = preprocessed[i];
    return p !== undefined && !('error' in p);
  });
}

/**
 * 넘긴 요청의 답을 자원마다의 결과로 (답의 자원은 넘긴 순서대로입니다). 답을 받지 못했으면 모두 REQUEST_TIMED_OUT.
 */
export function forwardedOutcomes(
  changes: readonly { readonly resource: ConfigResource }[],
  response: { readonly responses: readonly { errorCode: number; errorMessage: string | null }[] } | null,
): ConfigOutcome[] {
  return changes.map(({ resource }, i) => {
    const answer = response?.responses[i];
    return answer
      ? { resource, errorCode: answer.errorCode, errorMessage: answer.errorMessage }
      : { resource, errorCode: ErrorCode.REQUEST_TIMED_OUT, errorMessage: '활성 컨트롤러에게서 답을 받지 못했습니다' };
  });
}

/**
 * 컨트롤러가 받은 자원의 종류와 이름 (Kafka `ControllerApis`가 `ConfigResource`로 바꾸는 것): 토픽과 브로커만
 * 판단합니다. 나머지 종류는 브로커의 검사에서 이미 걸러지지만, 컨트롤러 리스너로 곧바로 온 요청에는 INVALID_REQUEST.
 */
export function configResourceOf(resourceType: number, resourceName: string): ConfigResource | null {
  if (resourceType === ResourceType.TOPIC) return { type: 'topic', name: resourceName };
  if (resourceType === ResourceType.BROKER) return { type: 'broker', name: resourceName };
  return null;
}

function invalidRequest(message: string): KafkaError {
  return new KafkaError(ErrorCode.INVALID_REQUEST, message);
}

/**
 * 브로커 자원에 연산을 적용한 뒤의 동적 설정 (Kafka: `ConfigAdminManager.prepareIncrementalConfigs`). APPEND/SUBTRACT는
 * 목록 타입에만: 아니면 INVALID_CONFIG "Config value append is not allowed for config key: …".
 */
function applyIncremental(current: ReadonlyMap<string, string>, ops: readonly ConfigOp[]): Map<string, string> {
  const props = new Map(current);
  for (const { name, op, value } of ops) {
    if (op === OpType.SET) props.set(name, value as string);
    else if (op === OpType.DELETE) props.delete(name);
    else {
      const def = brokerConfigDef(name);
      const verb = op === OpType.APPEND ? 'append' : 'subtract';
      // Kafka는 정의에 없는 이름에서 이 검사가 예외로 빠져 UNKNOWN_SERVER_ERROR가 되지만, 뜻한 답은 이것입니다.
      if (!def) throw new KafkaError(ErrorCode.INVALID_CONFIG, `Unknown config name: ${name}`);
      if (def.type !== 'list') {
        throw new KafkaError(ErrorCode.INVALID_CONFIG, `Config value ${verb} is not allowed for config key: ${name}`);
      }
      props.set(name, appendOrSubtract(props.get(name) ?? def.default, op, value ?? ''));
    }
  }
  return props;
}
