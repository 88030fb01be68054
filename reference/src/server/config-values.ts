/**
 * 설정 값 읽기와 검사: 문자열 값을 타입대로 읽고(INT, LONG, LIST…), 값의 범위를 검사합니다. Kafka의
 * `ConfigDef.parseType`과 검사기(`ConfigDef.Range.atLeast`, `between`, `ValidString.in`, `ValidList.in`)를 따르고,
 * 실패하면 Kafka와 같은 문장을 담은 `ConfigException`을 던집니다:
 *
 *     Invalid value abc for configuration retention.ms: Not a number of type LONG
 *     Invalid value 5 for configuration segment.bytes: Value must be at least 14
 *     Invalid value shred for configuration cleanup.policy: String must be one of: compact, delete
 *
 * AlterConfigs/IncrementalAlterConfigs/CreateTopics의 검사와, 파티션 로그가 토픽 설정을 읽는 일(log-config.ts)이
 * 모두 이 함수 하나로 값을 읽습니다. 그래야 검사를 통과한 값을 로그가 못 읽는 일이 없습니다.
 */

export type ConfigType = 'boolean' | 'string' | 'int' | 'short' | 'long' | 'double' | 'list' | 'class' | 'password';

/** 읽은 값: 숫자 타입은 number, boolean은 boolean, list는 문자열 배열, 나머지는 문자열 */
export type ConfigValue = number | boolean | string | string[];

/** 값의 범위 검사 (Kafka: `ConfigDef.Validator`) */
export type Validator = (name: string, value: ConfigValue) => void;

/** Kafka의 `ConfigException(name, value, message)`와 같은 문장 */
export class ConfigException extends Error {
  override name = 'ConfigException';

  constructor(configName: string, value: unknown, reason: string) {
    super(`Invalid value ${value} for configuration ${configName}: ${reason}`);
  }
}

/** 설정 하나의 모양: 이름, 타입, 검사기 */
export interface ValueDef {
  readonly name: string;
  readonly type: ConfigType;
  readonly validator?: Validator;
}

/** Java의 `String.trim()`: 앞뒤의 공백과 제어 문자(U+0000~U+0020)를 지웁니다 (JavaScript의 trim은 \0을 남깁니다). */
function javaTrim(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && value.charCodeAt(start) <= 0x20) start++;
  while (end > start && value.charCodeAt(end - 1) <= 0x20) end--;
  return value.slice(start, end);
}

const INTEGER = /^[+-]?\d+$/;
const RANGES = {
  short: [-(2n ** 15n), 2n ** 15n - 1n],
  int: [-(2n ** 31n), 2n ** 31n - 1n],
  long: [-(2n ** 63n), 2n ** 63n - 1n],
} as const;

/** `Integer.parseInt`/`Long.parseLong`처럼: 부호와 숫자만, 타입의 범위 안 */
function parseInteger(text: string, type: keyof typeof RANGES): number | null {
  if (!INTEGER.test(text)) return null;
  const value = BigInt(text);
  const [min, max] = RANGES[type];
  return value < min || value > max ? null : Number(value);
}

/** 문자열 값을 `def`의 타입으로 읽고 검사합니다 (Kafka: `ConfigDef.parseValue`). 실패하면 ConfigException. */
export function parseConfigValue(def: ValueDef, raw: string): ConfigValue {
  const text = javaTrim(raw);
  const notA = (what: string) => new ConfigException(def.name, raw, what);
  let value: ConfigValue;
  switch (def.type) {
    case 'boolean': {
      const lower = text.toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw notA('Expected value to be either true or false');
      value = lower === 'true';
      break;
    }
    case 'short':
    case 'int':
    case 'long': {
      const parsed = parseInteger(text, def.type);
      if (parsed === null) throw notA(`Not a number of type ${def.type.toUpperCase()}`);
      value = parsed;
      break;
    }
    case 'double': {
      const parsed = Number(text);
      if (text === '' || (Number.isNaN(parsed) && text !== 'NaN')) throw notA('Not a number of type DOUBLE');
      value = parsed;
      break;
    }
    case 'list':
      // Kafka: 빈 문자열은 빈 목록, 아니면 쉼표(앞뒤 공백 포함)로 나눕니다.
      value = text === '' ? [] : text.split(/\s*,\s*/);
      break;
    default:
      value = text;
  }
  def.validator?.(def.name, value);
  return value;
}

/** 이 값 이상 (Kafka: `Range.atLeast`) */
export function atLeast(min: number): Validator {
  return (name, value) => {
    if ((value as number) < min) throw new ConfigException(name, value, `Value must be at least ${min}`);
  };
}

/** 두 값 사이, 양 끝 포함 (Kafka: `Range.between`). 실수(double) 설정에 쓰므로 값은 Java처럼 적습니다 (`2` → `2.0`). */
export function between(min: number, max: number): Validator {
  const asDouble = (value: number) => (Number.isInteger(value) ? value.toFixed(1) : String(value));
  return (name, value) => {
    const n = value as number;
    if (n < min) throw new ConfigException(name, asDouble(n), `Value must be at least ${min}`);
    if (n > max) throw new ConfigException(name, asDouble(n), `Value must be no more than ${max}`);
  };
}

/** 정해진 문자열 중 하나, 대소문자 구분 (Kafka: `ValidString.in`) */
export function oneOf(...allowed: string[]): Validator {
  return (name, value) => {
    if (!allowed.includes(value as string)) {
      throw new ConfigException(name, value, `String must be one of: ${allowed.join(', ')}`);
    }
  };
}

/** 목록의 항목마다 정해진 문자열 중 하나 (Kafka: `ValidList.in`) */
export function listOf(...allowed: string[]): Validator {
  const each = oneOf(...allowed);
  return (name, value) => {
    for (const item of value as string[]) each(name, item);
  };
}
