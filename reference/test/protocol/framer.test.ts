/**
 * Framer: Kafka protocol guide, "Protocol Framing" — 모든 요청과 응답 앞에 int32 크기가 붙습니다.
 */
import { describe, expect, it } from 'vitest';
import { FrameError, Framer, frame } from '../../src/protocol/framer.js';

const payloads = [Buffer.from('first'), Buffer.alloc(0), Buffer.from('third frame, a bit longer')];
const stream = Buffer.concat(payloads.map(frame));
const text = (frames: Buffer[]) => frames.map((f) => f.toString());

describe('Framer', () => {
  it('frame() prefixes the payload with its size as a big-endian int32', () => {
    expect(frame(Buffer.from('ab'))).toEqual(Buffer.from([0, 0, 0, 2, 0x61, 0x62]));
  });

  it('many frames in one chunk come out in order', () => {
    expect(text(new Framer(1024).feed(stream))).toEqual(payloads.map(String));
  });

  it('a frame that fits in its chunk is returned without copying', () => {
    const [first] = new Framer(1024).feed(stream);
    expect(first?.buffer).toBe(stream.buffer);
  });

  it('a frame split at every possible byte boundary is reassembled', () => {
    for (let cut = 1; cut < stream.length; cut++) {
      const framer = new Framer(1024);
      const frames = [...framer.feed(stream.subarray(0, cut)), ...framer.feed(stream.subarray(cut))];
      expect(text(frames), `cut at ${cut}`).toEqual(payloads.map(String));
      expect(framer.bufferedBytes).toBe(0);
    }
  });

  it('one byte at a time still yields every frame exactly once', () => {
    const framer = new Framer(1024);
    const frames: Buffer[] = [];
    for (const byte of stream) frames.push(...framer.feed(Buffer.from([byte])));
    expect(text(frames)).toEqual(payloads.map(String));
  });

  it('an incomplete frame stays buffered until the rest arrives', () => {
    const framer = new Framer(1024);
    expect(framer.feed(stream.subarray(0, 6))).toEqual([]);
    expect(framer.bufferedBytes).toBe(6);
  });

  it('a size above maxFrameBytes is a FrameError before any payload is buffered', () => {
    const framer = new Framer(100);
    expect(() => framer.feed(Buffer.from([0, 0, 0, 101]))).toThrow(FrameError);
    expect(() => new Framer(100).feed(frame(Buffer.alloc(100)))).not.toThrow();
  });

  it('a negative size is a FrameError, even when the size arrives split', () => {
    expect(() => new Framer(100).feed(Buffer.from([0xff, 0xff, 0xff, 0xfe]))).toThrow(/-2/);
    const framer = new Framer(100);
    framer.feed(Buffer.from([0x80, 0]));
    expect(() => framer.feed(Buffer.from([0, 0]))).toThrow(FrameError);
  });
});
