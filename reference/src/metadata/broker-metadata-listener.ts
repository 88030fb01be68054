/**
 * 브로커가 메타데이터를 받는 곳 (Kafka `MetadataLoader` + `BrokerMetadataPublisher`). 브로커는 KRaft 쿼럼의
 * 관찰자(observer)로 `__cluster_metadata`를 Fetch하고, 쿼럼은 커밋된 레코드만 이 리스너에 넘깁니다 (`ApplyOp`).
 * 리스너는 그것을 브로커의 이미지(`ClusterMetadata`)에 적용하고, 바뀐 것(`MetadataDelta`)을 발행합니다: 브로커의
 * 부품(ReplicaManager, 코디네이터, 동적 설정)은 여기서 파티션 로그를 만들고 지우고, 설정을 다시 읽습니다.
 *
 * 그래서 브로커가 클라이언트에게 보여 주는 메타데이터는 언제나 커밋된 것이고, 이미지는 자기가 어느 오프셋까지
 * 적용했는지 압니다. 그 오프셋을 하트비트에 실어 보내, 자기 등록까지 따라잡았을 때 펜싱이 풀립니다.
 */
import type { RaftListener } from '../raft/raft-driver.js';
import type { ApplyOp } from '../raft/ready.js';
import { encodeEntries } from '../raft/record-batches.js';
import type { ClusterMetadata } from './cluster-metadata.js';
import type { MetadataRecord } from './records.js';

/**
 * 한 번에 적용한 것 (Kafka `MetadataDelta`를 줄인 것): 적용한 레코드들, 스냅숏으로 통째로 바뀌었는지, 적용한 뒤의
 * 오프셋. Kafka의 것은 토픽·브로커·설정마다 바뀐 것을 나눠 담지만, 여기서는 레코드를 그대로 넘깁니다.
 */
export interface MetadataDelta {
  readonly records: readonly MetadataRecord[];
  /** 스냅숏을 불러와 이미지가 통째로 바뀌었으면 true (records는 스냅숏의 내용) */
  readonly fromSnapshot: boolean;
  readonly offset: number;
  /** 적용한 레코드 배치들의 크기 (Kafka `LogDeltaManifest.numBytes`): 스냅숏을 만들 때를 재는 데 씁니다. 스냅숏이면 0 */
  readonly numBytes: number;
}

export class BrokerMetadataListener implements RaftListener<MetadataRecord> {
  readonly #publishers: ((delta: MetadataDelta, image: ClusterMetadata) => void)[] = [];

  constructor(readonly image: ClusterMetadata) {}

  /** 바뀐 것을 받을 함수를 등록합니다 (Kafka `MetadataPublisher.onMetadataUpdate`). */
  onPublish(publisher: (delta: MetadataDelta, image: ClusterMetadata) => void): void {
    this.#publishers.push(publisher);
  }

  apply(op: ApplyOp<MetadataRecord>): void {
    if (op.kind === 'snapshot') {
      const offset = op.snapshot.id.offset - 1;
      this.image.loadSnapshot(op.snapshot.records, offset);
      this.#publish({ records: op.snapshot.records, fromSnapshot: true, offset, numBytes: 0 });
      return;
    }
    const records: MetadataRecord[] = [];
    for (const entry of op.entries) {
      // LeaderChange 같은 컨트롤 레코드도 오프셋을 차지합니다: 이미지의 오프셋은 그것까지 지나갑니다.
      if (entry.record.type === 'data') {
        this.image.replay(entry.record.data, entry.offset);
        records.push(entry.record.data);
      } else {
        this.image.advanceTo(entry.offset);
      }
    }
    this.#publish({
      records,
      fromSnapshot: false,
      offset: this.image.offset,
      numBytes: encodeEntries(op.entries, 0).length,
    });
  }

  #publish(delta: MetadataDelta): void {
    for (const publisher of this.#publishers) publisher(delta, this.image);
  }
}
