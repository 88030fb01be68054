/**
 * 브로커가 활성 컨트롤러에게 요청을 보내는 길 (Kafka `NodeToControllerChannelManager`). 등록과 하트비트
 * (BrokerRegistration, BrokerHeartbeat), 프로듀서 ID 묶음(AllocateProducerIds), 그리고 클라이언트가 브로커에 보낸
 * 관리 요청(CreateTopics, DeleteTopics, CreatePartitions, AlterConfigs, IncrementalAlterConfigs)을 넘기는 데 씁니다.
 *
 *   - 받는 쪽은 쿼럼이 아는 지금의 리더(활성 컨트롤러)입니다. 주소는 `controller.quorum.voters`의 컨트롤러 리스너.
 *   - 끊기거나(DISCONNECTED) 답에 NOT_CONTROLLER가 있으면(리더가 바뀌는 중) 잠시 뒤 그때의 리더에게 다시 보냅니다.
 *     Kafka도 이때 요청을 줄의 맨 앞에 다시 넣습니다 (`NodeToControllerRequestThread.handleResponse`).
 *   - 요청마다 다시 보낼 수 있는 시간(`retryTimeoutMs`)이 있고, 지나면 REQUEST_TIMED_OUT입니다. 관리 요청은 60초,
 *     하트비트는 세션 시간 제한의 절반입니다 (Kafka `BrokerServer`, KAFKA-14392).
 *
 * 다시 보내기 때문에 같은 요청이 두 번 닿을 수 있습니다: 옛 리더가 CreateTopics를 커밋한 직후 죽었다면, 새 리더는
 * 두 번째 요청에 TOPIC_ALREADY_EXISTS로 답합니다. 토픽이 두 번 만들어지는 일은 없습니다 (컨트롤러가 이름을 봅니다).
 *
 * 활성 컨트롤러가 바로 이 노드이면 소켓을 거치지 않고 이 노드의 컨트롤러 API(`local`)를 부릅니다. Kafka는 이때도
 * 자기 컨트롤러 리스너로 연결을 맺지만, 판단하는 코드는 같은 핸들러(`controllerApis`) 하나이므로 답은 같습니다. 이렇게
 * 하면 컨트롤러 리스너가 없는 노드 하나짜리 기본 설정(`npm run broker`)에서도 같은 길로 등록하고 토픽을 만듭니다.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import { err, ok, type Result } from '../result.js';
import type { Clock } from '../runtime/clock.js';
import type { ApiRequest } from '../runtime/network-client.js';
import type { Reply, Transport } from '../runtime/transport.js';

export interface ControllerChannelOptions {
  readonly localId: number;
  /** 쿼럼이 아는 지금의 리더. 선거 중이면 null */
  readonly activeController: () => number | null;
  /** 다른 노드의 컨트롤러 리스너로 (진짜 프로세스는 TCP의 `NetworkClient`, 시험은 가상 네트워크) */
  readonly transport: Transport<ApiRequest, unknown>;
  /** 이 노드의 컨트롤러 API. 컨트롤러 역할이 없으면 null */
  readonly local: ((request: ApiRequest) => Promise<unknown>) | null;
  readonly clock: Clock;
  /** 다시 보내기 전의 대기 */
  readonly retryBackoffMs: number;
  /** 한 번 보낸 요청의 답을 기다리는 시간: 지나면 끊긴 것으로 보고 그때의 리더에게 다시 보냅니다 */
  readonly requestTimeoutMs: number;
}

/** 활성 컨트롤러의 답, 또는 `retryTimeoutMs` 안에 답을 받지 못함 */
export type ChannelReply = Result<{ readonly response: unknown }, 'REQUEST_TIMED_OUT'>;

/** 관리 요청을 넘길 때 다시 보낼 수 있는 시간 (Kafka: 브로커의 "forwarding" 채널) */
export const FORWARDING_RETRY_TIMEOUT_MS = 60_000;

export class ControllerChannel {
  readonly #options: ControllerChannelOptions;
  #closed = false;

  constructor(options: ControllerChannelOptions) {
    this.#options = options;
  }

  /** 활성 컨트롤러에게 보내고 답을 기다립니다. 리더가 바뀌는 동안에는 `retryTimeoutMs`까지 다시 보냅니다. */
  async send(request: ApiRequest, retryTimeoutMs: number): Promise<ChannelReply> {
    const { clock, retryBackoffMs } = this.#options;
    const deadline = clock.now() + retryTimeoutMs;
    while (!this.#closed) {
      const controller = this.#options.activeController();
      if (controller !== null) {
        const reply = await this.#sendOnce(controller, request, deadline);
        if (reply.ok && !hasErrorCode(reply.response, ErrorCode.NOT_CONTROLLER))
          return ok({ response: reply.response });
      }
      const left = deadline - clock.now();
      if (left <= 0) break;
      await new Promise<void>((resolve) => clock.schedule(Math.min(retryBackoffMs, left), resolve));
    }
    return err('REQUEST_TIMED_OUT');
  }

  /** 더 보내지 않습니다: 기다리던 요청은 다음 차례에 REQUEST_TIMED_OUT으로 끝납니다. */
  close(): void {
    this.#closed = true;
  }

  /** 한 번 보냅니다. 요청 시간 제한이나 마감까지 답이 없으면 끊긴 것으로 칩니다 (늦게 온 답은 버립니다). */
  #sendOnce(controller: number, request: ApiRequest, deadline: number): Promise<Reply<unknown>> {
    const { clock, localId, local, transport } = this.#options;
    return new Promise((resolve) => {
      let done = false;
      const finish = (reply: Reply<unknown>) => {
        if (done) return;
        done = true;
        clock.cancel(timer);
        resolve(reply);
      };
      const waitMs = Math.max(0, Math.min(deadline - clock.now(), this.#options.requestTimeoutMs));
      const timer = clock.schedule(waitMs, () => finish(err('DISCONNECTED')));
      if (controller === localId && local) {
        local(request).then(
          (response) => finish(ok({ response })),
          () => finish(err('DISCONNECTED')),
        );
      } else {
        transport.send(controller, request, finish);
      }
    });
  }
}

/**
 * 답의 어딘가에 이 오류 코드가 있는지 (Kafka `AbstractResponse.errorCounts().containsKey`): 관리 요청의 답은 토픽이나
 * 자원마다 오류 코드를 가지므로, 맨 위뿐 아니라 안쪽 배열까지 봅니다.
 */
export function hasErrorCode(body: unknown, code: number): boolean {
  if (Array.isArray(body)) return body.some((item) => hasErrorCode(item, code));
  if (body === null || typeof body !== 'object' || Buffer.isBuffer(body)) return false;
  for (const [key, value] of Object.entries(body)) {
    if (key === 'errorCode' && value === code) return true;
    if (typeof value === 'object' && hasErrorCode(value, code)) return true;
  }
  return false;
}
