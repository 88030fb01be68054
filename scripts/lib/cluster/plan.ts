/**
 * compose의 서비스들을 이 컴퓨터의 루프백에 놓는 배치: 노드마다 포트, 데이터 폴더, 노드에 줄 `KAFKA_*` 환경 변수.
 *
 * compose에서는 노드마다 컨테이너가 따로 있어 세 노드가 모두 9092·9093을 씁니다. 한 컴퓨터에서는 노드마다 포트 묶음을
 * 나눠 줍니다. 노드의 묶음은 그 노드가 내보낸 호스트 포트 + `offset`(기본 100)에서 시작합니다:
 *
 *   +0   내보낸 리스너 (compose의 PLAINTEXT_HOST 19092 → 19192): 클라이언트가 곧바로 붙는 곳
 *   +1   안쪽 리스너 하나의 실제 포트 (PLAINTEXT 9092 → 19193)     +2   그 리스너 앞의 프록시 (19194)
 *   +3   다음 안쪽 리스너의 실제 포트 (CONTROLLER 9093 → 19195)    +4   그 프록시 (19196)
 *
 * 다른 노드를 부르는 주소(`kafka-2:9092`처럼 호스트 이름으로 적힌 광고 주소와 쿼럼 투표자)는 그 노드의 프록시
 * 주소로 바꿉니다. 그래서 노드끼리의 연결은 모두 프록시를 지나고, `partition`이 그 연결만 끊을 수 있습니다.
 */
import path from 'node:path';
import { parseListener } from '../../../reference/src/server/config.js';
import { type ComposeService, IGNORED_COMPOSE_SETTINGS } from './compose.js';

export interface PlanOptions {
  /** 내보낸 호스트 포트에 더할 값 (기본 100: compose 클러스터와 함께 띄울 수 있게) */
  readonly offset: number;
  /** 노드마다의 데이터 폴더가 놓일 곳 (`data/cluster`) */
  readonly dataDir: string;
  /** compose의 값 위에 얹는 설정 (`KAFKA_…`; 시험이 장애 감지 시간을 줄일 때) */
  readonly overrides?: Readonly<Record<string, string>>;
}

/** 안쪽 리스너 하나와 그 앞의 프록시 */
export interface ProxiedListener {
  readonly name: string;
  /** 노드가 실제로 듣는 포트 */
  readonly port: number;
  /** 다른 노드들이 부르는 프록시의 포트 */
  readonly proxyPort: number;
}

export interface ClusterNode {
  readonly id: number;
  /** compose의 서비스 이름 (`kafka-1`) */
  readonly name: string;
  readonly dir: string;
  /** 클라이언트가 곧바로 붙는 포트 (내보낸 첫 리스너) */
  readonly clientPort: number;
  /** 컨트롤러 리스너의 실제 포트 (상태를 묻는 곳) */
  readonly controllerPort: number;
  readonly proxied: readonly ProxiedListener[];
  /** 노드 프로세스에 줄 환경 변수 (compose의 것을 이 컴퓨터에 맞게 고친 것) */
  readonly env: Readonly<Record<string, string>>;
}

interface Placed {
  readonly service: ComposeService;
  readonly id: number;
  /** 컨테이너 포트 → (실제 포트, 프록시 포트 또는 내보낸 리스너면 null) */
  readonly ports: Map<number, { name: string; port: number; proxyPort: number | null }>;
}

export function planCluster(services: readonly ComposeService[], options: PlanOptions): ClusterNode[] {
  const placed = services.map((service) => place(service, options.offset));
  const byHost = new Map(placed.map((p) => [p.service.hostname, p]));

  /**
   * 노드 `self`가 `host:port`로 적힌 곳을 부를 때의 실제 주소. 다른 노드들에게 알리는 광고 주소는 자기 것도 프록시이고,
   * 쿼럼 투표자의 자기 항목(`viaProxy: false`)은 자기 컨트롤러 리스너 그대로입니다.
   */
  const resolve = (self: Placed, host: string, port: number, viaProxy: boolean): string => {
    const target = byHost.get(host);
    if (target) {
      const listener = target.ports.get(port);
      if (!listener) throw new Error(`${host}:${port}: ${target.service.service}에 그 포트의 리스너가 없습니다`);
      const chosen = listener.proxyPort === null || (target === self && !viaProxy) ? listener.port : listener.proxyPort;
      return `127.0.0.1:${chosen}`;
    }
    if (host === '127.0.0.1' || host === 'localhost') {
      const container = [...self.service.published].find(([, hostPort]) => hostPort === port)?.[0];
      const listener = container === undefined ? undefined : self.ports.get(container);
      if (!listener) throw new Error(`${self.service.service}: ${host}:${port}는 내보낸 포트가 아닙니다`);
      return `127.0.0.1:${listener.port}`;
    }
    throw new Error(`${self.service.service}: 호스트 ${host}를 모릅니다 (compose의 hostname도 127.0.0.1도 아닙니다)`);
  };

  return placed.map((self) => {
    const { service } = self;
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(service.environment)) {
      if (!(key in IGNORED_COMPOSE_SETTINGS)) env[key] = value;
    }
    env.KAFKA_LISTENERS = [...self.ports.values()].map((l) => `${l.name}://127.0.0.1:${l.port}`).join(',');
    if (env.KAFKA_ADVERTISED_LISTENERS) {
      env.KAFKA_ADVERTISED_LISTENERS = splitList(env.KAFKA_ADVERTISED_LISTENERS)
        .map((text) => {
          const l = parseListener(text);
          return `${l.name}://${resolve(self, l.host, l.port, true)}`;
        })
        .join(',');
    }
    if (env.KAFKA_CONTROLLER_QUORUM_VOTERS) {
      env.KAFKA_CONTROLLER_QUORUM_VOTERS = splitList(env.KAFKA_CONTROLLER_QUORUM_VOTERS)
        .map((voter) => {
          const match = /^(\d+)@([^:]+):(\d+)$/.exec(voter);
          if (!match) throw new Error(`controller.quorum.voters의 "${voter}"가 id@host:port가 아닙니다`);
          return `${match[1]}@${resolve(self, match[2] as string, Number(match[3]), false)}`;
        })
        .join(',');
    }
    const dir = path.join(options.dataDir, service.service);
    env.KAFKA_LOG_DIRS = dir;
    Object.assign(env, options.overrides);

    const controllerNames = new Set(splitList(env.KAFKA_CONTROLLER_LISTENER_NAMES ?? 'CONTROLLER'));
    const listeners = [...self.ports.values()];
    const client = listeners.find((l) => l.proxyPort === null);
    const controller = listeners.find((l) => controllerNames.has(l.name));
    if (!client || !controller) {
      throw new Error(`${service.service}: 내보낸 클라이언트 리스너와 컨트롤러 리스너가 모두 있어야 합니다`);
    }
    return {
      id: self.id,
      name: service.service,
      dir,
      clientPort: client.port,
      controllerPort: controller.port,
      proxied: listeners.flatMap((l) => (l.proxyPort === null ? [] : [{ ...l, proxyPort: l.proxyPort }])),
      env,
    };
  });
}

/** 노드 하나가 쓰는 포트 모두 (리스너와 프록시) */
export function portsOf(node: ClusterNode): number[] {
  return [node.clientPort, ...node.proxied.flatMap((l) => [l.port, l.proxyPort])];
}

/** 서비스 하나의 포트 묶음 (맨 위 주석의 표) */
function place(service: ComposeService, offset: number): Placed {
  const id = Number(service.environment.KAFKA_NODE_ID);
  if (!Number.isInteger(id)) throw new Error(`${service.service}: KAFKA_NODE_ID가 없습니다`);
  const hostPorts = [...service.published.values()];
  if (hostPorts.length === 0) throw new Error(`${service.service}: 클라이언트가 붙을 내보낸 포트(ports)가 없습니다`);
  const base = Math.min(...hostPorts) + offset;
  const ports: Placed['ports'] = new Map();
  let inner = 0;
  for (const text of splitList(service.environment.KAFKA_LISTENERS ?? '')) {
    const listener = parseListener(text);
    const published = service.published.get(listener.port);
    if (published !== undefined) {
      ports.set(listener.port, { name: listener.name, port: published + offset, proxyPort: null });
    } else {
      ports.set(listener.port, { name: listener.name, port: base + 1 + 2 * inner, proxyPort: base + 2 + 2 * inner });
      inner++;
    }
  }
  for (const { port, proxyPort } of ports.values()) {
    for (const p of [port, proxyPort ?? port]) {
      if (p < 1024 || p > 65535)
        throw new Error(`${service.service}: 포트 ${p}가 범위 밖입니다 (--port-offset을 바꾸세요)`);
    }
  }
  return { service, id, ports };
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
