/**
 * 비교에 쓰는 진짜 Kafka: 공식 `apache/kafka` 이미지의 태그 하나.
 *
 * 과정이 설명하는 Kafka 버전이기도 합니다. 지금 릴리스 줄은 4.3이고(4.3.0이 2026년 5월, 버그 수정판 4.3.1이
 * 2026년 6월), 그 마지막 패치를 씁니다. `docker-compose.kraft.yml`도 같은 태그를 써야 하며,
 * `kafka-image.test.ts`가 둘이 같은지 확인합니다.
 */
export const KAFKA_IMAGE = 'apache/kafka:4.3.1';

/** `apache/kafka:4.3.1` → `4.3.1` */
export const KAFKA_VERSION = KAFKA_IMAGE.slice(KAFKA_IMAGE.indexOf(':') + 1);
