/**
 * 브로커의 벽시계가 10분 앞으로 뛰어도(NTP가 시계를 한 번에 맞출 때처럼) 아무도 쫓겨나지 않습니다: 진짜 브로커 하나
 * (브로커 + 컨트롤러)와 kafkajs 프로듀서·컨슈머 그룹으로 봅니다.
 *
 * Kafka는 "얼마나 지났나"를 단조 시계로 잽니다: 컨트롤러의 브로커 세션(`BrokerHeartbeatManager`의
 * `time.nanoseconds()`), 그룹 코디네이터의 멤버 세션(`CoordinatorTimer`, `Time.hiResClockMs`). 벽시계로 쟀다면
 * 컨트롤러는 도약을 하트비트가 끊긴 것으로 보고 브로커를 펜싱해(리더를 잃은 파티션은 NOT_LEADER_OR_FOLLOWER),
 * 코디네이터는 멤버를 모두 내보내 리밸런스합니다. 벽시계로 재는 것(보존, 커밋 시각)은 `admin-*.test.ts`가 봅니다.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafka, type RunningBroker, removeDir, startBroker, tempDir } from './support.js';

/** 세션을 짧게 두어, 벽시계로 쟀다면 기다리는 동안 틀림없이 끝났을 만큼 (기본 9초) */
const BROKER_SESSION_MS = 3000;
/** kafkajs가 고를 수 있는 가장 짧은 그룹 세션 (group.min.session.timeout.ms 6초) */
const GROUP_SESSION_MS = 6000;
const TOPIC = 'clock-jump';

let running: RunningBroker;
let skewMs = 0;

beforeAll(async () => {
  running = await startBroker(
    {
      KAFKA_NUM_PARTITIONS: '1',
      KAFKA_BROKER_SESSION_TIMEOUT_MS: String(BROKER_SESSION_MS),
      KAFKA_BROKER_HEARTBEAT_INTERVAL_MS: '1000',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    },
    tempDir(),
    { now: () => Date.now() + skewMs },
  );
});

afterAll(async () => {
  await running?.stop();
  if (running) removeDir(running.dir);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a wall-clock jump on the broker (sessions are timed on the monotonic clock)', () => {
  it('WallClockJumpFencesNobody: +10 min keeps the broker unfenced and leading, and the group member in its generation', async () => {
    const client = kafka(running.bootstrap, 'clock-jump');
    const admin = client.admin();
    const producer = client.producer();
    const consumer = client.consumer({
      groupId: 'clock-jump-group',
      sessionTimeout: GROUP_SESSION_MS,
      heartbeatInterval: 500,
    });
    const received: string[] = [];
    let joins = 0;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      joins++;
    });
    try {
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1 }] });
      await producer.connect();
      await producer.send({ topic: TOPIC, acks: -1, messages: [{ value: 'before' }] });
      await consumer.connect();
      await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          received.push(message.value?.toString() ?? '');
        },
      });
      for (let i = 0; i < 200 && received.length < 1; i++) await sleep(100);
      expect(received).toEqual(['before']);
      expect(joins).toBe(1);
      const { metadata, node } = running.broker;
      // 펜싱되었다가 곧 풀리면 리더는 돌아오지만, 리더 에포크는 두 번(리더 없음 → 다시 리더) 오릅니다.
      const leaderEpoch = metadata.partition(TOPIC, 0)?.leaderEpoch;

      skewMs += 10 * 60_000;
      // 메타데이터가 바뀌면(커밋) 컨트롤러는 곧바로 세션을 다시 봅니다: 벽시계로 쟀다면 다음 하트비트가 닿기 전의 이
      // 검사에서 펜싱합니다. 그 뒤로도 세션 둘만큼 기다립니다 (코디네이터의 tick은 100ms마다).
      await admin.createTopics({ topics: [{ topic: `${TOPIC}-after`, numPartitions: 1 }] });
      await sleep(2 * BROKER_SESSION_MS);

      expect(metadata.aliveBrokers().map((b) => b.brokerId)).toEqual([node.config.nodeId]);
      expect(node.brokerState).toBe('RUNNING');
      expect(metadata.partition(TOPIC, 0)).toMatchObject({ leader: node.config.nodeId, leaderEpoch });
      expect(metadata.partition(`${TOPIC}-after`, 0)?.leader).toBe(node.config.nodeId);
      await producer.send({ topic: TOPIC, acks: -1, messages: [{ value: 'after' }] });
      await producer.send({ topic: `${TOPIC}-after`, acks: -1, messages: [{ value: 'new topic' }] });
      for (let i = 0; i < 200 && received.length < 2; i++) await sleep(100);
      expect(received).toEqual(['before', 'after']);
      expect(joins, 'no rebalance: the member kept its generation').toBe(1);
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
      await admin.disconnect();
    }
  }, 60_000);
});
