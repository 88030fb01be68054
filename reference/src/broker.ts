/**
 * 노드 하나를 프로세스로 띄웁니다: 프로세스의 가장자리(edge). 노드의 조립은 `node/kafka-node.ts`가 하고, 여기서는
 * 바깥만 잇습니다 — 진짜 시계(`SystemClock`), 운영체제의 난수, 로그 디렉터리의 파일(`FileDisk`), 다른 컨트롤러로
 * 가는 TCP(`NetworkClient` + `KafkaNetworkChannel`), 그리고 리스너(`SocketServer`).
 *
 * 시작: 로그 디렉터리 잠그기(`.lock`) → 노드 만들기(메타데이터 로그 재생, 파티션 로그 불러오기) → 리스너 열기(브로커 리스너, 컨트롤러 리스너) →
 * 노드 `startup`(활성 컨트롤러에 등록하고 펜싱이 풀리기를 기다림, 주기 작업). 멈출 때는 제어된 종료로 리더인 파티션을
 * 넘기고, 쿼럼에서 물러나고(리스너가 열린 채로), 연결을 닫고, 로그를 깨끗하게 닫고, 잠금을 풉니다. (이름이 `Broker`인 것은 노드가 브로커 하나뿐이던 때부터의 이름입니다: 컨트롤러만 맡은
 * 프로세스도 이것으로 띄웁니다.)
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Endpoint, KafkaNode, type NodeOptions } from './node/kafka-node.js';
import { KafkaNetworkChannel } from './raft/kafka-network-channel.js';
import { type Clock, systemClock } from './runtime/clock.js';
import { FileDisk } from './runtime/file-disk.js';
import { NetworkClient } from './runtime/network-client.js';
import { acquirePidLock, pidLockHolder, releasePidLock } from './runtime/pid-lock.js';
import { systemRandom } from './runtime/random.js';
import { clientSecurity, PLAINTEXT_CLIENT } from './security/client-security.js';
import { listenerSecurity, SECURITY_PROTOCOLS } from './security/listener-security.js';
import type { BrokerConfig, Listener } from './server/config.js';
import { josa } from './server/josa.js';
import { createLogger, type Logger } from './server/logger.js';
import { type BoundListener, SocketServer } from './server/socket-server.js';

export interface BrokerOptions extends NodeOptions {
  readonly config: BrokerConfig;
  readonly logger?: Logger;
  /** 시계. 기본은 진짜 시계이고, 시험은 시각을 옮긴 시계를 넣습니다 (보존 정책을 앞당길 때). */
  readonly clock?: Clock;
}

/** 우아한 종료에서 쿼럼의 새 리더를 기다리는 최대 시간 */
const RESIGN_TIMEOUT_MS = 5000;
/** 팔로워 Fetch 연결의 요청 시간 제한 (Kafka `replica.socket.timeout.ms`의 기본값) */
const REPLICA_SOCKET_TIMEOUT_MS = 30_000;
/** 제어된 종료에서 컨트롤러의 "꺼져도 됨"을 기다리는 최대 시간 */
const CONTROLLED_SHUTDOWN_TIMEOUT_MS = 5000;

export class Broker {
  private constructor(
    readonly node: KafkaNode,
    readonly listeners: readonly BoundListener[],
    private readonly server: SocketServer,
    private readonly networks: readonly NetworkClient[],
    /** 로그 디렉터리의 `.lock` (멈출 때 풉니다) */
    private readonly dirLock: string,
    private readonly log: Logger,
  ) {}

  static async start(options: BrokerOptions): Promise<Broker> {
    const { config } = options;
    const log = options.logger ?? createLogger();
    const clock = options.clock ?? systemClock;
    // 리스너의 보안 설정을 먼저 읽습니다: 틀린 TLS·SASL 설정이면 디스크를 건드리기 전에 멈춥니다.
    // SCRAM 자격 증명은 노드의 메타데이터 이미지에서 찾습니다 (Kafka는 `ScramPublisher`가 이미지를 `CredentialCache`에
    // 옮겨 둡니다). 연결이 들어와야 찾으므로, 찾을 때는 아래에서 노드를 만든 뒤입니다.
    const security = listenerSecurity(config, [...config.clientListeners, ...config.controllerListeners], {
      random: systemRandom,
      clock,
      metadataScram: (mechanism, user) => node.metadata.scram.get(mechanism, user),
    });
    const voters = config.quorumVoters;
    voters.delete(config.nodeId);
    // 나가는 연결도 받는 쪽과 같은 리스너의 보안으로 말합니다: 컨트롤러로는 컨트롤러 리스너, 다른 브로커로는 브로커 사이
    // 리스너 (Kafka `ChannelBuilders.clientChannelBuilder`). 그 사용자를 super.users에 넣으면 인가를 통과합니다.
    // 다른 컨트롤러가 없으면(노드 하나) 밖으로 붙을 일이 없고, 브로커 사이 리스너가 이 노드에 없으면 다른 브로커의 대표
    // 주소(첫 리스너)로 PLAINTEXT로 붙습니다 (`interBrokerEndpoint`).
    const toControllers =
      voters.size > 0
        ? clientSecurity(
            config,
            config.list('controller.listener.names')[0] ?? 'CONTROLLER',
            'sasl.mechanism.controller.protocol',
          )
        : PLAINTEXT_CLIENT;
    const interBrokerListener = config.get('inter.broker.listener.name') ?? 'PLAINTEXT';
    const toBrokers = config.clientListeners.some((l) => l.name === interBrokerListener)
      ? clientSecurity(config, interBrokerListener, 'sasl.mechanism.inter.broker.protocol')
      : PLAINTEXT_CLIENT;
    mkdirSync(config.logDir, { recursive: true });
    const dirLock = lockLogDir(config.logDir);
    const network = new NetworkClient({
      endpoints: voters,
      clientId: `raft-client-${config.nodeId}`,
      clock,
      random: systemRandom,
      requestTimeoutMs: config.int('controller.quorum.request.timeout.ms'),
      security: toControllers,
      logger: log,
    });
    // 브로커 → 활성 컨트롤러의 두 채널 (하트비트, 넘기는 관리 요청). 답하지 않는 컨트롤러에 걸린 요청은 세션 시간
    // 제한의 절반에 끊고 그때의 리더에게 다시 보냅니다 (Kafka `BrokerServer`, KAFKA-14392).
    const outboundClients: NetworkClient[] = [];
    const connectControllers = (channel: string) => {
      const client = new NetworkClient({
        endpoints: voters,
        clientId: `broker-${config.nodeId}-${channel}`,
        clock,
        random: systemRandom,
        requestTimeoutMs: config.int('broker.session.timeout.ms') / 2,
        security: toControllers,
        logger: log,
      });
      outboundClients.push(client);
      return client;
    };
    // 팔로워 → 리더의 Fetch (Kafka `ReplicaFetcherThread`의 연결). 리더가 새 데이터를 기다리며 Fetch를 붙잡아 둘 수
    // 있으므로 시간 제한은 `replica.fetch.wait.max.ms`보다 넉넉한 Kafka의 `replica.socket.timeout.ms` 기본값(30초)입니다.
    // 트랜잭션 마커는 따로 연결합니다: 마커의 답은 복제를 기다리므로 Fetch와 한 연결에 줄 서면 안 됩니다. 그 시간 제한도
    // 30초(Kafka `request.timeout.ms`의 기본값)입니다.
    const connectBrokers = (
      endpointOf: (brokerId: number) => { host: string; port: number } | undefined,
      purpose: 'replica-fetcher' | 'txn-markers',
    ) => {
      const client = new NetworkClient({
        endpoints: { get: endpointOf },
        clientId: `broker-${config.nodeId}-${purpose}`,
        clock,
        random: systemRandom,
        requestTimeoutMs: REPLICA_SOCKET_TIMEOUT_MS,
        security: toBrokers,
        logger: log,
      });
      outboundClients.push(client);
      return client;
    };
    let node: KafkaNode;
    try {
      node = new KafkaNode(
        config,
        {
          clock,
          random: systemRandom,
          disk: new FileDisk(config.logDir),
          logger: log,
          // 들어오는 쿼럼 요청은 컨트롤러 리스너의 핸들러가 노드에 넘기고, 나가는 요청은 TCP로 보냅니다.
          connect: () => new KafkaNetworkChannel(network),
          connectControllers,
          connectBrokers,
        },
        options,
      );
    } catch (error) {
      // 로그를 불러오다 실패했습니다 (망가진 메타데이터 로그 따위). 잠금을 풀어야 고친 뒤 다시 띄울 수 있습니다.
      network.close();
      releasePidLock(dirLock);
      throw error;
    }
    const server = new SocketServer(
      (listener) => node.processor(listener),
      log,
      () => node.createFramer(),
      (listener) => security.get(listener.name) ?? { sasl: null, tls: null },
      systemRandom,
    );
    // 여기서 실패하면(포트가 쓰이고 있음, 컨트롤러에 등록하지 못함) 연 것을 모두 닫고 디렉터리 잠금을 풉니다.
    let bound: BoundListener[];
    let advertised: Endpoint[];
    try {
      bound = await server.listen([...config.clientListeners, ...config.controllerListeners]);
      const clients = bound.filter((l) => config.clientListeners.some((c) => c.name === l.name));
      advertised = node.broker
        ? advertisedEndpoints(
            config,
            clients,
            (name) => SECURITY_PROTOCOLS[security.get(name)?.protocol ?? 'PLAINTEXT'],
          )
        : [];
      await node.startup(advertised);
    } catch (error) {
      for (const client of [network, ...outboundClients]) client.close();
      await server.close();
      node.close();
      releasePidLock(dirLock);
      throw error;
    }
    if (advertised.length > 0) {
      const addresses = advertised.map((e) => `${e.name}://${e.host}:${e.port}`).join(', ');
      log.info(`${josa(`브로커 ${config.nodeId}`, '이/가')} 준비되었습니다: ${addresses} (데이터 ${config.logDir})`);
    } else {
      const first = bound[0];
      log.info(
        `${josa(`컨트롤러 ${config.nodeId}`, '이/가')} 준비되었습니다: ${first?.host || '*'}:${first?.boundPort} (데이터 ${config.logDir})`,
      );
    }
    return new Broker(node, bound, server, [network, ...outboundClients], dirLock, log);
  }

  /** 이 노드가 적용한(커밋된) 메타데이터 */
  get metadata() {
    return this.node.metadata;
  }

  /** 첫 리스너의 실제 포트 (브로커면 클라이언트가 붙는 리스너) */
  get port(): number {
    return this.listeners[0]?.boundPort ?? -1;
  }

  /**
   * 깨끗한 종료: 제어된 종료로 리더인 파티션을 넘기고, 쿼럼에서 물러나고, 연결을 닫고, 로그를 fsync하고,
   * 체크포인트와 `.kafka_cleanshutdown`을 남깁니다.
   */
  async stop(): Promise<void> {
    try {
      await this.node.controlledShutdown(CONTROLLED_SHUTDOWN_TIMEOUT_MS);
      await this.node.resign(RESIGN_TIMEOUT_MS);
      for (const network of this.networks) network.close();
      await this.server.close();
      this.node.close();
    } finally {
      releasePidLock(this.dirLock);
    }
    this.log.info('브로커를 깨끗하게 멈췄습니다');
  }
}

/**
 * 로그 디렉터리를 이 프로세스의 것으로 잠급니다 (Kafka `LogManager.lockLogDirs`: 디렉터리마다 `.lock` 파일). 같은
 * 디렉터리에 브로커 둘이 쓰면 서로의 로그 끝을 모른 채 덧붙여 로그가 망가지므로, 잠겨 있으면 디스크를 읽기 전에 멈춥니다.
 * 잠금 파일의 경로를 돌려줍니다.
 */
function lockLogDir(dir: string): string {
  const file = path.join(dir, '.lock');
  if (acquirePidLock(file)) return file;
  const holder = pidLockHolder(file);
  const who = holder === process.pid ? '이 프로세스의 다른 브로커' : `다른 프로세스(PID ${holder})의 브로커`;
  throw new Error(
    `로그 디렉터리 ${dir}의 .lock을 잡지 못했습니다: ${josa(who, '이/가')} 이 디렉터리를 쓰고 있습니다. ` +
      '그 브로커를 멈추거나 다른 log.dirs를 주세요',
  );
}

/**
 * 클라이언트에게 알릴 주소: 클라이언트 리스너마다 이름이 같은 advertised.listeners 항목 (Kafka `BrokerServer`가
 * 등록하는 `listeners`). 호스트가 비었으면 127.0.0.1, 포트가 0이면 실제로 열린 포트를 씁니다. Metadata는 요청이 온
 * 리스너의 주소를 알립니다.
 */
function advertisedEndpoints(
  config: BrokerConfig,
  bound: readonly BoundListener[],
  securityProtocol: (listenerName: string) => number,
): Endpoint[] {
  if (bound.length === 0) throw new Error('클라이언트 리스너가 없습니다 (listeners 설정을 확인하세요)');
  return bound.map((listener) => {
    const advertised: Listener = config.advertisedListeners.find((l) => l.name === listener.name) ?? listener;
    return {
      name: listener.name,
      host: advertised.host === '' || advertised.host === '0.0.0.0' ? '127.0.0.1' : advertised.host,
      port: advertised.port === 0 ? listener.boundPort : advertised.port,
      securityProtocol: securityProtocol(listener.name),
    };
  });
}
