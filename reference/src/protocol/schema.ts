/**
 * 메시지 스키마: Kafka가 API마다 JSON으로 적어 둔 메시지 명세
 * (`clients/src/main/resources/common/message/*.json`)를 같은 모양의 TypeScript 데이터로 옮긴 것입니다.
 * 버전마다 파일을 따로 두지 않고, 필드 하나에 "어느 버전부터 있는지"를 적습니다. 인코딩과 디코딩은
 * codec.ts의 함수 하나가 모든 메시지에 대해 합니다.
 *
 * 명세의 낱말 (Kafka의 `clients/src/main/resources/common/message/README.md`):
 *
 * - `versions`: 필드가 있는 버전. `"3+"`(3부터), `"0-12"`(0~12), `"4"`, `"none"`.
 * - `nullableVersions`: 이 버전에서는 null을 보낼 수 있습니다 (길이 -1, compact면 0).
 * - `flexibleVersions`: 메시지가 "유연한(flexible)" 버전이 되는 범위 (KIP-482). 이 버전부터 문자열·바이트·
 *   배열 길이가 UNSIGNED_VARINT(N+1)로 짧아지고, 구조체마다 끝에 태그 필드 구역이 붙습니다.
 * - `taggedVersions` + `tag`: 정해진 자리 대신 태그 필드 구역에 번호(tag)를 달고 들어가는 필드.
 *   기본값과 같으면 아예 보내지 않으므로, 모르는 쪽은 건너뛰면 됩니다.
 * - `default`: 그 버전에 필드가 없을 때(또는 태그 필드가 오지 않았을 때)의 값.
 * - `ignorable`: 이 필드가 없는 버전으로 보낼 때, 기본값이 아닌 값을 말없이 버려도 되는지.
 *   `false`인데 값이 있으면 인코딩이 실패합니다 (Kafka의 UnsupportedVersionException과 같습니다).
 *
 * 필드 이름은 Kafka 명세의 이름을 camelCase로 바꾼 것입니다 (`TopicData` → `topicData`).
 */

/** 고정된 모양의 기본 타입. `records`는 레코드 배치들을 담은 바이트입니다 (파싱하지 않은 채로 둡니다). */
export type PrimitiveType =
  | 'bool'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint16'
  | 'float64'
  | 'string'
  | 'bytes'
  | 'records'
  | 'uuid';

/**
 * 필드의 타입: 기본 타입, 기본 타입의 배열(`[]int32`), 구조체 배열(`[]TopicProduceData` + `fields`),
 * 또는 구조체 하나(`LeaderIdAndEpoch` + `fields`). 구조체 이름은 Kafka 명세의 이름을 그대로 둡니다.
 */
export type FieldType = PrimitiveType | `[]${string}` | (string & {});

export interface FieldSchema {
  readonly name: string;
  readonly type: FieldType;
  readonly versions: string;
  readonly nullableVersions?: string;
  readonly taggedVersions?: string;
  readonly tag?: number;
  /** 이 필드만 유연한 인코딩을 쓰지 않을 때 `'none'` (RequestHeader의 clientId) */
  readonly flexibleVersions?: string;
  readonly default?: boolean | number | string | null;
  readonly ignorable?: boolean;
  readonly fields?: readonly FieldSchema[];
}

export interface MessageSchema {
  readonly name: string;
  readonly apiKey?: number;
  /** 'data'는 요청도 응답도 아닌 저장용 레코드(__consumer_offsets의 키와 값 등)입니다 */
  readonly type: 'request' | 'response' | 'header' | 'data';
  readonly validVersions: string;
  readonly flexibleVersions: string;
  readonly fields: readonly FieldSchema[];
}

/** 스키마를 선언합니다. 리터럴 타입을 그대로 남겨, 아래 `Message<S>`가 값의 타입을 계산할 수 있게 합니다. */
export function message<const S extends MessageSchema>(schema: S): S {
  return schema;
}

export interface VersionRange {
  readonly min: number;
  /** 끝이 열린 범위(`"3+"`)는 Infinity */
  readonly max: number;
}

const NO_VERSIONS: VersionRange = { min: 0, max: -1 };

const parsed = new Map<string, VersionRange>();

/** `"3+"`, `"0-12"`, `"4"`, `"none"`을 범위로 바꿉니다. 요청마다 불리므로 한 번 바꾼 것은 기억해 둡니다. */
export function parseVersions(spec: string | undefined): VersionRange {
  if (spec === undefined || spec === 'none') return NO_VERSIONS;
  let range = parsed.get(spec);
  if (!range) {
    const match = /^(\d+)(\+|-(\d+))?$/.exec(spec);
    if (!match) throw new Error(`잘못된 버전 범위: "${spec}"`);
    const min = Number(match[1]);
    const max = match[2] === '+' ? Infinity : match[3] === undefined ? min : Number(match[3]);
    range = { min, max };
    parsed.set(spec, range);
  }
  return range;
}

/** 버전 문자열 `spec`이 `version`을 포함하는지 */
export function hasVersion(spec: string | undefined, version: number): boolean {
  const { min, max } = parseVersions(spec);
  return version >= min && version <= max;
}

// ---------------------------------------------------------------------------------------------
// 스키마에서 값의 타입 계산하기. 핸들러가 스키마와 어긋난 필드를 쓰면 컴파일러가 알려 줍니다.
// ---------------------------------------------------------------------------------------------

interface PrimitiveValues {
  bool: boolean;
  int8: number;
  int16: number;
  int32: number;
  int64: number;
  uint16: number;
  float64: number;
  string: string;
  bytes: Buffer;
  records: Buffer;
  /** Kafka가 보여 주는 형식(URL-safe base64, 22자) */
  uuid: string;
}

type Fields = readonly FieldSchema[];
type Pretty<T> = { [K in keyof T]: T[K] } & {};
type FieldsOf<F> = F extends { readonly fields: infer Fs extends Fields } ? Fs : readonly [];
type OrNull<F, V> = F extends { readonly nullableVersions: string } ? V | null : V;
/**
 * 인코딩할 때 생략해도(기본값을 써도) 되는 필드: 기본값이 적혀 있거나, 태그 필드이거나, `ignorable`인 것
 * (throttleTimeMs처럼 없어도 뜻이 통하는 필드). 나머지는 핸들러가 반드시 채워야 합니다.
 */
type HasDefault<F> = F extends { readonly default: unknown } | { readonly tag: number } | { readonly ignorable: true }
  ? true
  : false;

type ValueOf<F, Mode> = F extends { readonly type: `[]${infer E}` }
  ? E extends keyof PrimitiveValues
    ? PrimitiveValues[E][]
    : StructOf<FieldsOf<F>, Mode>[]
  : F extends { readonly type: infer T extends keyof PrimitiveValues }
    ? PrimitiveValues[T]
    : StructOf<FieldsOf<F>, Mode>;

type Decoded = 'decoded';
type Input = 'input';

type StructOf<Fs extends Fields, Mode> = Mode extends Decoded
  ? Pretty<{ -readonly [F in Fs[number] as F['name']]: OrNull<F, ValueOf<F, Mode>> }>
  : Pretty<
      { -readonly [F in Fs[number] as HasDefault<F> extends true ? never : F['name']]: OrNull<F, ValueOf<F, Mode>> } & {
        -readonly [F in Fs[number] as HasDefault<F> extends true ? F['name'] : never]?: OrNull<F, ValueOf<F, Mode>>;
      }
    >;

/** 디코딩한 메시지의 타입: 모든 필드가 있습니다 (이 버전에 없는 필드는 기본값). */
export type Message<S extends MessageSchema> = StructOf<S['fields'], Decoded>;

/** 인코딩할 값의 타입: 기본값이 있는 필드, 태그 필드, ignorable 필드는 생략할 수 있습니다. */
export type MessageInput<S extends MessageSchema> = StructOf<S['fields'], Input>;
