/**
 * SCRAM 방식의 표와 서버가 사용자마다 갖는 자격 증명의 모양 (Kafka `ScramMechanism`, `ScramCredential`). 해시 계산은
 * `scram.ts`에 있고, 이 파일은 Node의 모듈을 쓰지 않습니다: 메타데이터 이미지와 컨트롤러가 이것만 부릅니다.
 */
export type ScramMechanism = 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

/**
 * Kafka `ScramMechanism`: 해시 이름, 반복 횟수의 하한 (둘 다 4096), 그리고 AlterUserScramCredentials와 메타데이터
 * 레코드에 적는 번호 (`org.apache.kafka.clients.admin.ScramMechanism`: 0 UNKNOWN, 1 SHA-256, 2 SHA-512)
 */
export const SCRAM_MECHANISMS: Record<
  ScramMechanism,
  { readonly hash: 'sha256' | 'sha512'; readonly minIterations: number; readonly type: number }
> = {
  'SCRAM-SHA-256': { hash: 'sha256', minIterations: 4096, type: 1 },
  'SCRAM-SHA-512': { hash: 'sha512', minIterations: 4096, type: 2 },
};

export function isScramMechanism(name: string): name is ScramMechanism {
  return Object.hasOwn(SCRAM_MECHANISMS, name);
}

/** 번호 → 방식 (Kafka `ScramMechanism.fromType`). 모르는 번호(UNKNOWN)면 null */
export function scramMechanismOfType(type: number): ScramMechanism | null {
  for (const [name, { type: t }] of Object.entries(SCRAM_MECHANISMS)) if (t === type) return name as ScramMechanism;
  return null;
}

/** 서버가 사용자마다 갖는 것 (Kafka `ScramCredential`) */
export interface ScramCredential {
  readonly salt: Buffer;
  readonly storedKey: Buffer;
  readonly serverKey: Buffer;
  readonly iterations: number;
}

/**
 * 클라이언트가 보낸 SaltedPassword에서 적을 자격 증명(StoredKey, ServerKey)을 만드는 함수. 컨트롤러는 이것을 밖에서
 * 받습니다 (Node에서는 `scram.ts`의 `scramCredentialOf`).
 */
export type ScramCredentialDeriver = (
  mechanism: ScramMechanism,
  salt: Buffer,
  saltedPassword: Buffer,
  iterations: number,
) => ScramCredential;
