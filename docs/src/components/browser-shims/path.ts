/** 브라우저의 `node:path` (POSIX만): 참조 브로커가 쓰는 join, dirname, basename, resolve, sep */
export const sep = '/';

export function normalize(p: string): string {
  const absolute = p.startsWith('/');
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts.at(-1) !== '..') parts.pop();
    else if (part !== '..' || !absolute) parts.push(part);
  }
  const joined = parts.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

export function join(...parts: string[]): string {
  return normalize(parts.filter((p) => p !== '').join('/'));
}

export function resolve(...parts: string[]): string {
  let result = '';
  for (const p of parts) result = p.startsWith('/') ? p : `${result}/${p}`;
  return normalize(result.startsWith('/') ? result : `/${result}`);
}

export function dirname(p: string): string {
  const n = normalize(p);
  const i = n.lastIndexOf('/');
  if (i < 0) return '.';
  return i === 0 ? '/' : n.slice(0, i);
}

export function basename(p: string, ext?: string): string {
  const base = normalize(p).split('/').at(-1) ?? '';
  return ext && base.endsWith(ext) ? base.slice(0, -ext.length) : base;
}

export default { sep, normalize, join, resolve, dirname, basename };
