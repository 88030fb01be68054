/**
 * 허락된 주체: admin이 alice에게 PREFIXED ACL 넷(토픽 WRITE·READ, 그룹 READ, 트랜잭션 ID WRITE, 모두 같은 이름
 * 앞부분)을 주면, alice는 kafkajs(SCRAM-SHA-512)로 쓰고, 트랜잭션을 커밋하고, 그룹으로 읽고, 커밋합니다. 필요한
 * DESCRIBE(Metadata, FindCoordinator, ListOffsets, OffsetFetch)는 READ·WRITE가 품습니다.
 *
 * 컨슈머는 kafkajs의 기본값인 read_committed로 읽습니다: 일반 레코드 셋(오프셋 0–2), 트랜잭션 레코드 둘(3–4), 그리고
 * 커밋 마커(5)는 레코드로 오지 않습니다. 마지막으로 읽은 오프셋 4의 다음인 5를 커밋합니다.
 */
import { outcome } from '../context.js';
import { type Scenario, SECURED } from '../scenario.js';
import { AclOperationTypes, AclResourceTypes, acl, grant, ResourcePatternTypes } from '../security.js';
import { ALICE } from './security-helpers.js';

export const aclAllowedPrincipal: Scenario = {
  name: 'acl-allowed-principal',
  title: 'PREFIXED ACL을 받은 주체가 쓰고, 트랜잭션을 하고, 그룹으로 읽고 커밋함',
  needs: SECURED,
  kafka: {
    answer: {
      produce: { error: 'NONE', baseOffset: 0 },
      transaction: 'NONE',
      consumed: ['a', 'b', 'c', 't1', 't2'],
      commit: 'NONE',
      committed: 5,
    },
    source:
      'StandardAuthorizerData.authorize (PREFIXED ALLOW가 이름이 그것으로 시작하는 자원을 덮음, READ·WRITE가 DESCRIBE를 ' +
      '품음); KafkaApis.handleProduceRequest·handleInitProducerIdRequest·handleAddPartitionsToTxnRequest·' +
      'handleEndTxnRequest·handleJoinGroupRequest·handleFetchRequest·handleOffsetCommitRequest',
  },
  async run(ctx) {
    const prefix = ctx.name('alice');
    const topic = `${prefix}-orders`;
    const groupId = `${prefix}-group`;
    const transactionalId = `${prefix}-tx`;
    await ctx.createTopics({ name: topic, partitions: 1 });
    await grant(
      ctx,
      acl(AclResourceTypes.TOPIC, prefix, ResourcePatternTypes.PREFIXED, 'alice', AclOperationTypes.WRITE),
      acl(AclResourceTypes.TOPIC, prefix, ResourcePatternTypes.PREFIXED, 'alice', AclOperationTypes.READ),
      acl(AclResourceTypes.GROUP, prefix, ResourcePatternTypes.PREFIXED, 'alice', AclOperationTypes.READ),
      acl(AclResourceTypes.TRANSACTIONAL_ID, prefix, ResourcePatternTypes.PREFIXED, 'alice', AclOperationTypes.WRITE),
    );

    const producer = await ctx.producer({}, ALICE);
    const [sent] = await producer.send({
      topic,
      acks: -1,
      messages: ['a', 'b', 'c'].map((value) => ({ partition: 0, value })),
    });

    const transactional = await ctx.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 }, ALICE);
    const transaction = await outcome(async () => {
      const txn = await transactional.transaction();
      await txn.send({ topic, messages: ['t1', 't2'].map((value) => ({ partition: 0, value })) });
      await txn.commit();
    });

    const consumer = ctx.consumer({ groupId, sessionTimeout: 10_000, maxWaitTimeInMs: 100 }, ALICE);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const consumed: { value: string; offset: number }[] = [];
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        consumed.push({ value: String(message.value), offset: Number(message.offset) });
      },
    });
    await ctx.waitFor('alice가 다섯 레코드를 읽기', async () => (consumed.length >= 5 ? true : undefined));
    const next = String((consumed.at(-1)?.offset ?? -1) + 1);
    const commit = await outcome(() => consumer.commitOffsets([{ topic, partition: 0, offset: next }]));
    await consumer.disconnect();

    const [offsets] = await (await ctx.admin()).fetchOffsets({ groupId, topics: [topic] });
    return {
      produce: {
        error: sent?.errorCode === 0 ? 'NONE' : String(sent?.errorCode),
        baseOffset: Number(sent?.baseOffset),
      },
      transaction,
      consumed: consumed.map((m) => m.value),
      commit,
      committed: Number(offsets?.partitions.find((p) => p.partition === 0)?.offset),
    };
  },
};
