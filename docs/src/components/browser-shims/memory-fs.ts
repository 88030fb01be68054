/**
 * 브라우저의 `node:fs`: 참조 브로커의 파티션 로그(`reference/src/storage/`)가 쓰는 동기 호출만, 메모리 위에서.
 *
 * 그림(다이어그램)은 복제 시뮬레이터를 브라우저에서 돌리고, 그 브로커들은 진짜 `LogManager`로 세그먼트·색인·체크포인트
 * 파일을 씁니다. 그 파일들이 여기 놓입니다. 열린 파일(fd)은 이름이 아니라 내용(아이노드)을 가리키므로, 열어 둔 채 이름을
 * 바꾸거나 지워도 POSIX처럼 계속 읽고 쓸 수 있습니다. 페이지를 닫으면 사라집니다.
 */
import { Buffer } from './buffer';

interface Inode {
  data: Uint8Array;
  size: number;
  mtimeMs: number;
}

const files = new Map<string, Inode>();
const dirs = new Set<string>(['/']);
const fds = new Map<number, Inode | 'dir'>();
let nextFd = 3;
let nextTemp = 0;

function normalize(p: string): string {
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

function parent(p: string): string {
  return normalize(`${p}/..`);
}

function fail(code: 'ENOENT' | 'EEXIST' | 'EBADF' | 'ENOTDIR', syscall: string, p: string | number): never {
  const error = new Error(`${code}: ${syscall} '${p}'`) as Error & { code: string };
  error.code = code;
  throw error;
}

function inodeOf(fd: number): Inode {
  const inode = fds.get(fd);
  if (!inode || inode === 'dir') fail('EBADF', 'fd', fd);
  return inode;
}

function ensureCapacity(inode: Inode, size: number): void {
  if (size <= inode.data.length) return;
  const grown = new Uint8Array(Math.max(size, inode.data.length * 2, 256));
  grown.set(inode.data.subarray(0, inode.size));
  inode.data = grown;
}

function writeInode(inode: Inode, bytes: Uint8Array, position: number): void {
  ensureCapacity(inode, position + bytes.length);
  inode.data.set(bytes, position);
  inode.size = Math.max(inode.size, position + bytes.length);
  inode.mtimeMs = Date.now();
}

export function existsSync(p: string): boolean {
  const n = normalize(p);
  return files.has(n) || dirs.has(n);
}

export function mkdirSync(p: string, options?: { recursive?: boolean }): void {
  const n = normalize(p);
  if (dirs.has(n)) {
    if (options?.recursive) return;
    fail('EEXIST', 'mkdir', p);
  }
  if (!dirs.has(parent(n))) {
    if (!options?.recursive) fail('ENOENT', 'mkdir', p);
    mkdirSync(parent(n), options);
  }
  dirs.add(n);
}

export function mkdtempSync(prefix: string): string {
  const dir = `${prefix}${(nextTemp++).toString(36).padStart(6, '0')}`;
  mkdirSync(dir, { recursive: true });
  return dir;
}

function children(dir: string): { name: string; isDirectory: boolean }[] {
  const prefix = dir === '/' ? '/' : `${dir}/`;
  const found: { name: string; isDirectory: boolean }[] = [];
  for (const d of dirs)
    if (d !== dir && d.startsWith(prefix) && !d.slice(prefix.length).includes('/'))
      found.push({ name: d.slice(prefix.length), isDirectory: true });
  for (const f of files.keys())
    if (f.startsWith(prefix) && !f.slice(prefix.length).includes('/'))
      found.push({ name: f.slice(prefix.length), isDirectory: false });
  return found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

interface Dirent {
  readonly name: string;
  isDirectory(): boolean;
  isFile(): boolean;
}

export function readdirSync(p: string): string[];
export function readdirSync(p: string, options: { withFileTypes: true }): Dirent[];
export function readdirSync(p: string, options?: { withFileTypes?: boolean }): string[] | Dirent[] {
  const n = normalize(p);
  if (!dirs.has(n)) fail(files.has(n) ? 'ENOTDIR' : 'ENOENT', 'scandir', p);
  const entries = children(n);
  if (!options?.withFileTypes) return entries.map((e) => e.name);
  return entries.map((e) => ({ name: e.name, isDirectory: () => e.isDirectory, isFile: () => !e.isDirectory }));
}

export function rmSync(p: string, options?: { recursive?: boolean; force?: boolean }): void {
  const n = normalize(p);
  if (files.delete(n)) return;
  if (dirs.has(n)) {
    if (!options?.recursive) fail('ENOTDIR', 'rm', p);
    const prefix = `${n}/`;
    for (const f of [...files.keys()]) if (f.startsWith(prefix)) files.delete(f);
    for (const d of [...dirs]) if (d === n || d.startsWith(prefix)) dirs.delete(d);
    return;
  }
  if (!options?.force) fail('ENOENT', 'rm', p);
}

export function unlinkSync(p: string): void {
  if (!files.delete(normalize(p))) fail('ENOENT', 'unlink', p);
}

export function renameSync(from: string, to: string): void {
  const a = normalize(from);
  const b = normalize(to);
  const inode = files.get(a);
  if (inode) {
    files.delete(a);
    files.set(b, inode);
    return;
  }
  if (!dirs.has(a)) fail('ENOENT', 'rename', from);
  const prefix = `${a}/`;
  for (const d of [...dirs])
    if (d === a || d.startsWith(prefix)) {
      dirs.delete(d);
      dirs.add(b + d.slice(a.length));
    }
  for (const [f, node] of [...files])
    if (f.startsWith(prefix)) {
      files.delete(f);
      files.set(b + f.slice(a.length), node);
    }
}

export function openSync(p: string, flags: string): number {
  const n = normalize(p);
  if (dirs.has(n)) {
    fds.set(nextFd, 'dir');
    return nextFd++;
  }
  let inode = files.get(n);
  if (!inode) {
    if (flags.startsWith('r')) fail('ENOENT', 'open', p);
    if (!dirs.has(parent(n))) fail('ENOENT', 'open', p);
    inode = { data: new Uint8Array(0), size: 0, mtimeMs: Date.now() };
    files.set(n, inode);
  } else if (flags.startsWith('w')) {
    inode.size = 0;
  }
  fds.set(nextFd, inode);
  return nextFd++;
}

export function closeSync(fd: number): void {
  if (!fds.delete(fd)) fail('EBADF', 'close', fd);
}

/** 메모리에는 내릴 곳이 없습니다. 열린 fd인지만 봅니다. */
export function fsyncSync(fd: number): void {
  if (!fds.has(fd)) fail('EBADF', 'fsync', fd);
}

export function writeSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number {
  writeInode(inodeOf(fd), buffer.subarray(offset, offset + length), position);
  return length;
}

export function readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number {
  const inode = inodeOf(fd);
  const n = Math.max(0, Math.min(length, inode.size - position));
  buffer.set(inode.data.subarray(position, position + n), offset);
  return n;
}

export function ftruncateSync(fd: number, length = 0): void {
  const inode = inodeOf(fd);
  ensureCapacity(inode, length);
  if (length > inode.size) inode.data.fill(0, inode.size, length);
  inode.size = length;
}

function stats(inode: Inode) {
  return { size: inode.size, mtimeMs: inode.mtimeMs, isFile: () => true, isDirectory: () => false };
}

export function fstatSync(fd: number) {
  return stats(inodeOf(fd));
}

export function statSync(p: string) {
  const n = normalize(p);
  const inode = files.get(n);
  if (inode) return stats(inode);
  if (dirs.has(n)) return { size: 0, mtimeMs: 0, isFile: () => false, isDirectory: () => true };
  return fail('ENOENT', 'stat', p);
}

export function utimesSync(p: string, _atime: number, mtime: number): void {
  const inode = files.get(normalize(p));
  if (!inode) fail('ENOENT', 'utime', p);
  inode.mtimeMs = mtime * 1000;
}

export function readFileSync(p: string): Buffer;
export function readFileSync(p: string, encoding: 'utf8'): string;
export function readFileSync(p: string, encoding?: 'utf8'): Buffer | string {
  const inode = files.get(normalize(p));
  if (!inode) fail('ENOENT', 'open', p);
  const bytes = Buffer.from(inode.data.slice(0, inode.size));
  return encoding ? bytes.toString(encoding) : bytes;
}

export function writeFileSync(p: string, content: string | Uint8Array): void {
  const fd = openSync(p, 'w');
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  writeSync(fd, bytes, 0, bytes.length, 0);
  closeSync(fd);
}

export default {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  unlinkSync,
  renameSync,
  openSync,
  closeSync,
  fsyncSync,
  writeSync,
  readSync,
  ftruncateSync,
  fstatSync,
  statSync,
  utimesSync,
  readFileSync,
  writeFileSync,
};
