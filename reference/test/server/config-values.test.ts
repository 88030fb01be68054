/**
 * 설정 값 읽기와 검사: Kafka `ConfigDef.parseType`과 검사기(`Range`, `ValidString`, `ValidList`)의 문장과 규칙.
 * 출처: clients/src/main/java/org/apache/kafka/common/config/ConfigDef.java, ConfigException.java.
 */
import { describe, expect, it } from 'vitest';
import { topicConfigDefs } from '../../src/server/config-defs.js';
import {
  atLeast,
  between,
  type ConfigType,
  listOf,
  oneOf,
  parseConfigValue,
  type Validator,
} from '../../src/server/config-values.js';

const def = (type: ConfigType, validator?: Validator) => ({ name: 'x.y', type, ...(validator && { validator }) });
const topic = (name: string) => {
  const found = topicConfigDefs.find((d) => d.name === name);
  if (!found) throw new Error(name);
  return found;
};

describe('ConfigDef.parseType', () => {
  it('reads each type the way Java does', () => {
    expect(parseConfigValue(def('int'), ' 42 ')).toBe(42);
    expect(parseConfigValue(def('int'), '+7')).toBe(7);
    expect(parseConfigValue(def('long'), '9223372036854775807')).toBe(2 ** 63);
    expect(parseConfigValue(def('short'), '-32768')).toBe(-32768);
    expect(parseConfigValue(def('double'), '1e-2')).toBe(0.01);
    expect(parseConfigValue(def('boolean'), 'TRUE')).toBe(true);
    expect(parseConfigValue(def('list'), 'a , b,c')).toEqual(['a', 'b', 'c']);
    expect(parseConfigValue(def('list'), '  ')).toEqual([]);
    expect(parseConfigValue(def('string'), ' LogAppendTime ')).toBe('LogAppendTime');
  });

  it("trims like Java's String.trim: control characters at the ends go (\\0 too), inside they stay", () => {
    expect(parseConfigValue(def('int'), '1638\0')).toBe(1638);
    expect(() => parseConfigValue(def('int'), '16\u000138')).toThrow('Not a number of type INT');
  });

  it.each([
    ['int', '2147483648', 'Invalid value 2147483648 for configuration x.y: Not a number of type INT'],
    ['int', '1.5', 'Invalid value 1.5 for configuration x.y: Not a number of type INT'],
    ['short', '40000', 'Invalid value 40000 for configuration x.y: Not a number of type SHORT'],
    [
      'long',
      '9223372036854775808',
      'Invalid value 9223372036854775808 for configuration x.y: Not a number of type LONG',
    ],
    ['long', 'forever', 'Invalid value forever for configuration x.y: Not a number of type LONG'],
    ['double', 'half', 'Invalid value half for configuration x.y: Not a number of type DOUBLE'],
    ['boolean', 'yes', 'Invalid value yes for configuration x.y: Expected value to be either true or false'],
  ] as const)('%s %j → %s', (type, value, message) => {
    expect(() => parseConfigValue(def(type), value)).toThrow(message);
  });
});

describe('validators', () => {
  it('Range.atLeast and between, with the value written as Java writes it', () => {
    expect(() => parseConfigValue(def('long', atLeast(-1)), '-2')).toThrow(
      'Invalid value -2 for configuration x.y: Value must be at least -1',
    );
    expect(() => parseConfigValue(def('double', between(0, 1)), '2')).toThrow(
      'Invalid value 2.0 for configuration x.y: Value must be no more than 1',
    );
    expect(() => parseConfigValue(def('double', between(0, 1)), '-0.5')).toThrow(
      'Invalid value -0.5 for configuration x.y: Value must be at least 0',
    );
  });

  it('ValidString.in is case sensitive; ValidList.in checks every item and allows an empty list', () => {
    expect(() => parseConfigValue(def('string', oneOf('CreateTime', 'LogAppendTime')), 'createtime')).toThrow(
      'Invalid value createtime for configuration x.y: String must be one of: CreateTime, LogAppendTime',
    );
    expect(() => parseConfigValue(def('list', listOf('compact', 'delete')), 'compact,Delete')).toThrow(
      'Invalid value Delete for configuration x.y: String must be one of: compact, delete',
    );
    expect(parseConfigValue(def('list', listOf('compact', 'delete')), '')).toEqual([]);
  });

  it("topic configs carry Kafka LogConfig's validators", () => {
    expect(() => parseConfigValue(topic('segment.bytes'), '13')).toThrow('Value must be at least 14');
    expect(() => parseConfigValue(topic('retention.ms'), '-2')).toThrow('Value must be at least -1');
    expect(parseConfigValue(topic('retention.bytes'), '-5')).toBe(-5); // Kafka는 retention.bytes의 범위를 보지 않습니다
    expect(() => parseConfigValue(topic('segment.ms'), '0')).toThrow('Value must be at least 1');
    expect(() => parseConfigValue(topic('min.insync.replicas'), '0')).toThrow('Value must be at least 1');
    expect(() => parseConfigValue(topic('compression.type'), 'brotli')).toThrow(
      'String must be one of: uncompressed, zstd, lz4, snappy, gzip, producer',
    );
  });
});
