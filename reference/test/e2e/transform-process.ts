/**
 * 자식 프로세스로 띄우는 consume-transform-produce 작업자 (트랜잭션 e2e 테스트가 `kill -9`로 죽이는 쪽).
 * `in`의 메시지마다 값을 대문자로 바꿔 `out`에 쓰고, 읽은 위치를 같은 트랜잭션에 넣어(sendOffsets) 커밋합니다.
 * 트랜잭션 ID는 고정입니다: 다시 뜬 작업자가 같은 ID로 InitProducerId를 보내면 죽은 작업자의 열린 트랜잭션이 어보트됩니다.
 *
 *   tsx transform-process.ts <bootstrap> <input> <output> <groupId> <transactionalId> [crashAfterMessages]
 *
 * crashAfterMessages를 주면, 그만큼 처리한 뒤 다음 트랜잭션에서 출력만 보내고 커밋 전에 스스로 SIGKILL합니다.
 */
import { kafka } from './support.js';

const [bootstrap = '', input = '', output = '', groupId = '', transactionalId = '', crashAfter] = process.argv.slice(2);
const client = kafka(bootstrap, 'transformer');
const producer = client.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 });
const consumer = client.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500, maxWaitTimeInMs: 500 });
await producer.connect();
await consumer.connect();
await consumer.subscribe({ topic: input, fromBeginning: true });
let processed = 0;
await consumer.run({
  autoCommit: false,
  eachBatchAutoResolve: false,
  eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
    // 메시지 10개씩 한 트랜잭션
    for (let i = 0; i < batch.messages.length; i += 10) {
      const chunk = batch.messages.slice(i, i + 10);
      const transaction = await producer.transaction();
      await transaction.send({
        topic: output,
        messages: chunk.map((m) => ({ key: m.key, value: String(m.value).toUpperCase() })),
      });
      if (crashAfter !== undefined && processed >= Number(crashAfter)) {
        console.log(JSON.stringify({ type: 'crashing', processed }));
        process.kill(process.pid, 'SIGKILL');
      }
      const last = chunk.at(-1);
      if (!last) continue;
      await transaction.sendOffsets({
        consumerGroupId: groupId,
        topics: [
          { topic: batch.topic, partitions: [{ partition: batch.partition, offset: String(Number(last.offset) + 1) }] },
        ],
      });
      await transaction.commit();
      processed += chunk.length;
      resolveOffset(last.offset);
      await heartbeat();
      console.log(JSON.stringify({ type: 'committed', processed }));
    }
  },
});
