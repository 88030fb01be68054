/**
 * 쿼럼의 전송을 진짜 네트워크에 잇습니다 (Kafka `KafkaNetworkChannel`): 쿼럼의 요청을 와이어 메시지로 옮겨
 * (`raft-util.ts`) TCP 클라이언트(`../runtime/network-client.ts`)로 보내고, 답을 쿼럼의 응답으로 되옮깁니다.
 * 시뮬레이터는 이 자리에 가상 네트워크(`../sim/network.ts`)를 넣습니다.
 */
import { err, ok } from '../result.js';
import type { ApiRequest } from '../runtime/network-client.js';
import type { Reply, Transport } from '../runtime/transport.js';
import type { RaftRequest, RaftResponse } from './messages.js';
import { fromWireResponse, toWireRequest } from './raft-util.js';

export class KafkaNetworkChannel<T> implements Transport<RaftRequest, RaftResponse<T>> {
  constructor(private readonly client: Transport<ApiRequest, unknown>) {}

  send(destination: number, request: RaftRequest, onReply: (reply: Reply<RaftResponse<T>>) => void): void {
    const wire = toWireRequest(request);
    this.client.send(destination, wire, (reply) => {
      if (!reply.ok) return onReply(reply);
      // 모양이 틀린 답(토픽·파티션이 하나가 아님)은 받지 못한 것과 같이 다룹니다.
      const response = fromWireResponse<T>(wire.apiKey, reply.response);
      onReply(response ? ok({ response }) : err('DISCONNECTED'));
    });
  }
}
