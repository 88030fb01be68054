/**
 * `meta.properties`: 로그 디렉터리가 어느 클러스터의 어느 노드 것인지 적어 둔 파일입니다 (Kafka와 같은 이름과 키).
 * Kafka는 `kafka-storage.sh format`으로 이 파일을 만들고, 다른 클러스터나 노드의 디렉터리로 시작하려 하면
 * 거부합니다. 데이터가 섞이는 사고를 막는 장치입니다.
 *
 * 클러스터 ID는 처음 한 번 정합니다: apache/kafka 이미지처럼 CLUSTER_ID 환경 변수가 있으면 그 값, 없으면 새로 만듭니다.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getProperties } from 'properties-file';

export interface MetaProperties {
  readonly clusterId: string;
  readonly nodeId: number;
}

/** Kafka의 Uuid.randomUuid().toString()처럼 16바이트를 URL-safe base64 22자로 */
export function randomKafkaUuid(): string {
  return randomBytes(16).toString('base64url');
}

export function loadOrCreateMetaProperties(logDir: string, nodeId: number, clusterIdHint?: string): MetaProperties {
  const file = path.join(logDir, 'meta.properties');
  if (existsSync(file)) {
    const props = getProperties(readFileSync(file, 'utf8'));
    const stored = { clusterId: props['cluster.id'] ?? '', nodeId: Number(props['node.id']) };
    if (stored.nodeId !== nodeId) {
      throw new Error(
        `${file}의 node.id(${stored.nodeId})가 설정의 node.id(${nodeId})와 다릅니다. 다른 노드의 데이터입니다.`,
      );
    }
    if (clusterIdHint && stored.clusterId !== clusterIdHint) {
      throw new Error(`${file}의 cluster.id(${stored.clusterId})가 CLUSTER_ID(${clusterIdHint})와 다릅니다.`);
    }
    return stored;
  }
  const meta = { clusterId: clusterIdHint ?? randomKafkaUuid(), nodeId };
  writeFileSync(
    file,
    `#\n#${new Date().toUTCString()}\nnode.id=${nodeId}\nversion=1\ncluster.id=${meta.clusterId}\ndirectory.id=${randomKafkaUuid()}\n`,
  );
  return meta;
}
