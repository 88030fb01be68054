/**
 * 그룹·트랜잭션 코디네이터 상태 표(group/README.md, transaction/README.md) 가운데, 요청이 핸들러를 지나야 보이는 줄을
 * 날(raw) 프로토콜로 점검합니다: 버전에 따라 달라지는 답, 빈 ID, 요청 모양의 검사. 테스트 이름은 Kafka의 같은 경우의
 * 테스트 이름입니다 (KafkaApisTest, GroupCoordinatorServiceTest, TransactionCoordinatorTest 등).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { RawClient } from './raw-client.js';
import { kafka, type RunningBroker, removeDir, startBroker } from './support.js';

let running: RunningBroker;
let client: RawClient;

beforeAll(async () => {
  running = await startBroker({ KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0' });
  const admin = kafka(running.bootstrap).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'events', numPartitions: 2 }] });
  await admin.disconnect();
  client = await RawClient.connect(running.broker.port);
  // 두 내부 토픽을 미리 만듭니다 (FindCoordinator가 처음 올 때 만들어집니다).
  await client.send(ApiKey.FindCoordinator, 1, { key: 'g', keyType: 0 });
  await client.send(ApiKey.FindCoordinator, 1, { key: 'tx', keyType: 1 });
});

afterAll(async () => {
  client.close();
  await running.stop();
  removeDir(running.dir);
});

type InitResult = { errorCode: number; producerId: number; producerEpoch: number };
const init = (transactionalId: string | null, producerId: number, producerEpoch: number) =>
  client.send<InitResult>(ApiKey.InitProducerId, 4, {
    transactionalId,
    transactionTimeoutMs: 60_000,
    producerId,
    producerEpoch,
  });

describe('InitProducerId (KafkaApis.handleInitProducerIdRequest, TransactionCoordinator.handleInitProducerId)', () => {
  it('shouldAcceptInitPidAndReturnNextPidWhenTransactionalIdIsNull: 멱등 프로듀서는 보낸 ID와 상관없이 언제나 새 ID와 에포크 0을 받습니다', async () => {
    const first = await init(null, -1, -1);
    expect(first).toMatchObject({ errorCode: ErrorCode.NONE, producerEpoch: 0 });
    const again = await init(null, first.producerId, 0);
    expect(again.errorCode).toBe(ErrorCode.NONE);
    expect(again.producerEpoch).toBe(0);
    expect(again.producerId, '같은 ID의 에포크를 올려 주지 않습니다').not.toBe(first.producerId);
    // @platformatic/kafka는 처음에 (0, 0)을 보냅니다: 두 프로듀서가 같은 ID를 받으면 시퀀스가 섞입니다.
    const [a, b] = await Promise.all([init(null, 0, 0), init(null, 0, 0)]);
    expect(a?.producerId).not.toBe(b?.producerId);
  });

  it('testInitProducerIdWithInvalidProducerIdAndEpoch: 프로듀서 ID와 에포크 중 하나만 -1이면 INVALID_REQUEST', async () => {
    expect((await init(null, 5, -1)).errorCode).toBe(ErrorCode.INVALID_REQUEST);
    expect((await init('tx', -1, 3)).errorCode).toBe(ErrorCode.INVALID_REQUEST);
  });

  it('shouldReturnInvalidRequestWhenTransactionalIdIsEmpty: 빈 트랜잭션 ID는 INVALID_REQUEST', async () => {
    expect((await init('', -1, -1)).errorCode).toBe(ErrorCode.INVALID_REQUEST);
  });

  it('testInitProducerIdWithCurrentEpochProvided: 트랜잭션 프로듀서가 지금의 ID와 에포크를 보내면 에포크를 올려 줍니다 (KIP-360)', async () => {
    const first = await init('kip-360', -1, -1);
    const bumped = await init('kip-360', first.producerId, first.producerEpoch);
    expect(bumped).toMatchObject({ errorCode: ErrorCode.NONE, producerId: first.producerId, producerEpoch: 1 });
    const stale = await client.send<InitResult>(ApiKey.InitProducerId, 3, {
      transactionalId: 'kip-360',
      transactionTimeoutMs: 60_000,
      producerId: first.producerId + 1,
      producerEpoch: 1,
    });
    expect(stale.errorCode, 'v3는 PRODUCER_FENCED를 몰라 INVALID_PRODUCER_EPOCH로 받습니다').toBe(
      ErrorCode.INVALID_PRODUCER_EPOCH,
    );
  });
});
