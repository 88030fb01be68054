/**
 * TLS 리스너의 받기(accept): Node `tls` 서버가 핸드셰이크를 마친 연결만 넘깁니다 (Kafka `SslTransportLayer`:
 * 핸드셰이크를 마치기 전에는 요청을 읽지 않고, 마친 뒤에 `DefaultKafkaPrincipalBuilder`로 주체를 정합니다).
 *
 * - 핸드셰이크가 실패하면(평문 요청이 TLS 포트에 온 경우, 믿을 수 없는 인증서, `ssl.client.auth=required`인데 인증서가
 *   없는 경우) 주소와 까닭을 로그에 남기고 연결을 닫습니다. 다른 연결은 그대로입니다.
 * - `ssl.client.auth=requested`: Node는 믿을 수 없는 인증서도 핸드셰이크를 마치게 두므로, 인증서를 내밀었는데 신뢰
 *   저장소의 CA가 서명하지 않았으면 여기서 끊습니다 (Java의 `setWantClientAuth`는 그런 핸드셰이크를 실패시킵니다).
 *   인증서를 내밀지 않았으면 ANONYMOUS로 받습니다.
 */
import { createServer, type Server, type TLSSocket } from 'node:tls';
import type { Logger } from '../server/logger.js';
import type { TlsListenerConfig } from './tls-config.js';
import { sslPrincipal } from './tls-principal.js';

/** 핸드셰이크를 마친 TLS 연결과 그 주체(SSL 리스너면 인증서의 이름, 인증서가 없으면 ANONYMOUS)를 `accept`에 넘깁니다. */
export function createTlsServer(
  listenerName: string,
  config: TlsListenerConfig,
  log: Logger,
  accept: (socket: TLSSocket, principal: string) => void,
): Server {
  const server = createServer(config.serverOptions, (socket) => {
    const remote = `${socket.remoteAddress}:${socket.remotePort}`;
    const peer = socket.getPeerX509Certificate();
    if (peer && !socket.authorized) {
      log.warn(
        `${listenerName} TLS 연결 (${remote})을 끊습니다: 클라이언트 인증서를 믿을 수 없습니다 (${socket.authorizationError})`,
      );
      socket.destroy();
      return;
    }
    let principal: string;
    try {
      principal = sslPrincipal(peer, config.principalMapper);
    } catch (error) {
      log.warn(
        `${listenerName} TLS 연결 (${remote})을 끊습니다: ${error instanceof Error ? error.message : String(error)}`,
      );
      socket.destroy();
      return;
    }
    accept(socket, principal);
  });
  server.on('tlsClientError', (error: Error & { reason?: string }, socket) => {
    // 클라이언트가 핸드셰이크 중에 먼저 끊었으면 주소를 더는 알 수 없습니다.
    const remote = socket.remoteAddress ? `${socket.remoteAddress}:${socket.remotePort}` : '이미 끊긴 클라이언트';
    // OpenSSL의 오류는 `reason`에 사람이 읽을 까닭만 따로 있습니다 (예: wrong version number = TLS 포트에 평문).
    log.warn(`${listenerName} TLS 핸드셰이크 실패 (${remote}), 연결을 닫습니다: ${error.reason ?? error.message}`);
    socket.destroy();
  });
  return server;
}
