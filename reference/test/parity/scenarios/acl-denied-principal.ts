/**
 * 거절된 주체: ACL이 하나도 걸리지 않은 토픽·그룹·트랜잭션 ID에 bob(SCRAM-SHA-256, super user 아님)이 요청하면
 * `allow.everyone.if.no.acl.found=false`라 모두 거절되고, 요청마다 Kafka가 정한 자원의 오류 코드를 받습니다. 클러스터에
 * ALTER가 없으니 ACL을 스스로 만들 수도 없습니다. 토픽은 admin이 만들어 두었습니다 (있는 자원에 대한 거절).
 */
import { fetchOnce, LATEST, listOffset, produce } from '../requests.js';
import { type Scenario, SECURED } from '../scenario.js';
import { AclOperationTypes, AclResourceTypes, acl, ResourcePatternTypes } from '../security.js';
import {
  BOB,
  createAclError,
  findCoordinatorError,
  initProducerIdError,
  joinGroupError,
  offsetCommitError,
  oneRecord,
} from './security-helpers.js';

export const aclDeniedPrincipal: Scenario = {
  name: 'acl-denied-principal',
  title: 'ACL이 없는 주체의 쓰기, 읽기, 그룹, 트랜잭션, ACL 만들기',
  needs: SECURED,
  kafka: {
    answer: {
      produce: 'TOPIC_AUTHORIZATION_FAILED',
      fetch: 'TOPIC_AUTHORIZATION_FAILED',
      listOffsets: 'TOPIC_AUTHORIZATION_FAILED',
      findGroupCoordinator: 'GROUP_AUTHORIZATION_FAILED',
      joinGroup: 'GROUP_AUTHORIZATION_FAILED',
      offsetCommit: 'GROUP_AUTHORIZATION_FAILED',
      findTransactionCoordinator: 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
      initProducerId: 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
      createAcls: 'CLUSTER_AUTHORIZATION_FAILED',
    },
    source:
      'KafkaApis.handleProduceRequest·handleFetchRequest·handleListOffsetRequest (AuthHelper.filterByAuthorized, ' +
      'TOPIC WRITE·READ·DESCRIBE); KafkaApis.getCoordinator (GROUP·TRANSACTIONAL_ID DESCRIBE); ' +
      'handleJoinGroupRequest·handleOffsetCommitRequest (GROUP READ가 먼저); handleInitProducerIdRequest ' +
      '(TRANSACTIONAL_ID WRITE); ControllerApis.handleCreateAcls (CLUSTER ALTER); StandardAuthorizerData.authorize ' +
      '(맞는 ACL이 없으면 allow.everyone.if.no.acl.found)',
  },
  async run(ctx) {
    const topic = ctx.name('orders');
    const groupId = ctx.name('group');
    const transactionalId = ctx.name('tx');
    await ctx.createTopics({ name: topic, partitions: 1 });
    const bob = await ctx.rawAs(BOB);
    return {
      produce: (await produce(bob, topic, 0, oneRecord())).error,
      fetch: (await fetchOnce(bob, topic, 0, 0)).error,
      listOffsets: (await listOffset(bob, topic, 0, LATEST)).error,
      findGroupCoordinator: await findCoordinatorError(bob, groupId, 0),
      joinGroup: await joinGroupError(bob, groupId),
      offsetCommit: await offsetCommitError(bob, groupId, topic),
      findTransactionCoordinator: await findCoordinatorError(bob, transactionalId, 1),
      initProducerId: await initProducerIdError(bob, transactionalId),
      createAcls: await createAclError(
        bob,
        acl(AclResourceTypes.TOPIC, topic, ResourcePatternTypes.LITERAL, 'bob', AclOperationTypes.ALL),
      ),
    };
  },
};
