/**
 * 연습 문제의 빈칸입니다. 스타터 코드에서 아직 작성하지 않은 부분은 `todo("…")`를 부르고,
 * 러너는 이 오류를 알아보고 "아직 작성하지 않은 부분"으로 보여 줍니다.
 */
export class TodoError extends Error {
  override name = 'TodoError';
}

export function todo(what: string): never {
  throw new TodoError(`아직 작성하지 않았습니다: ${what}`);
}
