/**
 * 파티션 하나를 처음부터 "지금의 끝"(읽기 시작할 때의 하이 워터마크)까지 읽습니다. 12장의 앱이 상태를 되살릴 때 씁니다:
 * 쿠폰 발급기는 `coupon-issued`에서 장부를, 랭킹 컨슈머는 압축된 체인지로그에서 집계를.
 */
import type { Admin, Consumer, Kafka, KafkaMessage } from 'kafkajs';

export async function readPartition(
  kafka: Kafka,
  admin: Admin,
  topic: string,
  partition: number,
): Promise<KafkaMessage[]> {
  const offsets = (await admin.fetchTopicOffsets(topic)).find((p) => p.partition === partition);
  const end = Number(offsets?.high ?? 0);
  // 압축이나 보존 정책으로 앞이 지워졌으면 로그 시작(low)부터입니다. 비어 있으면 읽을 것이 없습니다.
  if (end <= Number(offsets?.low ?? 0)) return [];
  const messages: KafkaMessage[] = [];
  // kafkajs에는 그룹 없이 파티션 하나를 맡는 assign()이 없습니다. 그래서 한 번 쓰고 버리는 그룹으로 읽습니다.
  const reader: Consumer = kafka.consumer({ groupId: `${topic}-restore-${process.pid}-${Date.now()}` });
  await reader.connect();
  await reader.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    reader
      .run({
        eachMessage: async ({ partition: p, message }) => {
          if (p !== partition) return;
          if (Number(message.offset) < end) messages.push(message);
          // 압축된 토픽에는 오프셋에 빈자리가 있으니 "마지막 오프셋"이 아니라 "끝 바로 앞까지 왔는가"로 멈춥니다.
          if (Number(message.offset) + 1 >= end) resolve();
        },
      })
      .catch(reject);
  });
  await reader.disconnect();
  return messages;
}
