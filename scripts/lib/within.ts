/** `promise`의 값, 또는 `limitMs` 안에 끝나지 않으면 null. 끝나면 타이머를 치워, 기다리는 쪽의 프로세스를 붙잡지 않습니다 */
export async function within<T>(limitMs: number, promise: Promise<T>): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), limitMs);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
