/**
 * 난수의 출처. 선거 시간 제한(election timeout)에 섞는 무작위 값, 컨슈머 그룹의 멤버 ID, 클러스터·토픽 ID처럼
 * 노드가 쓰는 난수는 모두 이 인터페이스로 받습니다. 시뮬레이터는 씨앗(seed)으로 정해지는 난수(`sim/random.ts`)를
 * 넣어, 같은 씨앗이면 같은 선거와 같은 ID가 다시 나오게 합니다.
 */
export interface Random {
  /** [0, bound) 의 정수 (Java `Random.nextInt(bound)`와 같은 뜻) */
  int(bound: number): number;
  /** 무작위 바이트 `length`개 */
  bytes(length: number): Uint8Array;
}

/**
 * 진짜 프로세스의 난수. 가장자리에서만 씁니다. 바이트는 운영체제의 암호학적 난수(`crypto.getRandomValues`,
 * Node와 브라우저에 모두 있는 전역)에서 옵니다: 클러스터 ID가 다른 클러스터와 겹치면 안 되니까요.
 */
export const systemRandom: Random = {
  int: (bound) => Math.floor(Math.random() * bound),
  bytes: (length) => crypto.getRandomValues(new Uint8Array(length)),
};

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** 바이트를 URL-safe base64로, 채움 문자(=) 없이 (Java `Base64.getUrlEncoder().withoutPadding()`) */
export function base64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const chunk = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) out += BASE64URL[(chunk >> (18 - 6 * c)) & 63];
  }
  return out;
}

/**
 * Kafka의 `Uuid.randomUuid()`: 16바이트를 URL-safe base64 22자로 적은 ID (클러스터 ID, 토픽 ID, 디렉터리 ID).
 * Kafka처럼 `-`로 시작하는 값(명령줄 인자로 헷갈림)과 예약된 값(전부 0, 메타데이터 토픽의 ID `AAAA…AQ`)은
 * 다시 뽑습니다.
 */
export function randomKafkaUuid(random: Random): string {
  for (;;) {
    const bytes = random.bytes(16);
    const id = base64url(bytes);
    const reserved = bytes.slice(0, 15).every((b) => b === 0) && (bytes[15] ?? 0) <= 1;
    if (!id.startsWith('-') && !reserved) return id;
  }
}

/** Java `UUID.randomUUID().toString()`: 버전 4 UUID를 8-4-4-4-12 꼴의 16진수로 (컨슈머 그룹의 멤버 ID) */
export function randomUuidString(random: Random): string {
  const bytes = random.bytes(16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
