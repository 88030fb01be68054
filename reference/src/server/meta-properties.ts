/**
 * `meta.properties`: 로그 디렉터리가 어느 클러스터의 어느 노드 것인지 적어 둔 파일입니다 (Kafka와 같은 이름과 키).
 * Kafka는 `kafka-storage.sh format`으로 이 파일을 만들고, 다른 클러스터나 노드의 디렉터리로 시작하려 하면
 * 거부합니다. 데이터가 섞이는 사고를 막는 장치입니다.
 *
 * 클러스터 ID는 처음 한 번 정합니다: apache/kafka 이미지처럼 CLUSTER_ID 환경 변수가 있으면 그 값, 없으면 새로 만듭니다.
 * 파일은 노드의 `Disk`(뿌리 = 로그 디렉터리)로 읽고 씁니다: 임시 파일에 쓰고 fsync한 뒤 이름을 바꿉니다
 * (Kafka `MetaPropertiesEnsemble.writeLogDirChanges`).
 */
import { getProperties } from 'properties-file';
import type { Clock } from '../runtime/clock.js';
import type { Disk } from '../runtime/disk.js';
import { type Random, randomKafkaUuid } from '../runtime/random.js';

export const META_PROPERTIES_FILE = 'meta.properties';

export interface MetaProperties {
  readonly clusterId: string;
  readonly nodeId: number;
}

export function loadOrCreateMetaProperties(
  disk: Disk,
  nodeId: number,
  clusterIdHint: string | undefined,
  runtime: { readonly clock: Clock; readonly random: Random },
): MetaProperties {
  const existing = disk.read(META_PROPERTIES_FILE);
  if (existing !== null) {
    const props = getProperties(new TextDecoder().decode(existing));
    const stored = { clusterId: props['cluster.id'] ?? '', nodeId: Number(props['node.id']) };
    if (stored.nodeId !== nodeId) {
      throw new Error(
        `${META_PROPERTIES_FILE}의 node.id(${stored.nodeId})가 설정의 node.id(${nodeId})와 다릅니다. 다른 노드의 데이터입니다.`,
      );
    }
    if (clusterIdHint && stored.clusterId !== clusterIdHint) {
      throw new Error(
        `${META_PROPERTIES_FILE}의 cluster.id(${stored.clusterId})가 CLUSTER_ID(${clusterIdHint})와 다릅니다.`,
      );
    }
    return stored;
  }
  const meta = { clusterId: clusterIdHint ?? randomKafkaUuid(runtime.random), nodeId };
  const text = `#\n#${new Date(runtime.clock.now()).toUTCString()}\nnode.id=${nodeId}\nversion=1\ncluster.id=${meta.clusterId}\ndirectory.id=${randomKafkaUuid(runtime.random)}\n`;
  const tmp = `${META_PROPERTIES_FILE}.tmp`;
  disk.write(tmp, new TextEncoder().encode(text));
  disk.sync(tmp);
  disk.rename(tmp, META_PROPERTIES_FILE);
  return meta;
}
