/**
 * `npm run sim`: 결정적 시뮬레이터를 명령줄에서 돌립니다 (reference/src/sim/). 판이 여럿입니다: KRaft 쿼럼만
 * (quorum-chaos.ts), 컨트롤러와 브로커(cluster-chaos.ts), 그룹 코디네이터와 컨슈머(group-chaos.ts), 트랜잭션
 * (transaction-chaos.ts), 복제(replication-chaos.ts, 검사기 replication-checker.ts). 사용법은 아래 USAGE에 있습니다.
 *
 * 실행 전에 씨앗과 매개변수를 찍고, 실패하면 그 씨앗 하나를 다시 돌리는 명령을 찍고 1로 끝납니다.
 */
import { exitWithUsage, readCommandLine } from '../reference/src/server/command-line.js';
import { type ChaosLimits, type ChaosMode, replayCommand } from '../reference/src/sim/chaos-harness.js';
import { clusterChaos } from '../reference/src/sim/cluster-chaos.js';
import { groupChaos } from '../reference/src/sim/group-chaos.js';
import { quorumChaos } from '../reference/src/sim/quorum-chaos.js';
import { runScenario, type ScenarioName, scenarioParams, scenarios } from '../reference/src/sim/quorum-scenarios.js';
import { deriveSeed } from '../reference/src/sim/random.js';
import { replicationChaos } from '../reference/src/sim/replication-chaos.js';
import { transactionChaos } from '../reference/src/sim/transaction-chaos.js';
import { paint } from './lib/paint.js';

const modes = {
  quorum: quorumChaos,
  cluster: clusterChaos,
  group: groupChaos,
  transaction: transactionChaos,
  replication: replicationChaos,
} as const;
type ModeName = keyof typeof modes;

const OVERRIDABLE = [...new Set(Object.values(modes).flatMap((m): readonly string[] => m.overridable))];

const USAGE = [
  '결정적 시뮬레이터 (KRaft 쿼럼, 컨트롤러와 브로커, 컨슈머 그룹, 트랜잭션, 복제)',
  '  npm run sim -- --seed <씨앗>                   씨앗 하나를 돌립니다 (실패한 씨앗을 다시 돌릴 때)',
  '  npm run sim -- --seeds <개수> [--root <씨앗>]  씨앗 여러 개 (뿌리 씨앗에서 하나씩 만듭니다, 긴 실행)',
  '  npm run sim -- --scenario canElectInitialLeader --seed 3 | --seeds 100     (quorum만)',
  '  npm run sim -- --seed 12345 --voters 5 --tornWrites true                   매개변수 일부를 고정',
  '  npm run sim -- --mode cluster --seeds 1000 --brokers 4',
  '  npm run sim -- --mode group --seeds 1000 --consumers 4',
  '  npm run sim -- --mode transaction --seed 42',
  '  npm run sim -- --mode replication --seeds 2000 --producers 3',
  '',
  '  --mode quorum        (기본) KRaft 쿼럼만: 컨트롤러 투표자와 관찰자, 커밋된 값을 쌓는 응용',
  '  --mode cluster       컨트롤러(QuorumController)와 브로커(등록·하트비트·펜싱), 관리 클라이언트',
  '  --mode group         그룹 코디네이터와 컨슈머들: 리밸런스, 하트비트, 오프셋 커밋',
  '  --mode transaction   트랜잭션 코디네이터, 파티션 리더, 트랜잭션 프로듀서들: 좀비, 마커, LSO',
  '  --mode replication   컨트롤러와 진짜 복제를 돌리는 브로커, acks=all 멱등 프로듀서와 컨슈머 (Jepsen의 이상 검사:',
  '                       잃은 쓰기, 중복, 하이 워터마크 위의 읽기, 갈라진 복제본)',
  `  --scenario <이름>    quorum의 시나리오 (Kafka RaftEventSimulationTest의 것과 Raft 논문 Figure 8): ${Object.keys(scenarios).join(', ')}`,
  '  --<매개변수> <값>    고정할 매개변수. 판마다:',
  ...Object.entries(modes).map(([name, mode]) => `      ${name}: ${mode.overridable.join(', ')}`),
].join('\n');

const { values } = readCommandLine(USAGE, {
  options: {
    mode: { type: 'string', default: 'quorum' },
    seed: { type: 'string' },
    seeds: { type: 'string' },
    root: { type: 'string' },
    scenario: { type: 'string' },
    ...Object.fromEntries(OVERRIDABLE.map((key) => [key, { type: 'string' as const }])),
  },
});

if (values.seed === undefined && values.seeds === undefined) {
  console.log(USAGE);
  process.exit(1);
}

function integer(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n >= 2 ** 32)
    exitWithUsage(USAGE, `${what}: 0 이상 2^32 미만의 정수여야 합니다 (${text})`);
  return n;
}

function overridesFor<P>(keys: readonly string[]): Partial<P> {
  const overrides: Record<string, unknown> = {};
  for (const key of keys) {
    const raw = (values as unknown as Record<string, string | undefined>)[key];
    if (raw === undefined) continue;
    overrides[key] =
      key === 'tornWrites'
        ? raw === 'true'
        : key === 'faultIntervalMs'
          ? (raw.split(',').map(Number) as [number, number])
          : key === 'assignor'
            ? raw
            : Number(raw);
  }
  return overrides as Partial<P>;
}

if (!(values.mode in modes)) exitWithUsage(USAGE, `모르는 판: --mode ${values.mode}`);
const modeName = values.mode as ModeName;
const scenario = values.scenario as ScenarioName | undefined;
if (scenario !== undefined && (modeName !== 'quorum' || !(scenario in scenarios))) {
  exitWithUsage(USAGE, `모르는 시나리오: ${scenario} (시나리오는 --mode quorum에만 있습니다)`);
}

const root = values.root === undefined ? Date.now() >>> 0 : integer(values.root, '--root');
const seeds =
  values.seed !== undefined
    ? [integer(values.seed, '--seed')]
    : Array.from({ length: integer(values.seeds ?? '0', '--seeds') }, (_, i) => deriveSeed(root, i));
const modeFlag = modeName === 'quorum' ? '' : ` --mode ${modeName}`;

async function runSeeds<P extends ChaosLimits, R>(mode: ChaosMode<P, R>): Promise<void> {
  const overrides = overridesFor<Omit<P, 'seed'>>(mode.overridable);
  if (seeds.length > 1) {
    console.log(
      paint('bold', `${mode.title}: ${scenario ?? '무작위 장애'}, 씨앗 ${seeds.length}개, 뿌리 씨앗 ${root}`) +
        paint(
          'dim',
          ` (같은 씨앗들을 다시: npm run sim --${modeFlag} --seeds ${seeds.length} --root ${root}${scenario ? ` --scenario ${scenario}` : ''})`,
        ),
    );
    if (!scenario) {
      console.log(
        paint('dim', '씨앗마다 매개변수를 씨앗에서 정합니다. 첫 씨앗: ') +
          mode.describe(mode.params(seeds[0] as number, overrides)),
      );
    }
  }
  const started = Date.now();
  const reports: R[] = [];
  for (const [i, seed] of seeds.entries()) {
    if (seeds.length === 1) {
      console.log(
        paint('bold', `${mode.title}: `) +
          (scenario
            ? `${scenario}, 씨앗 ${seed}, ${JSON.stringify(scenarioParams(scenario, seed))}`
            : mode.describe(mode.params(seed, overrides))),
      );
    }
    try {
      if (scenario) runScenario(scenario, seed);
      else reports.push(await mode.run(mode.params(seed, overrides)));
    } catch (error) {
      console.log(paint('red', `\n✗ 씨앗 ${seed}에서 실패했습니다 (${i + 1}번째): ${(error as Error).message}`));
      if (!scenario) console.log(`  매개변수: ${mode.describe(mode.params(seed, overrides))}`);
      console.log(
        `  다시 돌리기: ${scenario ? `npm run sim -- --scenario ${scenario} --seed ${seed}` : replayCommand(mode.name, seed, overrides)}`,
      );
      process.exit(1);
    }
    if (seeds.length > 1 && (i + 1) % 500 === 0) {
      console.log(paint('dim', `  … ${i + 1}/${seeds.length} (${((Date.now() - started) / 1000).toFixed(1)}초)`));
    }
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(paint('green', `✓ 씨앗 ${seeds.length}개 모두 안전했고 회복했습니다 (${seconds.toFixed(1)}초)`));
  if (reports.length > 0) for (const line of mode.summarize(reports)) console.log(`  ${line}`);
}

// 판마다 매개변수의 타입이 달라, 고른 판을 그 타입 그대로 넘깁니다.
if (modeName === 'cluster') await runSeeds(clusterChaos);
else if (modeName === 'group') await runSeeds(groupChaos);
else if (modeName === 'transaction') await runSeeds(transactionChaos);
else if (modeName === 'replication') await runSeeds(replicationChaos);
else await runSeeds(quorumChaos);
