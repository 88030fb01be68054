/**
 * 벤치마크의 "천장": 요청을 프레임으로 자르고, 정해 둔 답을 돌려주기만 하는 Node 서버. `npm run bench`가
 * 자식 프로세스로 띄웁니다 (`node --import tsx scripts/lib/bench-sink.ts <port>`).
 *
 * kcat -P가 돌 만큼만 답합니다: ApiVersions, Metadata(브로커 하나, 토픽마다 파티션 하나), Produce(언제나
 * topic bench, partition 0, errorCode 0, baseOffset 0). Produce의 본문은 읽지 않습니다 — 헤더에서 버전과
 * correlation id만 읽고, 버전마다 한 번 만들어 둔 답에 correlation id만 고쳐 씁니다. 그래서 이 서버의 처리량은
 * 같은 Node, 같은 소켓, 같은 프레이머(reference/src/protocol/framer.ts)로 낼 수 있는 상한입니다.
 * Fetch는 답하지 않습니다 (produce 전용).
 *
 * 알리는 버전 범위는 참조 브로커의 등록과 같게 합니다: kcat이 두 서버에 같은 버전의 요청을 보내도록.
 */
import { createServer, type Socket } from 'node:net';
import { produceApi } from '../../reference/src/apis/00-produce.js';
import { metadataApi } from '../../reference/src/apis/03-metadata.js';
import { apiVersionsApi } from '../../reference/src/apis/18-api-versions.js';
import { ApiKey } from '../../reference/src/protocol/api-keys.js';
import { decode, encodeInto } from '../../reference/src/protocol/codec.js';
import { Framer } from '../../reference/src/protocol/framer.js';
import { decodeRequestHeader, encodeResponseHeader } from '../../reference/src/protocol/headers.js';
import { produceResponse } from '../../reference/src/protocol/messages/00-produce.js';
import {
  type MetadataRequest,
  metadataRequest,
  metadataResponse,
} from '../../reference/src/protocol/messages/03-metadata.js';
import { apiVersionsResponse } from '../../reference/src/protocol/messages/18-api-versions.js';
import { ByteReader, ZERO_UUID } from '../../reference/src/protocol/reader.js';
import type { MessageSchema } from '../../reference/src/protocol/schema.js';
import { ByteWriter } from '../../reference/src/protocol/writer.js';
import { josa } from '../../reference/src/server/josa.js';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) throw new Error('사용법: node --import tsx scripts/lib/bench-sink.ts <port>');
const advertised = [produceApi, metadataApi, apiVersionsApi];

/** 크기 접두사 + 응답 헤더 + 본문 */
function response(apiKey: number, version: number, correlationId: number, schema: MessageSchema, body: unknown) {
  const writer = new ByteWriter();
  writer.int32(0);
  encodeResponseHeader(writer, apiKey, version, correlationId);
  encodeInto(writer, schema, version, body as never);
  const frame = Buffer.from(writer.toBuffer());
  frame.writeInt32BE(frame.length - 4, 0);
  return frame;
}

/** Produce 버전마다 한 번 만들어 두는 답. correlation id(크기 접두사 바로 뒤 4바이트)만 고쳐 씁니다. */
const produceAnswers = new Map<number, Buffer>();

function produceAnswer(version: number, correlationId: number): Buffer {
  let template = produceAnswers.get(version);
  if (!template) {
    template = response(ApiKey.Produce, version, 0, produceResponse, {
      responses: [
        {
          name: 'bench',
          partitionResponses: [{ index: 0, errorCode: 0, baseOffset: 0, logAppendTimeMs: -1, logStartOffset: 0 }],
        },
      ],
      throttleTimeMs: 0,
    });
    produceAnswers.set(version, template);
  }
  const answer = Buffer.allocUnsafe(template.length);
  template.copy(answer);
  answer.writeInt32BE(correlationId, 4);
  return answer;
}

/**
 * Produce 요청의 acks. acks=0이면 답하지 않아야 합니다. 헤더 v1/v2 다음 transactional_id(문자열) 다음이 acks입니다
 * (Kafka protocol guide, "Produce API"). v9+는 유연한 버전이라 헤더에 태그 구역이, 문자열에 compact 길이가 씁니다.
 */
function produceAcks(frame: Buffer, version: number): number {
  let at = 8;
  const clientIdLength = frame.readInt16BE(at);
  at += 2 + Math.max(0, clientIdLength);
  const flexible = version >= 9;
  if (flexible) {
    const reader = new ByteReader(frame, at);
    reader.taggedFields();
    const idLength = reader.unsignedVarint() - 1;
    return frame.readInt16BE(reader.position + Math.max(0, idLength));
  }
  const idLength = frame.readInt16BE(at);
  return frame.readInt16BE(at + 2 + Math.max(0, idLength));
}

function answer(frame: Buffer): Buffer | null {
  const apiKey = frame.readInt16BE(0);
  const version = frame.readInt16BE(2);
  const correlationId = frame.readInt32BE(4);
  if (apiKey === ApiKey.Produce)
    return produceAcks(frame, version) === 0 ? null : produceAnswer(version, correlationId);
  if (apiKey === ApiKey.ApiVersions) {
    const apiKeys = advertised.map((api) => ({
      apiKey: api.key,
      minVersion: api.minVersion,
      maxVersion: api.maxVersion,
    }));
    return response(apiKey, Math.min(version, 4), correlationId, apiVersionsResponse, {
      errorCode: 0,
      apiKeys: apiKeys.sort((a, b) => a.apiKey - b.apiKey),
      throttleTimeMs: 0,
    });
  }
  if (apiKey === ApiKey.Metadata) {
    const reader = new ByteReader(frame);
    decodeRequestHeader(reader);
    const request = decode(metadataRequest, version, reader) as MetadataRequest;
    const names = request.topics?.map((t) => t.name ?? 'bench') ?? ['bench'];
    return response(apiKey, version, correlationId, metadataResponse, {
      throttleTimeMs: 0,
      brokers: [{ nodeId: 1, host: '127.0.0.1', port, rack: null }],
      clusterId: 'bench-sink',
      controllerId: 1,
      topics: names.map((name) => ({
        errorCode: 0,
        name,
        topicId: ZERO_UUID,
        isInternal: false,
        partitions: [
          {
            errorCode: 0,
            partitionIndex: 0,
            leaderId: 1,
            leaderEpoch: 0,
            replicaNodes: [1],
            isrNodes: [1],
            offlineReplicas: [],
          },
        ],
      })),
    });
  }
  throw new Error(`싱크는 ${josa(`API ${apiKey}`, '을/를')} 모릅니다`);
}

function serve(socket: Socket): void {
  socket.setNoDelay(true);
  const framer = new Framer(100 * 1024 * 1024);
  socket.on('data', (chunk: Buffer) => {
    socket.cork();
    try {
      for (const frame of framer.feed(chunk)) {
        const reply = answer(frame);
        if (reply) socket.write(reply);
      }
    } catch (error) {
      console.error(`싱크: ${(error as Error).message}`);
      socket.destroy();
    } finally {
      socket.uncork();
    }
  });
  socket.on('error', () => {});
}

const server = createServer(serve);
server.listen({ host: '127.0.0.1', port }, () => console.log(`싱크가 준비되었습니다: 127.0.0.1:${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
