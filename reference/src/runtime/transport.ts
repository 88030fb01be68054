/**
 * 노드 사이의 요청과 응답. 컨트롤러끼리(Vote, BeginQuorumEpoch, Fetch…), 나중에는 브로커→컨트롤러와
 * 팔로워→리더의 요청도 이 인터페이스로 나갑니다. 구현은 둘입니다: 와이어 프로토콜을 쓰는 TCP(다음 단계)와
 * 메시지를 잃고, 늦추고, 두 번 보내고, 순서를 바꾸고, 노드 사이를 끊을 수 있는 시뮬레이터(`sim/network.ts`).
 *
 * 응답은 Promise가 아니라 콜백으로 받습니다. 시뮬레이터는 한 스레드에서 가상 시간의 사건을 하나씩 돌리는데,
 * Promise의 후속 작업(microtask)은 그 사이에 끼어들 수 없어 순서가 씨앗만으로 정해지지 않기 때문입니다.
 */
import type { Result } from '../result.js';

/**
 * 응답을 받지 못한 까닭. 요청이 그냥 사라진 경우(메시지 유실, 끊긴 네트워크)에는 아무 답도 오지 않으니,
 * 보낸 쪽은 자기 요청 시간 제한(request timeout)으로 알아채야 합니다.
 */
export type TransportError = 'DISCONNECTED';

export type Reply<Res> = Result<{ readonly response: Res }, TransportError>;

export interface Transport<Req, Res> {
  /**
   * `destination` 노드에 요청을 보냅니다. 답이 오면 `onReply`가 불립니다. 시뮬레이터는 메시지를 복제하는
   * 장애도 흉내 내므로 `onReply`가 두 번 불릴 수 있습니다: 받는 쪽은 기다리지 않던 답을 버려야 합니다
   * (Kafka가 correlation id로 하듯이).
   */
  send(destination: number, request: Req, onReply: (reply: Reply<Res>) => void): void;
}

/**
 * 들어온 요청을 처리하는 쪽. 답은 `respond`로 나중에 보내도 됩니다 (Fetch는 새 레코드가 올 때까지
 * 리더가 붙잡아 둡니다: long polling).
 */
export type RequestHandler<Req, Res> = (source: number, request: Req, respond: (response: Res) => void) => void;
