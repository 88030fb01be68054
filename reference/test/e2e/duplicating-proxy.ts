/**
 * 멱등 프로듀서 테스트의 프록시 (reference e2e와 5장 연습 문제가 함께 씁니다).
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { Framer, frame } from '../../src/protocol/framer.js';

export interface DuplicatingProxy {
  /** 두 번 보낸 Produce 요청 수 */
  readonly duplicated: number;
  close(): Promise<void>;
}

/**
 * kafkajs와 브로커 사이의 프록시. Produce(API 키 0) 요청은 **같은 프레임을 두 번** 브로커에 보내고, 첫 번째 응답은
 * 버리고 두 번째 응답을 돌려줍니다. 브로커 입장에서는 응답을 잃은 프로듀서가 같은 배치를 재전송한 것과 같고,
 * 프로듀서는 재전송에 대한 답을 받습니다. 브로커는 한 연결의 요청을 차례대로 처리하고 차례대로 답합니다.
 */
export async function startDuplicatingProxy(
  listenPort: number,
  brokerPort: number | (() => number),
): Promise<DuplicatingProxy> {
  let duplicated = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(typeof brokerPort === 'number' ? brokerPort : brokerPort(), '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    const requests = new Framer(64 * 1024 * 1024);
    const responses = new Framer(64 * 1024 * 1024);
    /** 두 번 보낸 요청의 correlation id → 아직 받지 않은 응답 수 */
    const pending = new Map<number, number>();
    client.on('data', (chunk) => {
      for (const payload of requests.feed(chunk)) {
        const apiKey = payload.readInt16BE(0);
        const correlationId = payload.readInt32BE(4);
        upstream.write(frame(payload));
        if (apiKey === 0) {
          upstream.write(frame(payload));
          pending.set(correlationId, 2);
          duplicated++;
        }
      }
    });
    upstream.on('data', (chunk) => {
      for (const payload of responses.feed(chunk)) {
        const correlationId = payload.readInt32BE(0);
        const left = pending.get(correlationId);
        if (left === 2) {
          pending.set(correlationId, 1); // 첫 번째 응답: 잃어버립니다
          continue;
        }
        pending.delete(correlationId);
        client.write(frame(payload));
      }
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(listenPort, '127.0.0.1', resolve));
  return {
    get duplicated() {
      return duplicated;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
