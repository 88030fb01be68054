/**
 * 브라우저의 `@node-rs/crc32`: CRC-32C(Castagnoli, 반사 다항식 0x82F63B78)를 표 하나로 셉니다. 네이티브 모듈과 같은
 * 값을 냅니다 (레코드 배치의 CRC). 그림의 배치는 작아서 표 방식으로 충분합니다.
 */
const TABLE = new Uint32Array(256);
for (let i = 0; i < 256; i++) {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
  TABLE[i] = c >>> 0;
}

export function crc32c(input: Uint8Array | string, initial = 0): number {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  let crc = (initial ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) crc = (TABLE[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
