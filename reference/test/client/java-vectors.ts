/**
 * Java 클라이언트가 계산한 murmur2 값과 파티션. 우리가 계산한 값이 아니라 세 곳에 공개된 값입니다.
 * reference의 테스트와 4장 연습 문제의 테스트가 함께 씁니다.
 *
 * 1. Apache Kafka `clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java`의 `testMurmur2`:
 *    `Utils.murmur2(문자열.getBytes())`의 기댓값 여섯 개.
 * 2. librdkafka `src/rdmurmur2.c`의 `unittest_murmur2`: 표 이름이 `java_murmur2_results`이고, librdkafka가
 *    Java와 같은 값을 내는지 확인하는 값입니다. 꼬리 길이 0~3을 모두 지나도록 "1234"와 긴 문자열을 한 글자씩
 *    잘라 가며 씁니다. C의 uint32 값이라 int32로 바꿔 적었습니다.
 * 3. kafkajs `src/producer/partitioners/defaultJava/murmur2.spec.js`: 같은 폴더의 `Test.java`(Java murmur2를 그대로
 *    옮긴 프로그램)를 실행해 얻은 값입니다. (kafkajs 1.x의 `default/murmur2.spec.js` 값은 Java와 다른 옛 구현의
 *    값이니 헷갈리지 마세요. 지금의 LegacyPartitioner가 그 구현입니다.)
 *
 * 파티션 기댓값은 librdkafka `tests/0048-partitioner.c`의 `murmur2` 파티셔너 줄입니다. 그 값은 Java로
 * `toPositive(murmur2(키))`를 계산한 것(주석: "using tests/java/Murmur2Cli")이고, 파티션은 그 값 % 파티션 수입니다.
 * 같은 파일의 `consistent` 줄은 librdkafka 기본 파티셔너가 쓰는 CRC32 값입니다. 둘이 다르다는 것이 4장의 요점 하나입니다.
 */

/** UtilsTest.testMurmur2 (Apache Kafka) */
export const kafkaUtilsTest: readonly (readonly [key: string, murmur2: number])[] = [
  ['21', -973932308],
  ['foobar', -790332482],
  ['a-little-bit-long-string', -985981536],
  ['a-little-bit-longer-string', -1486304829],
  ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
  ['abc', 479470107],
];

/** rdmurmur2.c unittest_murmur2의 java_murmur2_results (librdkafka). 빈 키는 길이 0의 해시입니다. */
export const librdkafkaJavaResults: readonly (readonly [key: string, murmur2: number])[] = [
  ['kafka', 0xd067cf64 | 0],
  ['giberish123456789', 0x8f552b0c | 0],
  ['1234', 0x9fc97b14 | 0],
  ['234', 0xe7c009ca | 0],
  ['34', 0x873930da | 0],
  ['4', 0x5a4b5ca1 | 0],
  ['PreAmbleWillBeRemoved,ThePrePartThatIs', 0x78424f1c | 0],
  ['reAmbleWillBeRemoved,ThePrePartThatIs', 0x4a62b377 | 0],
  ['eAmbleWillBeRemoved,ThePrePartThatIs', 0xe0e4e09e | 0],
  ['AmbleWillBeRemoved,ThePrePartThatIs', 0x62b8b43f | 0],
  ['', 0x106e08d9 | 0],
];

/** defaultJava/murmur2.spec.js (kafkajs): "Generated with src/producer/partitioners/defaultJava/Test.java" */
export const kafkajsJavaTest: readonly (readonly [key: string, murmur2: number])[] = [
  ['0', 971027396],
  ['1', -1993445489],
  ['128', -326012175],
  ['2187', -1508407203],
  ['16384', -325739742],
  ['78125', -1654490814],
  ['279936', 1462227128],
  ['823543', -2014198330],
  ['2097152', 607668903],
  ['4782969', -1182699775],
  ['10000000', -1830336757],
  ['19487171', -1603849305],
  ['35831808', -857013643],
  ['62748517', -1167431028],
  ['105413504', -381294639],
  ['170859375', -1658323481],
  ['100:48069', 1009543857],
];

/**
 * tests/0048-partitioner.c (librdkafka): 키마다 Java의 toPositive(murmur2)와 librdkafka `consistent`의 CRC32.
 * 그 테스트는 파티션 17개(빠른 모드는 7개)짜리 토픽에 보내고 파티션 = 값 % 17을 기대합니다.
 */
export const librdkafkaPartitionerTest: readonly (readonly [key: string, positiveMurmur2: number, crc32: number])[] = [
  ['', 0x106e08d9, 0x0],
  ['23456', 0x058d780f, 0xb1b451d7],
  ['this is another string with more length to it perhaps', 0x4f7703da, 0xb0150df7],
  ['hejsan', 0x5ec19395, 0xd077037e],
];
