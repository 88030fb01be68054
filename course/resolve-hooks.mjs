/**
 * Node 모듈 훅(module.register)의 resolve: 보통대로 찾은 파일이 대응표에 있으면 그 대신 학습자의 파일을 돌려줍니다.
 * 대응표는 course/register.ts가 만들어 `initialize`로 넘깁니다 (reference 모듈의 file: URL → 복사본의 file: URL).
 */

/** @type {Map<string, string>} */
let redirects = new Map();

/** @param {{ redirects: Record<string, string> }} data */
export function initialize(data) {
  redirects = new Map(Object.entries(data.redirects));
}

/**
 * @param {string} specifier
 * @param {object} context
 * @param {(specifier: string, context: object) => Promise<{ url: string }>} nextResolve
 */
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  const to = redirects.get(resolved.url);
  return to === undefined ? resolved : { ...resolved, url: to };
}
