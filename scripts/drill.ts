/**
 * `npm run drill`: 진짜 프로세스로 띄운 클러스터(`npm run cluster`)에 씨앗으로 정한 장애 일정을 걸고, kafkajs 프로듀서와
 * 컨슈머가 겪은 역사를 시뮬레이터의 검사기로 판단합니다 (Jepsen의 Kafka 이상: 잃은 쓰기, 중복, 못 읽음, 건너뜀, 역행
 * 읽기와 쓰기, 어긋난 오프셋, 어보트 읽음, 커밋 전 읽음). 사용법은 아래 USAGE에 있습니다.
 *
 * 클러스터는 한 번 띄워(빈 포트 자리, 데이터는 처음부터) 모든 일정이 함께 쓰고, 일정마다 새 토픽과 새 그룹을 씁니다.
 * 일정마다 장애를 모두 되돌리고 클러스터가 온전해진 뒤 다음으로 갑니다. 이상이 하나라도 있거나 끝까지 가지 못한 일정이
 * 있으면 0이 아닌 코드로 끝납니다.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exitWithUsage, readCommandLine } from '../reference/src/server/command-line.js';
import { DrillCluster } from './lib/drill/cluster.js';
import { renderReport, replayCommand, verdictLine } from './lib/drill/report.js';
import { runSchedule, type ScheduleResult } from './lib/drill/run.js';
import { describeSchedule, scheduleFor } from './lib/drill/schedule.js';

const USAGE = `진짜 프로세스로 띄운 클러스터에 씨앗으로 정한 장애 일정을 걸고, 클라이언트가 겪은 역사를 검사합니다.
  npm run drill                          씨앗 1부터 일정 10개
  npm run drill -- --schedules 100       일정 100개
  npm run drill -- --seed 42             씨앗 42의 일정 하나만 (표가 알려 주는 "다시 돌리기" 명령)
  npm run drill -- --seed 42 --schedules 5    씨앗 42, 43, …, 46

  --data-dir DIR   드릴 클러스터의 데이터 폴더 (기본 data/drill, 학습자의 data/cluster와 따로)
  --save DIR       일정마다 검사한 역사와 최종 로그를 DIR/seed-S.json으로 남깁니다 (검사기를 손으로 다시 돌려 볼 때)`;

const { values } = readCommandLine(USAGE, {
  options: {
    seed: { type: 'string' },
    schedules: { type: 'string' },
    'data-dir': { type: 'string', default: path.join('data', 'drill') },
    save: { type: 'string' },
  },
});
const first = Number(values.seed ?? 1);
const count = Number(values.schedules ?? (values.seed === undefined ? 10 : 1));
if (!Number.isInteger(first) || first < 0 || !Number.isInteger(count) || count < 1) {
  exitWithUsage(USAGE, '--seed는 0 이상의 정수, --schedules는 1 이상의 정수입니다');
}

const log = (line: string) => console.log(line);
const started = Date.now();
const cluster = await DrillCluster.start(path.resolve(values['data-dir']), log);
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  log('멈춥니다: 지금 일정을 마치면 클러스터를 내리고 그때까지의 표를 찍습니다 (한 번 더: 바로 끝냄)');
});
const results: ScheduleResult[] = [];
try {
  log(`클러스터가 준비되었습니다 (${cluster.bootstrap}). 일정 ${count}개를 돌립니다`);
  for (let seed = first; seed < first + count && !interrupted; seed++) {
    const schedule = scheduleFor(seed);
    log(`[${seed - first + 1}/${count}] 씨앗 ${seed}: ${describeSchedule(schedule)}`);
    const result = await runSchedule(cluster, schedule, log);
    results.push(result);
    if (values.save) {
      mkdirSync(values.save, { recursive: true });
      const saved = { seed, history: result.history, logs: result.logs };
      writeFileSync(path.join(values.save, `seed-${seed}.json`), JSON.stringify(saved));
    }
    for (const line of result.faultLines) log(`  ${line}`);
    const outcome =
      result.error !== null
        ? `끝까지 가지 못했습니다: ${result.error}`
        : `send ${result.counts.sends}, ack ${result.counts.acks}, poll ${result.counts.polls}, commit ${result.counts.commits}, 이상 ${result.anomalies.length}`;
    log(
      `  ${outcome} (${(result.durationMs / 1000).toFixed(1)}초: ${result.phases}) · 다시 돌리기: ${replayCommand(seed)}`,
    );
  }
} finally {
  await cluster.stop();
}
for (const line of renderReport(results, Date.now() - started)) log(line);
const verdict = verdictLine(results);
log(verdict.line);
process.exit(verdict.ok ? 0 : 1);
