// 3장 레코드 배치와 와이어 프로토콜 — 해답
// 원본: reference/src/protocol/codec.ts (npm run course:sync가 이 파일을 만듭니다)
/**
 * 범용 코덱: 스키마(schema.ts) 하나와 버전 번호로 어떤 메시지든 읽고 씁니다.
 *
 * 필드를 스키마에 적힌 순서대로 처리합니다. 버전마다 하는 일은 세 가지뿐입니다.
 *
 * 1. 이 버전에 없는 필드는 건너뜁니다. 읽을 때는 기본값을 채우고, 쓸 때는 값이 기본값인지 봅니다.
 * 2. 유연한 버전(KIP-482)이면 문자열·바이트·배열에 compact 인코딩(UNSIGNED_VARINT N+1)을 씁니다.
 * 3. 유연한 버전이면 구조체마다 끝에 태그 필드 구역을 씁니다. 태그 필드는 기본값이 아닐 때만
 *    태그 번호 순서로 들어가고, 읽을 때 모르는 태그는 건너뜁니다.
 *
 * 스키마와 버전의 조합마다 "이 버전에서 읽을 필드 목록"을 한 번만 계산해 두고 다시 씁니다.
 */

import {
  type FieldSchema,
  hasVersion,
  type Message,
  type MessageInput,
  type MessageSchema,
} from '../../../reference/src/protocol/schema.js';
import { ByteWriter } from '../../../reference/src/protocol/writer.js';
import { josa } from '../../../reference/src/server/josa.js';
import { type ByteReader, ProtocolError, ZERO_UUID } from './reader.js';

type Value = unknown;
type Struct = Record<string, Value>;

/** 한 버전에서의 필드 하나: 어떻게 읽고 쓸지 미리 정해 둔 것 */
interface Plan {
  readonly field: FieldSchema;
  readonly name: string;
  /** `[]X`면 원소 타입 X, 아니면 타입 그대로 */
  readonly type: string;
  readonly isArray: boolean;
  readonly nullable: boolean;
  readonly compact: boolean;
  /** 구조체(또는 구조체 배열)의 필드들 */
  readonly struct: StructPlan | null;
}

interface StructPlan {
  /** 정해진 자리에 순서대로 오는 필드 */
  readonly regular: readonly Plan[];
  /** 태그 필드 (태그 번호 순) */
  readonly tagged: readonly Plan[];
  /** 이 버전에 없는 필드: 읽을 때 기본값을 채우고, 쓸 때 버려도 되는지 확인합니다 */
  readonly absent: readonly FieldSchema[];
  readonly flexible: boolean;
}

const plans = new WeakMap<readonly FieldSchema[], Map<number, StructPlan>>();

function planStruct(fields: readonly FieldSchema[], version: number, flexible: boolean): StructPlan {
  let byVersion = plans.get(fields);
  if (!byVersion) {
    byVersion = new Map();
    plans.set(fields, byVersion);
  }
  // 유연한 버전인지는 메시지가 버전으로 정하므로, 버전 번호만으로 캐시할 수 있습니다.
  const cached = byVersion.get(version);
  if (cached) return cached;

  const regular: Plan[] = [];
  const tagged: Plan[] = [];
  const absent: FieldSchema[] = [];
  for (const field of fields) {
    const isTagged = flexible && hasVersion(field.taggedVersions, version);
    if (!isTagged && !hasVersion(field.versions, version)) {
      absent.push(field);
      continue;
    }
    const isArray = field.type.startsWith('[]');
    const type = isArray ? field.type.slice(2) : field.type;
    const plan: Plan = {
      field,
      name: field.name,
      type,
      isArray,
      nullable: hasVersion(field.nullableVersions, version),
      compact: flexible && field.flexibleVersions !== 'none',
      struct: field.fields ? planStruct(field.fields, version, flexible) : null,
    };
    (isTagged ? tagged : regular).push(plan);
  }
  tagged.sort((a, b) => (a.field.tag ?? 0) - (b.field.tag ?? 0));
  const plan = { regular, tagged, absent, flexible };
  byVersion.set(version, plan);
  return plan;
}

function messagePlan(schema: MessageSchema, version: number): StructPlan {
  if (!hasVersion(schema.validVersions, version)) {
    throw new ProtocolError(
      `${josa(schema.name, '은/는')} 버전 ${josa(version, '을/를')} 모릅니다 (지원 범위 ${schema.validVersions})`,
    );
  }
  return planStruct(schema.fields, version, hasVersion(schema.flexibleVersions, version));
}

// --- 기본값 -----------------------------------------------------------------------------------

/** 원소(배열이 아닌 값) 하나의 기본값. Kafka의 생성 코드와 같습니다: 수 0, 문자열 "", 구조체는 필드마다 기본값. */
function elementDefault(type: string, fields: readonly FieldSchema[] | undefined): Value {
  switch (type) {
    case 'bool':
      return false;
    case 'string':
      return '';
    case 'bytes':
      return Buffer.alloc(0);
    case 'records':
      return null;
    case 'uuid':
      return ZERO_UUID;
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
    case 'uint16':
    case 'float64':
      return 0;
    default:
      return defaultStruct(fields ?? []);
  }
}

export function defaultValue(field: FieldSchema): Value {
  if (field.default !== undefined) return field.default;
  if (field.type.startsWith('[]')) return [];
  return elementDefault(field.type, field.fields);
}

function defaultStruct(fields: readonly FieldSchema[]): Struct {
  const struct: Struct = {};
  for (const field of fields) struct[field.name] = defaultValue(field);
  return struct;
}

/** 값이 필드의 기본값과 같은지. 태그 필드를 보낼지, 버려도 되는지를 정합니다. */
function isDefault(field: FieldSchema, value: Value): boolean {
  if (value === undefined) return true;
  const fallback = defaultValue(field);
  if (value === null || fallback === null) return value === fallback;
  if (Array.isArray(value)) return value.length === 0 && Array.isArray(fallback);
  if (Buffer.isBuffer(value)) return value.length === 0 && Buffer.isBuffer(fallback);
  if (typeof value === 'object') {
    return (field.fields ?? []).every((f) => isDefault(f, (value as Struct)[f.name]));
  }
  return value === fallback;
}

// --- 읽기 ---------------------------------------------------------------------------------------

function readElement(reader: ByteReader, plan: Plan): Value {
  switch (plan.type) {
    case 'bool':
      return reader.bool();
    case 'int8':
      return reader.int8();
    case 'int16':
      return reader.int16();
    case 'int32':
      return reader.int32();
    case 'int64':
      return reader.int64();
    case 'uint16':
      return reader.uint16();
    case 'float64':
      return reader.float64();
    case 'uuid':
      return reader.uuid();
    case 'string':
      if (plan.compact) return plan.nullable ? reader.compactNullableString() : reader.compactString();
      return plan.nullable ? reader.nullableString() : reader.string();
    case 'bytes':
    case 'records':
      if (plan.compact) return plan.nullable ? reader.compactNullableBytes() : reader.compactBytes();
      return plan.nullable ? reader.nullableBytes() : reader.bytes();
    default:
      return readStruct(reader, plan.struct as StructPlan);
  }
}

function readField(reader: ByteReader, plan: Plan): Value {
  if (plan.isArray) {
    const length = reader.arrayLength(plan.compact);
    if (length === -1) {
      if (!plan.nullable) throw new ProtocolError(`${plan.name}: null이 될 수 없는 배열이 null입니다`);
      return null;
    }
    const items = new Array<Value>(length);
    for (let i = 0; i < length; i++) items[i] = readElement(reader, plan);
    return items;
  }
  // null일 수 있는 구조체는 앞에 int8이 붙습니다: -1이면 null, 1이면 값.
  if (plan.struct && plan.nullable && reader.int8() < 0) return null;
  return readElement(reader, plan);
}

function readStruct(reader: ByteReader, plan: StructPlan): Struct {
  const struct: Struct = {};
  for (const field of plan.regular) struct[field.name] = readField(reader, field);
  for (const field of plan.absent) struct[field.name] = defaultValue(field);
  for (const field of plan.tagged) struct[field.name] = defaultValue(field.field);
  if (plan.flexible) {
    reader.taggedFields((tag, fieldReader) => {
      const field = plan.tagged.find((f) => f.field.tag === tag);
      if (field) struct[field.name] = readField(fieldReader, field);
    });
  }
  return struct;
}

/** `reader`의 현재 위치에서 메시지 하나를 읽습니다. 모르는 태그 필드는 건너뜁니다. */
export function decode<S extends MessageSchema>(schema: S, version: number, reader: ByteReader): Message<S> {
  return readStruct(reader, messagePlan(schema, version)) as Message<S>;
}

// --- 쓰기 ---------------------------------------------------------------------------------------

function writeElement(writer: ByteWriter, plan: Plan, value: Value): void {
  switch (plan.type) {
    case 'bool':
      writer.bool(value as boolean);
      return;
    case 'int8':
      writer.int8(value as number);
      return;
    case 'int16':
      writer.int16(value as number);
      return;
    case 'int32':
      writer.int32(value as number);
      return;
    case 'int64':
      writer.int64(value as number);
      return;
    case 'uint16':
      writer.uint16(value as number);
      return;
    case 'float64':
      writer.float64(value as number);
      return;
    case 'uuid':
      writer.uuid(value as string);
      return;
    case 'string':
      if (plan.compact) writer.compactNullableString(value as string | null);
      else writer.nullableString(value as string | null);
      return;
    case 'bytes':
    case 'records':
      if (plan.compact) writer.compactNullableBytes(value as Buffer | null);
      else writer.nullableBytes(value as Buffer | null);
      return;
    default:
      writeStruct(writer, plan.struct as StructPlan, value as Struct);
  }
}

function writeField(writer: ByteWriter, plan: Plan, given: Value): void {
  const value = given === undefined ? defaultValue(plan.field) : given;
  if (value === null && !plan.nullable) {
    throw new Error(`${plan.name}: 이 버전에서는 null을 보낼 수 없습니다`);
  }
  if (plan.isArray) {
    const items = value as Value[] | null;
    writer.arrayLength(items === null ? null : items.length, plan.compact);
    if (items) for (const item of items) writeElement(writer, plan, item);
    return;
  }
  if (plan.struct && plan.nullable) writer.int8(value === null ? -1 : 1);
  if (value !== null || !plan.struct) writeElement(writer, plan, value);
}

function writeStruct(writer: ByteWriter, plan: StructPlan, struct: Struct): void {
  for (const field of plan.absent) {
    if (!field.ignorable && !isDefault(field, struct[field.name])) {
      throw new Error(`${field.name}: 이 버전에는 없는 필드인데 기본값이 아닌 값이 있습니다`);
    }
  }
  for (const field of plan.regular) writeField(writer, field, struct[field.name]);
  if (!plan.flexible) return;

  const present = plan.tagged.filter((field) => !isDefault(field.field, struct[field.name]));
  writer.unsignedVarint(present.length);
  for (const field of present) {
    // 태그 필드의 크기를 먼저 써야 하므로, 내용을 따로 쓴 뒤 붙입니다 (태그 필드는 작고 드뭅니다).
    const body = new ByteWriter(64);
    writeField(body, field, struct[field.name]);
    writer
      .unsignedVarint(field.field.tag ?? 0)
      .unsignedVarint(body.position)
      .raw(body.toBuffer());
  }
}

/** 메시지를 `writer`에 이어 씁니다. */
export function encodeInto<S extends MessageSchema>(
  writer: ByteWriter,
  schema: S,
  version: number,
  value: MessageInput<S>,
): void {
  writeStruct(writer, messagePlan(schema, version), value as Struct);
}

/** 메시지를 새 버퍼로 씁니다. */
export function encode<S extends MessageSchema>(schema: S, version: number, value: MessageInput<S>): Buffer {
  const writer = new ByteWriter();
  encodeInto(writer, schema, version, value);
  return writer.toBuffer();
}
