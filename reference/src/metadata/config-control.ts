/**
 * 동적 설정을 바꾸는 컨트롤러의 판단. Kafka의 `ConfigurationControlManager`(무엇을 적을지)와
 * `ControllerConfigurationValidator`(적어도 되는지)에 해당합니다.
 *
 * topic-control.ts처럼 입출력이 없습니다: 지금의 메타데이터와 바꿀 내용을 받아, 통과하면 메타데이터 로그에 적을
 * ConfigRecord들을, 아니면 Kafka 오류 코드와 문장을 돌려줍니다. 자원 하나의 설정은 모두 통과하거나 하나도 바뀌지
 * 않습니다. 검사 순서 (Kafka의 `incrementalAlterConfigResource` → `validateAlterConfig`):
 *
 *   1. 연산마다 새 값을 계산   APPEND/SUBTRACT를 목록(LIST)이 아닌 설정에 → INVALID_CONFIG
 *   2. 바뀐 뒤의 설정 전체를 검사 (토픽만: Kafka의 `LogConfig.validate`)
 *        토픽 이름이 비었음 → INVALID_REQUEST, 쓸 수 없는 이름 → INVALID_TOPIC_EXCEPTION
 *        모르는 설정 이름, 읽을 수 없는 값, 범위 밖의 값 → INVALID_CONFIG
 *   3. 자원이 있는지        없는 토픽 → UNKNOWN_TOPIC_OR_PARTITION (토픽을 만드는 중이면 건너뜀)
 *
 * 브로커 자원은 요청을 받은 브로커가 이미 검사했으므로(server/config-admin-manager.ts) 여기서는 더 보지 않습니다
 * (Kafka의 컨트롤러도 브로커 자원은 ID 모양만 다시 봅니다). 값이 같아도 브로커 설정은 레코드를 적습니다:
 * 브로커들이 설정을 다시 읽게 하려는 것입니다 (KAFKA-14136).
 */
import { ErrorCode } from '../protocol/error-codes.js';
import { err, ok } from '../result.js';
import { brokerConfigDefs, topicConfigDefs, UNIMPLEMENTED_TOPIC_CONFIGS } from '../server/config-defs.js';
import { ConfigException, parseConfigValue } from '../server/config-values.js';
import type { ConfigRecord } from './records.js';
import { type ControlResult, topicNameProblem } from './topic-control.js';

/** 설정 판단이 읽는 컨트롤러의 상태 (Kafka: ConfigurationControlManager의 configData) */
export interface ConfigView {
  /** 토픽이 따로 정한 설정. 토픽이 없으면 undefined */
  topicConfigs(topic: string): ReadonlyMap<string, string> | undefined;
  /** 동적 브로커 설정. `resourceName`이 `''`이면 클러스터 기본값, 브로커 ID면 그 브로커의 값 */
  brokerConfigs(resourceName: string): ReadonlyMap<string, string>;
}

export interface ConfigResource {
  readonly type: ConfigRecord['resourceType'];
  /** 토픽 이름, 또는 브로커 ID(`'1'`), 클러스터 기본값이면 `''` */
  readonly name: string;
}

/** IncrementalAlterConfigs의 연산 (Kafka: `AlterConfigOp.OpType`) */
export const OpType = { SET: 0, DELETE: 1, APPEND: 2, SUBTRACT: 3 } as const;
const opNames = ['SET', 'DELETE', 'APPEND', 'SUBTRACT'];

export interface ConfigOp {
  readonly name: string;
  readonly op: number;
  /** DELETE에서는 쓰지 않습니다 */
  readonly value: string | null;
}

const fail = (errorCode: number, message: string): ControlResult => err(errorCode, message);

/** 자원 종류마다의 설정 정의: 목록 타입인지, Kafka의 기본값 (Kafka: `KafkaConfigSchema`) */
const schemas = {
  topic: new Map(topicConfigDefs.map((d) => [d.name, d])),
  broker: new Map(brokerConfigDefs.map((d) => [d.name, d])),
};

function currentConfigs(view: ConfigView, resource: ConfigResource): ReadonlyMap<string, string> {
  return resource.type === 'topic'
    ? (view.topicConfigs(resource.name) ?? new Map())
    : view.brokerConfigs(resource.name);
}

/**
 * IncrementalAlterConfigs의 자원 하나: 적힌 설정만 바꿉니다 (Kafka: `incrementalAlterConfigResource`).
 * CreateTopics의 토픽 설정도 이 길로 옵니다 (`newlyCreated`: 아직 없는 토픽이라 3번을 건너뜁니다).
 */
export function incrementalAlterConfig(
  view: ConfigView,
  resource: ConfigResource,
  ops: readonly ConfigOp[],
  newlyCreated = false,
): ControlResult {
  const current = currentConfigs(view, resource);
  const records: ConfigRecord[] = [];
  for (const { name, op, value } of ops) {
    const currentValue = current.get(name) ?? null;
    let newValue: string | null;
    if (op === OpType.SET) newValue = value;
    else if (op === OpType.DELETE) newValue = null;
    else {
      const def = schemas[resource.type].get(name);
      if (def?.type !== 'list') {
        return fail(ErrorCode.INVALID_CONFIG, `Can't ${opNames[op]} to key ${name} because its type is not LIST.`);
      }
      newValue = appendOrSubtract(currentValue ?? def.default, op, value ?? '');
    }
    if (newValue !== currentValue || resource.type === 'broker') records.push(configRecord(resource, name, newValue));
  }
  return validateAlterConfig(view, resource, records, [], newlyCreated);
}

/**
 * AlterConfigs(낡은 API)의 자원 하나: 요청의 설정이 그 자원의 동적 설정 전부가 됩니다. 요청에 없는 설정은 지웁니다
 * (Kafka: `legacyAlterConfigResource`의 "implicitly deleted").
 */
export function legacyAlterConfig(
  view: ConfigView,
  resource: ConfigResource,
  configs: readonly { readonly name: string; readonly value: string }[],
): ControlResult {
  const current = currentConfigs(view, resource);
  const explicit = configs
    .filter(({ name, value }) => current.get(name) !== value || resource.type === 'broker')
    .map(({ name, value }) => configRecord(resource, name, value));
  const named = new Set(configs.map((c) => c.name));
  const implicit = [...current.keys()]
    .filter((name) => !named.has(name))
    .map((name) => configRecord(resource, name, null));
  return validateAlterConfig(view, resource, explicit, implicit, false);
}

/** 목록 설정에 항목을 더하거나 뺍니다. 더할 때 이미 있는 항목은 건너뛰고, 뺄 때는 처음 나온 것 하나씩 뺍니다. */
export function appendOrSubtract(base: string | null, op: number, operand: string): string {
  const parts = (base ?? '').split(',').filter((p) => p !== '');
  for (const item of operand.split(',')) {
    const at = parts.indexOf(item);
    if (op === OpType.APPEND && at < 0) parts.push(item);
    if (op === OpType.SUBTRACT && at >= 0) parts.splice(at, 1);
  }
  return parts.join(',');
}

function configRecord(resource: ConfigResource, name: string, value: string | null): ConfigRecord {
  return { type: 'ConfigRecord', resourceType: resource.type, resourceName: resource.name, name, value };
}

/** 바뀐 뒤의 설정 전체를 검사하고, 자원이 있는지 봅니다 (Kafka: `validateAlterConfig`). */
function validateAlterConfig(
  view: ConfigView,
  resource: ConfigResource,
  explicit: ConfigRecord[],
  implicitlyDeleted: ConfigRecord[],
  newlyCreated: boolean,
): ControlResult {
  if (resource.type === 'topic') {
    const after = new Map(currentConfigs(view, resource));
    for (const { name, value } of [...explicit, ...implicitlyDeleted]) {
      if (value === null) after.delete(name);
      else after.set(name, value);
    }
    const problem = topicConfigProblem(resource.name, after);
    if (problem) return problem;
    if (!newlyCreated && !view.topicConfigs(resource.name)) {
      return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `The topic '${resource.name}' does not exist.`);
    }
  }
  return ok({ records: [...explicit, ...implicitlyDeleted] });
}

/** 토픽 자원의 검사 (Kafka: `ControllerConfigurationValidator.validate` → `LogConfig.validate`). 문제가 없으면 null. */
function topicConfigProblem(topic: string, configs: ReadonlyMap<string, string>): ControlResult | null {
  if (topic === '') return fail(ErrorCode.INVALID_REQUEST, 'Default topic resources are not allowed.');
  const nameProblem = topicNameProblem(topic);
  if (nameProblem) return fail(ErrorCode.INVALID_TOPIC_EXCEPTION, nameProblem);
  for (const name of configs.keys()) {
    if (UNIMPLEMENTED_TOPIC_CONFIGS.has(name)) {
      return fail(
        ErrorCode.INVALID_CONFIG,
        `Topic config ${name} exists in Kafka but this broker does not implement it`,
      );
    }
    if (!schemas.topic.has(name)) return fail(ErrorCode.INVALID_CONFIG, `Unknown topic config name: ${name}`);
  }
  // 값은 정의의 순서로 읽습니다 (Kafka의 ConfigDef.parse도 정의한 순서로 읽으므로, 틀린 값이 여럿이면 같은 것을 말합니다).
  for (const def of topicConfigDefs) {
    const value = configs.get(def.name);
    if (value === undefined) continue;
    try {
      parseConfigValue(def, value);
    } catch (error) {
      if (error instanceof ConfigException) return fail(ErrorCode.INVALID_CONFIG, error.message);
      throw error;
    }
  }
  return null;
}
