/**
 * `npm run cluster`의 감독: 노드 프로세스들과 노드 앞의 프록시들을 띄우고, 상태를 주기적으로 물어 보여 주고, 훈련 명령
 * (kill, stop, start, partition, heal, status)을 받습니다. 명령은 화면의 키로도, 다른 터미널의 `npm run cluster -- kill 2`
 * 로도 옵니다. 다른 터미널의 명령은 루프백의 HTTP/JSON 제어 주소로 오고, 그 주소와 PID들은 `<데이터>/supervisor.json`
 * 에 적어 둡니다.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { josa } from '../../../reference/src/server/josa.js';
import { exited, spawnNode, stopNodes } from './node-process.js';
import type { ClusterNode } from './plan.js';
import { NodeProxy } from './proxy.js';
import { type ClusterStatus, type ProcessState, renderStatus, StatusProbe } from './status.js';
import type { ClusterView } from './view.js';

/** 감독이 남기는 파일: 다른 터미널의 명령과 `down`이 읽습니다 */
export interface SupervisorRecord {
  readonly pid: number;
  /** 제어 주소 (`http://127.0.0.1:PORT`) */
  readonly control: string;
  /** 노드 ID → PID (꺼진 노드는 null) */
  readonly nodes: Record<string, number | null>;
  readonly bootstrap: string;
}

export const RECORD_FILE = 'supervisor.json';

/** 깨끗한 종료를 기다리는 시간: 노드는 리더를 넘기고(최대 5초) 쿼럼에서 물러납니다(최대 5초) */
const STOP_GRACE_MS = 15_000;
/** 상태를 다시 묻는 간격 */
const STATUS_EVERY_MS = 1000;

interface Running {
  readonly plan: ClusterNode;
  readonly index: number;
  child: ChildProcess | null;
  paused: boolean;
}

/** 떠 있는 감독이 받는 훈련 명령의 이름 (`npm run cluster -- <명령>`이 감독에게 보내는 것) */
export const SUPERVISOR_COMMANDS: readonly string[] = ['kill', 'stop', 'start', 'partition', 'heal', 'status'];

export class Supervisor {
  readonly #nodes = new Map<number, Running>();
  /** 끊긴 노드 쌍 `a-b` (a < b) */
  readonly #cuts = new Set<string>();
  readonly #proxies: NodeProxy[] = [];
  readonly #probe: StatusProbe;
  #control: http.Server | null = null;
  #timer: NodeJS.Timeout | null = null;
  #stopping: Promise<void> | null = null;
  #last: ClusterStatus | null = null;

  constructor(
    readonly plan: readonly ClusterNode[],
    private readonly dataDir: string,
    private readonly view: ClusterView,
  ) {
    plan.forEach((node, index) => {
      this.#nodes.set(node.id, { plan: node, index, child: null, paused: false });
    });
    this.#probe = new StatusProbe(plan);
  }

  get bootstrap(): string {
    return this.plan.map((n) => `127.0.0.1:${n.clientPort}`).join(',');
  }

  /** 프록시, 노드, 제어 주소를 띄우고 상태를 묻기 시작합니다 */
  async start(): Promise<void> {
    const isCut = (a: number, b: number) => this.#cuts.has(pairKey(a, b));
    for (const node of this.plan) {
      for (const listener of node.proxied) {
        const proxy = new NodeProxy(node.id, listener.proxyPort, listener.port, isCut);
        await proxy.listen();
        this.#proxies.push(proxy);
      }
    }
    for (const id of this.#nodes.keys()) this.#spawn(id);
    this.#control = http.createServer((req, res) => void this.#serve(req, res));
    await new Promise<void>((resolve) => this.#control?.listen({ host: '127.0.0.1', port: 0 }, resolve));
    this.#record();
    const tick = async () => {
      await this.refresh();
      if (!this.#stopping) this.#timer = setTimeout(tick, STATUS_EVERY_MS);
    };
    this.#timer = setTimeout(tick, STATUS_EVERY_MS);
  }

  /** 상태를 새로 묻고 화면의 상태 블록을 바꿉니다 */
  async refresh(): Promise<ClusterStatus> {
    const status = await this.#probe.read(
      [...this.#nodes.values()].map((n) => ({
        id: n.plan.id,
        name: n.plan.name,
        pid: n.child?.pid ?? null,
        process: processState(n),
      })),
      [...this.#cuts].map((key) => key.split('-').map(Number) as [number, number]),
    );
    this.#last = status;
    if (!this.#stopping) this.view.status(renderStatus(status), this.#help());
    return status;
  }

  /** 브로커가 모두 실행 중이고, 활성 컨트롤러가 있고, 복제 계수 = 노드 수인 토픽을 만들 수 있는지 (검증만) */
  async ready(): Promise<boolean> {
    const status = await this.refresh();
    if (status.activeController === null || status.nodes.some((n) => n.broker !== 'running')) return false;
    return this.#probe.canCreateTopics(this.plan[0]?.id ?? 1, this.plan.length);
  }

  /** 훈련 명령 하나 (`kill 2`, `partition 1 --from 2,3`…, 이름은 SUPERVISOR_COMMANDS). 사람이 읽는 답을 돌려줍니다 */
  async command(args: readonly string[]): Promise<string> {
    const [name, target, ...rest] = args;
    switch (name) {
      case 'kill':
        return this.#kill(this.#node(target));
      case 'stop':
        return this.#pause(this.#node(target));
      case 'start':
        return this.#resume(this.#node(target));
      case 'partition':
        return this.#partition(this.#node(target), rest);
      case 'heal':
        return this.#heal();
      case 'status':
        return renderStatus(await this.refresh()).join('\n');
      default:
        throw new CommandError(
          `모르는 명령입니다: ${args.join(' ')} (kill N, stop N, start N, partition N --from A,B, heal, status)`,
        );
    }
  }

  /** 노드 모두에 SIGTERM, 제한 시간 뒤 SIGKILL, 프록시와 제어 주소를 닫습니다. 여러 번 불러도 한 번 */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      if (this.#timer) clearTimeout(this.#timer);
      const children = [...this.#nodes.values()].flatMap((n) => (n.child ? [n.child] : []));
      this.view.say(`노드 ${children.length}개를 멈춥니다 (SIGTERM, ${STOP_GRACE_MS / 1000}초 뒤에도 남으면 SIGKILL)`);
      await stopNodes(children, STOP_GRACE_MS);
      await Promise.all(this.#proxies.map((p) => p.close()));
      this.#probe.close();
      await new Promise<void>((resolve) => (this.#control ? this.#control.close(() => resolve()) : resolve()));
      rmSync(path.join(this.dataDir, RECORD_FILE), { force: true });
      this.view.say('모두 멈췄습니다');
    })();
    return this.#stopping;
  }

  /** 멈추는 중에 한 번 더 Ctrl+C: 기다리지 않고 SIGKILL */
  killAll(): void {
    for (const n of this.#nodes.values()) n.child?.kill('SIGKILL');
  }

  #spawn(id: number): ChildProcess {
    const n = this.#nodes.get(id) as Running;
    const child = spawnNode(n.plan.env, (line) => this.view.node(n.index, n.plan.name, line));
    n.child = child;
    n.paused = false;
    this.view.say(
      `${josa(label(n), '을/를')} 띄웠습니다: PID ${child.pid}, 데이터 ${path.relative(process.cwd(), n.plan.dir)}`,
    );
    child.once('exit', (code, signal) => {
      if (n.child === child) n.child = null;
      n.paused = false;
      this.view.say(`${josa(label(n), '이/가')} 끝났습니다 (${signal ?? `code ${code}`})`);
      if (!this.#stopping) this.#record();
    });
    this.#record();
    return child;
  }

  async #kill(n: Running): Promise<string> {
    const child = n.child;
    if (!child) return `${josa(label(n), '은/는')} 이미 꺼져 있습니다`;
    child.kill('SIGKILL');
    await exited(child);
    return `노드 ${n.plan.id}에 SIGKILL을 보냈습니다 (PID ${child.pid})`;
  }

  #pause(n: Running): string {
    if (!n.child) return `${josa(label(n), '은/는')} 꺼져 있습니다 (start ${n.plan.id}로 띄웁니다)`;
    if (n.paused) return `${josa(label(n), '은/는')} 이미 멈춰 있습니다`;
    n.child.kill('SIGSTOP');
    n.paused = true;
    return `노드 ${n.plan.id}에 SIGSTOP을 보냈습니다 (PID ${n.child.pid}): 프로세스는 남고 아무 일도 하지 않습니다`;
  }

  #resume(n: Running): string {
    if (n.child && n.paused) {
      n.child.kill('SIGCONT');
      n.paused = false;
      return `노드 ${n.plan.id}에 SIGCONT를 보냈습니다 (PID ${n.child.pid})`;
    }
    if (n.child) return `${josa(label(n), '은/는')} 이미 떠 있습니다`;
    const child = this.#spawn(n.plan.id);
    return `${josa(label(n), '을/를')} 같은 데이터로 다시 띄웠습니다 (PID ${child.pid})`;
  }

  #partition(n: Running, rest: readonly string[]): string {
    const fromAt = rest.indexOf('--from');
    const others = [...this.#nodes.keys()].filter((id) => id !== n.plan.id);
    const from = fromAt < 0 ? others : (rest[fromAt + 1] ?? '').split(',').map((s) => this.#node(s).plan.id);
    if (from.length === 0 || from.includes(n.plan.id)) {
      throw new CommandError('--from에는 다른 노드들을 쉼표로 적습니다 (예: partition 1 --from 2,3)');
    }
    for (const other of from) this.#cuts.add(pairKey(n.plan.id, other));
    for (const proxy of this.#proxies) proxy.enforce();
    return `노드 ${n.plan.id} ↔ 노드 ${from.join(', ')} 사이의 연결을 끊었습니다 (양쪽 모두, 클라이언트 연결은 그대로)`;
  }

  #heal(): string {
    const count = this.#cuts.size;
    this.#cuts.clear();
    return count === 0 ? '끊긴 연결이 없습니다' : `끊긴 연결 ${count}쌍을 다시 이었습니다`;
  }

  #node(text: string | undefined): Running {
    const n = this.#nodes.get(Number(text));
    if (!n)
      throw new CommandError(
        `노드 번호를 적어 주세요: ${[...this.#nodes.keys()].join(', ')} 가운데 하나 (받은 값: ${text ?? '없음'})`,
      );
    return n;
  }

  #help(): string[] {
    return [
      '키: k2 죽이기(SIGKILL) · s2 멈추기(SIGSTOP) · r2 다시 켜기 · p1 끊기 · h 잇기 · q 끝내기',
      `다른 터미널: npm run cluster -- kill 2 | stop 2 | start 2 | partition 1 --from 2,3 | heal | status · 클라이언트: ${this.bootstrap}`,
    ];
  }

  #record(): void {
    const address = this.#control?.address() as AddressInfo | null;
    if (!address) return;
    const record: SupervisorRecord = {
      pid: process.pid,
      control: `http://127.0.0.1:${address.port}`,
      nodes: Object.fromEntries([...this.#nodes].map(([id, n]) => [id, n.child?.pid ?? null])),
      bootstrap: this.bootstrap,
    };
    writeFileSync(path.join(this.dataDir, RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
  }

  /** 제어 주소: POST /command {args}, GET /status, GET /ready, POST /shutdown */
  async #serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const reply = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    try {
      if (req.method === 'GET' && req.url === '/status') return reply(200, this.#last ?? (await this.refresh()));
      if (req.method === 'GET' && req.url === '/ready') return reply(200, { ready: await this.ready() });
      if (req.method === 'POST' && req.url === '/shutdown') {
        reply(200, { message: '클러스터를 멈춥니다' });
        void this.stop().then(() => process.exit(0));
        return;
      }
      if (req.method === 'POST' && req.url === '/command') {
        let text = '';
        for await (const chunk of req) text += chunk;
        const { args } = JSON.parse(text) as { args: string[] };
        const message = await this.command(args);
        this.view.say(`명령 "${args.join(' ')}": ${message}`);
        void this.refresh();
        return reply(200, { message });
      }
      reply(404, { error: `${req.method} ${req.url}는 없습니다` });
    } catch (error) {
      reply(error instanceof CommandError ? 400 : 500, { error: (error as Error).message });
    }
  }
}

/** 사용자가 고칠 수 있는 명령의 잘못 */
export class CommandError extends Error {}

function pairKey(a: number, b: number): string {
  return a < b ? `${a}-${b}` : `${b}-${a}`;
}

/** `노드 2(kafka-2)` */
function label(n: Running): string {
  return `노드 ${n.plan.id}(${n.plan.name})`;
}

function processState(n: Running): ProcessState {
  return !n.child ? 'stopped' : n.paused ? 'paused' : 'running';
}
