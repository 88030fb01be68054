/**
 * Metadata가 토픽을 자동 생성할 때의 답 (Kafka `AutoTopicCreationManager`): 만들지 못한 까닭이 "이미 있음"이면 토픽은
 * 컨트롤러에 있고 이 브로커가 그 레코드를 아직 받지 못했을 뿐입니다. Kafka의 Metadata는 TOPIC_ALREADY_EXISTS를 답하지
 * 않고 LEADER_NOT_AVAILABLE로 클라이언트가 다시 묻게 합니다. 다른 오류는 그대로 알립니다.
 */
import { describe, expect, it } from 'vitest';
import { handleMetadata } from '../../src/apis/03-metadata.js';
import type { RequestContext } from '../../src/apis/api.js';
import { ClusterMetadata } from '../../src/metadata/cluster-metadata.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import type { MetadataRequest } from '../../src/protocol/messages/03-metadata.js';
import { ZERO_UUID } from '../../src/protocol/reader.js';
import { BrokerConfig } from '../../src/server/config.js';
import { createLogger } from '../../src/server/logger.js';

/** 컨트롤러가 `errorCode`로 답하고, 이 브로커의 메타데이터에는 아직 토픽이 없는 브로커 */
function brokerWhoseControllerAnswers(errorCode: number): RequestContext {
  const broker = {
    metadata: new ClusterMetadata('cluster'),
    config: new BrokerConfig(),
    log: createLogger('silent'),
    // 인가기 없음 (authorizer.class.name을 정하지 않은 기본값): 모두 허용
    authorizer: null,
    createTopics: async (topics: readonly { name: string }[]) =>
      topics.map((t) => ({ name: t.name, errorCode, errorMessage: null })),
  };
  const connection = { id: '1', remote: '127.0.0.1:50000', listener: 'PLAINTEXT' };
  return { apiVersion: 12, broker, connection } as unknown as RequestContext;
}

const askFor = (name: string): MetadataRequest =>
  ({
    topics: [{ name, topicId: ZERO_UUID }],
    allowAutoTopicCreation: true,
    includeTopicAuthorizedOperations: false,
  }) as unknown as MetadataRequest;

describe('Metadata의 자동 생성이 실패했을 때의 답', () => {
  it.each([
    ['TOPIC_ALREADY_EXISTS (다른 요청이 먼저 만듦)', ErrorCode.TOPIC_ALREADY_EXISTS, ErrorCode.LEADER_NOT_AVAILABLE],
    ['NONE (만들었지만 이 브로커가 아직 모름)', ErrorCode.NONE, ErrorCode.LEADER_NOT_AVAILABLE],
    ['INVALID_REPLICATION_FACTOR (그대로)', ErrorCode.INVALID_REPLICATION_FACTOR, ErrorCode.INVALID_REPLICATION_FACTOR],
  ])('컨트롤러가 %s', async (_, controllerAnswer, expected) => {
    const response = await handleMetadata(askFor('orders'), brokerWhoseControllerAnswers(controllerAnswer));
    expect(response.topics.map((t) => [t.name, t.errorCode])).toEqual([['orders', expected]]);
  });
});
