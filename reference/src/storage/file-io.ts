/**
 * 파일 입출력 도우미. 모두 동기 호출입니다: 브로커는 한 스레드에서 요청을 차례로 처리하므로, 쓰기가
 * 돌아왔을 때 바이트가 이미 운영체제에 넘어가 있다는 것이 코드를 단순하게 합니다.
 */
import fs from 'node:fs';
import path from 'node:path';

/** `buf` 전부를 파일의 `position`에 씁니다. writeSync는 일부만 쓸 수도 있어 끝까지 반복합니다. */
export function writeFully(fd: number, buf: Buffer, position: number): void {
  let written = 0;
  while (written < buf.length) {
    written += fs.writeSync(fd, buf, written, buf.length - written, position + written);
  }
}

/** 파일의 `position`부터 `length` 바이트를 읽습니다. 파일이 짧으면 읽은 만큼만 돌려줍니다. */
export function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let read = 0;
  while (read < length) {
    const n = fs.readSync(fd, buf, read, length - read, position + read);
    if (n === 0) break;
    read += n;
  }
  return read === length ? buf : buf.subarray(0, read);
}

/**
 * 디렉터리를 fsync합니다. 새 파일을 만들거나 이름을 바꾼 사실(디렉터리 항목)도 디스크에 내려야 전원이
 * 나가도 남습니다. 디렉터리 fsync를 지원하지 않는 플랫폼에서는 조용히 넘어갑니다.
 */
export function fsyncDir(dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fs.fsyncSync(fd);
  } catch {
    // Windows 등: 디렉터리 fsync 불가
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * 파일을 원자적으로 바꿉니다: `<file>.tmp`에 쓰고 fsync한 뒤 이름을 바꾸고, 디렉터리도 fsync합니다.
 * 도중에 죽어도 파일은 옛 내용 아니면 새 내용이고, 반쯤 쓴 내용은 없습니다 (Kafka: `CheckpointFile.write`).
 */
export function atomicWriteFile(file: string, content: string | Buffer): void {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    writeFully(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content, 0);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  fsyncDir(path.dirname(file));
}
