/**
 * 시드 시나리오: 브로커 셋, 토픽 하나(파티션 셋, 복제 계수 3, `min.insync.replicas=2`), 서비스마다 컨슈머 그룹 하나
 * (order-service, notification-service), 그룹마다 컨슈머 셋. 워크숍에서 하는 차례대로 돌립니다.
 *
 *   1. 토픽을 만듭니다 (이미 같은 모양으로 있으면 그대로 씁니다).
 *   2. 주문 번호를 키로, 키마다의 순번을 값에 담아 acks=all 멱등 프로듀서로 3분의 1을 씁니다. 메시지가 기다립니다.
 *   3. 컨슈머 여섯을 하나씩 띄웁니다. 그룹마다 파티션 셋을 나눠 맡습니다.
 *   4. 다음 3분의 1을 쓰는 동안 파티션 0의 리더를 죽이고(kill -9), 새 리더가 뽑히면 다시 띄웁니다.
 *   5. 나머지를 쓰는 동안 활성 컨트롤러(KRaft 쿼럼의 리더)를 죽이고, 남은 둘이 새 활성 컨트롤러를 뽑으면 다시 띄웁니다.
 *      두 그룹이 성공 응답을 받은 메시지를 모두 받고 커밋하기를 기다린 뒤 멈춥니다.
 *   6. 보낸 기록과 받은 기록을 검사하고(check.ts), 파티션과 그룹의 상태를 물어 표로 보여 줍니다.
 *
 * 모든 기다림은 시간으로 묶여 있습니다. 한 번 실행에 쓴 메시지는 실행 꼬리표(run)로 구분하므로, 같은 토픽과 그룹을
 * 다시 써도(지난 실행이 남긴 메시지를 받아도) 검사는 이번 실행의 메시지만 봅니다.
 */

import { type Admin, type Consumer, Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { josa } from '../../../reference/src/server/josa.js';
import { describeQuorum } from '../quorum.js';
import { type CheckResult, checkHistory, type Delivery, type Sent } from './check.js';
import { type Faults, waitForFenced } from './faults.js';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

export const TOPIC = 'orders';
export const PARTITIONS = 3;
export const REPLICATION_FACTOR = 3;
export const MIN_INSYNC_REPLICAS = '2';
export const GROUPS = ['order-service', 'notification-service'] as const;
const CONSUMERS_PER_GROUP = 3;

export interface ScenarioOptions {
  readonly bootstrap: string;
  /** 보낼 메시지 수 */
  readonly messages: number;
  /** 주문(키) 수 */
  readonly keys: number;
  /** 리더를 죽였다 살리는 손잡이. null이면 건너뛰고 그렇게 적습니다. */
  readonly faults: Faults | null;
  /** 죽이지 못하는 이유 (faults가 null일 때 적습니다) */
  readonly noFaultsReason?: string;
  /** 진행 줄 하나 */
  readonly log: (line: string) => void;
  /** 한 번의 기다림의 최대 시간 */
  readonly waitLimitMs?: number;
}

export interface PartitionState {
  readonly partition: number;
  readonly leader: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  /** 하이 워터마크 (ListOffsets latest) */
  readonly end: number;
}

export interface GroupOffsets {
  readonly group: string;
  /** 파티션마다 커밋된 오프셋 (없으면 null) */
  readonly committed: readonly (number | null)[];
}

export interface FaultReport {
  readonly partition: number;
  readonly victim: number;
  readonly newLeader: number;
}

/** 활성 컨트롤러 죽이기: 죽인 노드와 그 뒤에 뽑힌 활성 컨트롤러 */
export interface ControllerFaultReport {
  readonly victim: number;
  readonly newController: number;
}

export interface ScenarioResult {
  readonly run: string;
  readonly durationMs: number;
  readonly fault: FaultReport | null;
  readonly controllerFault: ControllerFaultReport | null;
  readonly sendFailures: number;
  readonly check: CheckResult;
  readonly partitions: readonly PartitionState[];
  readonly offsets: readonly GroupOffsets[];
  /** 표 아래에 적을 말 (예: 죽이기를 건너뛴 이유, 다 돌아오지 않은 ISR) */
  readonly notes: readonly string[];
}

/** 한 번에 보내는 메시지 수 (파티션마다 나눠 send 한 번씩) */
const BATCH = 25;

export async function runSeedScenario(options: ScenarioOptions): Promise<ScenarioResult> {
  const started = Date.now();
  const { log } = options;
  const waitLimitMs = options.waitLimitMs ?? 120_000;
  const run = `${started.toString(36)}-${process.pid}`;
  const kafka = new Kafka({
    clientId: 'seed-test',
    brokers: options.bootstrap.split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 10, initialRetryTime: 100, maxRetryTime: 1000 },
  });
  const notes: string[] = [];
  const sent: Sent[] = [];
  const deliveries: Delivery[] = [];
  const consumers: Consumer[] = [];
  // 보내기가 실패하면 새로 만듭니다 (produce 안)
  const holder: { producer: Producer | null } = { producer: null };
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopic(admin, log, waitLimitMs);

    // 메시지 i: 주문 order-(i % keys)의 (i / keys + 1)번째 사건. 값에 실행 꼬리표와 순번을 담습니다.
    const messages = Array.from({ length: options.messages }, (_, i) => ({
      key: `order-${String(i % options.keys).padStart(3, '0')}`,
      seq: Math.floor(i / options.keys) + 1,
    }));
    let sendFailures = 0;
    // 파티션마다 따로 보냅니다 (send 한 번에 파티션 하나, 리더 하나). kafkajs 2.2.4의 sendMessages는 응답을 브로커마다
    // 모아 두었다가 재시도 때 이미 답한 브로커에는 다시 보내지 않습니다: 리더가 옮겨 가 답한 브로커가 다른 파티션의 새
    // 리더가 되면, 그 파티션의 메시지는 보내지 않은 채 send가 성공으로 끝납니다 (여러 파티션을 한 번에 보낼 때만).
    const produce = async (from: number, to: number, pauseMs: number) => {
      for (let i = from; i < to; i += BATCH) {
        const batch = messages.slice(i, Math.min(i + BATCH, to));
        holder.producer ??= await connectProducer(kafka);
        const producer = holder.producer;
        const perPartition = new Map<number, typeof batch>();
        for (const m of batch) {
          const partition = partitionFor(m.key);
          perPartition.set(partition, [...(perPartition.get(partition) ?? []), m]);
        }
        const results = await Promise.allSettled(
          [...perPartition].map(async ([partition, group]) => {
            const [answer] = await producer.send({
              topic: TOPIC,
              acks: -1,
              messages: group.map((m) => ({ key: m.key, value: JSON.stringify({ run, ...m }) })),
            });
            if (answer?.partition !== partition) throw new Error(`파티션 ${partition}에 보낸 답이 다릅니다`);
            // 답은 배치의 첫 오프셋입니다. 배치 안의 메시지는 보낸 차례대로 그 뒤에 붙습니다.
            const base = Number(answer.baseOffset);
            group.forEach((m, n) => {
              sent.push({ ...m, acked: true, partition, offset: base + n });
            });
          }),
        );
        const failed = [...perPartition.values()].filter((_, n) => results[n]?.status === 'rejected');
        if (failed.length > 0) {
          // 재시도를 다 쓰고도 실패했습니다: 이 메시지들은 로그에 있을 수도 없을 수도 있습니다. 다음 메시지는
          // 새 프로듀서(새 프로듀서 ID)로 보냅니다. 같은 ID로 이어 보내면 실패한 배치의 순번과 엉킬 수 있습니다.
          const reasons = results.flatMap((r) => (r.status === 'rejected' ? [describe(r.reason)] : []));
          sendFailures += failed.length;
          log(`  보내기 실패 (메시지 ${failed.flat().length}개, 성공 응답 없음으로 적습니다): ${reasons.join('; ')}`);
          for (const m of failed.flat()) sent.push({ ...m, acked: false });
          await producer.disconnect().catch(() => {});
          holder.producer = null;
        }
        if (pauseMs > 0) await sleep(pauseMs);
      }
    };

    const third = Math.floor(options.messages / 3);
    log(`프로듀서가 메시지 ${third}개를 씁니다 (키 ${options.keys}개, acks=all, 멱등)`);
    await produce(0, third, 0);

    for (const group of GROUPS) {
      for (let n = 1; n <= CONSUMERS_PER_GROUP; n++) {
        const name = `${group}-${n}`;
        consumers.push(await startConsumer(kafka, group, name, run, deliveries));
        log(`  컨슈머 ${josa(name, '이/가')} 그룹 ${group}에 들어갑니다`);
      }
    }

    log(`다음 ${third}개를 쓰는 동안 파티션 리더 하나를 죽였다 살립니다`);
    const middle = produce(third, 2 * third, 50);
    // 죽이기가 끝날 때까지 기다리는 동안 실패해도 처리되지 않은 거부로 남지 않게 (아래 finally에서 await 합니다)
    middle.catch(() => {});
    let fault: FaultReport | null = null;
    try {
      if (options.faults) fault = await killAndRestartLeader(admin, options.faults, log, waitLimitMs);
      else {
        const reason = options.noFaultsReason ?? '이 대상의 노드를 멈출 방법이 없습니다';
        log(`  리더 죽이기를 건너뜁니다: ${reason}`);
        notes.push(`리더를 죽이지 않았습니다: ${reason}`);
      }
    } finally {
      await middle;
    }
    log(`나머지 ${options.messages - 2 * third}개를 쓰는 동안 활성 컨트롤러를 죽였다 살립니다`);
    const last = produce(2 * third, options.messages, options.faults ? 50 : 0);
    last.catch(() => {});
    let controllerFault: ControllerFaultReport | null = null;
    try {
      if (options.faults) {
        controllerFault = await killAndRestartController(options.bootstrap, options.faults, log, waitLimitMs);
      } else log('  활성 컨트롤러 죽이기도 건너뜁니다');
    } finally {
      await last;
    }
    await holder.producer?.disconnect();
    holder.producer = null;
    const acked = sent.filter((s) => s.acked).length;
    log(`보낸 메시지 ${sent.length}개 가운데 성공 응답 ${acked}개`);

    const isrBack = await waitUntil(waitLimitMs, async () => {
      const states = await describePartitions(admin);
      return states.every((p) => p.isr.length === p.replicas.length);
    });
    if (!isrBack) notes.push(`${waitLimitMs / 1000}초 안에 모든 파티션의 ISR이 복제본 전부로 돌아오지 않았습니다`);

    log('두 그룹이 성공 응답을 받은 메시지를 모두 받기를 기다립니다');
    const wanted = new Set(sent.filter((s) => s.acked).map((s) => `${s.key}#${s.seq}`));
    const caughtUp = await waitUntil(waitLimitMs, async () =>
      GROUPS.every((group) => {
        const got = new Set(deliveries.filter((d) => d.group === group).map((d) => `${d.key}#${d.seq}`));
        return [...wanted].every((w) => got.has(w));
      }),
    );
    if (!caughtUp) log(`  ${waitLimitMs / 1000}초 안에 다 받지 못했습니다. 받은 데까지 검사합니다`);
    // 받은 것이 커밋될 때까지 (lag 0) 기다린 뒤 멈춥니다. 안 되면 표의 lag이 보여 줍니다.
    const committed = await waitUntil(waitLimitMs, async () => {
      const partitions = await describePartitions(admin);
      const offsets = await fetchGroupOffsets(admin);
      return offsets.every((g) => g.committed.every((c, p) => c === partitions[p]?.end));
    });
    if (!committed) notes.push(`${waitLimitMs / 1000}초 안에 두 그룹의 커밋이 파티션 끝까지 오지 않았습니다`);
    await stopAll(consumers);

    const check = checkHistory(sent, deliveries, GROUPS);
    return {
      run,
      durationMs: Date.now() - started,
      fault,
      controllerFault,
      sendFailures,
      check,
      partitions: await describePartitions(admin),
      offsets: await fetchGroupOffsets(admin),
      notes,
    };
  } finally {
    await stopAll(consumers);
    await holder.producer?.disconnect().catch(() => {});
    await admin.disconnect();
  }
}

/**
 * 토픽을 만듭니다. 이미 있으면(kafkajs는 TOPIC_ALREADY_EXISTS를 false로 돌려줍니다) 모양(파티션 수, 복제 계수,
 * min.insync.replicas)이 같을 때만 그대로 씁니다. 그 뒤 모든 파티션에 리더가 생기기를 기다립니다: 컨트롤러가 만든
 * 토픽을 브로커마다 메타데이터로 받는 때가 달라, kafkajs의 waitForLeaders는 아직 모르는 브로커의
 * UNKNOWN_TOPIC_OR_PARTITION에 던지므로 쓰지 않습니다.
 */
async function ensureTopic(admin: Admin, log: (line: string) => void, waitLimitMs: number): Promise<void> {
  const created = await admin.createTopics({
    topics: [
      {
        topic: TOPIC,
        numPartitions: PARTITIONS,
        replicationFactor: REPLICATION_FACTOR,
        configEntries: [{ name: 'min.insync.replicas', value: MIN_INSYNC_REPLICAS }],
      },
    ],
    waitForLeaders: false,
  });
  const ready = await waitUntil(waitLimitMs, async () => {
    const partitions = await describePartitions(admin);
    return partitions.length > 0 && partitions.every((p) => p.leader >= 0);
  });
  if (!ready) throw new Error(`${waitLimitMs / 1000}초 안에 토픽 ${TOPIC}의 모든 파티션에 리더가 생기지 않았습니다`);
  const wanted = `파티션 ${PARTITIONS}, 복제 계수 ${REPLICATION_FACTOR}, min.insync.replicas=${MIN_INSYNC_REPLICAS}`;
  if (created) {
    log(`토픽 ${josa(TOPIC, '을/를')} 만들었습니다 (${wanted})`);
    return;
  }
  const partitions = await describePartitions(admin);
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: TOPIC_RESOURCE, name: TOPIC, configNames: ['min.insync.replicas'] }],
  });
  const minIsr = resources[0]?.configEntries.find((e) => e.configName === 'min.insync.replicas')?.configValue;
  const shape = `파티션 ${partitions.length}, 복제 계수 ${partitions[0]?.replicas.length}, min.insync.replicas=${minIsr}`;
  if (shape !== wanted) {
    throw new Error(
      `토픽 ${josa(TOPIC, '이/가')} 이미 다른 모양으로 있습니다 (${shape}). 시나리오에는 ${josa(wanted, '이/가')} 필요합니다. 토픽을 지우거나 새 클러스터로 돌려 주세요.`,
    );
  }
  log(`토픽 ${josa(TOPIC, '이/가')} 이미 같은 모양으로 있어 그대로 씁니다 (${shape})`);
}

/** kafkajs `ConfigResourceTypes.TOPIC` */
const TOPIC_RESOURCE = 2;

async function connectProducer(kafka: Kafka): Promise<Producer> {
  // 멱등 프로듀서는 재시도를 제한하지 않는 것이 기본이지만, 시나리오는 끝나야 하므로 30번(약 1분)으로 묶습니다.
  // 한 번에 요청 하나만 보내므로(maxInFlightRequests 1) 재시도가 순서를 바꾸지 않습니다.
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    idempotent: true,
    maxInFlightRequests: 1,
    retry: { retries: 30, initialRetryTime: 200, maxRetryTime: 2000 },
  });
  // kafkajs는 InitProducerId를 Metadata의 컨트롤러 ID(KRaft에서는 살아 있는 브로커 가운데 무작위 하나)에게 보내고, 연결
  // 오류면 메타데이터만 새로 받고 connect를 실패로 끝냅니다. 죽었지만 아직 펜싱되지 않은 브로커가 뽑힐 수 있으므로 다시 연결합니다.
  for (let attempt = 1; ; attempt++) {
    try {
      await producer.connect();
      return producer;
    } catch (error) {
      if (attempt === 20 || (error as Error).name !== 'KafkaJSConnectionError') throw error;
      await sleep(1000);
    }
  }
}

/**
 * 키가 가는 파티션. 프로듀서의 응답은 파티션마다 배치의 첫 오프셋뿐이므로, 프로듀서와 같은 분배기(Java 클라이언트와 같은
 * murmur2(key) % 파티션 수)로 메시지마다의 파티션을 셉니다.
 */
const partitioner = Partitioners.DefaultPartitioner();
const PARTITION_METADATA = Array.from({ length: PARTITIONS }, (_, partitionId) => ({
  partitionId,
  leader: 0,
  partitionErrorCode: 0,
  replicas: [],
  isr: [],
}));
function partitionFor(key: string): number {
  return partitioner({ topic: TOPIC, partitionMetadata: PARTITION_METADATA, message: { key, value: null } });
}

async function startConsumer(
  kafka: Kafka,
  group: string,
  name: string,
  run: string,
  deliveries: Delivery[],
): Promise<Consumer> {
  const consumer = kafka.consumer({
    groupId: group,
    // 다른 멤버의 합류를 빨리 알아채도록 (기본 3초)
    heartbeatInterval: 500,
    // 코디네이터가 죽으면 kafkajs는 재시도를 다 쓴 뒤 컨슈머를 다시 시작해 새 코디네이터를 찾습니다. 그 시간을 줄입니다.
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 },
  });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const value = JSON.parse(message.value?.toString() ?? '{}') as { run?: string; key?: string; seq?: number };
      // 지난 실행이 남긴 메시지는 세지 않습니다 (같은 토픽과 그룹을 다시 쓸 때).
      if (value.run !== run) return;
      deliveries.push({
        group,
        consumer: name,
        partition,
        offset: Number(message.offset),
        key: message.key?.toString() ?? '',
        seq: Number(value.seq),
      });
    },
  });
  return consumer;
}

async function stopAll(consumers: Consumer[]): Promise<void> {
  const all = consumers.splice(0);
  await Promise.all(all.map((c) => c.disconnect().catch(() => {})));
}

/**
 * 파티션 0의 리더를 죽이고, 다른 복제본이 리더가 되면 다시 띄웁니다. Faults.start는 노드가 브로커로 돌아올 때까지
 * 기다립니다.
 */
async function killAndRestartLeader(
  admin: Admin,
  faults: Faults,
  log: (line: string) => void,
  waitLimitMs: number,
): Promise<FaultReport> {
  const partition = 0;
  const before = (await describePartitions(admin))[partition];
  if (!before || before.leader < 0) throw new Error(`파티션 ${partition}에 리더가 없습니다`);
  const victim = before.leader;
  log(`  파티션 ${partition}의 리더인 브로커 ${josa(victim, '을/를')} 죽입니다 (kill -9)`);
  await faults.kill(victim);
  let newLeader = -1;
  const moved = await waitUntil(waitLimitMs, async () => {
    const now = (await describePartitions(admin))[partition];
    newLeader = now?.leader ?? -1;
    return newLeader >= 0 && newLeader !== victim;
  });
  if (!moved) throw new Error(`${waitLimitMs / 1000}초 안에 파티션 ${partition}의 새 리더가 뽑히지 않았습니다`);
  log(`  파티션 ${partition}의 새 리더는 브로커 ${newLeader}입니다. 브로커 ${josa(victim, '을/를')} 다시 띄웁니다`);
  await faults.start(victim);
  log(`  브로커 ${josa(victim, '이/가')} 클러스터로 돌아왔습니다`);
  return { partition, victim, newLeader };
}

/**
 * 활성 컨트롤러를 죽이고, 남은 노드들이 새 활성 컨트롤러를 뽑으면 다시 띄웁니다. 활성 컨트롤러는 부트스트랩의 브로커마다
 * DescribeQuorum을 보내 리더의 답에서 찾습니다 (`npm run quorum`과 같은 요청). 기준 구성의 노드는 브로커와 컨트롤러를
 * 겸하므로 죽은 노드는 파티션 리더이기도 할 수 있습니다: 새 활성 컨트롤러가 그 브로커의 세션이 끝나기를 기다려
 * 펜싱하고 리더를 옮깁니다.
 */
async function killAndRestartController(
  bootstrap: string,
  faults: Faults,
  log: (line: string) => void,
  waitLimitMs: number,
): Promise<ControllerFaultReport> {
  const servers = bootstrap.split(',');
  let victim = -1;
  const found = await waitUntil(waitLimitMs, async () => {
    victim = (await describeQuorum(servers)).leaderId;
    return victim >= 0;
  });
  if (!found) throw new Error(`${waitLimitMs / 1000}초 안에 활성 컨트롤러를 찾지 못했습니다`);
  log(`  활성 컨트롤러인 노드 ${josa(victim, '을/를')} 죽입니다 (kill -9)`);
  await faults.kill(victim);
  let newController = -1;
  const elected = await waitUntil(waitLimitMs, async () => {
    newController = (await describeQuorum(servers)).leaderId;
    return newController >= 0 && newController !== victim;
  });
  if (!elected) throw new Error(`${waitLimitMs / 1000}초 안에 새 활성 컨트롤러가 뽑히지 않았습니다`);
  log(`  새 활성 컨트롤러는 노드 ${newController}입니다. 노드 ${victim}의 브로커 세션이 끝나기를 기다립니다`);
  // 새 활성 컨트롤러는 브로커들의 세션을 새로 재기 시작하므로, 죽은 노드의 브로커는 그로부터 세션 시간 뒤에 펜싱됩니다.
  // 그 전에 다시 띄우면 목록의 옛 등록을 "돌아왔다"로 잘못 읽습니다 (waitForFenced).
  await waitForFenced(servers.join(','), victim);
  log(`  노드 ${josa(victim, '이/가')} 펜싱되어 ISR에서 빠졌습니다. 다시 띄웁니다`);
  await faults.start(victim);
  log(`  노드 ${josa(victim, '이/가')} 클러스터로 돌아왔습니다`);
  return { victim, newController };
}

export async function describePartitions(admin: Admin): Promise<PartitionState[]> {
  const { topics } = await admin.fetchTopicMetadata({ topics: [TOPIC] });
  const ends = await admin.fetchTopicOffsets(TOPIC);
  const partitions = topics[0]?.partitions ?? [];
  return [...partitions]
    .sort((a, b) => a.partitionId - b.partitionId)
    .map((p) => ({
      partition: p.partitionId,
      leader: p.leader,
      replicas: [...p.replicas].sort(),
      isr: [...p.isr].sort(),
      end: Number(ends.find((e) => e.partition === p.partitionId)?.high ?? -1),
    }));
}

async function fetchGroupOffsets(admin: Admin): Promise<GroupOffsets[]> {
  const result: GroupOffsets[] = [];
  for (const group of GROUPS) {
    const topics = await admin.fetchOffsets({ groupId: group, topics: [TOPIC] });
    const partitions = topics.find((t) => t.topic === TOPIC)?.partitions ?? [];
    result.push({
      group,
      committed: Array.from({ length: PARTITIONS }, (_, p) => {
        const offset = Number(partitions.find((x) => x.partition === p)?.offset ?? -1);
        return offset >= 0 ? offset : null;
      }),
    });
  }
  return result;
}

/** 조건이 참이 될 때까지 250ms마다 봅니다. 던진 것은 "아직"으로 봅니다 (죽은 노드에 물었을 때). 시간이 다하면 false. */
async function waitUntil(limitMs: number, probe: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    if (await probe().catch(() => false)) return true;
    if (Date.now() > deadline) return false;
    await sleep(250);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
