/**
 * ACL은 메타데이터 로그에 있으므로 한 브로커에서 만든 것이 모든 브로커에 적용됩니다: 프로세스 셋(브로커+컨트롤러)의
 * 클러스터에서 노드 1에 CreateAcls를 보내고, 세 노드 모두가 DescribeAcls로 같은 ACL을 보여 주고 Metadata에서 그 ACL대로
 * 거절하는지 봅니다. `super.users`는 비우고 `allow.everyone.if.no.acl.found=true`로 시작합니다. 주체는 모두
 * `User:ANONYMOUS`(PLAINTEXT)라, 브로커 사이의 일(팔로워 Fetch, 마커)을 위해 ANONYMOUS에게 클러스터 ALL을 ACL로 줍니다
 * (super.users 대신 ACL로 준 브로커 사이의 권한).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { ZERO_UUID } from '../../src/protocol/reader.js';
import { AclOperation, AclPermissionType, CLUSTER_NAME, PatternType, ResourceType } from '../../src/security/acl.js';
import { QuorumProcesses, send, settle } from './quorum-processes.js';

const IDS = [1, 2, 3];
let quorum: QuorumProcesses;

beforeAll(async () => {
  quorum = await QuorumProcesses.launch({
    name: 'acl',
    ids: IDS,
    env: {
      KAFKA_AUTHORIZER_CLASS_NAME: 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
      KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND: 'true',
    },
    readyTimeoutMs: 120_000,
    requestTimeoutMs: 5000,
  });
}, 180_000);

afterAll(async () => {
  await quorum?.close();
});

const filterAll = {
  resourceTypeFilter: ResourceType.ANY,
  resourceNameFilter: null,
  patternTypeFilter: PatternType.ANY,
  principalFilter: null,
  hostFilter: null,
  operation: AclOperation.ANY,
  permissionType: AclPermissionType.ANY,
};

async function metadataCode(id: number, topic: string): Promise<number | null> {
  const reply = await send(quorum.brokers, id, {
    apiKey: ApiKey.Metadata,
    apiVersion: 12,
    body: { topics: [{ name: topic, topicId: ZERO_UUID }], allowAutoTopicCreation: false },
  });
  if (!reply.ok) return null;
  return (reply.response as { topics: { errorCode: number }[] }).topics[0]?.errorCode ?? null;
}

describe('ACLs on a three-node cluster', () => {
  it('an ACL created through node 1 is described and enforced by nodes 1, 2 and 3', async () => {
    const created = await settle(
      'CreateAcls에 노드 1이 답함',
      async () => {
        const reply = await send(quorum.brokers, 1, {
          apiKey: ApiKey.CreateAcls,
          apiVersion: 3,
          body: {
            creations: [
              {
                resourceType: ResourceType.CLUSTER,
                resourceName: CLUSTER_NAME,
                resourcePatternType: PatternType.LITERAL,
                principal: 'User:ANONYMOUS',
                host: '*',
                operation: AclOperation.ALL,
                permissionType: AclPermissionType.ALLOW,
              },
              {
                resourceType: ResourceType.TOPIC,
                resourceName: 'secret',
                resourcePatternType: PatternType.PREFIXED,
                principal: 'User:*',
                host: '*',
                operation: AclOperation.DESCRIBE,
                permissionType: AclPermissionType.DENY,
              },
            ],
          },
        });
        return reply.ok ? (reply.response as { results: { errorCode: number }[] }) : null;
      },
      60_000,
    );
    expect(created.results.map((r) => r.errorCode)).toEqual([ErrorCode.NONE, ErrorCode.NONE]);

    for (const id of IDS) {
      const described = await settle(
        `노드 ${id}의 DescribeAcls에 두 ACL`,
        async () => {
          const reply = await send(quorum.brokers, id, { apiKey: ApiKey.DescribeAcls, apiVersion: 3, body: filterAll });
          const body = reply.ok ? (reply.response as { resources: { resourceName: string }[] }) : null;
          return body && body.resources.length === 2 ? body : null;
        },
        60_000,
      );
      expect(described.resources.map((r) => r.resourceName).sort()).toEqual([CLUSTER_NAME, 'secret']);
      // 거절은 있든 없든 같은 답입니다: secret-plans는 없는 토픽입니다.
      expect(await metadataCode(id, 'secret-plans')).toBe(ErrorCode.TOPIC_AUTHORIZATION_FAILED);
      // ACL이 없는 토픽은 allow.everyone.if.no.acl.found로 보입니다 (없는 토픽이라 UNKNOWN_TOPIC_OR_PARTITION).
      expect(await metadataCode(id, 'public')).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    }
  }, 240_000);
});
