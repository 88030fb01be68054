/**
 * 시뮬레이터의 디스크: 파일마다 "지금 보이는 내용"과 "디스크에 내려간 내용"을 따로 갖습니다.
 * `sync`가 앞의 것을 뒤로 옮기고, `crash`가 노드가 죽은 순간을 흉내 내 sync하지 않은 내용을 버립니다.
 *
 * 죽을 때 무엇이 남는지는 진짜 디스크처럼 정해져 있지 않습니다. 덧붙이기만 한 파일은 sync하지 않은 꼬리의
 * 앞부분이 운 좋게 남아 있을 수 있습니다 (찢어진 쓰기, torn write). 그래서 `crash`는 씨앗 난수로 그 길이를
 * 고릅니다: 읽는 코드는 끝이 잘리거나 깨진 레코드를 CRC로 알아보고 버려야 합니다.
 *
 * 단순하게 한 것: 이름 바꾸기와 지우기는 곧바로 내구적입니다 (진짜 파일 시스템에서는 디렉터리도 fsync해야
 * 합니다. `runtime/file-disk.ts`는 그렇게 합니다).
 */
import type { Disk } from '../runtime/disk.js';
import type { SeededRandom } from './random.js';

interface SimFile {
  /** 지금 보이는 내용 (운영체제의 페이지 캐시) */
  current: Uint8Array;
  /** sync된 내용. null이면 이 파일은 아직 디스크에 없습니다 (죽으면 사라집니다). */
  durable: Uint8Array | null;
}

export interface CrashOptions {
  /** 있으면 덧붙이기만 한 파일에서 sync하지 않은 꼬리의 앞부분을 무작위 길이만큼 남깁니다. */
  readonly tornWrites?: SeededRandom;
}

export class SimDisk implements Disk {
  readonly #files = new Map<string, SimFile>();

  read(path: string): Uint8Array | null {
    const file = this.#files.get(path);
    return file ? file.current.slice() : null;
  }

  write(path: string, data: Uint8Array): void {
    const file = this.#files.get(path);
    if (file) file.current = data.slice();
    else this.#files.set(path, { current: data.slice(), durable: null });
  }

  append(path: string, data: Uint8Array): void {
    const file = this.#files.get(path);
    if (!file) {
      this.#files.set(path, { current: data.slice(), durable: null });
      return;
    }
    const grown = new Uint8Array(file.current.length + data.length);
    grown.set(file.current, 0);
    grown.set(data, file.current.length);
    file.current = grown;
  }

  truncate(path: string, size: number): void {
    const file = this.#require(path);
    const resized = new Uint8Array(size); // 늘리면 0으로 채웁니다 (ftruncate와 같습니다)
    resized.set(file.current.subarray(0, size), 0);
    file.current = resized;
  }

  sync(path: string): void {
    const file = this.#require(path);
    file.durable = file.current;
  }

  rename(from: string, to: string): void {
    const source = this.#require(from);
    this.#files.delete(from);
    // 옮겨지는 것은 내구적인 내용뿐입니다: sync하지 않은 채 옮긴 파일은 죽으면 옛 내용(또는 없음)으로 돌아갑니다.
    this.#files.set(to, { current: source.current, durable: source.durable });
  }

  remove(path: string): void {
    this.#files.delete(path);
  }

  list(dir: string): string[] {
    const prefix = dir === '' ? '' : `${dir.replace(/\/$/, '')}/`;
    const names: string[] = [];
    for (const path of this.#files.keys()) {
      if (!path.startsWith(prefix)) continue;
      const rest = path.slice(prefix.length);
      if (!rest.includes('/')) names.push(rest);
    }
    return names.sort();
  }

  /** sync하지 않은 내용이 있는 파일 수 (시험용) */
  get dirtyFiles(): number {
    let dirty = 0;
    for (const file of this.#files.values()) if (file.current !== file.durable) dirty++;
    return dirty;
  }

  /** 노드가 죽었습니다: sync하지 않은 내용을 버립니다. 버린 바이트 수를 돌려줍니다. */
  crash(options: CrashOptions = {}): number {
    let lost = 0;
    for (const [path, file] of [...this.#files]) {
      if (file.current === file.durable) continue;
      if (file.durable === null) {
        lost += file.current.length;
        this.#files.delete(path);
        continue;
      }
      let keep = file.durable.length;
      const tail = file.current.length - file.durable.length;
      if (options.tornWrites && tail > 0 && startsWith(file.current, file.durable)) {
        keep += options.tornWrites.int(tail + 1);
      }
      lost += Math.max(0, file.current.length - keep);
      const survived = keep === file.durable.length ? file.durable : file.current.slice(0, keep);
      file.current = survived;
      file.durable = survived;
    }
    return lost;
  }

  #require(path: string): SimFile {
    const file = this.#files.get(path);
    if (!file) throw new Error(`없는 파일입니다: ${path}`);
    return file;
  }
}

function startsWith(data: Uint8Array, prefix: Uint8Array): boolean {
  if (prefix.length > data.length) return false;
  for (let i = 0; i < prefix.length; i++) if (data[i] !== prefix[i]) return false;
  return true;
}
