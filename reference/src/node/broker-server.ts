/**
 * 노드의 브로커 쪽 (Kafka `BrokerServer`): 파티션 로그, 쓰기·읽기, 컨슈머 그룹과 트랜잭션 코디네이터, 그리고
 * 브로커 리스너의 API. 소켓도 진짜 시계도 모릅니다: 시계·난수는 주입받고, 요청은 프레임으로 받습니다.
 *
 *   LogManager(디스크의 파티션 로그) ← ReplicaManager(쓰기·읽기) ← API 핸들러(brokerApis)
 *   BrokerMetadataListener(커밋된 메타데이터) → ClusterMetadata, ReplicaManager.applyMetadata, 동적 설정
 *
 * 시작 순서: 파티션 로그 불러오기(필요하면 복구) → 메타데이터를 따라잡으면 로그와 메타데이터 맞추기 →
 * (리스너가 열린 뒤) `startup`: 브로커 등록과 주기 작업. 멈출 때는 거꾸로 닫고, 깨끗한 종료 표시를 남깁니다.
 */
import { writeTxnMarkers } from '../apis/27-write-txn-markers.js';
import type { BrokerContext, QuorumEndpoint } from '../apis/broker-context.js';
import { GroupCoordinator } from '../group/group-coordinator.js';
import { GroupService } from '../group/group-service.js';
import { OFFSETS_TOPIC } from '../group/offsets-topic.js';
import type { ClusterMetadata } from '../metadata/cluster-metadata.js';
import type { TopicOutcome } from '../metadata/controller.js';
import { NO_LEADER } from '../metadata/partition-registration.js';
import type { MetadataRecord } from '../metadata/records.js';
import type { NewTopic } from '../metadata/topic-control.js';
import { ProducerIdManager } from '../producer/producer-id-manager.js';
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode, KafkaError } from '../protocol/error-codes.js';
import type { CreateTopicsResponse } from '../protocol/messages/19-create-topics.js';
import type { WriteTxnMarkersResponse } from '../protocol/messages/27-write-txn-markers.js';
import type { AlterPartitionResponse } from '../protocol/messages/56-alter-partition.js';
import type { AllocateProducerIdsResponse } from '../protocol/messages/67-allocate-producer-ids.js';
import { encodeBatch, NO_SEQUENCE } from '../record/record-batch.js';
import type { AlterPartitionProposal } from '../replication/partition.js';
import { err } from '../result.js';
import { type Clock, every } from '../runtime/clock.js';
import type { ApiRequest } from '../runtime/network-client.js';
import { type Random, randomUuidString } from '../runtime/random.js';
import type { Transport } from '../runtime/transport.js';
import { authorizerFrom } from '../security/authorizer.js';
import {
  ALTER_PARTITION_VERSION,
  buildAlterPartitionRequest,
  readAlterPartitionAnswer,
} from '../server/alter-partition-manager.js';
import type { BrokerConfig } from '../server/config.js';
import { ConfigAdminManager } from '../server/config-admin-manager.js';
import { DynamicBrokerConfig } from '../server/dynamic-broker-config.js';
import { josa } from '../server/josa.js';
import type { Logger } from '../server/logger.js';
import { type AlterPartitionAnswer, ReplicaManager } from '../server/replica-manager.js';
import { logConfigFromTopicConfigs } from '../storage/log-config.js';
import { LogManager } from '../storage/log-manager.js';
import { readAllRecordBatches, readAllRecords } from '../storage/log-reader.js';
import type { UnifiedLog } from '../storage/unified-log.js';
import { TRANSACTION_STATE_TOPIC } from '../transaction/transaction-log.js';
import { TransactionMarkerChannelManager } from '../transaction/transaction-marker-channel.js';
import { TransactionService } from '../transaction/transaction-service.js';
import { type ControllerChannel, FORWARDING_RETRY_TIMEOUT_MS } from './controller-channel.js';

export interface BrokerServerParts {
  readonly config: BrokerConfig;
  readonly clock: Clock;
  readonly random: Random;
  readonly log: Logger;
  readonly metadata: ClusterMetadata;
  /** 활성 컨트롤러로 가는 길 (넘기는 관리 요청, 자동 토픽 생성, 프로듀서 ID 묶음) */
  readonly channel: ControllerChannel;
  /** 컨트롤러가 준 이 브로커의 에포크 (등록하기 전에는 -1) */
  readonly brokerEpoch: () => number;
  readonly quorum: QuorumEndpoint;
  /** 다른 브로커의 브로커 리스너로 가는 전송 (팔로워의 Fetch). 없으면 팔로워 복제본이 끌어오지 않습니다. */
  readonly brokers: Transport<ApiRequest, unknown> | null;
  /** 트랜잭션 마커(WriteTxnMarkers)를 다른 브로커에게 보내는 전송. Fetch와 다른 연결입니다. 없으면 마커는 이 브로커의 리더에만 씁니다. */
  readonly markerBrokers: Transport<ApiRequest, unknown> | null;
}

/** AlterPartition이 다시 보낼 오류로 끝났을 때 기다리는 시간 (Kafka `AlterPartitionManager`의 재시도 대기) */
const ALTER_PARTITION_RETRY_BACKOFF_MS = 100;
/** 보존 정책과 체크포인트를 검사하는 주기. 실제 간격은 LogManager가 설정대로 셉니다. */
const TICK_MS = 1000;
const GROUP_TICK_MS = 100;
/** 마커를 다시 보내기 전의 대기 (Kafka 브로커 사이 클라이언트의 `retry.backoff.ms` 기본값) */
const MARKER_RETRY_BACKOFF_MS = 100;

export class BrokerServer {
  readonly context: BrokerContext;
  readonly #parts: BrokerServerParts;
  readonly #logs: LogManager;
  readonly #replicaManager: ReplicaManager;
  readonly #dynamicConfig: DynamicBrokerConfig;
  readonly #groups: GroupService;
  readonly #transactions: TransactionService;
  readonly #markers: TransactionMarkerChannelManager;
  readonly #logConfigFor: (topic: string) => ReturnType<typeof logConfigFromTopicConfigs>;
  #caughtUp = false;
  /** 처음 따라잡을 때 풀리는 약속과 그 함수 */
  #signalCaughtUp: () => void = () => {};
  readonly #caughtUpPromise = new Promise<void>((resolve) => {
    this.#signalCaughtUp = resolve;
  });
  #stopTimers: (() => void)[] = [];

  constructor(parts: BrokerServerParts) {
    this.#parts = parts;
    const { config, clock, random, log, metadata, channel } = parts;
    const now = () => clock.now();
    const dynamicConfig = new DynamicBrokerConfig(config, metadata);
    // 파티션 로그의 설정: 토픽이 정한 값, 없으면 브로커 설정(동적 설정 포함)의 짝.
    const logDefaults = () => logConfigFromTopicConfigs(Object.fromEntries(dynamicConfig.current.topicDefaults()));
    const logConfigFor = (topic: string) =>
      logConfigFromTopicConfigs(Object.fromEntries(metadata.topic(topic)?.configs ?? []), logDefaults());
    const logs = new LogManager({
      logDir: config.logDir,
      now,
      defaultConfig: logDefaults(),
      topicConfig: logConfigFor,
      retentionCheckIntervalMs: config.int('log.retention.check.interval.ms'),
      recoveryPointCheckpointIntervalMs: config.int('log.flush.offset.checkpoint.interval.ms'),
      cleanerBackoffMs: dynamicConfig.current.int('log.cleaner.backoff.ms'),
      newUniqueId: () => randomUuidString(random).replaceAll('-', ''),
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

    const minInsyncReplicasFor = (topic: string) =>
      Number(
        metadata.topic(topic)?.configs.get('min.insync.replicas') ?? dynamicConfig.current.int('min.insync.replicas'),
      );
    const replicaManager = new ReplicaManager(
      config.nodeId,
      metadata,
      logs,
      logConfigFor,
      minInsyncReplicasFor,
      log,
      clock,
      parts.brokers && {
        replicaLagTimeMaxMs: config.int('replica.lag.time.max.ms'),
        brokerEpoch: parts.brokerEpoch,
        fetch: {
          transport: parts.brokers,
          config: {
            partitionMaxBytes: config.int('replica.fetch.max.bytes'),
            responseMaxBytes: config.int('replica.fetch.response.max.bytes'),
            maxWaitMs: config.int('replica.fetch.wait.max.ms'),
            minBytes: config.int('replica.fetch.min.bytes'),
            backoffMs: config.int('replica.fetch.backoff.ms'),
          },
        },
        alterPartition: (proposal) =>
          sendAlterPartition(channel, metadata, config.nodeId, parts.brokerEpoch(), proposal),
        alterPartitionRetryBackoffMs: ALTER_PARTITION_RETRY_BACKOFF_MS,
      },
    );
    // 동적 브로커 설정이 바뀌면 실행 중인 부품을 다시 설정합니다 (Kafka: DynamicLogConfig, LogCleaner의 reconfigure).
    dynamicConfig.addReconfigurable((current) => {
      for (const partitionLog of logs.allLogs()) partitionLog.updateConfig(logConfigFor(partitionLog.topic));
      logs.reconfigureCleaner(current.int('log.cleaner.backoff.ms'));
    });
    const forward = async (request: ApiRequest) => {
      const reply = await channel.send(request, FORWARDING_RETRY_TIMEOUT_MS);
      return reply.ok ? reply.response : null;
    };
    const createTopics = (topics: readonly NewTopic[]) => autoCreateTopics(forward, topics);
    const monotonicMs = () => clock.monotonicMs();
    const coordinatorParts = { config, metadata, createTopics, replicaManager, log, now, monotonicMs };
    const groups = createGroupService(coordinatorParts, random);
    // 프로듀서 ID 묶음은 활성 컨트롤러에게 받습니다 (Kafka `RPCProducerIdManager`): 묶음의 크기는 컨트롤러가 정합니다.
    const producerIds = new ProducerIdManager(async () => {
      const response = (await forward({
        apiKey: ApiKey.AllocateProducerIds,
        apiVersion: 0,
        body: { brokerId: config.nodeId, brokerEpoch: parts.brokerEpoch() },
      })) as AllocateProducerIdsResponse | null;
      if (!response)
        throw new KafkaError(ErrorCode.REQUEST_TIMED_OUT, '활성 컨트롤러에게서 프로듀서 ID를 받지 못했습니다');
      if (response.errorCode !== ErrorCode.NONE)
        throw new KafkaError(response.errorCode, '프로듀서 ID를 받지 못했습니다');
      return response.producerIdStart;
    });
    // 마커는 트랜잭션의 파티션 리더에게 WriteTxnMarkers로 보냅니다. 리더가 이 브로커면 소켓 없이 같은 핸들러를 부릅니다
    // (Kafka는 자기에게도 네트워크로 보내지만, 답하는 코드는 같은 `KafkaApis.handleWriteTxnMarkersRequest`입니다).
    const markers = new TransactionMarkerChannelManager({
      leaderOf: (topic, partition) => {
        const state = metadata.partition(topic, partition);
        if (!state) return undefined;
        return state.leader === NO_LEADER ? null : state.leader;
      },
      send: (destination, body) => {
        if (destination === config.nodeId)
          return writeTxnMarkers(this.context, body) as Promise<WriteTxnMarkersResponse>;
        const brokers = parts.markerBrokers;
        if (!brokers) return Promise.resolve(null);
        return new Promise((resolve) =>
          brokers.send(destination, { apiKey: ApiKey.WriteTxnMarkers, apiVersion: 1, body }, (reply) =>
            resolve(reply.ok ? (reply.response as WriteTxnMarkersResponse) : null),
          ),
        );
      },
      sleep: (ms) => new Promise((resolve) => clock.schedule(ms, resolve)),
      retryBackoffMs: MARKER_RETRY_BACKOFF_MS,
      log,
    });
    const transactions = createTransactionService(coordinatorParts, markers, () => producerIds.generate());

    this.#logs = logs;
    this.#replicaManager = replicaManager;
    this.#dynamicConfig = dynamicConfig;
    this.#groups = groups;
    this.#transactions = transactions;
    this.#markers = markers;
    this.#logConfigFor = logConfigFor;
    this.context = {
      nodeId: config.nodeId,
      config,
      dynamicConfig,
      configAdmin: new ConfigAdminManager(dynamicConfig),
      metadata,
      forward,
      createTopics,
      replicaManager,
      groups,
      transactions,
      producerIds,
      quorum: parts.quorum,
      authorizer: authorizerFrom(config, metadata.acls),
      log,
      now,
      random,
    };
  }

  /**
   * 커밋된 메타데이터가 적용되었습니다 (`BrokerMetadataListener`의 publisher). 처음 따라잡을 때까지는 로그를 건드리지 않고,
   * 따라잡으면 한 번에 맞춥니다: 반쯤 따라온 메타데이터로 맞추면 아직 모르는 토픽의 로그를 지울 수 있으니까요
   * (Kafka 브로커도 메타데이터 로그를 따라잡은 뒤에 로그를 맞추고 일을 시작합니다).
   */
  publish(records: readonly MetadataRecord[], snapshot: boolean): void {
    if (!this.#caughtUp) return;
    if (snapshot) {
      this.#reconcile();
      return;
    }
    const brokerConfigs = records.filter((r) => r.type === 'ConfigRecord' && r.resourceType === 'broker');
    if (brokerConfigs.length > 0) {
      this.#dynamicConfig.reload();
      this.#parts.log.info(`동적 브로커 설정 ${brokerConfigs.length}개를 적용했습니다`);
    }
    this.#replicaManager.applyMetadata(records);
    this.#followCoordinatorPartitions();
  }

  /** 메타데이터를 따라잡았습니다: 디스크의 로그를 메타데이터에 맞추고, 그 뒤로는 커밋마다 바로 적용합니다. */
  markCaughtUp(): void {
    if (this.#caughtUp) return;
    this.#caughtUp = true;
    this.#reconcile();
    this.#signalCaughtUp();
  }

  get caughtUp(): boolean {
    return this.#caughtUp;
  }

  /** 메타데이터를 처음 따라잡아 로그를 맞춘 뒤에 풀립니다 (이미 따라잡았으면 곧바로) */
  whenCaughtUp(): Promise<void> {
    return this.#caughtUpPromise;
  }

  #reconcile(): void {
    this.#dynamicConfig.reload();
    for (const partitionLog of this.#logs.allLogs()) partitionLog.updateConfig(this.#logConfigFor(partitionLog.topic));
    this.#replicaManager.reconcile();
    this.#followCoordinatorPartitions();
  }

  /**
   * 코디네이터는 자기 내부 토픽 파티션의 리더십을 따라갑니다 (Kafka: BrokerMetadataPublisher.updateCoordinator →
   * onElection/onResignation). 리더가 된 `__consumer_offsets`·`__transaction_state` 파티션은 로그를 읽어 상태를 되살리고
   * (리더 에포크가 코디네이터 에포크), 리더가 아니게 된 파티션의 상태는 내려놓습니다. 새로 맡은 장부에 Prepare에 멈춘
   * 트랜잭션이 있으면 곧바로 마커 쓰기를 이어 갑니다 (일을 시작한 뒤라면).
   */
  #followCoordinatorPartitions(): void {
    const { metadata, config } = this.#parts;
    const follow = (
      topic: string,
      elect: (partition: number, leaderEpoch: number, log: UnifiedLog) => boolean,
      resign: (partition: number) => void,
    ) => followCoordinatorTopic(metadata, this.#logs, config.nodeId, topic, elect, resign);
    follow(
      OFFSETS_TOPIC,
      (partition, epoch, log) => this.#groups.onElection(partition, epoch, readAllRecordBatches(log)),
      (partition) => this.#groups.onResignation(partition),
    );
    const loaded = follow(
      TRANSACTION_STATE_TOPIC,
      (partition, epoch, log) => this.#transactions.onElection(partition, epoch, readAllRecords(log)),
      (partition) => this.#transactions.onResignation(partition),
    );
    // 시간이 지난 트랜잭션의 어보트는 주기 작업만 합니다: 메타데이터가 바뀔 때마다 하면, 장부에 못 적는 동안
    // (ISR이 모자람) 같은 어보트를 바뀔 때마다 다시 시도합니다.
    if (loaded && this.#stopTimers.length > 0) this.#transactions.resumePrepared();
  }

  /**
   * 펜싱이 풀려 일을 시작할 때 (Kafka: 브로커가 RUNNING이 되어 요청을 받기 시작할 때): 주기 작업을 시작합니다.
   * 먼저 꺼지기 전에 Prepare까지 적고 마커를 다 못 쓴 트랜잭션을 마저 끝냅니다 (장부가 곧 약속입니다). 제어된 종료로
   * 내려놓았던 리더 자리는 펜싱이 풀릴 때 돌아오므로, 마커를 쓸 수 있는 것은 이때부터입니다.
   */
  startTimers(): void {
    const { config, clock, log } = this.#parts;
    this.#transactions.tick(clock.now());
    let nextOffsetExpiryMs = clock.now() + config.int('offsets.retention.check.interval.ms');
    this.#stopTimers = [
      every(clock, TICK_MS, () => {
        // 주기 작업(보존, 체크포인트)의 실패가 브로커를 쓰러뜨리지 않게 합니다: 로그를 남기고 다음 틱에 다시 합니다.
        try {
          const now = clock.now();
          const deleted = this.#logs.tick(now);
          if (deleted > 0) log.info(`보존 정책으로 오래된 세그먼트 ${deleted}개를 지웠습니다`);
          if (now >= nextOffsetExpiryMs) {
            nextOffsetExpiryMs = now + config.int('offsets.retention.check.interval.ms');
            const expired = this.#groups.expireOffsets(now);
            if (expired > 0) log.info(`보존 기간이 지난 커밋 오프셋 ${expired}개를 지웠습니다`);
          }
        } catch (error) {
          log.error(`주기 작업 실패: ${error instanceof Error ? error.message : String(error)}`, error);
        }
      }),
      // ISR에서 뒤처진 팔로워를 빼는 검사: `replica.lag.time.max.ms`의 절반마다 (Kafka `ReplicaManager.startup`의 isr-expiration).
      every(clock, Math.max(1, Math.floor(config.int('replica.lag.time.max.ms') / 2)), () =>
        this.#replicaManager.maybeShrinkIsr(),
      ),
      // 그룹의 시간(세션 만료, 리밸런스 마감)은 더 촘촘하게, 단조 시계로 셉니다 (`GroupService.monotonicMs`).
      every(clock, GROUP_TICK_MS, () => this.#groups.coordinator.tick(clock.monotonicMs())),
      // 시간이 지난 트랜잭션을 어보트하고, 마커를 못 쓴 트랜잭션을 다시 시도합니다.
      every(clock, config.int('transaction.abort.timed.out.transaction.cleanup.interval.ms'), () =>
        this.#transactions.tick(clock.now()),
      ),
    ];
  }

  /** 깨끗한 종료: 주기 작업을 멈추고, 프로듀서 상태 스냅숏과 로그를 fsync하고 `.kafka_cleanshutdown`을 남깁니다. */
  shutdown(): void {
    for (const stop of this.#stopTimers) stop();
    this.#stopTimers = [];
    this.#markers.close();
    this.#replicaManager.shutdown();
    this.#replicaManager.snapshotProducerStates();
    this.#logs.shutdown();
  }
}

/**
 * 내부 토픽 파티션마다: 이 브로커가 리더이고 로그가 있으면 `elect`(리더 에포크 = 코디네이터 에포크), 아니면 `resign`.
 * `elect`가 새로 읽었다고(true) 답한 파티션이 있었는지 돌려줍니다 (Kafka: BrokerMetadataPublisher.updateCoordinator). 복제 시뮬레이터의
 * 브로커도 같은 함수로 트랜잭션 코디네이터를 장부 파티션에 따라가게 합니다.
 */
export function followCoordinatorTopic(
  metadata: ClusterMetadata,
  logs: LogManager,
  nodeId: number,
  topic: string,
  elect: (partition: number, leaderEpoch: number, log: UnifiedLog) => boolean,
  resign: (partition: number) => void,
): boolean {
  let loaded = false;
  for (const p of metadata.topic(topic)?.partitions ?? []) {
    const log = logs.getLog(topic, p.partitionId);
    if (p.leader === nodeId && log) {
      if (elect(p.partitionId, p.leaderEpoch, log)) loaded = true;
    } else resign(p.partitionId);
  }
  return loaded;
}

/**
 * 브로커가 스스로 토픽을 만듭니다 (Kafka `AutoTopicCreationManager`): 활성 컨트롤러에게 CreateTopics를 보냅니다.
 * 답을 받지 못하면 토픽마다 REQUEST_TIMED_OUT입니다.
 */
async function autoCreateTopics(
  forward: (request: ApiRequest) => Promise<unknown | null>,
  topics: readonly NewTopic[],
): Promise<TopicOutcome[]> {
  const response = (await forward({
    apiKey: ApiKey.CreateTopics,
    apiVersion: 7,
    body: { topics, timeoutMs: FORWARDING_RETRY_TIMEOUT_MS, validateOnly: false },
  })) as CreateTopicsResponse | null;
  return topics.map(({ name }) => {
    const answer = response?.topics.find((t) => t.name === name);
    return answer
      ? { name, errorCode: answer.errorCode, errorMessage: answer.errorMessage }
      : { name, errorCode: ErrorCode.REQUEST_TIMED_OUT, errorMessage: '활성 컨트롤러에게서 답을 받지 못했습니다' };
  });
}

/**
 * 리더가 ISR 변경 제안을 활성 컨트롤러에게 보냅니다 (Kafka `DefaultAlterPartitionManager.sendRequest`). 채널이 답을
 * 받지 못하면 REQUEST_TIMED_OUT (파티션은 다시 보냅니다).
 */
async function sendAlterPartition(
  channel: ControllerChannel,
  metadata: ClusterMetadata,
  brokerId: number,
  brokerEpoch: number,
  proposal: AlterPartitionProposal,
): Promise<AlterPartitionAnswer> {
  const topicId = metadata.topic(proposal.topic)?.topicId;
  if (!topicId) return err(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  const body = buildAlterPartitionRequest(brokerId, brokerEpoch, topicId, proposal);
  const reply = await channel.send(
    { apiKey: ApiKey.AlterPartition, apiVersion: ALTER_PARTITION_VERSION, body },
    FORWARDING_RETRY_TIMEOUT_MS,
  );
  if (!reply.ok) return err(ErrorCode.REQUEST_TIMED_OUT);
  return readAlterPartitionAnswer(reply.response as AlterPartitionResponse, topicId);
}

/** 코디네이터가 쓰는 부품들 */
export interface CoordinatorParts {
  readonly config: BrokerConfig;
  readonly metadata: ClusterMetadata;
  readonly createTopics: (topics: readonly NewTopic[]) => Promise<TopicOutcome[]>;
  readonly replicaManager: ReplicaManager;
  readonly log: Logger;
  /** 벽시계 (디스크에 남는 시각) */
  readonly now: () => number;
  /** 단조 시계 (시간 제한) */
  readonly monotonicMs: () => number;
}

/**
 * 코디네이터의 내부 토픽(`__consumer_offsets`, `__transaction_state`): 코디네이터는 자기 파티션의 리더인 브로커이고,
 * 장부는 그 파티션에 코디네이터 쓰기로 남깁니다. 토픽이 없으면 처음 FindCoordinator 때 컨트롤러로 만듭니다.
 * 키마다 마지막 값만 있으면 되므로 두 토픽 모두 압축 토픽입니다.
 */
function internalTopic(
  parts: CoordinatorParts,
  name: string,
  settings: {
    numPartitions: number;
    replicationFactor: number;
    configs: { name: string; value: string }[];
    /** 코디네이터 쓰기가 복제되기를 기다리는 최대 시간 */
    replicationTimeoutMs: number;
  },
) {
  const { metadata, createTopics, replicaManager, log } = parts;
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
      const [outcome] = await createTopics([
        {
          name,
          numPartitions: settings.numPartitions,
          replicationFactor: settings.replicationFactor,
          assignments: [],
          configs,
        },
      ]);
      // 다른 FindCoordinator가 먼저 만들었으면 TOPIC_ALREADY_EXISTS: 이 브로커가 아직 그 레코드를 받지 못했을 뿐이니
      // 실패가 아닙니다 (Kafka `AutoTopicCreationManager`도 오류로 치지 않습니다).
      const failed =
        outcome && outcome.errorCode !== ErrorCode.NONE && outcome.errorCode !== ErrorCode.TOPIC_ALREADY_EXISTS;
      if (failed && !metadata.topic(name)) {
        log.error(`${josa(name, '을/를')} 만들지 못했습니다: ${outcome.errorMessage}`);
      }
    },
    /**
     * 코디네이터 쓰기 (acks=all: ISR이 min.insync.replicas보다 작으면 쓰기 전에 거절). 실패하면 KafkaError를 던집니다:
     * 부르는 쪽은 메모리의 상태를 바꾸지 않습니다. 복제를 기다리는 것은 `awaitReplicated`입니다.
     */
    append: (partition: number, batch: Buffer): void => {
      const result = replicaManager.appendRecords(name, partition, batch, 'coordinator', -1);
      if (result.errorCode !== 0) throw new KafkaError(result.errorCode, result.errorMessage ?? undefined);
    },
    awaitReplicated: (partition: number): Promise<number> =>
      replicaManager.awaitReplicated(name, partition, settings.replicationTimeoutMs),
  };
}

/** 그룹 코디네이터를 브로커의 부품에 잇습니다: 오프셋 커밋은 `__consumer_offsets` 파티션에 씁니다. */
function createGroupService(parts: CoordinatorParts, random: Random): GroupService {
  const { config, now, monotonicMs } = parts;
  const coordinator = new GroupCoordinator(
    {
      minSessionTimeoutMs: config.int('group.min.session.timeout.ms'),
      maxSessionTimeoutMs: config.int('group.max.session.timeout.ms'),
      initialRebalanceDelayMs: config.int('group.initial.rebalance.delay.ms'),
    },
    // 멤버 ID는 Kafka처럼 `clientId-UUID` (ClassicGroup의 generateMemberId)
    (clientId) => `${clientId}-${randomUuidString(random)}`,
  );
  const offsets = internalTopic(parts, OFFSETS_TOPIC, {
    numPartitions: config.int('offsets.topic.num.partitions'),
    replicationFactor: config.int('offsets.topic.replication.factor'),
    configs: [],
    replicationTimeoutMs: config.int('offsets.commit.timeout.ms'),
  });
  return new GroupService({
    coordinator,
    now,
    monotonicMs,
    numPartitions: offsets.numPartitions,
    offsetsRetentionMs: config.int('offsets.retention.minutes') * 60_000,
    maxMetadataLength: config.int('offset.metadata.max.bytes'),
    isLocalLeader: offsets.isLocalLeader,
    awaitReplicated: offsets.awaitReplicated,
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
 * 트랜잭션 코디네이터를 브로커의 부품에 잇습니다: 장부는 `__transaction_state`에 쓰고, 마커는 트랜잭션의 파티션 리더마다
 * WriteTxnMarkers로 보냅니다 (`TransactionMarkerChannelManager`). `__consumer_offsets`의 마커를 받은 리더는 그룹
 * 코디네이터에게 알려 보류 중인 트랜잭션 오프셋을 커밋하거나 버리게 합니다 (apis/27-write-txn-markers.ts).
 */
export function createTransactionService(
  parts: CoordinatorParts,
  markers: TransactionMarkerChannelManager,
  newProducerId: () => Promise<number>,
): TransactionService {
  const { config, now } = parts;
  const ledger = internalTopic(parts, TRANSACTION_STATE_TOPIC, {
    numPartitions: config.int('transaction.state.log.num.partitions'),
    replicationFactor: config.int('transaction.state.log.replication.factor'),
    configs: [{ name: 'min.insync.replicas', value: String(config.int('transaction.state.log.min.isr')) }],
    replicationTimeoutMs: config.int('request.timeout.ms'),
  });
  const service: TransactionService = new TransactionService({
    now,
    numPartitions: ledger.numPartitions,
    maxTimeoutMs: config.int('transaction.max.timeout.ms'),
    isLocalLeader: ledger.isLocalLeader,
    awaitReplicated: ledger.awaitReplicated,
    createTransactionTopic: ledger.create,
    append: (partition, record) =>
      ledger.append(partition, encodeBatch({ records: [{ ...record, timestamp: now() }] })),
    writeMarkers: (metadata, commit, coordinatorEpoch) =>
      markers.send(
        { ...metadata, commit, coordinatorEpoch },
        // 코디네이터 에포크가 그대로인 동안만 보냅니다 (TransactionMarkerRequestCompletionHandler가 답마다 보는 것).
        () => service.coordinatorEpoch(metadata.transactionalId) === coordinatorEpoch,
      ),
    log: parts.log,
    newProducerId,
  });
  return service;
}
