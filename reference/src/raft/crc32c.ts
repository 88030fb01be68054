/**
 * CRC-32C (Castagnoli). 레코드 배치 v2가 쓰는 것과 같은 체크섬으로, 로그 파일의 항목마다 붙여 찢어진 쓰기나
 * 깨진 바이트를 알아봅니다. 브라우저에서도 돌도록 네이티브 모듈(@node-rs/crc32) 대신 표를 쓰는 순수 구현입니다.
 */
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32c(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
