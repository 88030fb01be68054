/**
 * 진짜 디스크: 디렉터리 하나를 뿌리로 삼아 `Disk`를 파일 시스템에 그대로 옮깁니다.
 * 쓰기는 운영체제에 넘기기만 하고, `sync`가 fsync를 부릅니다. `rename`은 파일 이름을 바꾼 뒤 디렉터리도
 * fsync해서, 바뀐 이름(디렉터리 항목)까지 디스크에 내립니다.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fsyncDir } from '../storage/file-io.js';
import type { Disk } from './disk.js';

export class FileDisk implements Disk {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  read(file: string): Uint8Array | null {
    try {
      return fs.readFileSync(this.#resolve(file));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  write(file: string, data: Uint8Array): void {
    fs.writeFileSync(this.#prepare(file), data);
  }

  append(file: string, data: Uint8Array): void {
    fs.appendFileSync(this.#prepare(file), data);
  }

  truncate(file: string, size: number): void {
    fs.truncateSync(this.#resolve(file), size);
  }

  sync(file: string): void {
    const fd = fs.openSync(this.#resolve(file), 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  rename(from: string, to: string): void {
    const target = this.#prepare(to);
    fs.renameSync(this.#resolve(from), target);
    fsyncDir(path.dirname(target));
  }

  remove(file: string): void {
    fs.rmSync(this.#resolve(file), { force: true });
  }

  list(dir: string): string[] {
    try {
      return fs
        .readdirSync(this.#resolve(dir), { withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => entry.name)
        .sort();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }

  /** 뿌리 밖으로 나가는 경로(`../x`)는 받지 않습니다. */
  #resolve(file: string): string {
    const resolved = path.resolve(this.root, file);
    if (resolved !== this.root && !resolved.startsWith(this.root + path.sep)) {
      throw new Error(`디스크 뿌리(${this.root}) 밖의 경로입니다: ${file}`);
    }
    return resolved;
  }

  #prepare(file: string): string {
    const resolved = this.#resolve(file);
    fs.mkdirSync(path.dirname(resolved), { recursive: true });
    return resolved;
  }
}
