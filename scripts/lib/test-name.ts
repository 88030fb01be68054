/** 테스트 이름 `EmptyLogStartsAtLogStart: 빈 로그의 …`를 ID(`:` 앞, 힌트의 열쇠)와 설명으로 나눕니다. */
export function splitTestName(name: string): { id: string; title: string } {
  const at = name.indexOf(':');
  return at < 0 ? { id: name, title: '' } : { id: name.slice(0, at).trim(), title: name.slice(at + 1).trim() };
}
