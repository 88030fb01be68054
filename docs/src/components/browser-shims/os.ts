/** 브라우저의 `node:os`: 임시 디렉터리만 (메모리 파일 시스템 `memory-fs.ts`의 /tmp) */
export function tmpdir(): string {
  return '/tmp';
}

export default { tmpdir };
