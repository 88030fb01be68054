/**
 * 브라우저에서 대신하는 압축 모듈들(`node:zlib`, `snappy`, `lz4-napi`, `@bokuweb/zstd-wasm`). 그림의 프로듀서는 압축하지
 * 않으므로 부를 일이 없습니다. 불리면 조용히 틀린 값을 내지 않고 분명히 실패합니다.
 */
function unavailable(): never {
  throw new Error('브라우저 그림에서는 압축을 쓰지 않습니다 (compression.type=none)');
}

export const gzipSync = unavailable;
export const gunzipSync = unavailable;
export const compressSync = unavailable;
export const uncompressSync = unavailable;
export const compressFrameSync = unavailable;
export const decompressFrameSync = unavailable;
export const compress = unavailable;
export const decompress = unavailable;
/** zstd-wasm의 초기화: compression.ts가 모듈을 읽을 때 기다립니다. 할 일이 없습니다. */
export async function init(): Promise<void> {}
