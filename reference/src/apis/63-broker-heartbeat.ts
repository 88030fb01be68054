/**
 * BrokerHeartbeat (API 키 63), 버전 0–1. 컨트롤러 리스너에서만 받습니다 (브로커끼리만 쓰는 요청).
 *
 * 등록한 브로커가 `broker.heartbeat.interval.ms`마다 활성 컨트롤러에게 살아 있다고 알리며, 자기가 적용한 메타데이터
 * 오프셋과 바라는 것(펜싱을 원함, 종료를 원함)을 싣습니다 (KIP-631). 컨트롤러의 판단은
 * `QuorumController.processBrokerHeartbeat` → `ReplicationControlManager.processBrokerHeartbeat` (Kafka
 * `ControllerApis.handleBrokerHeartBeatRequest`와 같은 길):
 *
 *   - 브로커 에포크가 지금 등록의 것이 아니면 STALE_BROKER_EPOCH (다시 등록해야 합니다)
 *   - 펜싱된 브로커가 자기 등록 레코드까지 따라잡았고 펜싱을 원하지 않으면 펜싱을 풉니다 (UnfenceBroker)
 *   - 종료를 원하면 리더인 파티션을 다른 ISR 복제본에게 옮기고, 다 옮겨지면 `shouldShutDown=true`
 *   - `broker.session.timeout.ms` 동안 하트비트가 없으면 컨트롤러가 스스로 펜싱합니다 (`QuorumController.tick`)
 *
 * 답은 이 하트비트가 만든 레코드가 커밋된 뒤에 나갑니다. 활성 컨트롤러가 아니면 NOT_CONTROLLER입니다.
 *
 * 구현하지 않은 것: 오프라인 로그 디렉터리(v1의 offlineLogDirs)는 받기만 합니다.
 */
import { ApiKey } from '../protocol/api-keys.js';
import {
  type BrokerHeartbeatRequest,
  brokerHeartbeatRequest,
  brokerHeartbeatResponse,
} from '../protocol/messages/63-broker-heartbeat.js';
import { type ControllerRequestContext, defineApi } from './api.js';

export function handleBrokerHeartbeat(request: BrokerHeartbeatRequest, ctx: ControllerRequestContext) {
  return ctx.controller.brokerHeartbeat(request);
}

export const brokerHeartbeatApi = defineApi<
  typeof brokerHeartbeatRequest,
  typeof brokerHeartbeatResponse,
  ControllerRequestContext
>({
  key: ApiKey.BrokerHeartbeat,
  name: 'BrokerHeartbeat',
  minVersion: 0,
  maxVersion: 1,
  request: brokerHeartbeatRequest,
  response: brokerHeartbeatResponse,
  handle: handleBrokerHeartbeat,
});
