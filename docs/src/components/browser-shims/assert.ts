/** 브라우저의 `node:assert/strict`: 참조 브로커는 `assert(조건, 메시지)`만 씁니다. */
export default function assert(condition: unknown, message?: string | Error): asserts condition {
  if (condition) return;
  if (message instanceof Error) throw message;
  throw new Error(message ?? 'Assertion failed');
}
