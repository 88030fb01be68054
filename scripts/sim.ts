/**
 * `npm run sim`: KRaft 쿼럼 시뮬레이터를 명령줄에서 돌립니다 (reference/src/sim/).
 *
 *   npm run sim -- --seed 12345                       씨앗 하나 (실패한 씨앗을 다시 돌릴 때)
 *   npm run sim -- --seeds 10000 [--root 7]           씨앗 여러 개 (긴 실행)
 *   npm run sim -- --scenario canElectInitialLeader --seed 3 | --seeds 100
 *   npm run sim -- --seed 12345 --voters 5 --tornWrites true   매개변수 일부를 고정
 *
 * 실행 전에 씨앗과 매개변수를 찍고, 실패하면 그 씨앗 하나를 다시 돌리는 명령을 찍고 1로 끝납니다.
 */
import { parseArgs } from 'node:util';
import {
  type ChaosParams,
  type ChaosReport,
  chaosParams,
  describeParams,
  formatSummary,
  replayCommand,
  runChaos,
  summarize,
} from '../reference/src/sim/quorum-chaos.js';
import { runScenario, type ScenarioName, scenarioParams, scenarios } from '../reference/src/sim/quorum-scenarios.js';
import { deriveSeed } from '../reference/src/sim/random.js';
import { paint } from './lib/paint.js';

const OVERRIDABLE = [
  'voters',
  'observers',
  'chaosMs',
  'faultIntervalMs',
  'maxDropRate',
  'maxDuplicateRate',
  'maxDelayMs',
  'fetchMaxRecords',
  'fetchSnapshotMaxBytes',
  'snapshotEvery',
  'tornWrites',
] as const satisfies readonly (keyof ChaosParams)[];

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    seeds: { type: 'string' },
    root: { type: 'string' },
    scenario: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    ...Object.fromEntries(OVERRIDABLE.map((key) => [key, { type: 'string' as const }])),
  },
});

if (values.help || (values.seed === undefined && values.seeds === undefined)) {
  console.log(
    [
      'KRaft 쿼럼 시뮬레이터',
      '  npm run sim -- --seed <씨앗>                 씨앗 하나를 돌립니다 (실패한 씨앗을 다시 돌릴 때)',
      '  npm run sim -- --seeds <개수> [--root <씨앗>]  씨앗 여러 개 (뿌리 씨앗에서 하나씩 만듭니다)',
      `  --scenario <이름>                             시나리오 (Kafka RaftEventSimulationTest의 것과 Raft 논문 Figure 8): ${Object.keys(scenarios).join(', ')}`,
      `  --<매개변수> <값>                             고정할 매개변수: ${OVERRIDABLE.join(', ')}`,
    ].join('\n'),
  );
  process.exit(values.help ? 0 : 1);
}

function integer(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n >= 2 ** 32)
    throw new Error(`${what}: 0 이상 2^32 미만의 정수여야 합니다 (${text})`);
  return n;
}

const overrides: Partial<Omit<ChaosParams, 'seed'>> = {};
for (const key of OVERRIDABLE) {
  const raw = (values as Record<string, string | undefined>)[key];
  if (raw === undefined) continue;
  const value =
    key === 'tornWrites'
      ? raw === 'true'
      : key === 'faultIntervalMs'
        ? (raw.split(',').map(Number) as [number, number])
        : Number(raw);
  Object.assign(overrides, { [key]: value });
}

const scenario = values.scenario as ScenarioName | undefined;
if (scenario !== undefined && !(scenario in scenarios)) {
  console.error(`모르는 시나리오: ${scenario}`);
  process.exit(1);
}

const root = values.root === undefined ? Date.now() >>> 0 : integer(values.root, '--root');
const seeds =
  values.seed !== undefined
    ? [integer(values.seed, '--seed')]
    : Array.from({ length: integer(values.seeds ?? '0', '--seeds') }, (_, i) => deriveSeed(root, i));

if (seeds.length > 1) {
  console.log(
    paint('bold', `KRaft 시뮬레이션: ${scenario ?? '무작위 장애'}, 씨앗 ${seeds.length}개, 뿌리 씨앗 ${root}`) +
      paint(
        'dim',
        ` (같은 씨앗들을 다시: npm run sim -- --seeds ${seeds.length} --root ${root}${scenario ? ` --scenario ${scenario}` : ''})`,
      ),
  );
  if (!scenario)
    console.log(
      paint('dim', '씨앗마다 매개변수를 씨앗에서 정합니다. 첫 씨앗: ') +
        describeParams(chaosParams(seeds[0] as number, overrides)),
    );
}

const started = Date.now();
const reports: ChaosReport[] = [];
for (const [i, seed] of seeds.entries()) {
  if (seeds.length === 1) {
    console.log(
      paint('bold', 'KRaft 시뮬레이션: ') +
        (scenario
          ? `${scenario}, 씨앗 ${seed}, ${JSON.stringify(scenarioParams(scenario, seed))}`
          : describeParams(chaosParams(seed, overrides))),
    );
  }
  try {
    if (scenario) runScenario(scenario, seed);
    else reports.push(runChaos(chaosParams(seed, overrides)));
  } catch (error) {
    console.log(paint('red', `\n✗ 씨앗 ${seed}에서 실패했습니다 (${i + 1}번째): ${(error as Error).message}`));
    if (!scenario) console.log(`  매개변수: ${describeParams(chaosParams(seed, overrides))}`);
    console.log(
      `  다시 돌리기: ${scenario ? `npm run sim -- --scenario ${scenario} --seed ${seed}` : replayCommand(seed, overrides)}`,
    );
    process.exit(1);
  }
  if (seeds.length > 1 && (i + 1) % 500 === 0) {
    console.log(paint('dim', `  … ${i + 1}/${seeds.length} (${((Date.now() - started) / 1000).toFixed(1)}초)`));
  }
}

const seconds = (Date.now() - started) / 1000;
console.log(paint('green', `✓ 씨앗 ${seeds.length}개 모두 안전했고 회복했습니다 (${seconds.toFixed(1)}초)`));
if (reports.length > 0) for (const line of formatSummary(summarize(reports))) console.log(`  ${line}`);
