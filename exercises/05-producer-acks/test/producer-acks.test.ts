/**
 * 5장 테스트: acks, 배치, 멱등성. 테스트는 고치지 마세요.
 * 테스트 이름의 `:` 앞부분이 ID이고, course/chapters.ts에 같은 ID의 힌트가 있습니다.
 *
 * 작은 단계부터 갑니다: 쓰기 전의 min.insync.replicas 검사 → acks=all이 끝나는 때(produce purgatory의 완료 조건)
 * → 멱등 프로듀서의 시퀀스 검사(새 프로듀서, 이어지는 시퀀스, 중복, 최근 5개, 구멍, 옛 에포크, 새 에포크,
 * 멱등이 아닌 배치, int32 넘김) → 끝에서 끝까지. 마지막 두 테스트는 여러분의 ProducerStateManager를 끼운
 * reference 브로커를 띄웁니다. 첫째는 모든 Produce 요청을 두 번 보내는 프록시를 거쳐 kafkajs 멱등 프로듀서로 보내고,
 * 둘째는 min.insync.replicas=2인 토픽에 acks=1과 acks=-1로 보냅니다.
 *
 * 시퀀스 검사 테스트는 프로듀서 상태를 `record`(이미 만들어 둔, "로그에 쓴 뒤에 기억하기")로 준비하고
 * 여러분의 `check`에 묻습니다. 브로커도 같은 순서로 부릅니다: check → 로그에 쓰기 → record.
 */
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { ErrorCode, errorName } from '../../../reference/src/protocol/error-codes.js';
import { startDuplicatingProxy } from '../../../reference/test/e2e/duplicating-proxy.js';
import { freePort, readAllWithKcat, removeDir, startBroker } from '../../../reference/test/e2e/support.js';
import { enoughReplicasError, isProduceComplete, type ProducePartitionStatus } from '../src/delayed-produce.js';
import { type BatchMetadata, ProducerStateManager, type SequenceCheck } from '../src/producer-state.js';

const INT32_MAX = 2147483647;
const PID = 7;

type Header = Parameters<ProducerStateManager['check']>[0];

/** 멱등 프로듀서의 배치 헤더: 에포크, 첫 시퀀스, 레코드 수 */
function batch(producerEpoch: number, baseSequence: number, records: number, producerId = PID): Header {
  return { producerId, producerEpoch, baseSequence, lastOffsetDelta: records - 1 };
}

/** 브로커가 배치를 로그의 firstOffset에 쓴 뒤 하는 일: 프로듀서 상태에 기억시킵니다 (`record`는 이미 만들어 두었습니다) */
function written(state: ProducerStateManager, header: Header, firstOffset: number): void {
  state.record({ ...header, maxTimestamp: 1_700_000_000_000 + firstOffset, attributes: 0 }, firstOffset);
}

/** check의 답을 읽기 쉬운 한 줄로: `append`, `duplicate: 오프셋 100~104`, `OUT_OF_ORDER_SEQUENCE_NUMBER(45)` */
function verdict(result: SequenceCheck): string {
  if (result.kind === 'duplicate') return `duplicate: 오프셋 ${result.batch.firstOffset}~${result.batch.lastOffset}`;
  if (result.kind === 'error') return `${errorName(result.errorCode)}(${result.errorCode})`;
  return result.kind;
}

const OUT_OF_ORDER = 'OUT_OF_ORDER_SEQUENCE_NUMBER(45)';
const FENCED = 'INVALID_PRODUCER_EPOCH(47)';

/** 강의 확인 문제 4의 상태: 프로듀서 7(에포크 0)의 시퀀스 0~4, 5~9, 10~14가 오프셋 100~114에 있습니다 */
function quizFourState(): ProducerStateManager {
  const state = new ProducerStateManager();
  written(state, batch(0, 0, 5), 100);
  written(state, batch(0, 5, 5), 105);
  written(state, batch(0, 10, 5), 110);
  return state;
}

const partition = (requiredOffset: number, highWatermark: number, errorCode: number = ErrorCode.NONE) =>
  ({ errorCode, requiredOffset, highWatermark }) satisfies ProducePartitionStatus;

describe('5장 acks, 배치, 멱등성', () => {
  it('NotEnoughReplicasOnlyForAcksAll: acks=-1이고 ISR이 min.insync.replicas보다 작을 때만 쓰기 전에 NOT_ENOUGH_REPLICAS입니다', () => {
    const cases: [acks: number, isr: number, minIsr: number, expected: number][] = [
      [-1, 1, 2, ErrorCode.NOT_ENOUGH_REPLICAS], // 브로커 둘이 죽어 ISR에 리더만 남았습니다 (확인 문제 2)
      [-1, 2, 3, ErrorCode.NOT_ENOUGH_REPLICAS],
      [-1, 2, 2, ErrorCode.NONE], // 딱 맞으면 씁니다
      [-1, 3, 2, ErrorCode.NONE],
      [-1, 1, 1, ErrorCode.NONE], // 기본값 1: 리더 하나로도 씁니다
      [1, 1, 2, ErrorCode.NONE], // acks=1은 이 설정과 상관없습니다
      [1, 1, 3, ErrorCode.NONE],
      [0, 1, 3, ErrorCode.NONE], // acks=0도
    ];
    for (const [acks, isr, minIsr, expected] of cases) {
      expect(
        enoughReplicasError(acks, isr, minIsr),
        `acks=${acks}, ISR ${isr}개, min.insync.replicas=${minIsr}: ${errorName(expected)}(${expected})여야 합니다`,
      ).toBe(expected);
    }
  });

  it('AcksAllWaitsForHighWatermark: acks 0과 1은 쓰자마자 끝나고, acks=-1은 모든 파티션의 하이 워터마크가 필요한 오프셋에 닿아야 끝납니다', () => {
    for (const acks of [0, 1]) {
      expect(
        isProduceComplete(acks, [partition(103, 100)]),
        `acks=${acks}: 리더가 썼으면 끝입니다. 하이 워터마크(100)가 아직 103에 못 미쳐도 기다리지 않습니다`,
      ).toBe(true);
    }
    // 강의의 그림: 오프셋 100~102에 쓴 배치의 필요한 오프셋은 103입니다.
    expect(isProduceComplete(-1, [partition(103, 100)]), 'acks=-1, HW 100 < 103: 팔로워가 아직 못 가져갔습니다').toBe(
      false,
    );
    expect(isProduceComplete(-1, [partition(103, 102)]), 'acks=-1, HW 102 < 103: 마지막 레코드 102가 아직입니다').toBe(
      false,
    );
    expect(isProduceComplete(-1, [partition(103, 103)]), 'acks=-1, HW 103 = 103: ISR 모두가 가졌습니다').toBe(true);
    expect(isProduceComplete(-1, [partition(103, 120)]), 'acks=-1, HW 120 ≥ 103: 이미 지나갔습니다').toBe(true);
    expect(
      isProduceComplete(-1, [partition(103, 103), partition(51, 50)]),
      'acks=-1, 두 파티션 중 하나(HW 50 < 51)가 아직이면 요청 전체가 기다립니다',
    ).toBe(false);
    expect(
      isProduceComplete(-1, [partition(103, 103), partition(51, 51)]),
      'acks=-1, 두 파티션 모두 닿았으면 끝입니다',
    ).toBe(true);
  });

  it('FailedPartitionDoesNotWait: acks=-1에서 쓰기에 실패한 파티션은 기다릴 것이 없으므로 요청을 붙잡지 않습니다', () => {
    const failed = partition(103, 100, ErrorCode.NOT_LEADER_OR_FOLLOWER);
    expect(
      isProduceComplete(-1, [failed]),
      '쓰기에 실패한 파티션(NOT_LEADER_OR_FOLLOWER)은 하이 워터마크가 못 미쳐도 끝난 것입니다: 오류로 곧바로 답합니다',
    ).toBe(true);
    expect(
      isProduceComplete(-1, [failed, partition(51, 50)]),
      '실패한 파티션 + 아직 기다리는 파티션(HW 50 < 51): 기다리는 쪽 때문에 아직입니다',
    ).toBe(false);
    expect(isProduceComplete(-1, [failed, partition(51, 51)]), '실패한 파티션 + 닿은 파티션: 끝입니다').toBe(true);
  });

  it('NewProducerStartsAtZero: 처음 보는 프로듀서는 시퀀스 0부터 받고, check는 상태를 바꾸지 않습니다', () => {
    const state = new ProducerStateManager();
    expect(verdict(state.check(batch(0, 0, 3))), '처음 보는 프로듀서 7의 첫 배치(시퀀스 0~2)는 받습니다').toBe(
      'append',
    );
    expect(
      verdict(state.check(batch(0, 3, 1))),
      '처음 보는 프로듀서의 첫 배치가 시퀀스 3이면 앞의 0~2가 사라진 것입니다 (강의 "중복과 순서 검사"의 마지막 문단)',
    ).toBe(OUT_OF_ORDER);
    expect(
      state.entry(PID),
      'check는 묻기만 합니다. 기억은 로그에 쓴 뒤 record가 합니다: check 뒤에도 프로듀서 7의 항목이 없어야 합니다',
    ).toBeUndefined();
    expect(verdict(state.check(batch(0, 0, 3))), '그래서 같은 것을 다시 물어도 답이 같습니다').toBe('append');
    written(state, batch(0, 0, 5), 100);
    expect(
      verdict(state.check(batch(0, 0, 1, 8))),
      '프로듀서마다 따로 셉니다: 처음 보는 프로듀서 8은 프로듀서 7과 상관없이 0부터',
    ).toBe('append');
    expect(verdict(state.check(batch(0, 5, 1, 8))), '프로듀서 8이 5부터 시작하면 구멍입니다').toBe(OUT_OF_ORDER);
  });

  it('ConsecutiveSequenceAppends: 마지막 배치의 마지막 시퀀스 다음에서 시작하는 배치를 받습니다', () => {
    const state = new ProducerStateManager();
    written(state, batch(0, 0, 3), 40); // 강의의 그림: 배치 A(시퀀스 0~2)가 오프셋 40~42에
    expect(
      verdict(state.check(batch(0, 3, 1))),
      '배치 A가 시퀀스 0~2이면 다음 배치 B는 3에서 시작합니다 (시퀀스는 배치가 아니라 레코드마다 오릅니다)',
    ).toBe('append');
    written(state, batch(0, 3, 1), 43);
    expect(verdict(state.check(batch(0, 4, 5))), 'B(시퀀스 3) 다음은 4').toBe('append');
    written(state, batch(0, 4, 5), 44);
    expect(verdict(state.check(batch(0, 9, 1))), '레코드 5개(4~8) 다음은 9').toBe('append');
    const state4 = quizFourState();
    expect(verdict(state4.check(batch(0, 15, 5))), '확인 문제 4 (a): 14 다음인 15~19는 받습니다').toBe('append');
  });

  it('DuplicateReturnsFirstOffsets: 최근 배치와 첫·마지막 시퀀스가 같은 배치는 중복이고, 그 배치가 처음 받았던 오프셋을 돌려줍니다', () => {
    const state = new ProducerStateManager();
    const offsets = [100, 105, 110, 115, 120];
    offsets.forEach((offset, i) => {
      written(state, batch(0, i * 5, 5), offset);
    });
    const remembered = state.entry(PID)?.batches ?? [];
    offsets.forEach((offset, i) => {
      const result = state.check(batch(0, i * 5, 5));
      expect(
        verdict(result),
        `시퀀스 ${i * 5}~${i * 5 + 4}를 다시 보냈습니다: 쓰지 않고 처음의 오프셋 ${offset}~${offset + 4}로 답해야 합니다`,
      ).toBe(`duplicate: 오프셋 ${offset}~${offset + 4}`);
      expect(
        (result as { batch?: BatchMetadata }).batch,
        'duplicate의 batch는 기억해 둔 배치(state.entry(pid).batches의 것) 그대로입니다',
      ).toEqual(remembered[i]);
    });
    expect(
      verdict(state.check(batch(0, 5, 3))),
      '첫 시퀀스(5)만 같고 마지막 시퀀스(7 ≠ 9)가 다르면 같은 배치가 아닙니다: 중복도, 이어지는 시퀀스(25)도 아닙니다',
    ).toBe(OUT_OF_ORDER);
    expect(verdict(quizFourState().check(batch(0, 5, 5))), '확인 문제 4 (b): 5~9는 중복, 처음의 105~109').toBe(
      'duplicate: 오프셋 105~109',
    );
  });

  it('OnlyLastFiveBatchesAreRemembered: 최근 5개보다 오래된 배치가 다시 오면 중복인지 알 수 없어 OUT_OF_ORDER_SEQUENCE_NUMBER입니다', () => {
    const state = new ProducerStateManager();
    for (let seq = 0; seq < 6; seq++) written(state, batch(0, seq, 1), seq); // 배치 6개: 시퀀스 0~5, 오프셋 0~5
    expect(
      verdict(state.check(batch(0, 0, 1))),
      '시퀀스 0의 배치는 기억에서 밀려났습니다(최근 5개는 1~5): 중복으로 알아볼 수 없고, 다음 시퀀스(6)도 아닙니다',
    ).toBe(OUT_OF_ORDER);
    expect(verdict(state.check(batch(0, 1, 1))), '시퀀스 1은 아직 최근 5개 안: 중복, 처음의 오프셋 1').toBe(
      'duplicate: 오프셋 1~1',
    );
    expect(verdict(state.check(batch(0, 5, 1))), '가장 최근 배치(시퀀스 5)의 재전송도 중복').toBe(
      'duplicate: 오프셋 5~5',
    );
    expect(verdict(state.check(batch(0, 6, 1))), '다음 시퀀스 6은 받습니다').toBe('append');
  });

  it('SequenceGapIsOutOfOrder: 다음 시퀀스가 아닌 배치는 중복이 아니면 OUT_OF_ORDER_SEQUENCE_NUMBER로 거절합니다', () => {
    const state = quizFourState(); // 마지막 시퀀스 14
    expect(verdict(state.check(batch(0, 20, 5))), '확인 문제 4 (c): 15를 기다렸는데 20이 왔습니다').toBe(OUT_OF_ORDER);
    expect(verdict(state.check(batch(0, 16, 1))), '15를 하나만 건너뛰어도 구멍입니다').toBe(OUT_OF_ORDER);
    expect(
      verdict(state.check(batch(0, 12, 5))),
      '12~16은 앞의 배치와 겹치지만 같은 배치가 아니고, 15에서 시작하지도 않습니다',
    ).toBe(OUT_OF_ORDER);
    const result = state.check(batch(0, 20, 5));
    expect(
      result.kind === 'error' && typeof result.message === 'string' && result.message.length > 0,
      '거절할 때는 { kind: "error", errorCode, message }: 로그와 응답에 실을 설명(message)도 채워 주세요',
    ).toBe(true);
  });

  it('OlderEpochIsFenced: 기억한 에포크보다 옛 에포크의 배치는 시퀀스와 상관없이 INVALID_PRODUCER_EPOCH입니다', () => {
    const state = quizFourState();
    written(state, batch(1, 0, 3), 115); // 확인 문제 4 (d): 에포크 1의 시퀀스 0~2가 오프셋 115~117에
    expect(verdict(state.check(batch(0, 15, 5))), '확인 문제 4 (e): 지금 에포크는 1, 에포크 0의 다음 시퀀스라도').toBe(
      FENCED,
    );
    expect(
      verdict(state.check(batch(0, 0, 3))),
      '에포크 0의 시퀀스 0~2는 에포크 1의 최근 배치(0~2)와 시퀀스가 같지만 중복이 아닙니다: 에포크를 먼저 봅니다',
    ).toBe(FENCED);
    expect(verdict(state.check(batch(0, 3, 1))), '에포크 1의 다음 시퀀스(3)라도 에포크가 0이면 거절합니다').toBe(
      FENCED,
    );
    expect(verdict(state.check(batch(1, 3, 1))), '에포크 1의 3은 받습니다').toBe('append');
  });

  it('NewEpochRestartsAtZero: 더 큰 에포크의 첫 배치는 시퀀스 0부터여야 하고, 그 뒤로는 새 에포크의 시퀀스를 셉니다', () => {
    const state = quizFourState();
    expect(
      verdict(state.check(batch(1, 15, 5))),
      '에포크 1의 첫 배치가 15에서 시작했습니다: 에포크 0의 다음 시퀀스라도, 새 에포크는 0부터입니다',
    ).toBe(OUT_OF_ORDER);
    expect(verdict(state.check(batch(1, 0, 3))), '확인 문제 4 (d): 에포크 1의 시퀀스 0~2는 받습니다').toBe('append');
    expect(verdict(state.check(batch(5, 0, 1))), '에포크가 여러 칸 뛰어도(0 → 5) 0부터면 받습니다').toBe('append');
    written(state, batch(1, 0, 3), 115);
    expect(verdict(state.check(batch(1, 3, 2))), '에포크 1의 0~2 다음은 3').toBe('append');
    expect(verdict(state.check(batch(1, 0, 3))), '에포크 1의 0~2를 다시 보내면 중복, 처음의 115~117').toBe(
      'duplicate: 오프셋 115~117',
    );
    expect(
      verdict(state.check(batch(1, 5, 5))),
      '에포크 1에서 5~9는 중복이 아닙니다(그것은 에포크 0의 배치였습니다): 3을 기다리는데 5가 왔습니다',
    ).toBe(OUT_OF_ORDER);
  });

  it('NonIdempotentAlwaysAppends: producerId가 -1인 배치(멱등 프로듀서가 아님)는 검사 없이 언제나 받습니다', () => {
    const state = quizFourState();
    const plain: Header = { producerId: -1, producerEpoch: -1, baseSequence: -1, lastOffsetDelta: 2 };
    expect(verdict(state.check(plain)), '멱등이 아닌 배치: 시퀀스(-1)를 보지 않고 받습니다').toBe('append');
    written(state, plain, 115);
    expect(
      verdict(state.check(plain)),
      '같은 배치가 다시 와도 알아볼 방법이 없습니다: 또 받습니다 (그래서 멱등이 아니면 재전송이 중복을 만듭니다)',
    ).toBe('append');
    expect(
      verdict(new ProducerStateManager().check({ ...plain, lastOffsetDelta: 0 })),
      '빈 상태에서도 받습니다 (-1은 "처음 보는 프로듀서"가 아닙니다)',
    ).toBe('append');
  });

  it('SequenceWrapsAtInt32Max: 시퀀스는 int32 최댓값 다음에 0으로 돌아갑니다', () => {
    const atMax = new ProducerStateManager();
    atMax.restore([
      {
        producerId: PID,
        epoch: 0,
        batches: [{ firstSeq: INT32_MAX - 2, lastSeq: INT32_MAX, firstOffset: 500, lastOffset: 502, timestamp: 0 }],
        currentTxnFirstOffset: -1,
      },
    ]);
    expect(
      verdict(atMax.check(batch(0, 0, 2))),
      `마지막 배치가 ${INT32_MAX}(int32 최댓값)에서 끝났으면 다음 시퀀스는 0입니다 (같은 파일의 nextSequence)`,
    ).toBe('append');
    expect(verdict(atMax.check(batch(0, INT32_MAX - 2, 3))), '넘기기 직전 배치의 재전송은 중복').toBe(
      'duplicate: 오프셋 500~502',
    );

    const crossing = new ProducerStateManager();
    crossing.restore([
      {
        producerId: PID,
        epoch: 0,
        batches: [{ firstSeq: INT32_MAX - 5, lastSeq: INT32_MAX - 2, firstOffset: 600, lastOffset: 603, timestamp: 0 }],
        currentTxnFirstOffset: -1,
      },
    ]);
    // 시퀀스 INT32_MAX-1, INT32_MAX, 0, 1의 네 레코드: 배치가 경계를 넘습니다.
    const across = batch(0, INT32_MAX - 1, 4);
    expect(verdict(crossing.check(across)), `${INT32_MAX - 2} 다음인 ${INT32_MAX - 1}에서 시작하는 배치`).toBe(
      'append',
    );
    written(crossing, across, 604);
    expect(
      verdict(crossing.check(batch(0, 2, 1))),
      '경계를 넘은 배치의 마지막 시퀀스는 1이므로 다음은 2입니다 (배치의 마지막 시퀀스는 lastSequenceOf로)',
    ).toBe('append');
    expect(
      verdict(crossing.check(across)),
      '경계를 넘은 배치의 재전송도 중복입니다: 그 배치의 마지막 시퀀스를 lastSequenceOf로 구해 기억한 것(1)과 비교합니다',
    ).toBe('duplicate: 오프셋 604~607');
  });

  describe('끝에서 끝까지', () => {
    /**
     * 브로커의 파티션마다 여러분의 ProducerStateManager를 만듭니다. check에서 난 첫 오류를 기억합니다:
     * 브로커는 그 오류를 파티션 오류 코드로 바꿔 답할 뿐이라, kafkajs의 실패만으로는 어디서 났는지 보이지 않으니까요.
     */
    function yourProducerState(remember: (error: unknown) => void): () => ProducerStateManager {
      return () =>
        new (class extends ProducerStateManager {
          override check(header: Header): SequenceCheck {
            try {
              return super.check(header);
            } catch (error) {
              remember(error);
              throw error;
            }
          }
        })();
    }

    it('KafkaJsIdempotentExactlyOnce: 모든 Produce가 두 번 도착해도 kafkajs 멱등 프로듀서의 메시지는 로그에 한 번씩, send()가 받은 오프셋에 있습니다', async () => {
      let yourError: unknown = null;
      const proxyPort = await freePort();
      // 브로커는 프록시 주소를 광고합니다: kafkajs의 모든 연결이 프록시를 지납니다.
      const running = await startBroker(
        { KAFKA_NUM_PARTITIONS: '1', KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${proxyPort}` },
        undefined,
        {
          createProducerState: yourProducerState((error) => {
            yourError ??= error;
          }),
        },
      );
      const proxy = await startDuplicatingProxy(proxyPort, running.broker.port);
      const bootstrap = `127.0.0.1:${proxyPort}`;
      const client = new Kafka({
        clientId: 'chapter-5',
        brokers: [bootstrap],
        logLevel: logLevel.NOTHING,
        retry: { retries: 2, initialRetryTime: 100 },
      });
      const producers: ReturnType<typeof client.producer>[] = [];
      try {
        // 먼저 프록시가 정말 두 번 보내는지: 멱등이 아닌 프로듀서의 메시지는 두 번 들어갑니다.
        const plain = client.producer({ retry: { retries: 1, initialRetryTime: 100 } });
        producers.push(plain);
        await plain.connect();
        await plain.send({ topic: 'plain', messages: [{ value: 'twice' }] });
        await plain.disconnect();
        const plainRecords = (await readAllWithKcat(bootstrap, 'plain')).get(0) ?? [];
        expect(
          plainRecords.map((r) => r.value),
          '멱등이 아닌 프로듀서(producerId -1)의 배치는 두 번 모두 받아야 합니다: 프록시가 두 번 보냈고, 브로커는 알아볼 방법이 없습니다',
        ).toEqual(['twice', 'twice']);

        // 멱등 프로듀서: 메시지 50개를 크기가 다른 send() 열 번으로 보냅니다.
        const producer = client.producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries: 2 } });
        producers.push(producer);
        await producer.connect();
        const sizes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 5];
        const sent: { value: string; offset: number }[] = [];
        let n = 0;
        const before = proxy.duplicated;
        for (const size of sizes) {
          const values = Array.from({ length: size }, () => `m${n++}`);
          const [meta] = await producer
            .send({ topic: 'orders', messages: values.map((value) => ({ value })) })
            .catch((error: unknown) => {
              throw new Error(
                `멱등 프로듀서의 send()(${values[0]}부터 ${size}개)가 ${kafkaErrorType(error)}로 실패했습니다. ` +
                  '프록시는 같은 배치를 두 번 보내고 두 번째(재전송)의 응답을 kafkajs에 돌려줍니다: ' +
                  '재전송에는 오류가 아니라 처음 쓴 오프셋으로 답해야 합니다',
              );
            });
          const base = Number(meta?.baseOffset);
          values.forEach((value, i) => {
            sent.push({ value, offset: base + i });
          });
        }
        await producer.disconnect();
        expect(proxy.duplicated - before, '프록시가 멱등 프로듀서의 Produce 10개를 모두 두 번씩 보냈는지').toBe(10);

        const records = (await readAllWithKcat(bootstrap, 'orders')).get(0) ?? [];
        expect(
          records.map((r) => r.value).join(' '),
          `로그에는 m0~m49가 한 번씩 순서대로 있어야 합니다(레코드 ${records.length}개). 두 번씩 보이면 재전송을 중복으로 알아보지 못한 것입니다`,
        ).toBe(Array.from({ length: 50 }, (_, i) => `m${i}`).join(' '));
        expect(
          records.map((r) => `${r.value}@${r.offset}`).join(' '),
          'kafkajs가 받은 응답은 재전송의 것입니다: 중복에 답한 오프셋(값@오프셋)이 처음 쓴 오프셋과 같아야 send()가 받은 자리에 메시지가 있습니다',
        ).toBe(sent.map((m) => `${m.value}@${m.offset}`).join(' '));
      } catch (error) {
        throw yourError ?? error;
      } finally {
        for (const p of producers) await p.disconnect().catch(() => {});
        await proxy.close();
        await running.stop();
        removeDir(running.dir);
      }
    }, 20_000);

    it('KafkaJsMinInsyncReplicas: min.insync.replicas=2인 토픽에 acks=-1은 NOT_ENOUGH_REPLICAS로 거절되고, acks=1은 들어갑니다', async () => {
      let yourError: unknown = null;
      const yours = <T>(fn: () => T): T => {
        try {
          return fn();
        } catch (error) {
          yourError ??= error;
          throw error;
        }
      };
      // 브로커의 acks 판단도 여러분의 함수입니다: 쓰기 전 검사와, 응답해도 되는지.
      const running = await startBroker({ KAFKA_NUM_PARTITIONS: '1' }, undefined, {
        createProducerState: yourProducerState((error) => {
          yourError ??= error;
        }),
        produceAcks: {
          enoughReplicasError: (...args) => yours(() => enoughReplicasError(...args)),
          isProduceComplete: (...args) => yours(() => isProduceComplete(...args)),
        },
      });
      const client = new Kafka({
        clientId: 'chapter-5',
        brokers: [running.bootstrap],
        logLevel: logLevel.NOTHING,
        retry: { retries: 0 },
      });
      const admin = client.admin();
      const producer = client.producer({ retry: { retries: 0 } }); // 재시도 없이 첫 답을 봅니다
      try {
        await admin.connect();
        await admin.createTopics({
          topics: [
            { topic: 'safe', numPartitions: 1, configEntries: [{ name: 'min.insync.replicas', value: '2' }] },
            { topic: 'relaxed', numPartitions: 1 },
          ],
        });
        // 브로커가 아는 숫자를 admin으로 읽어, 여러분의 함수가 같은 판단을 하는지 봅니다.
        const metadata = await admin.fetchTopicMetadata({ topics: ['safe'] });
        const isr = metadata.topics[0]?.partitions[0]?.isr.length ?? 0;
        const configs = await admin.describeConfigs({
          includeSynonyms: false,
          resources: [
            { type: ConfigResourceTypes.TOPIC, name: 'safe', configNames: ['min.insync.replicas'] },
            { type: ConfigResourceTypes.TOPIC, name: 'relaxed', configNames: ['min.insync.replicas'] },
          ],
        });
        const minIsr = (topic: string) =>
          Number(configs.resources.find((r) => r.resourceName === topic)?.configEntries[0]?.configValue);
        expect([isr, minIsr('safe'), minIsr('relaxed')], '노드 하나: ISR은 리더뿐, safe는 2, relaxed는 기본 1').toEqual(
          [1, 2, 1],
        );
        expect(
          yours(() => enoughReplicasError(-1, isr, minIsr('safe'))),
          'safe에 acks=-1: 여러분의 enoughReplicasError도 NOT_ENOUGH_REPLICAS(19)여야 합니다',
        ).toBe(ErrorCode.NOT_ENOUGH_REPLICAS);
        expect(
          yours(() => enoughReplicasError(1, isr, minIsr('safe'))),
          'safe에 acks=1: NONE(0)',
        ).toBe(ErrorCode.NONE);
        expect(
          yours(() => enoughReplicasError(-1, isr, minIsr('relaxed'))),
          'relaxed에 acks=-1: NONE(0)',
        ).toBe(ErrorCode.NONE);

        await producer.connect();
        const [one] = await producer.send({ topic: 'safe', acks: 1, messages: [{ value: 'acks=1' }] });
        expect(Number(one?.baseOffset), 'safe에 acks=1: 리더 하나로 충분하니 오프셋 0에 들어갑니다').toBe(0);
        const refused = await producer
          .send({ topic: 'safe', acks: -1, messages: [{ value: 'acks=-1' }] })
          .then(() => 'success', kafkaErrorType);
        expect(refused, 'safe에 acks=-1: 브로커가 쓰기 전에 거절합니다').toBe('NOT_ENOUGH_REPLICAS');
        const safe = (await readAllWithKcat(running.bootstrap, 'safe')).get(0) ?? [];
        expect(
          safe.map((r) => r.value),
          '거절된 acks=-1 메시지는 로그에 없습니다: NOT_ENOUGH_REPLICAS는 쓰기 "전"의 오류입니다',
        ).toEqual(['acks=1']);

        // relaxed(min.insync.replicas=1)에는 acks=-1도 들어가고, 노드가 하나라 쓰자마자 끝납니다.
        const [all] = await producer.send({ topic: 'relaxed', acks: -1, messages: [{ value: 'a' }, { value: 'b' }] });
        const [offsets] = await admin.fetchTopicOffsets('relaxed');
        const lastOffset = Number(all?.baseOffset) + 1;
        expect(
          yours(() =>
            isProduceComplete(-1, [
              { errorCode: ErrorCode.NONE, requiredOffset: lastOffset + 1, highWatermark: Number(offsets?.high) },
            ]),
          ),
          `노드 하나에서는 하이 워터마크(${offsets?.high})가 곧 로그 끝이라, 쓰고 나면 acks=-1도 끝난 것입니다: 여러분의 isProduceComplete도 true여야 합니다`,
        ).toBe(true);
      } catch (error) {
        throw yourError ?? error;
      } finally {
        await producer.disconnect().catch(() => {});
        await admin.disconnect().catch(() => {});
        await running.stop();
        removeDir(running.dir);
      }
    }, 20_000);
  });
});

/** kafkajs 오류에서 Kafka 오류 이름을 꺼냅니다 (재시도를 다 쓰면 원래 오류는 cause에 있습니다) */
function kafkaErrorType(error: unknown): string {
  const e = error as { type?: string; name?: string; message?: string; cause?: { type?: string } };
  return e.type ?? e.cause?.type ?? `${e.name}: ${e.message}`;
}
