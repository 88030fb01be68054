/**
 * 진짜 클라이언트로 본 거절: bob이 kafkajs(SCRAM-SHA-256)로 alice와 같은 일을 하면 kafkajs가 브로커의 거절 코드를 그대로
 * 오류의 `type`으로 던집니다. bob은 토픽·그룹·트랜잭션 ID를 볼(DESCRIBE) 수만 있어, kafkajs가 Metadata와
 * FindCoordinator를 지나 그다음 요청(Produce, JoinGroup, InitProducerId)에서 거절됩니다. 멱등 프로듀서는 클러스터
 * IDEMPOTENT_WRITE도 어느 토픽의 WRITE도 없으니 InitProducerId에서 CLUSTER_AUTHORIZATION_FAILED입니다.
 */
import { kafkajsErrorName, outcome } from '../context.js';
import { type Scenario, SECURED } from '../scenario.js';
import { AclOperationTypes, AclResourceTypes, acl, grant, ResourcePatternTypes } from '../security.js';
import { BOB } from './security-helpers.js';

export const aclDeniedKafkajs: Scenario = {
  name: 'acl-denied-kafkajs',
  title: 'kafkajs로 본 거절: 쓰기, 그룹 합류, 멱등·트랜잭션 프로듀서, ACL 만들기',
  needs: SECURED,
  kafka: {
    answer: {
      produce: 'TOPIC_AUTHORIZATION_FAILED',
      joinGroup: 'GROUP_AUTHORIZATION_FAILED',
      idempotentProducer: 'CLUSTER_AUTHORIZATION_FAILED',
      transaction: 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
      createAcls: 'CLUSTER_AUTHORIZATION_FAILED',
    },
    source:
      'KafkaApis.handleProduceRequest (TOPIC WRITE); handleJoinGroupRequest (GROUP READ); ' +
      'handleInitProducerIdRequest (멱등이면 CLUSTER IDEMPOTENT_WRITE 또는 authorizeByResourceType(TOPIC, WRITE), ' +
      '트랜잭션이면 TRANSACTIONAL_ID WRITE); ControllerApis.handleCreateAcls (CLUSTER ALTER)',
  },
  async run(ctx) {
    const base = ctx.name('bob');
    const topic = `${base}-orders`;
    const groupId = `${base}-group`;
    const transactionalId = `${base}-tx`;
    await ctx.createTopics({ name: topic, partitions: 1 });
    await grant(
      ctx,
      acl(AclResourceTypes.TOPIC, topic, ResourcePatternTypes.LITERAL, 'bob', AclOperationTypes.DESCRIBE),
      acl(AclResourceTypes.GROUP, groupId, ResourcePatternTypes.LITERAL, 'bob', AclOperationTypes.DESCRIBE),
      acl(
        AclResourceTypes.TRANSACTIONAL_ID,
        transactionalId,
        ResourcePatternTypes.LITERAL,
        'bob',
        AclOperationTypes.DESCRIBE,
      ),
    );

    const producer = await ctx.producer({}, BOB);
    const produce = await outcome(() =>
      producer.send({ topic, acks: -1, messages: [{ partition: 0, value: 'from-bob' }] }),
    );

    // 컨슈머의 거절은 consumer.run 안에서 일어나 CRASH 이벤트로 옵니다
    const consumer = ctx.consumer({ groupId, sessionTimeout: 10_000, maxWaitTimeInMs: 100 }, BOB);
    let crashed: string | undefined;
    consumer.on(consumer.events.CRASH, (event) => {
      crashed ??= kafkajsErrorName(event.payload.error);
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    void consumer.run({ eachMessage: async () => {} }).catch(() => {});
    const joinGroup = await ctx.waitFor('bob의 컨슈머가 멈춤', async () => crashed);

    const idempotentProducer = await outcome(() => ctx.producer({ idempotent: true }, BOB));
    // idempotent를 켜면 kafkajs가 connect에서 트랜잭션 ID 없는 InitProducerId를 먼저 보내므로(위의 멱등 프로듀서와 같은
    // 거절), 트랜잭션 ID의 거절을 보려고 끕니다. InitProducerId(트랜잭션 ID)는 transaction()이 보냅니다.
    const transactional = await ctx.producer({ transactionalId, maxInFlightRequests: 1 }, BOB);
    const transaction = await outcome(() => transactional.transaction());
    const admin = await ctx.admin(BOB);
    const createAcls = await outcome(() =>
      admin.createAcls({
        acl: [acl(AclResourceTypes.TOPIC, topic, ResourcePatternTypes.LITERAL, 'bob', AclOperationTypes.WRITE)],
      }),
    );
    return { produce, joinGroup, idempotentProducer, transaction, createAcls };
  },
};
