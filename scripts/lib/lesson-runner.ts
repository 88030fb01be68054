/**
 * 강의 하나의 "직접 해보기"를 실제로 돌려 봅니다.
 *
 * 학습자의 저장소 루트를 흉내 낸 임시 폴더(작업 폴더)를 만들고 — `reference/`, `scripts/`, `node_modules/` 등은
 * 저장소를 가리키는 심볼릭 링크, `package.json`은 사본, `data/`는 비어 있음 — 블록을 차례대로 실행합니다.
 * 브로커는 강의의 `npm run broker` 블록이 나올 때 이 폴더에서 띄웁니다. 그래서 강의마다 빈 데이터 디렉터리에서
 * 시작하고, 강의 안의 블록은 앞 블록이 만든 상태(토픽, 오프셋, 그룹) 위에서 돕니다.
 *
 * 학습자의 컴퓨터와 다른 점은 아래 치환뿐이고, 모두 여기 모여 있습니다.
 * - 포트: 다른 작업과 부딪히지 않게 브로커는 비어 있는 루프백 포트에서 돕니다. 명령과 파일의 `9092`를 그 포트로
 *   바꾸고, 출력에 나온 그 포트는 다시 `9092`로 적어 비교합니다. `npm run quorum:up`의 노드 셋이 쓰는 포트
 *   (`19092`, `19093`, `29092`, `29093`, `39092`, `39093`)도 빈 포트로 같이 바꾸고, `--ports`가 없는
 *   `npm run quorum:up`에는 그 빈 포트들을 `--ports`로 붙입니다.
 * - `npm run groups`에 `--bootstrap`이 없으면 이 브로커 주소를 붙입니다 (도구의 기본값이 127.0.0.1:9092라서).
 * - `$(pgrep -f reference/src/main.ts)`는 이 브로커의 프로세스 ID로 바꿉니다 (같은 컴퓨터의 다른 브로커를
 *   죽이지 않도록).
 * - npm이 스크립트 앞에 찍는 두 줄(`> 패키지@버전 스크립트`, `> 명령`)은 출력에서 뺍니다.
 * - 명령은 `bash`로, 표준 출력과 표준 오류를 한 줄기로 모아(터미널처럼 줄 단위로) 받습니다.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePortOffset } from './cluster/free-ports.js';
import { root } from './course-files.js';
import {
  boldParticleProblems,
  compileMasks,
  type Fence,
  formatTranscript,
  lineDiff,
  planLesson,
  type Step,
  sameOutput,
  sourceNoteProblems,
  type TranscriptEntry,
  trimBlock,
} from './lesson-blocks.js';
import { reservePorts } from './ports.js';

export interface LessonReport {
  readonly file: string;
  /** 실행한 명령 블록 (명령, 기록, 브로커, 띄워 둔 터미널) */
  readonly executed: number;
  /** 학습자가 만드는 파일로 쓴 블록 */
  readonly files: number;
  /** 실제 출력과 비교한 출력 블록 */
  readonly compared: number;
  /** 그중 가림 패턴이 있는 블록 */
  readonly masked: number;
  /** 돌리지 않는다고 표시한 블록과 그 이유 */
  readonly marked: readonly { readonly line: number; readonly reason: string }[];
  readonly failures: readonly string[];
  /** 갱신 모드에서 실제 출력으로 고쳐 쓴 강의 (바뀐 것이 없으면 undefined) */
  readonly updated?: string;
  readonly seconds: number;
}

export interface RunOptions {
  readonly update?: boolean;
  /** 한 명령의 최대 실행 시간 */
  readonly commandTimeoutMs?: number;
  /** 진행 상황을 알리는 곳 (CLI가 씁니다) */
  readonly log?: (line: string) => void;
  /** 실패해도 작업 폴더를 지우지 않습니다 (살펴보려고) */
  readonly keep?: boolean;
}

const LINKED = ['reference', 'scripts', 'exercises', 'solutions', 'course', 'node_modules'];
/** `npm run quorum:up`의 노드 1, 2, 3이 쓰는 브로커·컨트롤러 포트 (scripts/quorum-up.ts의 기본값) */
const QUORUM_PORTS = [19092, 19093, 29092, 29093, 39092, 39093];
const COPIED = ['package.json', 'tsconfig.json'];
const BACKGROUND_WAIT_MS = 30_000;
const BROKER_READY_MS = 60_000;
const STOP_MS = 20_000;

/** 학습자의 셸처럼: npm·vitest·브로커 설정 같은 이 프로세스의 환경은 물려주지 않습니다. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(npm_|VITEST|KAFKA_|NODE_OPTIONS$|NODE_ENV$|INIT_CWD$|TEST$|FORCE_COLOR$)/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, NO_COLOR: '1', LC_ALL: 'C.UTF-8' };
}

/** 한 줄기로 모은 출력을 가진, 이 점검이 띄운 프로세스 하나 (자기 프로세스 그룹의 우두머리) */
class Proc {
  output = '';
  /** 이미 비교한 출력의 끝 */
  cursor = 0;
  exitCode: number | null | undefined = undefined;
  readonly exited: Promise<void>;
  constructor(readonly child: ChildProcess) {
    const add = (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
    };
    child.stdout?.on('data', add);
    child.stderr?.on('data', add);
    this.exited = new Promise((resolve) => {
      child.on('close', (code, signal) => {
        this.exitCode = code ?? (signal ? -1 : null);
        resolve();
      });
    });
  }
  get running(): boolean {
    return this.exitCode === undefined;
  }
  /** 프로세스 그룹 전체에 신호를 보냅니다 (bash가 띄운 kcat까지). */
  signal(sig: NodeJS.Signals): void {
    if (!this.running || this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, sig);
    } catch {
      // 이미 끝났습니다
    }
  }
  async stop(sig: NodeJS.Signals, ms: number): Promise<boolean> {
    if (!this.running) return true;
    this.signal(sig);
    const done = await Promise.race([this.exited.then(() => true), sleep(ms).then(() => false)]);
    if (!done) {
      this.signal('SIGKILL');
      await this.exited;
    }
    return done;
  }
}

function shell(script: string, cwd: string, env: NodeJS.ProcessEnv): Proc {
  // stdbuf -oL: 파이프로 받아도 터미널에서처럼 줄마다 내보내게 합니다 (kcat의 stdout과 stderr 순서)
  const child = spawn('stdbuf', ['-oL', '-eL', 'bash', '-c', `exec 2>&1\n${script}`], {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Proc(child);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function checkLesson(file: string, options: RunOptions = {}): Promise<LessonReport> {
  const started = Date.now();
  const markdown = readFileSync(file, 'utf8');
  const lines = markdown.split('\n');
  const plan = planLesson(markdown);
  const failures: string[] = [
    ...plan.problems,
    ...boldParticleProblems(markdown),
    ...sourceNoteProblems(markdown),
    ...tryFileProblems(markdown, plan.steps),
    ...cleanStartProblems(plan.steps),
  ];
  const replacements: { fence: Fence; body: string }[] = [];
  const marked: { line: number; reason: string }[] = [];
  let executed = 0;
  let files = 0;
  let compared = 0;
  let masked = 0;
  const log = options.log ?? (() => {});
  const commandTimeoutMs = options.commandTimeoutMs ?? 90_000;

  const dir = mkdtempSync(path.join(tmpdir(), 'lesson-'));
  for (const name of LINKED) symlinkSync(path.join(root, name), path.join(dir, name));
  for (const name of COPIED) copyFileSync(path.join(root, name), path.join(dir, name));
  const [port = 0, ...quorumFree] = await reservePorts(1 + QUORUM_PORTS.length);
  /** 강의에 적힌 포트 → 이 점검이 쓰는 빈 포트, 그리고 그 반대 */
  // `npm run cluster`를 띄우는 강의(11장)는 클러스터의 포트 묶음을 빈 자리로 옮깁니다 (`--port-offset`).
  // 강의에 적힌 클라이언트 주소(19192, 29192, 39192)와 `--sasl-ssl`의 SASL_SSL 주소(19197, 29197, 39197)는 기본 offset 100의 것입니다.
  const usesCluster = readFileSync(file, 'utf8').includes('npm run cluster');
  const clusterOffset = usesCluster ? await freePortOffset(path.join(dir, 'data/cluster')) : 100;
  const toActual = new Map([
    [9092, port],
    ...QUORUM_PORTS.map((canonical, i) => [canonical, quorumFree[i] ?? 0] as const),
    ...(usesCluster
      ? [1, 2, 3].flatMap((id) =>
          [9192, 9197].map((port) => [id * 10_000 + port, id * 10_000 + port - 100 + clusterOffset] as const),
        )
      : []),
  ]);
  const toCanonical = new Map([...toActual].map(([canonical, actual]) => [actual, canonical]));
  const quorumPortsFlag = [1, 2, 3]
    .map((id) => `${toActual.get(id * 10_000 + 9092)}:${toActual.get(id * 10_000 + 9093)}`)
    .join(',');
  const env = baseEnv();
  let broker: Proc | undefined;
  const terminals = new Map<string, Proc>();

  const where = (fence: Fence) => `${path.basename(file)}:${fence.openLine + 1} (${fence.heading})`;
  const substitute = (text: string) => {
    // 한 번에 바꿔야 바꾼 포트가 다른 강의 포트와 우연히 같아도 두 번 바뀌지 않습니다.
    let out = text.replace(/\b(?:9092|[123]909[23]|[123]919[27])\b/g, (canonical) =>
      String(toActual.get(Number(canonical)) ?? canonical),
    );
    out = out.replace(/npm run (?:--silent )?cluster -- --detach/g, (m) => `${m} --port-offset=${clusterOffset}`);
    out = out.replace(/npm run quorum:up(?: --)?(?![^\n]*--ports)/g, `npm run quorum:up -- --ports ${quorumPortsFlag}`);
    out = out.replace(/\$\(pgrep -f reference\/src\/main\.ts\)/g, () => {
      if (!broker?.running || broker.child.pid === undefined) throw new Error('죽일 브로커가 돌고 있지 않습니다');
      return String(broker.child.pid);
    });
    out = out.replace(
      /npm run groups(?: --)?(?![^\n]*--bootstrap)/g,
      `npm run groups -- --bootstrap 127.0.0.1:${port}`,
    );
    return out;
  };
  const normalize = (output: string) =>
    trimBlock(
      output
        .replace(/\b\d{4,5}\b/g, (n) => String(toCanonical.get(Number(n)) ?? n))
        .replace(/(^|\n)\n?> [^\n]*@[^\n]* [^\n]*\n> [^\n]*\n\n?/g, '$1'),
    );

  /** 출력 블록 하나를 비교하고, 다르면 실패로 적고 갱신할 내용을 모읍니다. */
  const judge = (command: Fence, output: Fence, actual: string, exitCode?: number | null): boolean => {
    const masks = compileMasks(output.meta.masks);
    const same = sameOutput(output.body, actual, masks) && (exitCode === undefined || exitCode === 0);
    if (!same) {
      const exit = exitCode ? ` (종료 코드 ${exitCode})` : '';
      failures.push(
        `${where(output)}: 출력이 강의와 다릅니다${exit}\n  ${command === output ? `터미널: ${output.meta.title}` : `명령: ${command.body.split('\n')[0]}`}\n${indent(lineDiff(output.body, actual, masks))}`,
      );
      if (sameOutput(output.body, actual, []) === false) replacements.push({ fence: output, body: actual });
    }
    return same;
  };

  const runOnce = async (script: string): Promise<{ output: string; code: number | null | undefined }> => {
    const proc = shell(substitute(script), dir, env);
    const finished = await Promise.race([proc.exited.then(() => true), sleep(commandTimeoutMs).then(() => false)]);
    if (!finished) {
      await proc.stop('SIGKILL', STOP_MS);
      return {
        output: `${normalize(proc.output)}\n(${commandTimeoutMs / 1000}초 안에 끝나지 않아 멈췄습니다)`,
        code: -1,
      };
    }
    return { output: normalize(proc.output), code: proc.exitCode };
  };

  /** 띄워 둔 프로세스의 새 출력이 기대한 모양이 될 때까지 기다립니다. */
  const awaitOutput = async (proc: Proc, command: Fence, output: Fence) => {
    const masks = compileMasks(output.meta.masks);
    const deadline = Date.now() + (output.meta.waitMs ?? BACKGROUND_WAIT_MS);
    let seen = proc.output.length;
    let actual = normalize(proc.output.slice(proc.cursor, seen));
    while (!sameOutput(output.body, actual, masks) && Date.now() < deadline && proc.running) {
      await sleep(200);
      seen = proc.output.length;
      actual = normalize(proc.output.slice(proc.cursor, seen));
    }
    compared++;
    if (output.meta.masks.length > 0) masked++;
    judge(command, output, actual);
    // 같거나 다르거나, 다음 블록은 그 뒤에 새로 찍힌 출력과 비교합니다.
    proc.cursor = seen;
  };

  const stopBroker = async (fence: Fence) => {
    if (!broker?.running) return;
    // Ctrl+C: npm run broker의 터미널이 받는 것과 같은 SIGINT. 브로커는 깨끗하게 멈춰야 합니다.
    if (!(await broker.stop('SIGINT', STOP_MS))) failures.push(`${where(fence)}: 브로커가 Ctrl+C에 멈추지 않았습니다`);
  };

  const run = async (step: Step) => {
    switch (step.kind) {
      case 'file': {
        files++;
        writeFileSync(path.join(dir, step.name), substitute(`${step.fence.body}\n`));
        return;
      }
      case 'not-run': {
        marked.push({ line: step.fence.openLine + 1, reason: step.reason });
        return;
      }
      case 'broker': {
        executed++;
        await stopBroker(step.fence);
        log(
          `  브로커 시작 ${Object.entries(step.env)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')}`,
        );
        const child = spawn(process.execPath, ['--import', 'tsx', 'reference/src/main.ts'], {
          cwd: dir,
          env: { ...env, ...step.env, KAFKA_LISTENERS: `PLAINTEXT://127.0.0.1:${port}` },
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        broker = new Proc(child);
        terminals.set(step.fence.meta.title ?? '브로커', broker);
        const deadline = Date.now() + BROKER_READY_MS;
        while (broker.running && Date.now() < deadline && !(await canConnect(port))) await sleep(100);
        if (!broker.running || !(await canConnect(port))) {
          failures.push(`${where(step.fence)}: 브로커가 뜨지 않았습니다\n${indent(broker.output)}`);
          return;
        }
        if (step.output) await awaitOutput(broker, step.fence, step.output);
        return;
      }
      case 'background': {
        executed++;
        const proc = shell(step.fence.body.split('\n').map(substitute).join('\n'), dir, env);
        terminals.set(step.terminal, proc);
        if (step.output) await awaitOutput(proc, step.fence, step.output);
        return;
      }
      case 'terminal-output': {
        const proc = terminals.get(step.terminal);
        if (proc) await awaitOutput(proc, step.fence, step.fence);
        return;
      }
      case 'run': {
        executed++;
        if (step.fence.meta.broker === 'stopped') await stopBroker(step.fence);
        const output = step.output;
        const deadline = Date.now() + (output?.meta.waitMs ?? 0);
        let result = await runOnce(step.fence.body);
        while (output && !sameOutput(output.body, result.output, compileMasks(output.meta.masks))) {
          if (Date.now() >= deadline) break;
          await sleep(1000);
          result = await runOnce(step.fence.body);
        }
        if (output) {
          compared++;
          if (output.meta.masks.length > 0) masked++;
          judge(step.fence, output, result.output, result.code);
        } else if (result.code !== 0) {
          failures.push(
            `${where(step.fence)}: 명령이 실패했습니다 (종료 코드 ${result.code})\n  명령: ${step.fence.body.split('\n')[0]}\n${indent(result.output)}`,
          );
        }
        return;
      }
      case 'transcript': {
        executed++;
        if (step.fence.meta.broker === 'stopped') await stopBroker(step.fence);
        const masks = compileMasks(step.fence.meta.masks);
        const deadline = Date.now() + (step.fence.meta.waitMs ?? 0);
        let actual: TranscriptEntry[] = [];
        let codes: (number | null | undefined)[] = [];
        for (;;) {
          actual = [];
          codes = [];
          for (const entry of step.entries) {
            const r = await runOnce(entry.command);
            actual.push({ command: entry.command, expected: r.output });
            codes.push(r.code);
          }
          const same = actual.every((a, i) => sameOutput(step.entries[i]?.expected ?? '', a.expected, masks));
          if (same || Date.now() >= deadline) break;
          await sleep(1000);
        }
        compared++;
        if (step.fence.meta.masks.length > 0) masked++;
        const expected = formatTranscript(step.entries);
        const got = formatTranscript(actual);
        const failed = codes.findIndex((c) => c !== 0);
        if (!sameOutput(expected, got, masks) || failed >= 0) {
          const exit = failed >= 0 ? ` (${step.entries[failed]?.command}: 종료 코드 ${codes[failed]})` : '';
          failures.push(
            `${where(step.fence)}: 출력이 강의와 다릅니다${exit}\n${indent(lineDiff(expected, got, masks))}`,
          );
          if (expected !== got) replacements.push({ fence: step.fence, body: got });
        }
        return;
      }
    }
  };

  try {
    for (const step of plan.steps) {
      const stepStarted = Date.now();
      try {
        await run(step);
      } catch (e) {
        failures.push(`${where(step.fence)}: ${(e as Error).message}`);
      }
      const took = ((Date.now() - stepStarted) / 1000).toFixed(1);
      log(
        `  ${step.fence.openLine + 1}: ${step.kind} (${took}초) ${step.fence.body.split('\n')[0]?.slice(0, 70) ?? ''}`,
      );
    }
  } finally {
    for (const proc of terminals.values()) if (proc !== broker) await proc.stop('SIGTERM', 5_000);
    // 강의가 뒤에서 띄운 클러스터는 강의가 멈추기 전에 실패해도 여기서 멈춥니다 (떠 있지 않으면 그냥 끝납니다).
    if (usesCluster) await shell('npm run --silent cluster -- down', dir, env).exited;
    if (broker?.running) await broker.stop('SIGINT', STOP_MS);
    if (!options.keep || failures.length === 0) rmSync(dir, { recursive: true, force: true });
    else log(`  작업 폴더를 남겼습니다: ${dir}`);
  }

  let updated: string | undefined;
  if (options.update && replacements.length > 0) {
    const out = [...lines];
    for (const r of [...replacements].sort((a, b) => b.fence.openLine - a.fence.openLine)) {
      out.splice(r.fence.openLine + 1, r.fence.closeLine - r.fence.openLine - 1, ...trimBlock(r.body).split('\n'));
    }
    updated = out.join('\n');
  }
  return {
    file,
    executed,
    files,
    compared,
    masked,
    marked,
    failures,
    updated,
    seconds: (Date.now() - started) / 1000,
  };
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

/** 학습자에게 만들라고 한 try-*.ts는 모두 "지우세요"로 정리되어야 합니다 (저장소에 남지 않게). */
function tryFileProblems(markdown: string, steps: readonly Step[]): string[] {
  const prose = markdown.replace(/^(```|~~~)[\s\S]*?^\1/gm, '');
  return steps
    .filter((s): s is Extract<Step, { kind: 'file' }> => s.kind === 'file')
    .filter((s) => !prose.split('\n').some((line) => line.includes(`\`${s.name}\``) && /지우|지워/.test(line)))
    .map((s) => `${s.name}: 강의가 이 파일을 만들게 하고 지우라고 하지 않습니다 ("다 해 봤으면 … 지우세요")`);
}

/** 브로커를 띄우는 강의는 빈 데이터 디렉터리에서 시작하는 법(`rm -rf data`)을 먼저 보여 줘야 합니다. */
function cleanStartProblems(steps: readonly Step[]): string[] {
  const first = steps.findIndex((s) => s.kind === 'broker');
  if (first < 0) return [];
  const clean = steps.findIndex((s) => s.kind === 'run' && /(^|\n)\s*rm -rf data(\s|$)/.test(s.fence.body));
  return clean >= 0 && clean < first
    ? []
    : ['브로커를 띄우기 전에 빈 데이터 디렉터리에서 시작하는 법(`rm -rf data` 블록)을 보여 주세요'];
}
