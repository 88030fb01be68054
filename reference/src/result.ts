/**
 * 결정 함수의 결과를 적는 한 가지 약속입니다.
 *
 *     { ok: true, …값 }        결정이 받아들여졌고, 필요한 값이 함께 옵니다
 *     { ok: false, error }     받아들이지 않았고, 왜인지가 `error`에 있습니다
 *
 * `error`의 타입은 결정마다 정합니다: 응답에 그대로 실을 Kafka 오류 코드(`ErrorCode.FENCED_LEADER_EPOCH`)이거나,
 * 로그와 테스트가 읽을 이유 이름(`'ALREADY_VOTED'`)입니다. 예외는 "이런 일은 일어날 수 없다"는 불변식이
 * 깨졌을 때만 던집니다 (시뮬레이터가 그 씨앗을 잡아 다시 돌릴 수 있도록).
 */
export type Ok<T extends object = object> = { readonly ok: true } & T;

export interface Err<E> {
  readonly ok: false;
  readonly error: E;
  /** 사람이 읽을 설명 (로그용) */
  readonly message?: string;
}

export type Result<T extends object = object, E = string> = Ok<T> | Err<E>;

/** 값 없이 받아들인 결과 */
export const OK: Ok = { ok: true };

export function ok<T extends object>(value: T): Ok<T> {
  return { ok: true, ...value };
}

export function err<E>(error: E, message?: string): Err<E> {
  return message === undefined ? { ok: false, error } : { ok: false, error, message };
}
