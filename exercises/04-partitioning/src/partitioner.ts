// 4장 파티셔너와 순서 보장 — 연습 문제: TODO가 적힌 곳을 채우세요. 테스트(test/)는 고치지 마세요.
// 원본: reference/src/client/partitioner.ts (npm run course:sync가 이 파일을 만듭니다)
/**
 * 파티셔너(Partitioner): 프로듀서가 레코드마다 "이 토픽의 몇 번 파티션에 보낼까"를 정하는 클라이언트 쪽 부품입니다.
 * 브로커는 파티션을 고르지 않습니다. Produce 요청에는 처음부터 토픽-파티션이 적혀 옵니다.
 *
 * Java 프로듀서(Kafka 4.x, `KafkaProducer.partition`과 `BuiltInPartitioner`)의 규칙을 따릅니다.
 *
 *   1. 레코드에 파티션 번호가 적혀 있으면 그 번호.
 *   2. 키가 있으면 `toPositive(murmur2(키 바이트)) % 파티션 수`. 파티션 수는 리더가 없는 파티션까지 센 전체 수입니다.
 *      그래야 리더가 잠깐 없어도 같은 키가 다른 파티션으로 새지 않습니다.
 *   3. 키가 없으면 스티키(Sticky): 한 파티션에 머물며 배치를 채우고, 다 채우면 다른 파티션을 고릅니다.
 *      - Kafka 2.4(KIP-480): 새 배치가 생길 때 리더가 있는 파티션 중 지금과 다른 것을 무작위로 골랐습니다.
 *      - Kafka 3.3(KIP-794, 균일 스티키): 한 파티션에 `batch.size`(기본 16384)바이트를 보내면 리더가 있는
 *        파티션 중에서 균일하게 무작위로 다시 고릅니다. 브로커별 대기열 길이를 보고 느린 쪽에 덜 보내는
 *        적응형(adaptive) 가중치도 있습니다.
 *      이 모듈은 KIP-794의 "바이트를 세다가 batch.size를 넘으면 바꾼다"만 따르고, 적응형 가중치는 뺍니다.
 *      kafkajs는 배치가 언제 닫히는지 파티셔너에 알려 주지 않으므로, 바이트를 세는 쪽이 이 자리에 맞습니다.
 *   (Kafka 2.3까지의 라운드 로빈도 `RoundRobinPartitioner`로 둡니다. kafkajs 2.x의 기본 파티셔너가 키 없는
 *    레코드를 이렇게 보냅니다.)
 *
 * murmur2는 Java의 `org.apache.kafka.common.utils.Utils.murmur2`와 비트 하나까지 같아야 합니다.
 * 그래야 Java 프로듀서와 이 프로듀서가 같은 키를 같은 파티션에 보냅니다. Java의 int 곱셈은 32비트에서
 * 넘치는 부분을 버리므로 `Math.imul`을, 부호 없는 오른쪽 시프트(`>>>`)는 그대로 `>>>`를 씁니다.
 *
 * `createJavaCompatiblePartitioner()`는 kafkajs의 `producer({ createPartitioner })` 자리에 그대로 들어갑니다.
 * kafkajs의 모양: `createPartitioner: () => ({ topic, partitionMetadata, message }) => 파티션 번호`.
 */

import { randomInt } from 'node:crypto';
import { todo } from '../../../course/todo.js';

/** murmur2의 씨앗(seed). Java 클라이언트가 쓰는 값과 같아야 합니다. */
const SEED = 0x9747b28c;
/** 섞는 상수 m과 r. MurmurHash2를 만든 Austin Appleby가 고른 값입니다. */
const M = 0x5bd1e995;
const R = 24;

/** Java 프로듀서의 `batch.size` 기본값(바이트). 균일 스티키가 파티션을 바꾸는 기준입니다. */
export const DEFAULT_BATCH_SIZE_BYTES = 16_384;

/**
 * Java `Utils.murmur2(byte[])`와 같은 32비트 해시. 돌려주는 값은 Java의 int처럼 부호 있는 32비트 정수입니다.
 *
 *     h = seed ^ 길이
 *     4바이트씩(리틀 엔디언 int): k *= m; k ^= k >>> r; k *= m; h *= m; h ^= k
 *     남은 1~3바이트: 뒤에서부터 h ^= 바이트 << (8 × 자리), 마지막에 h *= m
 *     마무리: h ^= h >>> 13; h *= m; h ^= h >>> 15
 */
export function murmur2(data: Buffer): number {
  // TODO(4장): murmur2: Java Utils.murmur2와 비트 하나까지 같은 32비트 해시를 돌려주세요.
  //   h의 처음 값은 SEED ^ 길이입니다. 4바이트씩 리틀 엔디언 int로 읽어(readInt32LE) k를 섞은 뒤 h에 섞습니다.
  //   32비트 곱셈은 Math.imul, 부호 없는 시프트는 >>>입니다. 그냥 *로 곱하면 2^53을 넘어 아래 비트가 틀립니다.
  //   4로 나누어떨어지지 않는 꼬리(1~3바이트)와 마무리 섞기(13, 15)를 잊지 마세요. 결과는 부호 있는 int32입니다.
  return todo('murmur2: Java Utils.murmur2와 비트 하나까지 같은 32비트 해시를 돌려주세요.');
}

/**
 * Java `Utils.toPositive`: 부호 비트만 지워 0 이상으로 만듭니다. 절댓값이 아닙니다.
 * `Math.abs(-2147483648)`은 Java int에서 여전히 음수라 나머지가 음수가 되므로, 카프카는 이 방법을 씁니다.
 */
export function toPositive(n: number): number {
  // TODO(4장): toPositive: 부호 비트(맨 위 비트)만 지워 0 이상의 int32로 만드세요.
  //   절댓값(Math.abs)이 아닙니다: -1은 1이 아니라 2147483647(0x7fffffff)이 되어야 합니다.
  return todo('toPositive: 부호 비트(맨 위 비트)만 지워 0 이상의 int32로 만드세요.');
}

/**
 * 키가 있는 레코드의 파티션: `toPositive(murmur2(키 바이트)) % 파티션 수` (Java `BuiltInPartitioner.partitionForKey`).
 * 파티션 수는 리더가 없는 파티션까지 센 토픽 전체의 수입니다.
 */
export function partitionForKey(keyBytes: Buffer, numPartitions: number): number {
  // TODO(4장): partitionForKey: 키 바이트의 murmur2를 toPositive로 양수로 만든 뒤 파티션 수로 나눈 나머지를 돌려주세요.
  //   파티션 수가 1 이상의 정수가 아니면(0, -1, 2.5) 나눌 수 없으니 RangeError를 던지세요.
  return todo(
    'partitionForKey: 키 바이트의 murmur2를 toPositive로 양수로 만든 뒤 파티션 수로 나눈 나머지를 돌려주세요.',
  );
}

/** 키를 해시할 바이트로: 문자열은 UTF-8 (Java `StringSerializer`의 기본 인코딩, kafkajs도 같습니다). */
export function keyBytes(key: Buffer | string): Buffer {
  return typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
}

/** 0 이상 2^31 미만의 무작위 정수 (Java `Utils.toPositive(ThreadLocalRandom.current().nextInt())`). 테스트는 정해진 수열을 넣습니다. */
export type RandomInt = () => number;

const secureRandom: RandomInt = () => randomInt(0x8000_0000);

/**
 * 고를 수 있는 파티션 목록에서 n번째(목록 길이로 나눈 나머지)를 고릅니다. n은 0 이상이어야 합니다.
 * 리더가 있는 파티션이 하나도 없으면 전체 파티션 0..numPartitions-1 중에서 고릅니다 (Java와 같습니다).
 */
export function choosePartition(available: readonly number[], numPartitions: number, n: number): number {
  if (available.length === 0) return n % numPartitions;
  return available[n % available.length] as number;
}

/** 키 없는 레코드의 파티션을 고르는 방법 */
export interface KeylessPartitioner {
  /**
   * @param available 리더가 있는 파티션 번호들 (메타데이터의 순서대로)
   * @param numPartitions 토픽 전체의 파티션 수
   * @param recordBytes 이 레코드의 크기(바이트). 스티키가 배치를 얼마나 채웠는지 셀 때 씁니다.
   */
  partition(topic: string, available: readonly number[], numPartitions: number, recordBytes: number): number;
}

/** 토픽마다 지금 머무는 파티션과, 그 파티션에 지금까지 보낸 바이트 */
interface StickyState {
  readonly partition: number;
  producedBytes: number;
}

/**
 * 균일 스티키 파티셔너 (KIP-794를 줄인 것). 토픽마다 파티션 하나에 머물며 보낸 바이트를 셉니다.
 * `batchSizeBytes` 이상을 보내면 그 파티션을 놓고, 다음 레코드가 올 때 `random()`으로 새 파티션을 고릅니다.
 * (Java는 바꾸는 순간 다음 파티션을 고릅니다. 무작위 수를 쓰는 차례가 같으니 고르는 파티션도 같습니다.)
 * 새 파티션은 지금 것과 같을 수도 있습니다. KIP-794는 균일하게 고를 뿐 "다른 것"을 고집하지 않습니다.
 */
export class StickyPartitioner implements KeylessPartitioner {
  private readonly sticky = new Map<string, StickyState>();

  constructor(
    readonly batchSizeBytes: number = DEFAULT_BATCH_SIZE_BYTES,
    private readonly random: RandomInt = secureRandom,
  ) {
    if (!(batchSizeBytes >= 1)) throw new RangeError(`batchSizeBytes는 1 이상이어야 합니다: ${batchSizeBytes}`);
  }

  partition(topic: string, available: readonly number[], numPartitions: number, recordBytes: number): number {
    // TODO(4장): StickyPartitioner.partition: 토픽마다 한 파티션에 머물다가, batchSizeBytes만큼 보내면 새 파티션을 고르세요.
    //   this.sticky에 토픽의 상태(머무는 파티션, 보낸 바이트)가 없으면 choosePartition(available, numPartitions, this.random())으로 고릅니다.
    //   이 레코드는 지금 파티션으로 가고, 그 크기를 producedBytes에 더합니다. batchSizeBytes 이상이 되면 상태를 지워
    //   다음 레코드가 새로 고르게 하세요. random()은 파티션을 새로 고를 때만 부릅니다. 토픽끼리는 서로 상관없습니다.
    return todo(
      'StickyPartitioner.partition: 토픽마다 한 파티션에 머물다가, batchSizeBytes만큼 보내면 새 파티션을 고르세요.',
    );
  }
}

/**
 * 라운드 로빈: 키 없는 레코드를 한 건씩 다음 파티션으로 (Kafka 2.3까지의 Java 기본값, kafkajs 2.x의 기본값).
 * 토픽마다 카운터 하나를 무작위 값에서 시작해 1씩 올리고, `toPositive(카운터) % 고를 수 있는 파티션 수`로 고릅니다.
 * 카운터는 Java의 int처럼 2^31 − 1 다음에 −2^31로 넘어가므로, toPositive가 없으면 음수 자리를 고르게 됩니다.
 */
export class RoundRobinPartitioner implements KeylessPartitioner {
  private readonly counters = new Map<string, number>();

  constructor(private readonly random: RandomInt = secureRandom) {}

  partition(topic: string, available: readonly number[], numPartitions: number): number {
    const counter = this.counters.get(topic) ?? this.random();
    this.counters.set(topic, (counter + 1) | 0);
    return choosePartition(available, numPartitions, toPositive(counter));
  }
}

/** kafkajs가 파티셔너에 넘기는 값 (kafkajs의 `PartitionerArgs`에서 이 모듈이 읽는 부분만) */
export interface PartitionerArgs {
  readonly topic: string;
  readonly partitionMetadata: readonly { readonly partitionId: number; readonly leader: number }[];
  readonly message: PartitionerMessage;
}

export interface PartitionerMessage {
  readonly key?: Buffer | string | null;
  readonly value: Buffer | string | null;
  readonly partition?: number;
  readonly headers?: Readonly<Record<string, Buffer | string | (Buffer | string)[] | undefined>>;
}

export interface JavaCompatiblePartitionerOptions {
  /** 키 없는 레코드: `sticky`(Java 3.3+, 기본값) 또는 `round-robin`(Java 2.3까지, kafkajs) */
  readonly keyless?: 'sticky' | 'round-robin';
  /** 스티키가 파티션을 바꾸는 기준 (Java `batch.size`, 기본 16384바이트) */
  readonly batchSizeBytes?: number;
  /** 파티션을 무작위로 고를 때 쓰는 수. 테스트에서 정해진 수열을 넣습니다. */
  readonly random?: RandomInt;
}

/**
 * kafkajs의 `producer({ createPartitioner })` 자리에 넣는 팩토리를 만듭니다.
 * kafkajs는 프로듀서마다 팩토리를 한 번 불러 파티셔너 함수를 얻고, 레코드마다 그 함수를 부릅니다.
 * 그래서 스티키와 라운드 로빈의 상태는 프로듀서 하나에 하나씩 생깁니다.
 *
 *     const producer = kafka.producer({ createPartitioner: createJavaCompatiblePartitioner() });
 */
export function createJavaCompatiblePartitioner(
  options: JavaCompatiblePartitionerOptions = {},
): () => (args: PartitionerArgs) => number {
  const { keyless = 'sticky', batchSizeBytes = DEFAULT_BATCH_SIZE_BYTES, random = secureRandom } = options;
  return () => {
    const forKeyless: KeylessPartitioner =
      keyless === 'round-robin' ? new RoundRobinPartitioner(random) : new StickyPartitioner(batchSizeBytes, random);
    return ({ topic, partitionMetadata, message }) => {
      if (message.partition !== undefined && message.partition !== null) return message.partition;
      const numPartitions = partitionMetadata.length;
      if (message.key !== undefined && message.key !== null) {
        return partitionForKey(keyBytes(message.key), numPartitions);
      }
      const available = partitionMetadata.filter((p) => p.leader >= 0).map((p) => p.partitionId);
      return forKeyless.partition(topic, available, numPartitions, recordBytes(message));
    };
  };
}

/**
 * 스티키가 세는 레코드 크기: 값과 헤더의 바이트 수. Java는 배치에 실제로 붙은 바이트(레코드 머리 포함)를 세지만,
 * kafkajs의 파티셔너는 배치를 보지 못하므로 내용의 크기로 어림합니다.
 */
export function recordBytes(message: PartitionerMessage): number {
  let bytes = byteLength(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    bytes += Buffer.byteLength(name);
    for (const v of Array.isArray(value) ? value : [value]) bytes += byteLength(v);
  }
  return bytes;
}

function byteLength(value: Buffer | string | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}
