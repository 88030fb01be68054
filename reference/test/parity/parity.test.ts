/**
 * 비교 모음(Parity Suite): 같은 시나리오를 참조 브로커와 진짜 Apache Kafka에 대고 돌려 결과를 나란히 놓습니다.
 *
 *   npm run test:parity                                   참조 브로커 + (Docker가 있으면) testcontainers의 Kafka
 *   PARITY_BOOTSTRAP=127.0.0.1:19092 npm run test:parity  참조 브로커 + 이미 떠 있는 클러스터 (예: docker-compose.kraft.yml)
 *
 * 참조 브로커의 결과는 언제나 시나리오에 적어 둔 Kafka의 답과 같아야 합니다. Kafka 쪽이 돌았으면 Kafka의 결과도
 * 그 답과 같아야 하고, 두 결과가 다르면 실패합니다. 마지막에 표를 찍습니다.
 *
 * 한 쪽은 대상 둘로 이루어집니다: 브로커 한 대(대부분의 시나리오)와, 복제 시나리오(`needs.nodes` 3)를 위한 세 노드
 * 클러스터(참조 브로커 프로세스 셋, 또는 Docker 네트워크의 Kafka 컨테이너 셋). 보안 시나리오(`needs.security`)는
 * 셋째 대상인 보안 대상(SASL_PLAINTEXT와 인가기를 켠 브로커 한 대)에서 돕니다. `PARITY_BOOTSTRAP`의 클러스터는 앞의
 * 두 몫을 합니다 (노드를 죽이는 시나리오와 보안 시나리오는 건너뜁니다).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScenarioContext } from './context.js';
import { KAFKA_VERSION } from './kafka-image.js';
import { Outcomes, renderTable } from './report.js';
import { type Result, type Scenario, unmetNeed } from './scenario.js';
import { scenarios } from './scenarios/index.js';
import {
  bootstrapTarget,
  dockerUnavailable,
  startKafkaClusterTarget,
  startKafkaSecuredTarget,
  startKafkaTarget,
  startReferenceClusterTarget,
  startReferenceSecuredTarget,
  startReferenceTarget,
  type Target,
} from './targets.js';

/** 이 실행의 토픽·그룹 이름 꼬리표: 여러 번 쓰는 클러스터에서도 이름이 겹치지 않습니다. */
const runId = randomBytes(3).toString('hex');
const outcomes = new Outcomes();
/** 표의 열 제목 */
const REFERENCE = '참조 브로커';
const KAFKA_LABEL = `Apache Kafka ${KAFKA_VERSION}`;

/** 비교의 한 쪽: 브로커 한 대의 대상, 세 노드 클러스터의 대상, 보안 대상 (같으면 하나가 여러 몫) */
interface Side {
  readonly label: string;
  readonly start: () => Promise<Target>;
  readonly startCluster: () => Promise<Target>;
  readonly startSecured: () => Promise<Target>;
}

const bootstrap = process.env.PARITY_BOOTSTRAP?.trim();
const kafkaSide: Side | null = bootstrap
  ? {
      label: `PARITY_BOOTSTRAP ${bootstrap}`,
      start: () => bootstrapTarget(bootstrap),
      startCluster: () => bootstrapTarget(bootstrap),
      startSecured: () => bootstrapTarget(bootstrap),
    }
  : (await dockerUnavailable()) === null
    ? {
        label: KAFKA_LABEL,
        start: startKafkaTarget,
        startCluster: startKafkaClusterTarget,
        startSecured: startKafkaSecuredTarget,
      }
    : null;
if (!kafkaSide) {
  // 건너뛰는 이유는 한 줄로: vitest의 출력 머리 없이 바로 씁니다.
  process.stdout.write(
    `Docker 엔진이 응답하지 않아 ${KAFKA_LABEL} 쪽은 건너뜁니다: 참조 브로커의 결과만 시나리오에 적어 둔 Kafka의 답과 견줍니다 (떠 있는 Kafka에 대려면 PARITY_BOOTSTRAP=호스트:포트).\n`,
  );
}

suiteFor({
  label: REFERENCE,
  start: startReferenceTarget,
  startCluster: startReferenceClusterTarget,
  startSecured: startReferenceSecuredTarget,
});
if (kafkaSide) suiteFor(kafkaSide);

describe.runIf(kafkaSide)('참조 브로커와 Kafka', () => {
  it('같은 시나리오에 같은 결과를 냅니다', () => {
    const different = outcomes.differences(scenarios, REFERENCE, kafkaSide?.label ?? '');
    expect(different.map((s) => s.title)).toEqual([]);
  });
});

afterAll(() => {
  console.log(renderTable(scenarios, outcomes, REFERENCE, kafkaSide?.label ?? null));
});

/** 보안 시나리오는 보안 대상에서, 여러 노드가 필요한 시나리오는 클러스터 대상에서 돕니다 */
const onSecured = (scenario: Scenario) => scenario.needs.security === true;
const onCluster = (scenario: Scenario) => !onSecured(scenario) && scenario.needs.nodes > 1;

/** 한 쪽에 모든 시나리오를 차례로 돌리는 묶음: 한 대짜리 시나리오를 먼저, 클러스터 시나리오, 보안 시나리오 순 */
function suiteFor({ label, start, startCluster, startSecured }: Side): void {
  describe(label, () => {
    suiteOn(
      label,
      start,
      scenarios.filter((s) => !onCluster(s) && !onSecured(s)),
    );
  });
  describe(`${label} (세 노드)`, () => {
    suiteOn(label, startCluster, scenarios.filter(onCluster));
  });
  describe(`${label} (SASL과 ACL)`, () => {
    suiteOn(label, startSecured, scenarios.filter(onSecured));
  });
}

/** 대상 하나를 띄워 시나리오들을 차례로 돌립니다. 결과는 그 쪽의 이름(`label`)으로 모읍니다. */
function suiteOn(label: string, start: () => Promise<Target>, some: readonly Scenario[]): void {
  let target: Target | undefined;
  beforeAll(async () => {
    if (some.length > 0) target = await start();
  });
  afterAll(async () => {
    await target?.stop();
  });

  for (const scenario of some) {
    it(scenario.title, async (test) => {
      if (!target) throw new Error(`${label}을 띄우지 못했습니다`);
      const reason = unmetNeed(scenario.needs, target.offers);
      if (reason) {
        outcomes.record(label, scenario, { kind: 'skipped', reason });
        test.skip(reason);
      }
      const result = await run(scenario, target, label);
      expect(result, `Kafka의 답: ${scenario.kafka.source}`).toEqual(scenario.kafka.answer);
    });
  }
}

async function run(scenario: Scenario, target: Target, label: string): Promise<Result> {
  const ctx = new ScenarioContext(scenario, target.bootstrap, runId, target.faults, target.login);
  try {
    const result = await scenario.run(ctx);
    outcomes.record(label, scenario, { kind: 'ran', result });
    return result;
  } catch (error) {
    outcomes.record(label, scenario, { kind: 'failed', error: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    await ctx.close();
  }
}
