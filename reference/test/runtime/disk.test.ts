/**
 * `Disk`의 두 구현(진짜 파일 `FileDisk`, 시뮬레이터의 `SimDisk`)이 같은 약속을 지키는지 같은 시험으로 확인하고,
 * 각자의 것(다시 열어도 남는 파일, 죽을 때 sync하지 않은 쓰기를 잃음)을 따로 확인합니다.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Disk } from '../../src/runtime/disk.js';
import { FileDisk } from '../../src/runtime/file-disk.js';
import { SimDisk } from '../../src/sim/disk.js';
import { SeededRandom } from '../../src/sim/random.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array | null) => (data === null ? null : new TextDecoder().decode(data));

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kraft-disk-'));
  dirs.push(dir);
  return dir;
}

describe.each([
  ['FileDisk', () => new FileDisk(tempDir())],
  ['SimDisk', () => new SimDisk()],
] as const)('Disk 약속: %s', (_, make: () => Disk) => {
  it('없는 파일은 null, 쓰면 읽히고, 덧붙이면 이어집니다', () => {
    const disk = make();
    expect(disk.read('a/f')).toBeNull();
    disk.write('a/f', bytes('hello'));
    disk.append('a/f', bytes(' world'));
    expect(text(disk.read('a/f'))).toBe('hello world');
    disk.append('a/g', bytes('new'));
    expect(text(disk.read('a/g'))).toBe('new');
  });

  it('truncate는 앞부분만 남기고, write는 통째로 바꿉니다', () => {
    const disk = make();
    disk.write('f', bytes('0123456789'));
    disk.truncate('f', 4);
    expect(text(disk.read('f'))).toBe('0123');
    disk.write('f', bytes('xy'));
    expect(text(disk.read('f'))).toBe('xy');
  });

  it('rename은 대상을 바꾸고 원래 이름을 없앱니다', () => {
    const disk = make();
    disk.write('d/target', bytes('old'));
    disk.write('d/target.tmp', bytes('new'));
    disk.sync('d/target.tmp');
    disk.rename('d/target.tmp', 'd/target');
    expect(text(disk.read('d/target'))).toBe('new');
    expect(disk.read('d/target.tmp')).toBeNull();
  });

  it('list는 디렉터리 바로 아래 파일 이름을 이름순으로, remove는 지웁니다 (없어도 괜찮습니다)', () => {
    const disk = make();
    disk.write('d/b', bytes('1'));
    disk.write('d/a', bytes('2'));
    disk.write('d/sub/c', bytes('3'));
    expect(disk.list('d')).toEqual(['a', 'b']);
    expect(disk.list('none')).toEqual([]);
    disk.remove('d/a');
    disk.remove('d/missing');
    expect(disk.list('d')).toEqual(['b']);
  });
});

describe('FileDisk', () => {
  it('다시 열어도 쓴 것이 남고, 뿌리 밖의 경로는 받지 않습니다', () => {
    const dir = tempDir();
    const first = new FileDisk(dir);
    first.append('__cluster_metadata-0/raft.log', bytes('abc'));
    first.sync('__cluster_metadata-0/raft.log');
    expect(text(new FileDisk(dir).read('__cluster_metadata-0/raft.log'))).toBe('abc');
    expect(fs.existsSync(path.join(dir, '__cluster_metadata-0', 'raft.log'))).toBe(true);
    expect(() => first.read('../escape')).toThrow(/뿌리/);
  });
});

describe('SimDisk: 죽을 때 sync하지 않은 쓰기를 잃습니다', () => {
  it('sync한 것만 남습니다', () => {
    const disk = new SimDisk();
    disk.append('log', bytes('aaa'));
    disk.sync('log');
    disk.append('log', bytes('bbb'));
    disk.write('never-synced', bytes('x'));
    expect(disk.dirtyFiles).toBe(2);
    expect(disk.crash()).toBe(4);
    expect(text(disk.read('log'))).toBe('aaa');
    expect(disk.read('never-synced')).toBeNull();
    expect(disk.dirtyFiles).toBe(0);
  });

  it('찢어진 쓰기: 덧붙이던 꼬리의 앞부분이 남을 수 있지만, sync한 것은 언제나 남습니다', () => {
    const kept = new Set<string>();
    for (let seed = 0; seed < 50; seed++) {
      const disk = new SimDisk();
      disk.append('log', bytes('aaa'));
      disk.sync('log');
      disk.append('log', bytes('bbbbbb'));
      disk.crash({ tornWrites: new SeededRandom(seed) });
      const survived = text(disk.read('log')) as string;
      expect(survived.startsWith('aaa')).toBe(true);
      expect('aaabbbbbb'.startsWith(survived)).toBe(true);
      kept.add(survived);
    }
    expect(kept.size).toBeGreaterThan(3);
  });

  it('바꿔 쓴 파일은 옛 내용으로 돌아가고, sync하지 않고 옮긴 파일은 옛 내구적 내용으로 돌아갑니다', () => {
    const disk = new SimDisk();
    disk.write('state', bytes('v1'));
    disk.sync('state');
    disk.write('state', bytes('v2'));
    disk.write('state.tmp', bytes('v3'));
    disk.rename('state.tmp', 'other');
    disk.crash();
    expect(text(disk.read('state'))).toBe('v1');
    expect(disk.read('other')).toBeNull();
  });
});
