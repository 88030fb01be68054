/**
 * 브로커 조립(composition root): 설정을 받아 부품을 만들고 잇습니다.
 *
 *   LogManager(디스크의 파티션 로그) ← ReplicaManager(쓰기·읽기) ← API 핸들러 ← RequestProcessor ← SocketServer
 *   MetadataLog(메타데이터 로그) → ClusterMetadata(지금의 클러스터) ← LocalController(토픽 만들기·지우기)
 *
 * 시작 순서: 로그 디렉터리 확인(meta.properties) → 메타데이터 로그 재생(토픽과 설정) → 파티션 로그 불러오기(필요하면
 * 복구, 토픽 설정대로) → 로그와 메타데이터 맞추기 → 리스너 열기 → 브로커 등록. 멈출 때는 거꾸로 닫고, 깨끗한 종료 표시를 남깁니다.
 */

import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { apis } from './apis/index.js';
import type { ConsumerGroup } from './group/consumer-group.js';
import { GroupCoordinator } from './group/group-coordinator.js';
import { GroupService } from './group/group-service.js';
import { OFFSETS_TOPIC } from './group/offsets-topic.js';
import { ClusterMetadata } from './metadata/cluster-metadata.js';
import { LocalController } from './metadata/controller.js';
import { MetadataLog } from './metadata/metadata-log.js';
import { ProducerIdManager } from './producer/producer-id-manager.js';
import type { ProducerState } from './producer/producer-state.js';
import { ErrorCode, KafkaError } from './protocol/error-codes.js';
import { ControlRecordType, encodeControlBatch } from './record/control-record.js';
import { encodeBatch, NO_SEQUENCE } from './record/record-batch.js';
import type { BrokerConfig, Listener } from './server/config.js';
import { ConfigAdminManager } from './server/config-admin-manager.js';
import type { ProduceAcks } from './server/delayed-produce.js';
import { DynamicBrokerConfig } from './server/dynamic-broker-config.js';
import { josa } from './server/josa.js';
import { createLogger, type Logger } from './server/logger.js';
import { loadOrCreateMetaProperties, randomKafkaUuid } from './server/meta-properties.js';
import { ReplicaManager } from './server/replica-manager.js';
import { createRequestProcessor } from './server/request-processor.js';
import { type BoundListener, SocketServer } from './server/socket-server.js';
import { referenceWire, type WireCodec } from './server/wire.js';
import { logConfigFromTopicConfigs } from './storage/log-config.js';
import { LogManager } from './storage/log-manager.js';
import { readAllRecordBatches, readAllRecords } from './storage/log-reader.js';
import { TRANSACTION_STATE_TOPIC } from './transaction/transaction-log.js';
import { type TransactionDecisions, TransactionService } from './transaction/transaction-service.js';
import type { TransactionMetadata } from './transaction/transaction-state.js';

export interface BrokerOptions {
  readonly config: BrokerConfig;
  readonly logger?: Logger;
  readonly now?: () => number;
  /** apache/kafka 이미지의 CLUSTER_ID. 처음 시작할 때만 씁니다. */
  readonly clusterId?: string;
  /** 프레이밍과 헤더 코덱 (3장의 테스트가 학습자의 코덱을 끼웁니다) */
  readonly wire?: WireCodec;
  /** 컨슈머 그룹의 상태 기계 (8장의 테스트가 학습자의 ConsumerGroup을 끼웁니다) */
  readonly createGroup?: (groupId: string) => ConsumerGroup;
  /** 파티션의 프로듀서 상태 (5장의 테스트가 학습자의 ProducerStateManager를 끼웁니다) */
  readonly createProducerState?: () => ProducerState;
  /** acks=all의 판단 (5장의 테스트가 학습자의 함수를 끼웁니다) */
  readonly produceAcks?: ProduceAcks;
  /** 트랜잭션 코디네이터의 판단 (10장의 테스트가 학습자의 판단을 끼웁니다) */
  readonly transactionDecisions?: TransactionDecisions;
}

/** 보존 정책과 체크포인트를 검사하는 주기. 실제 간격은 LogManager가 설정대로 셉니다. */
const TICK_MS = 1000;
const GROUP_TICK_MS = 100;

export class Broker {
  private constructor(
    readonly config: BrokerConfig,
    readonly metadata: ClusterMetadata,
    readonly listeners: readonly BoundListener[],
    private readonly logs: LogManager,
    private readonly replicaManager: ReplicaManager,
    private readonly metadataLog: MetadataLog,
    private readonly server: SocketServer,
    private readonly timers: readonly NodeJS.Timeout[],
    private readonly log: Logger,
  ) {}

  static async start(options: BrokerOptions): Promise<Broker> {
    const { config } = options;
    const log = options.logger ?? createLogger();
    const now = options.now ?? Date.now;
    const nodeId = config.nodeId;
    const logDir = config.logDir;
    mkdirSync(logDir, { recursive: true });
    const meta = loadOrCreateMetaProperties(logDir, nodeId, options.clusterId);

    // 메타데이터를 먼저 재생합니다: 파티션 로그를 열 때 토픽 설정(retention.ms…)과 동적 브로커 설정이 있어야 합니다.
    const metadata = new ClusterMetadata(meta.clusterId);
    const metadataLog = MetadataLog.open(logDir, now);
    for (const record of metadataLog.readAll()) metadata.replay(record);
    const dynamicConfig = new DynamicBrokerConfig(config, metadata);
    // 파티션 로그의 설정: 토픽이 정한 값, 없으면 브로커 설정(동적 설정 포함)의 짝.
    const logDefaults = () => logConfigFromTopicConfigs(Object.fromEntries(dynamicConfig.current.topicDefaults()));
    const logConfigFor = (topic: string) =>
      logConfigFromTopicConfigs(Object.fromEntries(metadata.topic(topic)?.configs ?? []), logDefaults());
    const logs = new LogManager({
      logDir,
      now,
      defaultConfig: logDefaults(),
      topicConfig: logConfigFor,
      retentionCheckIntervalMs: config.int('log.retention.check.interval.ms'),
      recoveryPointCheckpointIntervalMs: config.int('log.flush.offset.checkpoint.interval.ms'),
      cleanerBackoffMs: dynamicConfig.current.int('log.cleaner.backoff.ms'),
      onLogCleaned: (stats) =>
        log.info(
          `컴팩션: ${stats.topic}-${stats.partition}의 세그먼트 ${stats.segmentsRead}개를 정리해 ${stats.bytesRead - stats.bytesWritten}바이트를 줄였습니다`,
        ),
    });
    const loaded = logs.startup();
    const recovery = loaded.hadCleanShutdown
      ? '깨끗한 종료 뒤'
      : `깨끗한 종료 표시가 없어 복구: 세그먼트 ${loaded.segmentsRecovered}개, 잘라 낸 바이트 ${loaded.bytesTruncated}`;
    log.info(`파티션 로그 ${loaded.logsLoaded}개를 불러왔습니다${loaded.logsLoaded > 0 ? ` (${recovery})` : ''}`);

    const controller = new LocalController(
      metadata,
      metadataLog,
      () => ({
        numPartitions: config.int('num.partitions'),
        replicationFactor: config.int('default.replication.factor'),
      }),
      randomKafkaUuid,
    );
    const minInsyncReplicasFor = (topic: string) =>
      Number(
        metadata.topic(topic)?.configs.get('min.insync.replicas') ?? dynamicConfig.current.int('min.insync.replicas'),
      );
    const replicaManager = new ReplicaManager(
      nodeId,
      metadata,
      logs,
      logConfigFor,
      minInsyncReplicasFor,
      log,
      options.createProducerState,
      options.produceAcks,
    );
    replicaManager.reconcile();
    // 동적 브로커 설정이 바뀌면 실행 중인 부품을 다시 설정합니다 (Kafka: DynamicLogConfig, LogCleaner의 reconfigure).
    dynamicConfig.addReconfigurable((current) => {
      for (const partitionLog of logs.allLogs()) partitionLog.updateConfig(logConfigFor(partitionLog.topic));
      logs.reconfigureCleaner(current.int('log.cleaner.backoff.ms'));
    });
    controller.onCommit((records) => {
      const brokerConfigs = records.filter((r) => r.type === 'ConfigRecord' && r.resourceType === 'broker');
      if (brokerConfigs.length > 0) {
        dynamicConfig.reload();
        log.info(`동적 브로커 설정 ${brokerConfigs.length}개를 적용했습니다`);
      }
      replicaManager.applyMetadata(records);
    });
    const coordinatorParts = { config, metadata, controller, replicaManager, log, now };
    const groups = createGroupService(coordinatorParts, options.createGroup);
    for (const partitionLog of logs.allLogs()) {
      if (partitionLog.topic === OFFSETS_TOPIC) groups.load(partitionLog.partition, readAllRecordBatches(partitionLog));
    }
    const producerIds = new ProducerIdManager((count) => controller.allocateProducerIds(nodeId, count));
    const transactions = createTransactionService(coordinatorParts, groups, {
      newProducerId: () => producerIds.generate(),
      decisions: options.transactionDecisions,
    });
    for (const partitionLog of logs.allLogs()) {
      if (partitionLog.topic === TRANSACTION_STATE_TOPIC) transactions.load(readAllRecords(partitionLog));
    }
    // 꺼지기 전에 Prepare까지 적고 마커를 다 못 쓴 트랜잭션을 마저 끝냅니다 (장부가 곧 약속입니다).
    transactions.tick(now());

    const wire = options.wire ?? referenceWire;
    const processor = createRequestProcessor(
      apis,
      {
        nodeId,
        config,
        dynamicConfig,
        configAdmin: new ConfigAdminManager(dynamicConfig),
        metadata,
        controller,
        replicaManager,
        groups,
        transactions,
        producerIds,
        apis,
        log,
        now,
      },
      wire,
    );
    const maxRequestBytes = config.int('socket.request.max.bytes');
    const server = new SocketServer(processor, log, () => wire.createFramer(maxRequestBytes));
    const bound = await server.listen(config.clientListeners);
    const advertised = advertisedEndpoint(config, bound);
    const registered = metadata.brokers.get(nodeId);
    if (registered?.host !== advertised.host || registered?.port !== advertised.port) {
      await controller.commit([{ type: 'RegisterBrokerRecord', brokerId: nodeId, ...advertised, rack: null }]);
    }
    let nextOffsetExpiryMs = now() + config.int('offsets.retention.check.interval.ms');
    const timer = setInterval(() => {
      // 주기 작업(보존, 체크포인트)의 실패가 브로커를 쓰러뜨리지 않게 합니다: 로그를 남기고 다음 틱에 다시 합니다.
      try {
        const deleted = logs.tick(now());
        if (deleted > 0) log.info(`보존 정책으로 오래된 세그먼트 ${deleted}개를 지웠습니다`);
        if (now() >= nextOffsetExpiryMs) {
          nextOffsetExpiryMs = now() + config.int('offsets.retention.check.interval.ms');
          const expired = groups.expireOffsets(now());
          if (expired > 0) log.info(`보존 기간이 지난 커밋 오프셋 ${expired}개를 지웠습니다`);
        }
      } catch (error) {
        log.error(`주기 작업 실패: ${error instanceof Error ? error.stack : String(error)}`);
      }
    }, TICK_MS);
    timer.unref();
    // 그룹의 시간(세션 만료, 리밸런스 마감)은 더 촘촘하게 셉니다.
    const groupTimer = setInterval(() => groups.coordinator.tick(now()), GROUP_TICK_MS);
    groupTimer.unref();
    // 시간이 지난 트랜잭션을 어보트하고, 마커를 못 쓴 트랜잭션을 다시 시도합니다.
    const transactionTimer = setInterval(
      () => transactions.tick(now()),
      config.int('transaction.abort.timed.out.transaction.cleanup.interval.ms'),
    );
    transactionTimer.unref();
    log.info(
      `${josa(`브로커 ${nodeId}`, '이/가')} 준비되었습니다: ${advertised.host}:${advertised.port} (데이터 ${logDir})`,
    );
    return new Broker(
      config,
      metadata,
      bound,
      logs,
      replicaManager,
      metadataLog,
      server,
      [timer, groupTimer, transactionTimer],
      log,
    );
  }

  /** 클라이언트가 붙을 첫 리스너의 실제 포트 */
  get port(): number {
    return this.listeners[0]?.boundPort ?? -1;
  }

  /** 깨끗한 종료: 연결을 닫고, 로그를 fsync하고, 체크포인트와 `.kafka_cleanshutdown`을 남깁니다. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await this.server.close();
    this.replicaManager.snapshotProducerStates();
    this.logs.shutdown();
    this.metadataLog.close();
    this.log.info('브로커를 깨끗하게 멈췄습니다');
  }
}

/**
 * 클라이언트에게 알릴 주소: 첫 클라이언트 리스너와 이름이 같은 advertised.listeners 항목.
 * 호스트가 비었으면 127.0.0.1, 포트가 0이면 실제로 열린 포트를 씁니다.
 */
function advertisedEndpoint(config: BrokerConfig, bound: readonly BoundListener[]): { host: string; port: number } {
  const first = bound[0];
  if (!first) throw new Error('클라이언트 리스너가 없습니다 (listeners 설정을 확인하세요)');
  const advertised: Listener = config.advertisedListeners.find((l) => l.name === first.name) ?? first;
  return {
    host: advertised.host === '' || advertised.host === '0.0.0.0' ? '127.0.0.1' : advertised.host,
    port: advertised.port === 0 ? first.boundPort : advertised.port,
  };
}

/** 코디네이터가 쓰는 부품들 */
interface CoordinatorParts {
  readonly config: BrokerConfig;
  readonly metadata: ClusterMetadata;
  readonly controller: LocalController;
  readonly replicaManager: ReplicaManager;
  readonly log: Logger;
  readonly now: () => number;
}

/**
 * 코디네이터의 내부 토픽(`__consumer_offsets`, `__transaction_state`): 코디네이터는 자기 파티션의 리더인 브로커이고,
 * 장부는 그 파티션에 코디네이터 쓰기로 남깁니다. 토픽이 없으면 처음 FindCoordinator 때 컨트롤러로 만듭니다.
 * 키마다 마지막 값만 있으면 되므로 두 토픽 모두 압축 토픽입니다.
 */
function internalTopic(
  parts: CoordinatorParts,
  name: string,
  settings: { numPartitions: number; replicationFactor: number; configs: { name: string; value: string }[] },
) {
  const { metadata, controller, replicaManager, log } = parts;
  return {
    numPartitions: metadata.topic(name)?.partitions.length ?? settings.numPartitions,
    /** 이 파티션의 리더가 이 브로커인지. 토픽이 없으면 null. */
    isLocalLeader: (partition: number): boolean | null => {
      const state = metadata.partition(name, partition);
      return state ? state.leader === parts.config.nodeId : null;
    },
    create: async (): Promise<void> => {
      const configs = [
        { name: 'cleanup.policy', value: 'compact' },
        { name: 'segment.bytes', value: String(100 * 1024 * 1024) },
        ...settings.configs,
      ];
      const [outcome] = await controller.createTopics(
        [
          {
            name,
            numPartitions: settings.numPartitions,
            replicationFactor: settings.replicationFactor,
            assignments: [],
            configs,
          },
        ],
        false,
      );
      if (outcome && outcome.errorCode !== 0 && !metadata.topic(name)) {
        log.error(`${josa(name, '을/를')} 만들지 못했습니다: ${outcome.errorMessage}`);
      }
    },
    /** 코디네이터 쓰기. 실패하면 KafkaError를 던집니다: 부르는 쪽은 메모리의 상태를 바꾸지 않습니다. */
    append: (partition: number, batch: Buffer): void => {
      const result = replicaManager.appendRecords(name, partition, batch, 'coordinator');
      if (result.errorCode !== 0) throw new KafkaError(result.errorCode, result.errorMessage ?? undefined);
    },
  };
}

/** 그룹 코디네이터를 브로커의 부품에 잇습니다: 오프셋 커밋은 `__consumer_offsets` 파티션에 씁니다. */
function createGroupService(parts: CoordinatorParts, createGroup?: (groupId: string) => ConsumerGroup): GroupService {
  const { config, now } = parts;
  const coordinator = new GroupCoordinator(
    {
      minSessionTimeoutMs: config.int('group.min.session.timeout.ms'),
      maxSessionTimeoutMs: config.int('group.max.session.timeout.ms'),
      initialRebalanceDelayMs: config.int('group.initial.rebalance.delay.ms'),
    },
    (clientId) => `${clientId}-${randomUUID()}`,
    createGroup,
  );
  const offsets = internalTopic(parts, OFFSETS_TOPIC, {
    numPartitions: config.int('offsets.topic.num.partitions'),
    replicationFactor: config.int('offsets.topic.replication.factor'),
    configs: [],
  });
  return new GroupService({
    coordinator,
    now,
    numPartitions: offsets.numPartitions,
    offsetsRetentionMs: config.int('offsets.retention.minutes') * 60_000,
    maxMetadataLength: config.int('offset.metadata.max.bytes'),
    isLocalLeader: offsets.isLocalLeader,
    createOffsetsTopic: offsets.create,
    append: (partition, records, producer) => {
      const timestamp = now();
      const batch = encodeBatch({
        // 트랜잭션 오프셋 커밋은 프로듀서의 트랜잭션 배치로 씁니다: 마커가 이 배치의 운명을 정합니다.
        ...(producer && { ...producer, baseSequence: NO_SEQUENCE, isTransactional: true }),
        records: records.map((r) => ({ key: r.key, value: r.value, timestamp })),
      });
      offsets.append(partition, batch);
    },
  });
}

/**
 * 트랜잭션 코디네이터를 브로커의 부품에 잇습니다: 장부는 `__transaction_state`에 쓰고, 마커는 트랜잭션의 파티션마다
 * 컨트롤 배치로 씁니다. `__consumer_offsets`에 쓴 마커는 그룹 코디네이터에게도 알려, 보류 중인 트랜잭션 오프셋을
 * 커밋하거나 버리게 합니다 (Kafka: WriteTxnMarkers를 받은 브로커가 하는 일).
 */
function createTransactionService(
  parts: CoordinatorParts,
  groups: GroupService,
  extra: { newProducerId: () => Promise<number>; decisions: TransactionDecisions | undefined },
): TransactionService {
  const { config, replicaManager, now } = parts;
  const ledger = internalTopic(parts, TRANSACTION_STATE_TOPIC, {
    numPartitions: config.int('transaction.state.log.num.partitions'),
    replicationFactor: config.int('transaction.state.log.replication.factor'),
    configs: [{ name: 'min.insync.replicas', value: String(config.int('transaction.state.log.min.isr')) }],
  });
  const writeMarkers = (metadata: TransactionMetadata, commit: boolean) => {
    for (const { topic, partition } of metadata.partitions) {
      const marker = encodeControlBatch({
        type: commit ? ControlRecordType.Commit : ControlRecordType.Abort,
        producerId: metadata.producerId,
        producerEpoch: metadata.producerEpoch,
        coordinatorEpoch: 0,
        timestamp: now(),
      });
      const result = replicaManager.appendRecords(topic, partition, marker, 'coordinator');
      // 트랜잭션 도중에 지워진 토픽에는 마커를 쓸 곳이 없습니다 (Kafka도 건너뜁니다).
      if (result.errorCode === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) continue;
      if (result.errorCode !== ErrorCode.NONE) throw new KafkaError(result.errorCode, result.errorMessage ?? undefined);
      if (topic === OFFSETS_TOPIC) groups.completeTransaction(partition, metadata.producerId, commit);
    }
  };
  return new TransactionService({
    now,
    numPartitions: ledger.numPartitions,
    maxTimeoutMs: config.int('transaction.max.timeout.ms'),
    isLocalLeader: ledger.isLocalLeader,
    createTransactionTopic: ledger.create,
    append: (partition, record) =>
      ledger.append(partition, encodeBatch({ records: [{ ...record, timestamp: now() }] })),
    writeMarkers,
    log: parts.log,
    ...extra,
  });
}
