/**
 * 리스너마다 TCP 서버를 열고, 들어온 연결을 Connection에 넘깁니다. 네트워크의 가장자리입니다 (Kafka `SocketServer`:
 * 리스너마다 acceptor, 요청은 그 리스너의 처리기로). TLS 리스너(SSL, SASL_SSL)는 `tls` 서버가 핸드셰이크를 마친
 * 연결만 넘깁니다 (`security/tls-server.ts`). SASL 리스너의 연결은 인증을 마칠 때까지 연결마다의 인증기
 * (Kafka `SaslServerAuthenticator`, 리스너의 `ChannelBuilder`가 연결마다 만드는 것)를 거칩니다.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { apiVersionsApi } from '../apis/18-api-versions.js';
import type { Framer } from '../protocol/framer.js';
import type { Random } from '../runtime/random.js';
import type { ListenerSecurity } from '../security/listener-security.js';
import { authenticatingProcessor, SaslServerAuthenticator } from '../security/sasl-server-authenticator.js';
import { createTlsServer } from '../security/tls-server.js';
import type { Listener } from './config.js';
import { ANONYMOUS, Connection, type RequestProcessor } from './connection.js';
import type { Logger } from './logger.js';

export interface BoundListener extends Listener {
  /** 실제로 열린 포트 (설정에서 0을 주면 운영체제가 고릅니다) */
  readonly boundPort: number;
}

export class SocketServer {
  readonly #servers: Server[] = [];
  readonly #connections = new Set<Connection>();
  #nextId = 0;

  constructor(
    /** 리스너마다 요청 처리기 (브로커 리스너와 컨트롤러 리스너는 답하는 API가 다릅니다) */
    private readonly processorFor: (listener: Listener) => RequestProcessor,
    private readonly log: Logger,
    /** 연결마다 새 프레이머를 만듭니다 (프레이머는 덜 받은 프레임을 기억하니까요). */
    private readonly createFramer: () => Framer,
    /** 리스너의 TLS·SASL 설정 (PLAINTEXT 리스너면 둘 다 null: 누구나 평문으로 받습니다) */
    private readonly securityFor: (listener: Listener) => Pick<ListenerSecurity, 'sasl' | 'tls'>,
    /** SCRAM의 서버 nonce */
    private readonly random: Random,
  ) {}

  async listen(listeners: readonly Listener[]): Promise<BoundListener[]> {
    const bound: BoundListener[] = [];
    for (const listener of listeners) {
      const process = this.processorFor(listener);
      const { sasl, tls } = this.securityFor(listener);
      const accept = (socket: Socket, principal: string) => {
        const id = String(++this.#nextId);
        const remote = `${socket.remoteAddress}:${socket.remotePort}`;
        const connection = new Connection(
          socket,
          { id, remote, listener: listener.name, principal },
          sasl
            ? authenticatingProcessor(new SaslServerAuthenticator(sasl, apiVersionsApi, this.random), process)
            : process,
          this.log,
          this.createFramer(),
        );
        this.#connections.add(connection);
        socket.on('close', () => this.#connections.delete(connection));
      };
      // SSL 리스너의 주체는 클라이언트 인증서의 이름입니다. SASL_SSL에서는 SASL 인증이 주체를 다시 정합니다.
      const server = tls
        ? createTlsServer(listener.name, tls, this.log, accept)
        : createServer((socket) => accept(socket, ANONYMOUS));
      // 호스트를 비우면 모든 주소(IPv4와 IPv6)에서 받습니다. librdkafka가 localhost를 ::1로 풀어도 붙습니다.
      const host = listener.host === '' ? undefined : listener.host;
      await new Promise<void>((resolve, reject) => {
        // Kafka `SocketServer`: "Socket server failed to bind to host:port: Address already in use."
        server.once('error', (error: NodeJS.ErrnoException) => {
          const why = error.code === 'EADDRINUSE' ? '다른 프로세스가 이 포트를 쓰고 있습니다' : error.message;
          const where = `${listener.host || '*'}:${listener.port}`;
          reject(new Error(`${listener.name} 리스너를 ${where}에 열지 못했습니다: ${why}`, { cause: error }));
        });
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
