/**
 * 스키마에서 시험용 값을 만듭니다: 그 버전에 있는 필드는 모두 기본값이 아닌 값으로 채우고,
 * 없는 필드는 기본값으로 둡니다. 그래서 "인코딩 → 디코딩 = 원래 값"이 모든 필드를 확인합니다.
 */
import { defaultValue } from '../../src/protocol/codec.js';
import type { FieldSchema, MessageSchema } from '../../src/protocol/schema.js';
import { hasVersion } from '../../src/protocol/schema.js';

export type Sample = Record<string, unknown>;

const SAMPLE_UUID = Buffer.from('6ba7b8109dad11d180b400c04fd430c8', 'hex').toString('base64url');

export interface SampleOptions {
  /** null이 될 수 있는 필드를 모두 null로 */
  readonly nulls?: boolean;
  /** 태그 필드를 채우지 않고 기본값으로 둠 (태그 필드를 읽지 못하는 클라이언트용) */
  readonly withoutTaggedFields?: boolean;
}

function element(
  type: string,
  field: FieldSchema,
  version: number,
  flexible: boolean,
  options: SampleOptions,
): unknown {
  switch (type) {
    case 'bool':
      return field.default !== true;
    case 'int8':
      return -7;
    case 'int16':
      return 300;
    case 'int32':
      return 70_000;
    case 'int64':
      return 1_700_000_000_123;
    case 'uint16':
      return 65_000;
    case 'float64':
      return 0.25;
    case 'string':
      return '토픽-a';
    case 'bytes':
      return Buffer.from([1, 2, 3]);
    case 'records':
      return Buffer.from('pretend record batches');
    case 'uuid':
      return SAMPLE_UUID;
    default:
      return struct(field.fields ?? [], version, flexible, options);
  }
}

function struct(fields: readonly FieldSchema[], version: number, flexible: boolean, options: SampleOptions): Sample {
  const value: Sample = {};
  for (const field of fields) {
    const tagged = flexible && hasVersion(field.taggedVersions, version);
    const present = tagged ? !options.withoutTaggedFields : hasVersion(field.versions, version);
    if (!present) {
      value[field.name] = defaultValue(field);
    } else if (options.nulls && hasVersion(field.nullableVersions, version)) {
      value[field.name] = null;
    } else if (field.type.startsWith('[]')) {
      const type = field.type.slice(2);
      value[field.name] = [0, 1].map(() => element(type, field, version, flexible, options));
    } else {
      value[field.name] = element(field.type, field, version, flexible, options);
    }
  }
  return value;
}

export function sampleMessage(schema: MessageSchema, version: number, options: SampleOptions = {}): Sample {
  return struct(schema.fields, version, hasVersion(schema.flexibleVersions, version), options);
}
