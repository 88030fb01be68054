/**
 * 컨트롤러: 클러스터 메타데이터를 바꾸는 유일한 곳입니다. 토픽을 만들고 지우고 파티션을 늘리는 요청은
 * 모두 여기로 옵니다. 컨트롤러는 (1) 요청을 검사해 메타데이터 레코드를 만들고 (topic-control.ts),
 * (2) 메타데이터 로그에 적은 다음 (3) 적용합니다. 순서가 중요합니다: 적기 전에 적용하면, 적기 전에
 * 멈췄을 때 다시 켠 브로커가 기억하지 못하는 토픽을 클라이언트는 이미 봤을 수 있습니다.
 *
 * 지금은 노드 하나의 컨트롤러입니다. 9장에서 세 노드가 Raft로 이 로그를 복제하는 쿼럼 컨트롤러가 됩니다.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import type { ClusterMetadata } from './cluster-metadata.js';
import { type ConfigOp, type ConfigResource, incrementalAlterConfig, legacyAlterConfig } from './config-control.js';
import type { MetadataRecord } from './records.js';
import {
  type ControlResult,
  createPartitions,
  createTopic,
  deleteTopic,
  type NewTopic,
  newPartitionCount,
  type TopicDefaults,
  tooManyPartitionsProblem,
} from './topic-control.js';

export interface TopicOutcome {
  readonly name: string;
  readonly errorCode: number;
  readonly errorMessage: string | null;
}

/** 설정을 바꾼 결과: 자원마다 하나 */
export interface ConfigOutcome {
  readonly resource: ConfigResource;
  readonly errorCode: number;
  readonly errorMessage: string | null;
}

/** 메타데이터 레코드를 영속적으로 적는 곳 (메타데이터 로그) */
export interface MetadataJournal {
  append(records: readonly MetadataRecord[]): Promise<void>;
}

/** CreatePartitions의 토픽 하나: 파티션 수를 count로 늘리고, 새 파티션의 복제본을 직접 정할 수도 있습니다 */
export interface PartitionGrowth {
  readonly name: string;
  readonly count: number;
  readonly assignments: readonly { readonly brokerIds: readonly number[] }[] | null;
}

export interface Controller {
  createTopics(topics: readonly NewTopic[], validateOnly: boolean): Promise<TopicOutcome[]>;
  deleteTopics(names: readonly string[]): Promise<TopicOutcome[]>;
  createPartitions(
    requests: readonly {
      name: string;
      count: number;
      assignments: readonly { brokerIds: readonly number[] }[] | null;
    }[],
    validateOnly: boolean,
  ): Promise<TopicOutcome[]>;
  /** IncrementalAlterConfigs: 자원마다 적힌 설정만 바꿉니다. */
  incrementalAlterConfigs(
    changes: readonly { readonly resource: ConfigResource; readonly ops: readonly ConfigOp[] }[],
    validateOnly: boolean,
  ): Promise<ConfigOutcome[]>;
  /** AlterConfigs: 자원마다 동적 설정 전부를 요청의 것으로 바꿉니다. */
  legacyAlterConfigs(
    changes: readonly {
      readonly resource: ConfigResource;
      readonly configs: readonly { readonly name: string; readonly value: string }[];
    }[],
    validateOnly: boolean,
  ): Promise<ConfigOutcome[]>;
  /** 메타데이터가 바뀐 뒤 부를 함수를 등록합니다 (브로커는 여기서 파티션 로그를 만들고 지웁니다). */
  onCommit(listener: (records: readonly MetadataRecord[]) => void): void;
  /** 프로듀서 ID를 `count`개 떼어 주고 그 첫 ID를 돌려줍니다 (Kafka: AllocateProducerIds). */
  allocateProducerIds(brokerId: number, count: number): Promise<number>;
}

export class LocalController implements Controller {
  readonly #listeners: ((records: readonly MetadataRecord[]) => void)[] = [];

  constructor(
    private readonly metadata: ClusterMetadata,
    private readonly journal: MetadataJournal,
    private readonly defaults: () => TopicDefaults,
    private readonly newTopicId: () => string,
  ) {}

  onCommit(listener: (records: readonly MetadataRecord[]) => void): void {
    this.#listeners.push(listener);
  }

  async allocateProducerIds(brokerId: number, count: number): Promise<number> {
    const first = this.metadata.nextProducerId;
    await this.commit([{ type: 'ProducerIdsRecord', brokerId, nextProducerId: first + count }]);
    return first;
  }

  /** 적고, 적용하고, 알립니다. */
  async commit(records: readonly MetadataRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.journal.append(records);
    for (const record of records) this.metadata.replay(record);
    for (const listener of this.#listeners) listener(records);
  }

  async createTopics(topics: readonly NewTopic[], validateOnly: boolean): Promise<TopicOutcome[]> {
    const defaults = this.defaults();
    const tooMany = tooManyPartitionsProblem(topics.map((t) => newPartitionCount(t, defaults)));
    if (tooMany) return policyViolation(topics, tooMany);
    return this.#each(
      topics,
      (t) => t.name,
      validateOnly,
      (t) => createTopic(this.metadata, t, this.defaults(), this.newTopicId),
    );
  }

  deleteTopics(names: readonly string[]): Promise<TopicOutcome[]> {
    return this.#each(
      names,
      (n) => n,
      false,
      (n) => deleteTopic(this.metadata, n),
    );
  }

  async createPartitions(
    requests: readonly {
      name: string;
      count: number;
      assignments: readonly { brokerIds: readonly number[] }[] | null;
    }[],
    validateOnly: boolean,
  ): Promise<TopicOutcome[]> {
    const growth = requests.map((r) => r.count - (this.metadata.topic(r.name)?.partitions.length ?? r.count));
    const tooMany = tooManyPartitionsProblem(growth);
    if (tooMany) return policyViolation(requests, tooMany);
    return this.#each(
      requests,
      (r) => r.name,
      validateOnly,
      (r) => createPartitions(this.metadata, r.name, r.count, r.assignments),
    );
  }

  incrementalAlterConfigs(
    changes: readonly { readonly resource: ConfigResource; readonly ops: readonly ConfigOp[] }[],
    validateOnly: boolean,
  ): Promise<ConfigOutcome[]> {
    return this.#alterConfigs(changes, validateOnly, (c) => incrementalAlterConfig(this.metadata, c.resource, c.ops));
  }

  legacyAlterConfigs(
    changes: readonly {
      readonly resource: ConfigResource;
      readonly configs: readonly { readonly name: string; readonly value: string }[];
    }[],
    validateOnly: boolean,
  ): Promise<ConfigOutcome[]> {
    return this.#alterConfigs(changes, validateOnly, (c) => legacyAlterConfig(this.metadata, c.resource, c.configs));
  }

  /**
   * 자원마다 따로 판단하되(하나가 실패해도 나머지는 바뀝니다), 통과한 자원들의 레코드는 한 번에 적습니다
   * (Kafka: `ConfigurationControlManager`가 돌려주는 `ControllerResult.atomicOf`). validateOnly면 적지 않습니다.
   */
  async #alterConfigs<T extends { readonly resource: ConfigResource }>(
    changes: readonly T[],
    validateOnly: boolean,
    decide: (change: T) => ControlResult,
  ): Promise<ConfigOutcome[]> {
    const records: MetadataRecord[] = [];
    const outcomes = changes.map((change): ConfigOutcome => {
      const result = decide(change);
      if (!result.ok)
        return { resource: change.resource, errorCode: result.errorCode, errorMessage: result.errorMessage };
      records.push(...result.records);
      return { resource: change.resource, errorCode: ErrorCode.NONE, errorMessage: null };
    });
    if (!validateOnly) await this.commit(records);
    return outcomes;
  }

  /** 요청마다 따로 판단하고 따로 적습니다: 하나가 실패해도 나머지는 진행됩니다 (Kafka와 같음). */
  async #each<T>(
    items: readonly T[],
    nameOf: (item: T) => string,
    validateOnly: boolean,
    decide: (item: T) => ControlResult,
  ): Promise<TopicOutcome[]> {
    const outcomes: TopicOutcome[] = [];
    for (const item of items) {
      const result = decide(item);
      if (result.ok && !validateOnly) await this.commit(result.records);
      outcomes.push({
        name: nameOf(item),
        errorCode: result.ok ? 0 : result.errorCode,
        errorMessage: result.ok ? null : result.errorMessage,
      });
    }
    return outcomes;
  }
}

/** 요청 전체를 POLICY_VIOLATION으로 거절합니다 (Kafka가 요청 단위 예외를 토픽마다의 오류로 돌려주듯이). */
function policyViolation(topics: readonly { readonly name: string }[], errorMessage: string): TopicOutcome[] {
  return topics.map(({ name }) => ({ name, errorCode: ErrorCode.POLICY_VIOLATION, errorMessage }));
}
