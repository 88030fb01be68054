/**
 * 컨슈머 프로토콜(Consumer Protocol)의 구독 정보. 프로토콜 종류가 "consumer"인 멤버는 JoinGroup에서 할당 방식(range,
 * roundrobin…)마다 이 모양의 메타데이터를 보냅니다:
 *
 *     Subscription => version:INT16 topics:[STRING] user_data:NULLABLE_BYTES (v1+는 뒤에 필드가 더 붙습니다)
 *
 * 코디네이터는 보통 이 바이트를 열어 보지 않고 리더에게 넘길 뿐입니다(할당은 리더가 합니다). 그룹이 어느 토픽을 읽는지
 * 알아야 할 때만(OffsetDelete의 GROUP_SUBSCRIBED_TO_TOPIC) 토픽 목록을 읽습니다. 모든 버전의 앞부분인 v0 모양으로 읽으므로
 * 뒤에 붙는 새 필드는 몰라도 됩니다 (Kafka: ConsumerProtocol.deserializeConsumerProtocolSubscription을 버전 0으로).
 */
import { decode } from '../protocol/codec.js';
import { ByteReader } from '../protocol/reader.js';
import { message } from '../protocol/schema.js';

const subscription = message({
  name: 'ConsumerProtocolSubscription',
  type: 'data',
  validVersions: '0',
  flexibleVersions: 'none',
  fields: [
    { name: 'topics', type: '[]string', versions: '0+' },
    { name: 'userData', type: 'bytes', versions: '0+', nullableVersions: '0+', default: null },
  ],
});

/** 구독한 토픽들. 컨슈머 프로토콜의 모양이 아니면 null (Kafka도 그때는 "모른다"로 둡니다). */
export function subscribedTopicsOf(metadata: Buffer): string[] | null {
  try {
    const reader = new ByteReader(metadata);
    if (reader.int16() < 0) return null;
    return decode(subscription, 0, reader).topics;
  } catch {
    return null;
  }
}
