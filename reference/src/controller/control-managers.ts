/**
 * 컨트롤러의 상태 한 벌: Kafka `QuorumController`가 필드로 갖는 관리자들(ClusterControlManager,
 * ReplicationControlManager, ConfigurationControlManager, ProducerIdControlManager, ScramControlManager)을 한데 묶고, 레코드를 종류에 따라
 * 맞는 관리자에게 보냅니다 (Kafka `QuorumController.replay`).
 *
 * QuorumController는 이것을 두 벌 둡니다: 커밋된 레코드만 재생한 것(모든 컨트롤러)과, 활성 컨트롤러에서 거기에
 * 아직 커밋되지 않은 제안까지 재생한 것. Kafka는 한 벌에 `SnapshotRegistry`로 되돌릴 자리를 표시해 두는데, 여기서는
 * 리더가 될 때 커밋된 것을 복사하고(`copy`), 리더에서 물러나면 복사본을 버립니다. 뜻은 같습니다: 물러난
 * 컨트롤러의 상태는 마지막으로 커밋된 것으로 돌아갑니다.
 *
 * 결정 함수들(`../metadata/topic-control.ts`, `config-control.ts`)이 읽는 창(`TopicControlView`)도 이것입니다.
 */
import type { BrokerRegistration } from '../metadata/broker-registration.js';
import type { PartitionRegistration } from '../metadata/partition-registration.js';
import type { MetadataRecord } from '../metadata/records.js';
import type { TopicControlView } from '../metadata/topic-control.js';
import type { ScramCredentialDeriver } from '../security/scram-mechanisms.js';
import { AclControlManager } from './acl-control-manager.js';
import { ClusterControlManager } from './cluster-control-manager.js';
import { ConfigurationControlManager } from './configuration-control-manager.js';
import { ProducerIdControlManager } from './producer-id-control-manager.js';
import { ReplicationControlManager } from './replication-control-manager.js';
import { ScramControlManager } from './scram-control-manager.js';

export interface ControlManagersOptions {
  readonly clusterId: string;
  /** `broker.session.timeout.ms` */
  readonly sessionTimeoutMs: number;
  /** 세션을 재는 단조 시계 (`ClusterControlManager`) */
  readonly monotonicMs: () => number;
  /** 이 컨트롤러 노드의 ID (`unclean.leader.election.enable`의 노드별 동적 설정을 찾을 때) */
  readonly nodeId?: number;
  /** 이 노드의 정적 설정 `unclean.leader.election.enable` (기본 false) */
  readonly uncleanLeaderElectionEnable?: boolean;
  /** AlterUserScramCredentials의 SaltedPassword에서 자격 증명을 만드는 해시 (`ScramControlManager`) */
  readonly scramCredentialOf: ScramCredentialDeriver;
}

export class ControlManagers implements TopicControlView {
  readonly cluster: ClusterControlManager;
  readonly replication: ReplicationControlManager;
  readonly configuration = new ConfigurationControlManager();
  readonly producerIds: ProducerIdControlManager;
  readonly scram: ScramControlManager;
  readonly acls = new AclControlManager();

  constructor(readonly options: ControlManagersOptions) {
    this.cluster = new ClusterControlManager(options.clusterId, options.sessionTimeoutMs, options.monotonicMs);
    this.replication = new ReplicationControlManager(this.cluster, (topic) =>
      this.configuration.uncleanLeaderElectionEnabledForTopic(
        topic,
        options.nodeId ?? 0,
        options.uncleanLeaderElectionEnable ?? false,
      ),
    );
    this.producerIds = new ProducerIdControlManager(this.cluster);
    this.scram = new ScramControlManager(options.scramCredentialOf);
  }

  /** 같은 상태의 복사본 (세션은 복사하지 않습니다: 활성 컨트롤러가 `cluster.activate()`로 새로 만듭니다) */
  copy(): ControlManagers {
    const copy = new ControlManagers(this.options);
    this.cluster.copyInto(copy.cluster);
    this.replication.copyInto(copy.replication);
    this.configuration.copyInto(copy.configuration);
    this.producerIds.copyInto(copy.producerIds);
    this.scram.copyInto(copy.scram);
    this.acls.copyInto(copy.acls);
    return copy;
  }

  /** 레코드 하나를 재생합니다. `offset`은 그 레코드의 메타데이터 오프셋입니다 (브로커 에포크가 됩니다). */
  replay(record: MetadataRecord, offset: number): void {
    switch (record.type) {
      case 'RegisterBrokerRecord':
        this.cluster.replayRegistration(record, offset);
        return;
      case 'FenceBrokerRecord':
      case 'UnfenceBrokerRecord':
      case 'BrokerRegistrationChangeRecord':
        this.cluster.replayRegistrationChange(record);
        return;
      case 'TopicRecord':
        this.replication.replayTopic(record);
        return;
      case 'PartitionRecord':
        this.replication.replayPartition(record);
        return;
      case 'PartitionChangeRecord':
        this.replication.replayPartitionChange(record);
        return;
      case 'RemoveTopicRecord':
        this.configuration.deleteTopicConfigs(this.replication.replayRemoveTopic(record));
        return;
      case 'ConfigRecord':
        this.configuration.replay(record);
        return;
      case 'ProducerIdsRecord':
        this.producerIds.replay(record);
        return;
      case 'UserScramCredentialRecord':
      case 'RemoveUserScramCredentialRecord':
        this.scram.replay(record);
        return;
      case 'AccessControlEntryRecord':
      case 'RemoveAccessControlEntryRecord':
        this.acls.acls.replay(record);
        return;
    }
  }

  /** 지금의 상태를 다시 만드는 레코드들: 스냅숏의 내용 (Kafka의 스냅숏 생성기가 관리자마다 모으는 것) */
  toRecords(): MetadataRecord[] {
    return [
      ...this.cluster.toRecords(),
      ...this.replication.toRecords(),
      ...this.configuration.toRecords(),
      ...this.producerIds.toRecords(),
      ...this.scram.toRecords(),
      ...this.acls.toRecords(),
    ];
  }

  // TopicControlView

  topic(name: string): { readonly topicId: string; readonly partitions: readonly PartitionRegistration[] } | undefined {
    return this.replication.topic(name);
  }

  /** 토픽 ID의 이름 (DeleteTopics v6+가 ID로 물을 때), 없으면 undefined */
  topicNameById(topicId: string): string | undefined {
    for (const topic of this.replication.topics()) if (topic.topicId === topicId) return topic.name;
    return undefined;
  }

  *topicNames(): Iterable<string> {
    for (const topic of this.replication.topics()) yield topic.name;
  }

  brokers(): Iterable<BrokerRegistration> {
    return this.cluster.registrations();
  }

  topicConfigs(topic: string): ReadonlyMap<string, string> | undefined {
    return this.replication.topic(topic) ? this.configuration.topicConfigs(topic) : undefined;
  }

  brokerConfigs(resourceName: string): ReadonlyMap<string, string> {
    return this.configuration.brokerConfigs(resourceName);
  }
}
