/**
 * 비교 모음(Parity Suite): 같은 시나리오를 참조 브로커와 진짜 Apache Kafka에 대고 돌려 결과를 나란히 놓습니다.
 *
 *   npm run test:parity                                   참조 브로커 + (Docker가 있으면) testcontainers의 Kafka
 *   PARITY_BOOTSTRAP=127.0.0.1:19092 npm run test:parity  참조 브로커 + 이미 떠 있는 클러스터 (예: docker-compose.kraft.yml)
 *
 * 참조 브로커의 결과는 언제나 시나리오에 적어 둔 Kafka의 답과 같아야 합니다. Kafka 쪽이 돌았으면 Kafka의 결과도
 * 그 답과 같아야 하고, 두 결과가 다르면 실패합니다. 마지막에 표를 찍습니다.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScenarioContext } from './context.js';
import { KAFKA_VERSION } from './kafka-image.js';
import { Outcomes, renderTable } from './report.js';
import { type Result, type Scenario, unmetNeed } from './scenario.js';
import { scenarios } from './scenarios/index.js';
import { bootstrapTarget, dockerUnavailable, startKafkaTarget, startReferenceTarget, type Target } from './targets.js';

/** 이 실행의 토픽·그룹 이름 꼬리표: 여러 번 쓰는 클러스터에서도 이름이 겹치지 않습니다. */
const runId = randomBytes(3).toString('hex');
const outcomes = new Outcomes();
/** 표의 열 제목 */
const REFERENCE = '참조 브로커';
const KAFKA_LABEL = `Apache Kafka ${KAFKA_VERSION}`;

const bootstrap = process.env.PARITY_BOOTSTRAP?.trim();
const kafkaSide: { label: string; start: () => Promise<Target> } | null = bootstrap
  ? { label: `PARITY_BOOTSTRAP ${bootstrap}`, start: () => bootstrapTarget(bootstrap) }
  : (await dockerUnavailable()) === null
    ? { label: KAFKA_LABEL, start: startKafkaTarget }
    : null;
if (!kafkaSide) {
  // 건너뛰는 이유는 한 줄로: vitest의 출력 머리 없이 바로 씁니다.
  process.stdout.write(
    `Docker 엔진이 응답하지 않아 ${KAFKA_LABEL} 쪽은 건너뜁니다: 참조 브로커의 결과만 시나리오에 적어 둔 Kafka의 답과 견줍니다 (떠 있는 Kafka에 대려면 PARITY_BOOTSTRAP=호스트:포트).\n`,
  );
}

suiteFor(REFERENCE, startReferenceTarget);
if (kafkaSide) suiteFor(kafkaSide.label, kafkaSide.start);

describe.runIf(kafkaSide)('참조 브로커와 Kafka', () => {
  it('같은 시나리오에 같은 결과를 냅니다', () => {
    const different = outcomes.differences(scenarios, REFERENCE, kafkaSide?.label ?? '');
    expect(different.map((s) => s.title)).toEqual([]);
  });
});

afterAll(() => {
  console.log(renderTable(scenarios, outcomes, REFERENCE, kafkaSide?.label ?? null));
});

/** 대상 하나에 모든 시나리오를 차례로 돌리는 묶음 */
function suiteFor(label: string, start: () => Promise<Target>): void {
  describe(label, () => {
    let target: Target | undefined;
    beforeAll(async () => {
      target = await start();
    });
    afterAll(async () => {
      await target?.stop();
    });

    for (const scenario of scenarios) {
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
  });
}

async function run(scenario: Scenario, target: Target, label: string): Promise<Result> {
  const ctx = new ScenarioContext(scenario, target.bootstrap, runId);
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
