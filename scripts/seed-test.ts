/**
 * `npm run seed-test`: 과정의 기준 구성(브로커 셋, 토픽 하나, 그룹 둘, 컨슈머 여섯)에 시드 시나리오를 돌리고, 성공 응답을
 * 받은 메시지를 두 그룹이 모두 키마다 순서대로 받았는지 검사합니다. 보통은 `./scripts/test.sh`가 부릅니다.
 * 사용법은 아래 USAGE에 있습니다.
 *
 * 리더를 죽이는 방법은 주소로 고릅니다(--faults auto): 참조 클러스터면 `npm run cluster -- kill N`, compose 클러스터면
 * `docker compose … kill kafka-N`. 그 밖의 클러스터는 죽이지 않고 그렇다고 적습니다. 어긋남이 하나라도 있으면 1로 끝납니다.
 */

import { exitWithUsage, readCommandLine } from '../reference/src/server/command-line.js';
import { josa } from '../reference/src/server/josa.js';
import {
  COMPOSE_FILE,
  composeRunning,
  type Faults,
  type FaultsKind,
  faultsFor,
  faultsKindFor,
  REFERENCE_CLUSTER,
} from './lib/seed-scenario/faults.js';
import { runSeedScenario } from './lib/seed-scenario/scenario.js';
import { renderSummary, verdict } from './lib/seed-scenario/summary.js';

const USAGE = `과정의 기준 구성에 시드 시나리오를 돌리고, 두 그룹이 메시지를 키마다 순서대로 받았는지 검사합니다.
  npm run seed-test                                        참조 클러스터 (npm run cluster, 127.0.0.1:19192,…)
  BOOTSTRAP_SERVERS=127.0.0.1:19092,127.0.0.1:29092,127.0.0.1:39092 npm run seed-test
                                                           docker-compose.kraft.yml의 진짜 Kafka
  npm run seed-test -- --messages 600 --faults none        메시지 수, 리더 죽이기 방법(auto|cluster|compose|none)
  CLUSTER_ARGS='--data-dir /tmp/c' npm run seed-test -- --bootstrap … --faults cluster
                                                           다른 인자로 띄운 npm run cluster (kill/start에 같은 인자)

  --bootstrap HOST:PORT,…   붙을 클러스터 (기본 BOOTSTRAP_SERVERS, 없으면 참조 클러스터)
  --messages N              보낼 메시지 수, 3에서 100000 (기본 3000)
  --keys N                  키의 수, 1에서 메시지 수 (기본 50)
  --faults 방법             리더 죽이기: auto(주소로 고름, 기본), cluster, compose, none`;

const { values } = readCommandLine(USAGE, {
  options: {
    bootstrap: { type: 'string', default: process.env.BOOTSTRAP_SERVERS || REFERENCE_CLUSTER },
    messages: { type: 'string', default: '3000' },
    keys: { type: 'string', default: '50' },
    faults: { type: 'string', default: 'auto' },
  },
});
const messages = Number(values.messages);
const keys = Number(values.keys);
if (!Number.isInteger(messages) || messages < 3 || messages > 100_000) {
  exitWithUsage(USAGE, '--messages는 3에서 100000 사이의 정수입니다');
}
if (!Number.isInteger(keys) || keys < 1 || keys > messages) {
  exitWithUsage(USAGE, '--keys는 1에서 메시지 수 사이의 정수입니다');
}
if (!['auto', 'cluster', 'compose', 'none'].includes(values.faults)) {
  exitWithUsage(USAGE, '--faults는 auto, cluster, compose, none 가운데 하나입니다');
}

const bootstrap = values.bootstrap;
const kind: FaultsKind = values.faults === 'auto' ? faultsKindFor(bootstrap) : (values.faults as FaultsKind);
// npm run cluster를 기본과 다른 인자(--port-offset, --data-dir)로 띄웠다면 test.sh가 CLUSTER_ARGS로 알려 줍니다.
const clusterArgs = (process.env.CLUSTER_ARGS ?? '').split(/\s+/).filter(Boolean);
let faults: Faults | null = faultsFor(kind, bootstrap, clusterArgs);
let noFaultsReason = `${josa(bootstrap, '은/는')} npm run cluster도 ${COMPOSE_FILE}의 클러스터도 아니라서 노드를 멈출 방법이 없습니다`;
if (kind === 'none' && values.faults === 'none') noFaultsReason = '--faults none';
if (kind === 'compose' && !composeRunning()) {
  faults = null;
  noFaultsReason = `docker compose -f ${COMPOSE_FILE}로 띄운 kafka-1이 보이지 않습니다 (docker가 없거나 다른 방법으로 띄운 클러스터)`;
}

const how = { cluster: 'npm run cluster -- kill/start', compose: 'docker compose kill/start', none: '없음' }[kind];
console.log(`시드 시나리오: ${bootstrap} (리더 죽이기: ${faults ? how : '건너뜀'})`);
const result = await runSeedScenario({
  bootstrap,
  messages,
  keys,
  faults,
  noFaultsReason,
  log: (line) => console.log(line),
});
console.log();
for (const line of renderSummary(result)) console.log(line);
const { ok, line } = verdict(result);
console.log(line);
// 클라이언트를 모두 닫은 뒤에도 kafkajs가 타이머를 남겨 프로세스가 끝나지 않는 일이 있어(리더를 죽인 실행에서 봤습니다),
// 출력을 다 내보낸 뒤 끝냅니다. test.sh는 이 프로세스가 끝나야 클러스터를 멈춥니다.
process.stdout.write('', () => process.exit(ok ? 0 : 1));
