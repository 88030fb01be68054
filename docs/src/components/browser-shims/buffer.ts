/**
 * 브라우저의 `Buffer`: npm의 buffer 패키지(Node의 Buffer를 옮긴 것)에 Node 15부터 있는 'base64url' 인코딩만 더합니다.
 * 참조 브로커는 토픽 ID(UUID)를 base64url로 적고 읽습니다 (`protocol/writer.ts`, `protocol/reader.ts`). 이것이 없으면
 * 팔로워의 Fetch 요청을 만들다 "Unknown encoding: base64url"로 멈춥니다.
 */
import { Buffer } from 'buffer';

// Buffer.from은 겹친 시그니처가 여럿이라, 받은 인자를 그대로 넘기는 함수로 감쌉니다.
const from = Buffer.from as (...args: unknown[]) => Buffer;
Buffer.from = ((...args: unknown[]) => {
  const [value, encoding] = args;
  if (typeof value === 'string' && encoding === 'base64url') {
    return from.call(Buffer, value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  }
  return from.apply(Buffer, args);
}) as typeof Buffer.from;

const bufferToString = Buffer.prototype.toString as (this: Buffer, ...args: unknown[]) => string;
Buffer.prototype.toString = function toStringWithBase64url(
  this: Buffer,
  encoding?: string,
  start?: number,
  end?: number,
) {
  if (encoding === 'base64url') {
    return bufferToString.call(this, 'base64', start, end).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  return bufferToString.call(this, encoding, start, end);
};

export { Buffer };
