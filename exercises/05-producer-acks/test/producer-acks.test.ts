/**
 * 5장 테스트: acks, 배치, 멱등성. 테스트는 고치지 마세요.
 * 테스트 이름의 `:` 앞부분이 ID이고, course/chapters.ts에 같은 ID의 힌트가 있습니다.
 *
 * 작은 단계부터 갑니다: 쓰기 전의 min.insync.replicas 검사(복제본 수로 깎은 최소 ISR) → acks=all이 끝나는 때(produce purgatory의 완료 조건)
 * → 멱등 프로듀서의 시퀀스 검사(새 프로듀서, 이어지는 시퀀스, 중복, 최근 5개, 구멍, 옛 에포크, 새 에포크,
 * 멱등이 아닌 배치, int32 넘김) → 무작위 프로듀서들의 행동. 여러분의 코드를 끼운 reference 브로커를 띄우는
 * 끝에서 끝까지 테스트는 producer-acks.e2e.test.ts에 있습니다.
 *
 * 시퀀스 검사 테스트는 프로듀서 상태를 `record`(이미 만들어 둔, "로그에 쓴 뒤에 기억하기")로 준비하고
 * 여러분의 `check`에 묻습니다. 브로커도 같은 순서로 부릅니다: check → 로그에 쓰기 → record.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode, errorName } from '../../../reference/src/protocol/error-codes.js';
import { assertProperty } from '../../../reference/test/support/property.js';
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
  it('NotEnoughReplicasOnlyForAcksAll: acks=-1이고 ISR이 최소 ISR = min(min.insync.replicas, 복제본 수)보다 작을 때만 쓰기 전에 NOT_ENOUGH_REPLICAS입니다', () => {
    const cases: [acks: number, isr: number, minIsr: number, replicas: number, expected: number][] = [
      [-1, 1, 2, 3, ErrorCode.NOT_ENOUGH_REPLICAS], // 복제 계수 3에서 브로커 둘이 죽어 ISR에 리더만 남았습니다 (확인 문제 2)
      [-1, 2, 3, 3, ErrorCode.NOT_ENOUGH_REPLICAS],
      [-1, 1, 2, 2, ErrorCode.NOT_ENOUGH_REPLICAS], // 복제 계수 2, 팔로워가 ISR에서 빠졌습니다
      [-1, 2, 2, 3, ErrorCode.NONE], // 딱 맞으면 씁니다
      [-1, 3, 2, 3, ErrorCode.NONE],
      [-1, 1, 1, 3, ErrorCode.NONE], // 기본값 1: 리더 하나로도 씁니다
      [-1, 1, 2, 1, ErrorCode.NONE], // 복제 계수 1: 최소 ISR은 min(2, 1) = 1이라 받습니다 (Kafka 3.7부터)
      [-1, 1, 3, 1, ErrorCode.NONE],
      [-1, 2, 3, 2, ErrorCode.NONE], // 복제 계수 2, ISR 2: 최소 ISR은 min(3, 2) = 2
      [-1, 1, 3, 2, ErrorCode.NOT_ENOUGH_REPLICAS], // 복제 계수 2, ISR 1: 최소 ISR 2에 못 미칩니다
      [1, 1, 2, 3, ErrorCode.NONE], // acks=1은 이 설정과 상관없습니다
      [1, 1, 3, 3, ErrorCode.NONE],
      [0, 1, 3, 3, ErrorCode.NONE], // acks=0도
    ];
    for (const [acks, isr, minIsr, replicas, expected] of cases) {
      expect(
        enoughReplicasError(acks, isr, minIsr, replicas),
        `acks=${acks}, ISR ${isr}개, min.insync.replicas=${minIsr}, 복제본 ${replicas}개: ${errorName(expected)}(${expected})여야 합니다`,
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
    expect(
      verdict(state.check(batch(0, 7, 3))),
      '마지막 시퀀스(9)만 같고 첫 시퀀스(7 ≠ 5)가 다른 배치도 같은 배치가 아닙니다: 첫·마지막 시퀀스가 둘 다 같아야 중복입니다',
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
    expect(
      verdict(state.check(batch(1, 0, 5))),
      '에포크 1의 시퀀스 0~4: 에포크 0의 최근 배치(0~4, 오프셋 100~104)와 시퀀스가 같지만 에포크가 다르니 중복이 아니라 새 에포크의 첫 배치입니다 (Kafka도 중복을 같은 에포크에서만 찾습니다)',
    ).toBe('append');
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

  it('RandomProducersFollowTheTable: 무작위로 보내고, 다시 보내고, 건너뛰고, 에포크를 올리는 프로듀서들에게도 check는 표대로 답합니다', () => {
    /** 테스트 쪽 프로듀서: 지금 에포크, 다음 시퀀스, 이 에포크에서 로그에 들어간 배치들 (오래된 것부터) */
    interface Producer {
      readonly producerId: number;
      epoch: number;
      nextSeq: number;
      appended: { firstSeq: number; count: number; firstOffset: number }[];
    }
    const action = fc.record({
      who: fc.integer({ min: 0, max: 1 }),
      kind: fc.constantFrom('next', 'next', 'next', 'retry', 'retry', 'gap', 'bump', 'bumpNotZero', 'zombie', 'plain'),
      count: fc.integer({ min: 1, max: 3 }),
      k: fc.integer({ min: 1, max: 7 }),
    });
    assertProperty(
      fc.property(fc.array(action, { minLength: 1, maxLength: 40 }), (actions) => {
        const state = new ProducerStateManager();
        const producers: Producer[] = [7, 8].map((producerId) => ({ producerId, epoch: 0, nextSeq: 0, appended: [] }));
        let logEnd = 0;
        const log: string[] = [];
        for (const { who, kind, count, k } of actions) {
          const p = producers[who] as Producer;
          let header: Header;
          let expected: string;
          if (kind === 'next') {
            header = batch(p.epoch, p.nextSeq, count, p.producerId);
            expected = 'append';
          } else if (kind === 'retry') {
            // 이 에포크에서 쓴 배치 가운데 뒤에서 k번째를 다시 보냅니다 (응답을 잃은 프로듀서). 최근 5개까지만 알아봅니다.
            if (p.appended.length === 0) continue;
            const back = ((k - 1) % Math.min(p.appended.length, 7)) + 1;
            const old = p.appended[p.appended.length - back] as Producer['appended'][number];
            header = batch(p.epoch, old.firstSeq, old.count, p.producerId);
            expected =
              back <= 5 ? `duplicate: 오프셋 ${old.firstOffset}~${old.firstOffset + old.count - 1}` : OUT_OF_ORDER;
          } else if (kind === 'gap') {
            header = batch(p.epoch, p.nextSeq + k, count, p.producerId);
            expected = OUT_OF_ORDER;
          } else if (kind === 'bump' || kind === 'bumpNotZero') {
            // 프로듀서가 다시 떠서 에포크를 올렸습니다(InitProducerId). 새 에포크의 첫 배치는 시퀀스 0부터입니다.
            header = batch(p.epoch + k, kind === 'bump' ? 0 : k, count, p.producerId);
            expected = kind === 'bump' ? 'append' : OUT_OF_ORDER;
          } else if (kind === 'zombie') {
            // 옛 에포크의 좀비가 아무 시퀀스로나 보냅니다.
            if (p.epoch === 0) continue;
            header = batch(p.epoch - 1, p.nextSeq, count, p.producerId);
            expected = FENCED;
          } else {
            header = { producerId: -1, producerEpoch: -1, baseSequence: -1, lastOffsetDelta: count - 1 };
            expected = 'append';
          }
          const before = JSON.stringify(state.entries());
          const got = verdict(state.check(header));
          log.push(
            `프로듀서 ${header.producerId} 에포크 ${header.producerEpoch} 시퀀스 ${header.baseSequence}~${header.baseSequence + count - 1} (${kind}) → ${got}`,
          );
          expect(got, `지금까지:\n${log.join('\n')}\n마지막 배치의 답이 틀렸습니다`).toBe(expected);
          expect(JSON.stringify(state.entries()), 'check는 묻기만 합니다: 프로듀서 상태가 바뀌었습니다').toBe(before);
          if (got !== 'append') continue;
          // 받은 배치를 로그에 쓰고 기억시킵니다 (브로커처럼: check → 쓰기 → record).
          written(state, header, logEnd);
          if (header.producerId >= 0) {
            if (header.producerEpoch !== p.epoch) {
              p.epoch = header.producerEpoch;
              p.appended = [];
            }
            p.appended.push({ firstSeq: header.baseSequence, count, firstOffset: logEnd });
            p.nextSeq = header.baseSequence + count;
          }
          logEnd += count;
        }
      }),
      { chapter: 5, numRuns: 200 },
    );
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
        coordinatorEpoch: -1,
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
        coordinatorEpoch: -1,
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
});
