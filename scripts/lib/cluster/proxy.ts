/**
 * 노드 하나의 안쪽 리스너 앞에 선 루프백 TCP 프록시. 다른 노드들은 이 주소로 그 노드를 부르고(광고 주소, 쿼럼 투표자),
 * 프록시는 바이트를 그대로 잇습니다. `partition`으로 끊긴 노드 쌍의 연결은 닫고, 새 연결은 받자마자 닫습니다.
 *
 * 누가 건 연결인지는 첫 요청 헤더의 client.id로 압니다: 브로커의 메타데이터에는 노드마다 주소가 하나뿐이라 모든 노드가
 * 같은 프록시로 들어오기 때문입니다. 참조 브로커의 나가는 연결은 `raft-client-<노드>`, `broker-<노드>-<용도>`로
 * 자기를 밝힙니다 (Kafka 요청 헤더 v1+: 크기 INT32, api_key INT16, api_version INT16, correlation_id INT32,
 * client_id INT16 길이 + 바이트). 노드가 아닌 클라이언트의 연결은 끊지 않습니다.
 */
import net from 'node:net';

/** 끊을지 묻는 함수: `from` 노드에서 `to` 노드로의 연결 */
export type LinkCut = (from: number, to: number) => boolean;

interface Link {
  readonly from: number | null;
  readonly inbound: net.Socket;
  readonly outbound: net.Socket;
}

export class NodeProxy {
  readonly #links = new Set<Link>();
  readonly #server: net.Server;

  constructor(
    /** 이 프록시 뒤의 노드 */
    readonly to: number,
    readonly port: number,
    private readonly targetPort: number,
    private readonly isCut: LinkCut,
  ) {
    this.#server = net.createServer((socket) => this.#accept(socket));
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen({ host: '127.0.0.1', port: this.port }, () => resolve());
    });
  }

  /** 끊긴 쌍이 바뀐 뒤: 이제 끊겨야 할 연결을 닫습니다 */
  enforce(): void {
    for (const link of this.#links) {
      if (link.from !== null && this.isCut(link.from, this.to)) this.#drop(link);
    }
  }

  close(): Promise<void> {
    for (const link of this.#links) this.#drop(link);
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #accept(inbound: net.Socket): void {
    inbound.on('error', () => inbound.destroy());
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const from = clientNode(head);
      if (from === undefined) return; // 헤더가 아직 다 오지 않았습니다
      inbound.off('data', onData);
      inbound.pause();
      if (from !== null && this.isCut(from, this.to)) {
        inbound.destroy();
        return;
      }
      this.#connect(inbound, from, head);
    };
    inbound.on('data', onData);
  }

  #connect(inbound: net.Socket, from: number | null, head: Buffer): void {
    const outbound = net.connect({ host: '127.0.0.1', port: this.targetPort });
    const link: Link = { from, inbound, outbound };
    this.#links.add(link);
    outbound.on('error', () => this.#drop(link));
    inbound.on('error', () => this.#drop(link));
    inbound.on('close', () => this.#drop(link));
    outbound.on('close', () => this.#drop(link));
    outbound.write(head);
    inbound.pipe(outbound);
    outbound.pipe(inbound);
    inbound.resume();
  }

  #drop(link: Link): void {
    if (!this.#links.delete(link)) return;
    link.inbound.destroy();
    link.outbound.destroy();
  }
}

/**
 * 첫 요청 헤더의 client.id가 밝힌 노드 ID. 아직 헤더가 다 오지 않았으면 undefined, 노드가 아닌 클라이언트면 null.
 */
export function clientNode(head: Buffer): number | null | undefined {
  const CLIENT_ID_AT = 4 + 2 + 2 + 4;
  if (head.length < CLIENT_ID_AT + 2) return undefined;
  const length = head.readInt16BE(CLIENT_ID_AT);
  if (length < 0) return null;
  if (head.length < CLIENT_ID_AT + 2 + length) return undefined;
  const clientId = head.toString('utf8', CLIENT_ID_AT + 2, CLIENT_ID_AT + 2 + length);
  const match = /^(?:raft-client|broker)-(\d+)(?:-|$)/.exec(clientId);
  return match ? Number(match[1]) : null;
}
