/**
 * 컨트롤러 API가 보는 `LocalController`: 같은 노드의 `QuorumController`에 넘기고, 답은 레코드가 커밋되어
 * 브로커의 이미지에 적용된 뒤에 옵니다. 쓰기는 활성 컨트롤러의 (아직 커밋되지 않은 제안까지 본) 상태에서 하나씩
 * 판단하므로, 겹친 요청이 같은 토픽을 두 번 만들지 못합니다.
 */
import { describe, expect, it } from 'vitest';
import { LocalController } from '../../src/metadata/controller.js';
import type { NewTopic } from '../../src/metadata/topic-control.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { heartbeatRequest, legacyBroker, ManualRaft, registrationRequest, singleNode } from '../controller/support.js';

const topic = (name: string): NewTopic => ({
  name,
  numPartitions: 1,
  replicationFactor: 1,
  assignments: [],
  configs: [],
});

/** Promise의 후속 작업을 돌립니다. */
const flush = () => new Promise((resolve) => setImmediate(resolve));

const dataTypes = (raft: ManualRaft) =>
  raft.log.flatMap((e) => (e.record.type === 'data' ? [e.record.data.type] : [e.record.type]));

describe('LocalController (this node’s QuorumController behind the controller API handlers)', () => {
  it('registers a broker (BrokerRegistration, then a caught-up heartbeat unfences it) and answers CreateTopics once the records are committed and in the image', async () => {
    const { raft, image, local } = singleNode();
    const registered = await local.registerBroker(registrationRequest(1));
    expect(registered).toMatchObject({ errorCode: ErrorCode.NONE, brokerEpoch: 1 });
    expect(image.brokers.get(1)).toMatchObject({ fenced: true, epoch: 1, incarnationId: 'inc-1' });
    const beat = await local.brokerHeartbeat(heartbeatRequest(1, registered.brokerEpoch, image.offset));
    expect(beat).toMatchObject({ errorCode: ErrorCode.NONE, isCaughtUp: true, isFenced: false });
    expect(image.brokers.get(1)?.fenced).toBe(false);
    const [outcome] = await local.createTopics([topic('orders')], false);
    expect(outcome?.errorCode).toBe(ErrorCode.NONE);
    expect(dataTypes(raft)).toEqual([
      'LeaderChange',
      'RegisterBrokerRecord',
      'BrokerRegistrationChangeRecord',
      'TopicRecord',
      'PartitionRecord',
    ]);
    expect(image.topic('orders')?.partitions[0]).toMatchObject({ leader: 1, isr: [1] });
    expect(image.offset).toBe(4);
  });

  it('two overlapping CreateTopics of one name: one TopicRecord, the second TOPIC_ALREADY_EXISTS, both answered only after commit', async () => {
    const { raft, image, local, commit } = singleNode({ autoCommit: false, initial: [legacyBroker(1)] });
    const answers: (number | undefined)[] = [];
    const first = local.createTopics([topic('dup')], false).then(([o]) => answers.push(o?.errorCode));
    const second = local.createTopics([topic('dup')], false).then(([o]) => answers.push(o?.errorCode));
    await flush();
    expect(answers).toEqual([]);
    expect(image.topic('dup')).toBeUndefined();
    commit();
    await Promise.all([first, second]);
    expect(answers).toEqual([ErrorCode.NONE, ErrorCode.TOPIC_ALREADY_EXISTS]);
    expect(dataTypes(raft).filter((t) => t === 'TopicRecord')).toHaveLength(1);
  });

  it('losing leadership while a write waits answers NOT_CONTROLLER, and the next write too', async () => {
    const { raft, image, local, controller } = singleNode({ autoCommit: false, initial: [legacyBroker(1)] });
    const waiting = local.createTopics([topic('orphan')], false);
    raft.elect(2);
    controller.handleLeaderChange();
    const [outcome] = await waiting;
    expect(outcome?.errorCode).toBe(ErrorCode.NOT_CONTROLLER);
    const [next] = await local.deleteTopics(['orphan']);
    expect(next?.errorCode).toBe(ErrorCode.NOT_CONTROLLER);
    expect(image.topic('orphan')).toBeUndefined();
  });

  it('a node without the controller role answers NOT_CONTROLLER to every write', async () => {
    const local = new LocalController(null);
    expect(local.active).toBe(false);
    expect((await local.createTopics([topic('a')], false)).map((o) => o.errorCode)).toEqual([ErrorCode.NOT_CONTROLLER]);
    expect((await local.createPartitions([{ name: 'a', count: 2, assignments: null }], false))[0]?.errorCode).toBe(
      ErrorCode.NOT_CONTROLLER,
    );
    const [config] = await local.incrementalAlterConfigs([{ resource: { type: 'topic', name: 'a' }, ops: [] }], false);
    expect(config?.errorCode).toBe(ErrorCode.NOT_CONTROLLER);
    expect(await local.allocateProducerIds(1, -1, 10)).toMatchObject({ ok: false, error: ErrorCode.NOT_CONTROLLER });
    expect(await local.registerBroker(registrationRequest(1))).toMatchObject({ errorCode: ErrorCode.NOT_CONTROLLER });
    expect(await local.brokerHeartbeat(heartbeatRequest(1, 1, 0))).toMatchObject({
      errorCode: ErrorCode.NOT_CONTROLLER,
      isFenced: true,
    });
  });

  it('hands out producer ID blocks that never overlap, also after a new leader replays the log', async () => {
    const raft = new ManualRaft();
    const { local } = singleNode({ raft, initial: [legacyBroker(1)] });
    expect(await local.allocateProducerIds(1, -1, 1000)).toMatchObject({ ok: true, firstProducerId: 0 });
    expect(await local.allocateProducerIds(1, -1, 1000)).toMatchObject({ ok: true, firstProducerId: 1000 });
    expect(await local.allocateProducerIds(1, 7, 1000)).toMatchObject({
      ok: false,
      error: ErrorCode.STALE_BROKER_EPOCH,
    });
    // 같은 로그를 처음부터 재생한 새 노드가 다음 에포크의 리더가 됩니다.
    const successor = singleNode({ raft: Object.assign(new ManualRaft(), { log: [...raft.log], epoch: raft.epoch }) });
    expect(await successor.local.allocateProducerIds(1, -1, 1000)).toMatchObject({ ok: true, firstProducerId: 2000 });
  });
});
