/**
 * 비교 시나리오(Parity Scenario)의 틀.
 *
 * 시나리오 하나는 진짜 클라이언트로 한 가지 동작을 해 보고, 그 결과를 작고 비교할 수 있는 값으로 돌려줍니다.
 * 같은 시나리오를 참조 브로커와 진짜 Apache Kafka에 대고 돌려 두 값을 나란히 놓습니다. 그래서 결과에는
 * 대상마다 달라지는 값(프로듀서 ID, 멤버 ID, 벽시계 시각, 실행마다 붙는 이름)을 넣지 않습니다.
 *
 * 시나리오는 Kafka가 내는 답도 적어 둡니다: Kafka 문서와 소스에서 옮긴 기대값과, 그 답을 정하는 Kafka의
 * 클래스·메서드. Docker가 없어 진짜 Kafka를 띄울 수 없는 곳에서도 참조 브로커의 결과를 이 답에 대고 확인하므로,
 * 참조 쪽 절반만으로도 진짜 테스트입니다.
 */
import type { ScenarioContext } from './context.js';

/** 시나리오가 대상에게 바라는 것. 3노드 시나리오는 `nodes: 3, replicationFactor: 3`을 적습니다. */
export interface Needs {
  /** 클러스터의 브로커 수 (이상) */
  readonly nodes: number;
  /** 시나리오가 만드는 토픽의 복제 계수 */
  readonly replicationFactor: number;
  /** 정해 두면 대상의 `auto.create.topics.enable`이 이 값이어야 합니다 */
  readonly autoCreateTopics?: boolean;
  /** 시나리오가 노드를 죽이고(`kill -9`, `docker kill`) 다시 띄웁니다: 그럴 수 있는 대상에서만 돕니다 */
  readonly faults?: boolean;
  /**
   * 시나리오가 SASL과 ACL을 씁니다: SASL_PLAINTEXT 리스너와 StandardAuthorizer를 켠 보안 대상(`security.ts`)에서만,
   * 그리고 보안 대상에서는 이런 시나리오만 돕니다.
   */
  readonly security?: boolean;
}

/** 대상이 실제로 가진 것. 대상에 붙어 Metadata와 DescribeConfigs로 알아냅니다 (targets.ts). */
export interface Offers {
  readonly nodes: number;
  readonly autoCreateTopics: boolean;
  /** 이 실행이 띄운 클러스터라 노드를 죽이고 다시 띄울 수 있음 (`PARITY_BOOTSTRAP`의 클러스터는 건드리지 않습니다) */
  readonly faults: boolean;
  /** 이 실행이 `security.ts`의 설정과 사용자로 띄운 보안 대상 */
  readonly security: boolean;
}

/** JSON으로 적을 수 있는 값: 결과는 이것으로만 만듭니다 (표에 찍고 깊은 비교를 합니다). */
export type Result = string | number | boolean | null | readonly Result[] | { readonly [key: string]: Result };

export interface Scenario {
  /** 짧은 이름. 토픽·그룹 이름의 앞부분이 되므로 영어 소문자와 `-`만 씁니다. */
  readonly name: string;
  /** 표와 테스트 이름에 나오는 한국어 설명 */
  readonly title: string;
  readonly needs: Needs;
  /** Kafka가 내는 답과, 그 답을 정하는 Kafka의 클래스·메서드 */
  readonly kafka: { readonly answer: Result; readonly source: string };
  run(ctx: ScenarioContext): Promise<Result>;
}

/** 대부분의 시나리오: 브로커 한 대, 복제 계수 1 */
export const ONE_NODE: Needs = { nodes: 1, replicationFactor: 1 };

/** 복제 시나리오 (6장): 브로커 세 대, 복제 계수 3 */
export const THREE_NODES: Needs = { nodes: 3, replicationFactor: 3 };

/** 보안 시나리오 (13장): 보안 대상의 브로커 한 대 */
export const SECURED: Needs = { nodes: 1, replicationFactor: 1, security: true };

/** 대상이 시나리오의 요구를 채우지 못하면 그 이유(한국어), 채우면 null */
export function unmetNeed(needs: Needs, offers: Offers): string | null {
  if (offers.nodes < needs.nodes) return `브로커 ${needs.nodes}대가 필요합니다 (대상에는 ${offers.nodes}대)`;
  if (offers.nodes < needs.replicationFactor) {
    return `복제 계수 ${needs.replicationFactor}에는 브로커 ${needs.replicationFactor}대가 필요합니다 (대상에는 ${offers.nodes}대)`;
  }
  if (needs.autoCreateTopics !== undefined && needs.autoCreateTopics !== offers.autoCreateTopics) {
    return `auto.create.topics.enable=${needs.autoCreateTopics}인 대상이 필요합니다`;
  }
  if (needs.faults && !offers.faults)
    return '노드를 죽이고 다시 띄울 수 있는 대상(이 실행이 띄운 클러스터)이 필요합니다';
  if (needs.security && !offers.security) {
    return 'SASL_PLAINTEXT 리스너와 StandardAuthorizer를 켠 대상(이 실행이 띄운 보안 대상)이 필요합니다';
  }
  return null;
}
