/**
 * 리스너마다 TCP 서버를 열고, 들어온 연결을 Connection에 넘깁니다. 네트워크의 가장자리입니다.
 */
import { createServer, type Server } from 'node:net';
import type { Listener } from './config.js';
import { Connection, type RequestProcessor } from './connection.js';
import type { Logger } from './logger.js';
import type { FrameSplitter } from './wire.js';

export interface BoundListener extends Listener {
  /** 실제로 열린 포트 (설정에서 0을 주면 운영체제가 고릅니다) */
  readonly boundPort: number;
}

export class SocketServer {
  readonly #servers: Server[] = [];
  readonly #connections = new Set<Connection>();
  #nextId = 0;

  constructor(
    private readonly process: RequestProcessor,
    private readonly log: Logger,
    /** 연결마다 새 프레이머를 만듭니다 (프레이머는 덜 받은 프레임을 기억하니까요). */
    private readonly createFramer: () => FrameSplitter,
  ) {}

  async listen(listeners: readonly Listener[]): Promise<BoundListener[]> {
    const bound: BoundListener[] = [];
    for (const listener of listeners) {
      const server = createServer((socket) => {
        const id = String(++this.#nextId);
        const remote = `${socket.remoteAddress}:${socket.remotePort}`;
        const connection = new Connection(
          socket,
          { id, remote, listener: listener.name },
          this.process,
          this.log,
          this.createFramer(),
        );
        this.#connections.add(connection);
        socket.on('close', () => this.#connections.delete(connection));
      });
      // 호스트를 비우면 모든 주소(IPv4와 IPv6)에서 받습니다. librdkafka가 localhost를 ::1로 풀어도 붙습니다.
      const host = listener.host === '' ? undefined : listener.host;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host, port: listener.port }, () => resolve());
      });
      const address = server.address();
      const boundPort = typeof address === 'object' && address ? address.port : listener.port;
      this.log.info(`${listener.name} 리스너가 ${listener.host || '*'}:${boundPort}에서 기다립니다`);
      this.#servers.push(server);
      bound.push({ ...listener, boundPort });
    }
    return bound;
  }

  async close(): Promise<void> {
    for (const c of this.#connections) c.close('브로커를 멈춥니다');
    await Promise.all(this.#servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}
