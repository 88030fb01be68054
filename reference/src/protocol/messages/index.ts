/**
 * API 키 → 요청·응답 스키마. 서버는 요청 헤더의 API 키로 여기서 스키마를 찾아 본문을 읽고,
 * 헤더 버전(유연한 버전인지)도 이 스키마의 `flexibleVersions`로 정합니다 (../headers.ts).
 *
 * 스키마의 `validVersions`는 Kafka 명세의 범위 전체입니다. 브로커가 ApiVersions로 알리는 범위는
 * 핸들러가 실제로 구현한 범위이며, 그보다 좁을 수 있습니다.
 */
import { ApiKey } from '../api-keys.js';
import type { MessageSchema } from '../schema.js';
import { produceRequest, produceResponse } from './00-produce.js';
import { fetchRequest, fetchResponse } from './01-fetch.js';
import { listOffsetsRequest, listOffsetsResponse } from './02-list-offsets.js';
import { metadataRequest, metadataResponse } from './03-metadata.js';
import { apiVersionsRequest, apiVersionsResponse } from './18-api-versions.js';
import { createTopicsRequest, createTopicsResponse } from './19-create-topics.js';
import { deleteTopicsRequest, deleteTopicsResponse } from './20-delete-topics.js';
import { describeConfigsRequest, describeConfigsResponse } from './32-describe-configs.js';
import { createPartitionsRequest, createPartitionsResponse } from './37-create-partitions.js';

export interface ApiSchemas {
  readonly request: MessageSchema;
  readonly response: MessageSchema;
}

export const messages = {
  [ApiKey.Produce]: { request: produceRequest, response: produceResponse },
  [ApiKey.Fetch]: { request: fetchRequest, response: fetchResponse },
  [ApiKey.ListOffsets]: { request: listOffsetsRequest, response: listOffsetsResponse },
  [ApiKey.Metadata]: { request: metadataRequest, response: metadataResponse },
  [ApiKey.ApiVersions]: { request: apiVersionsRequest, response: apiVersionsResponse },
  [ApiKey.CreateTopics]: { request: createTopicsRequest, response: createTopicsResponse },
  [ApiKey.DeleteTopics]: { request: deleteTopicsRequest, response: deleteTopicsResponse },
  [ApiKey.DescribeConfigs]: { request: describeConfigsRequest, response: describeConfigsResponse },
  [ApiKey.CreatePartitions]: { request: createPartitionsRequest, response: createPartitionsResponse },
} as const satisfies Record<number, ApiSchemas>;

/** 이 API 키의 스키마. 모르는 API 키면 undefined. */
export function schemasFor(apiKey: number): ApiSchemas | undefined {
  return (messages as Record<number, ApiSchemas>)[apiKey];
}
