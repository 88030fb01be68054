/**
 * 자식 프로세스로 띄우는 kafkajs 컨슈머 (컨슈머 그룹 e2e 테스트가 `kill -9`로 죽이는 멤버).
 * 받은 메시지와 할당을 한 줄에 하나씩 JSON으로 찍습니다.
 *
 *   tsx consumer-process.ts <bootstrap> <groupId> <topic>
 */
import { kafka } from './support.js';

const [bootstrap = '', groupId = '', topic = ''] = process.argv.slice(2);
const consumer = kafka(bootstrap, 'child-consumer').consumer({
  groupId,
  sessionTimeout: 10_000,
  heartbeatInterval: 500,
  maxWaitTimeInMs: 1000,
});
consumer.on(consumer.events.GROUP_JOIN, (event) => {
  console.log(JSON.stringify({ type: 'assigned', assignment: event.payload.memberAssignment }));
});
await consumer.connect();
await consumer.subscribe({ topic, fromBeginning: true });
await consumer.run({
  eachMessage: async ({ partition, message }) => {
    console.log(
      JSON.stringify({ type: 'message', partition, key: message.key?.toString(), value: message.value?.toString() }),
    );
  },
});
