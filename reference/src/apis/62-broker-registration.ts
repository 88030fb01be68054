/**
 * BrokerRegistration (API 키 62), 버전 0–4. 컨트롤러 리스너에서만 받습니다 (브로커끼리만 쓰는 요청).
 *
 * 켜진 브로커가 활성 컨트롤러에게 자기 ID, 이번 프로세스의 세대(incarnation) ID, 리스너 주소를 알립니다 (KIP-631).
 * 컨트롤러는 RegisterBrokerRecord를 적고, 그 레코드의 오프셋을 브로커 에포크로 돌려줍니다. 새 세대의 브로커는 펜싱된
 * 채로 시작해, 메타데이터를 따라잡았다는 하트비트가 와야 펜싱이 풀립니다 (`63-broker-heartbeat.ts`).
 *
 * 판단은 `QuorumController.registerBroker` → `ClusterControlManager.registerBroker` (Kafka `ControllerApis
 * .handleBrokerRegistration`과 같은 길): INCONSISTENT_CLUSTER_ID, 다른 세대의 세션이 살아 있으면
 * DUPLICATE_BROKER_REGISTRATION, 활성 컨트롤러가 아니면 NOT_CONTROLLER. 답은 레코드가 커밋된 뒤에 나갑니다.
 *
 * 구현하지 않은 것: 기능(feature) 버전의 확인(받은 범위를 적기만 합니다), 로그 디렉터리(KIP-858), 이전 브로커
 * 에포크로 깨끗하지 않은 종료를 알아보기(KIP-966).
 */
import { ApiKey } from '../protocol/api-keys.js';
import {
  type BrokerRegistrationRequest,
  brokerRegistrationRequest,
  brokerRegistrationResponse,
} from '../protocol/messages/62-broker-registration.js';
import { type ControllerRequestContext, defineApi } from './api.js';

export function handleBrokerRegistration(request: BrokerRegistrationRequest, ctx: ControllerRequestContext) {
  return ctx.controller.registerBroker(request);
}

export const brokerRegistrationApi = defineApi<
  typeof brokerRegistrationRequest,
  typeof brokerRegistrationResponse,
  ControllerRequestContext
>({
  key: ApiKey.BrokerRegistration,
  name: 'BrokerRegistration',
  minVersion: 0,
  maxVersion: 4,
  request: brokerRegistrationRequest,
  response: brokerRegistrationResponse,
  handle: handleBrokerRegistration,
});
