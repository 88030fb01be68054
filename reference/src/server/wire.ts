/**
 * 와이어 코덱: 바이트 흐름을 요청 프레임으로 자르고, 요청 헤더를 읽고, 응답 헤더를 쓰는 부분입니다.
 * 브로커는 이 묶음을 바꿔 끼울 수 있어서, 3장의 테스트는 학습자가 만든 코덱을 끼운 브로커에
 * 진짜 kafkajs를 붙여 봅니다. 기본값은 reference/src/protocol의 구현입니다.
 */
import { Framer } from '../protocol/framer.js';
import { decodeRequestHeader, encodeResponseHeader, type RequestHeader } from '../protocol/headers.js';
import type { ByteReader } from '../protocol/reader.js';
import type { ByteWriter } from '../protocol/writer.js';

export interface FrameSplitter {
  /** 받은 바이트 조각을 넣으면 완성된 프레임(크기 접두사를 뗀 본문)들을 돌려줍니다. */
  feed(chunk: Buffer): Buffer[];
}

export interface WireCodec {
  createFramer(maxFrameBytes: number): FrameSplitter;
  decodeRequestHeader(reader: ByteReader): RequestHeader;
  encodeResponseHeader(writer: ByteWriter, apiKey: number, apiVersion: number, correlationId: number): void;
}

export const referenceWire: WireCodec = {
  createFramer: (maxFrameBytes) => new Framer(maxFrameBytes),
  decodeRequestHeader,
  encodeResponseHeader,
};
