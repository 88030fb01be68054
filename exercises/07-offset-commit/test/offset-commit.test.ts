/**
 * 7장 테스트: 컨슈머와 오프셋 커밋. 테스트는 고치지 마세요.
 * 테스트 이름의 `:` 앞부분이 ID이고, course/chapters.ts에 같은 ID의 힌트가 있습니다.
 *
 * 작은 단계부터 갑니다: 오프셋 처리의 다섯 단계 → 커밋 = 다음에 읽을 위치 → auto.offset.reset → 범위 밖 커밋
 * → 커밋할 것과 seek → 랙 → 코디네이터의 오프셋 저장소(replay, 툼스톤) → 보존 기간 → 그룹의 __consumer_offsets 파티션
 * 끝에서 끝까지 테스트(kafkajs 컨슈머가 reference 브로커에 커밋하고, 그 기록을 여러분의 저장소로 되살리기)는
 * offset-commit.e2e.test.ts에 있습니다.
 */
import { describe, expect, it } from 'vitest';
import { InMemoryPartitionLog } from '../../../reference/src/log/in-memory-log.js';
import type { LogRecord } from '../../../reference/src/log/partition-log.js';
import { type CommittedOffset, type OffsetRecordToWrite, OffsetStore } from '../src/offset-store.js';
import {
  NO_COMMITTED_OFFSET,
  NoOffsetForPartitionError,
  type OffsetRange,
  OffsetTracker,
  type TopicPartitionOffset,
} from '../src/offset-tracker.js';
import { decodeOffsetsRecord, javaStringHashCode, partitionForGroup } from '../src/offsets-topic.js';
import { replayRaw } from './helpers.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function record(value: string): LogRecord {
  return { timestamp: 0, key: null, value: encoder.encode(value), headers: [] };
}

function rangeOf(log: InMemoryPartitionLog): OffsetRange {
  return { logStartOffset: log.logStartOffset, logEndOffset: log.logEndOffset };
}

/** 컨슈머 한 바퀴: 위치부터 읽어 count개를 처리합니다. 처리한 레코드의 값을 돌려줍니다. */
function consume(log: InMemoryPartitionLog, tracker: OffsetTracker, topic: string, count: number): string[] {
  const position = tracker.position(topic, 0);
  if (position === undefined) throw new Error('위치가 정해지지 않았습니다 (resolve가 position을 정해야 합니다)');
  const values: string[] = [];
  for (const r of log.read(position, { maxRecords: count })) {
    values.push(decoder.decode(r.value ?? new Uint8Array()));
    tracker.processed(topic, 0, r.offset);
  }
  return values;
}

/** 코디네이터가 하듯이: 커밋을 `__consumer_offsets`에 쓸 레코드로 바꾸고, 그 레코드를 replay로 적용합니다. */
function commitThroughLog(
  store: OffsetStore,
  group: string,
  offsets: readonly TopicPartitionOffset[],
  now: number,
  log: OffsetRecordToWrite[],
): void {
  const committed = offsets.map((o) => ({
    topic: o.topic,
    partition: o.partition,
    committed: { offset: o.offset, leaderEpoch: -1, metadata: '', commitTimestamp: now } satisfies CommittedOffset,
  }));
  for (const r of store.commitRecords(group, committed)) {
    log.push(r);
    replayRaw(store, r);
  }
}

describe('7장 컨슈머와 오프셋 커밋', () => {
  it('FiveStepOffsetWalkthrough: 오프셋 처리의 다섯 단계 — 오프셋 100 부여, 로그 끝 101, 100을 읽고 101을 커밋, 다시 켜면 101부터', () => {
    // 1. 새로운 데이터가 브로커에 들어옴 → 2. 오프셋 100번 부여
    const log = new InMemoryPartitionLog({ logStartOffset: 100 });
    const { baseOffset } = log.append([record('주문 1')]);
    expect(baseOffset, '새 레코드가 받은 오프셋').toBe(100);
    // 3. 로그 끝 오프셋(LEO)이 101로
    expect(log.logEndOffset, '로그 끝 오프셋 = 다음에 붙을 오프셋').toBe(101);

    // 4. 컨슈머가 오프셋 100을 현재 위치로 잡고 가져옴. 처음이라 커밋이 없습니다(OffsetFetch가 -1).
    const tracker = new OffsetTracker('earliest');
    tracker.assign('orders', 0, NO_COMMITTED_OFFSET);
    expect(tracker.resolve('orders', 0, rangeOf(log)), '커밋이 없고 earliest면 로그 시작(100)부터').toBe(100);
    expect(tracker.position('orders', 0), '현재 위치(다음에 읽을 오프셋)').toBe(100);
    expect(consume(log, tracker, 'orders', 10), '오프셋 100의 레코드를 읽어 처리합니다').toEqual(['주문 1']);
    expect(tracker.position('orders', 0), '레코드 100을 처리하면 위치는 101입니다').toBe(101);

    // 5. 처리 완료 후 커밋 → 커밋된 오프셋 101 ("여기서부터 다시 시작해라")
    const toCommit = tracker.commitable();
    expect(toCommit, '커밋할 값은 마지막으로 처리한 100이 아니라 다음에 읽을 101입니다').toEqual([
      { topic: 'orders', partition: 0, offset: 101 },
    ]);
    const offsetsLog: OffsetRecordToWrite[] = [];
    const coordinator = new OffsetStore();
    commitThroughLog(coordinator, 'billing', toCommit, 1_000, offsetsLog);
    tracker.markCommitted(toCommit);
    expect(coordinator.get('billing', 'orders', 0)?.offset, '코디네이터가 기억하는 커밋').toBe(101);

    // 다시 켜짐: 코디네이터는 __consumer_offsets를 처음부터 읽어(replay) 커밋을 되살리고, 컨슈머는 그 자리부터 읽습니다.
    const restarted = new OffsetStore();
    for (const r of offsetsLog) replayRaw(restarted, r);
    const committed = restarted.get('billing', 'orders', 0)?.offset ?? NO_COMMITTED_OFFSET;
    expect(committed, '다시 켜진 코디네이터가 replay로 되살린 커밋').toBe(101);
    const next = new OffsetTracker('earliest');
    next.assign('orders', 0, committed);
    expect(next.resolve('orders', 0, rangeOf(log)), '다시 켜진 컨슈머는 커밋된 101부터 읽습니다').toBe(101);
    expect(next.lag('orders', 0, log.logEndOffset), '로그 끝 101 − 커밋 101 = 랙 0').toBe(0);
    expect(
      consume(log, next, 'orders', 10),
      '101은 아직 없으니 새로 읽을 것이 없습니다(다시 처리하지 않습니다)',
    ).toEqual([]);
    log.append([record('주문 2')]);
    expect(consume(log, next, 'orders', 10), '새 레코드 101이 들어오면 그것부터 읽습니다').toEqual(['주문 2']);
  });

  it('CommittedIsNextToRead: 커밋은 다음에 읽을 오프셋 — 하나 작으면 다시 처리하고, 하나 크면 건너뜁니다', () => {
    const log = new InMemoryPartitionLog();
    log.append([0, 1, 2, 3, 4].map((n) => record(`주문 ${n}`)));
    const tracker = new OffsetTracker('earliest');
    tracker.assign('orders', 0);
    tracker.resolve('orders', 0, rangeOf(log));
    expect(consume(log, tracker, 'orders', 3), '오프셋 0, 1, 2를 처리합니다').toEqual(['주문 0', '주문 1', '주문 2']);
    const [commit] = tracker.commitable();
    expect(commit?.offset, '마지막으로 처리한 것은 2, 커밋할 것은 3').toBe(3);

    // 다시 켜진 컨슈머는 커밋한 자리부터 읽습니다. 처리한 것과 이어 붙이면 빠짐도 겹침도 없어야 합니다.
    const resumeFrom = (offset: number) => log.read(offset).map((r) => decoder.decode(r.value ?? new Uint8Array()));
    const processed = ['주문 0', '주문 1', '주문 2'];
    expect([...processed, ...resumeFrom(commit?.offset ?? -1)], '커밋한 자리부터 이어 읽은 전체').toEqual(
      [0, 1, 2, 3, 4].map((n) => `주문 ${n}`),
    );
    // 한 칸 틀린 커밋이 무엇을 하는지: 2를 커밋하면 주문 2를 두 번, 4를 커밋하면 주문 3을 한 번도 처리하지 않습니다.
    expect(resumeFrom(2)[0], '마지막으로 처리한 2를 커밋했다면: 다시 켜질 때 주문 2를 또 처리합니다(중복)').toBe(
      '주문 2',
    );
    expect(resumeFrom(4), '4를 커밋했다면: 주문 3은 아무도 처리하지 않습니다(유실)').not.toContain('주문 3');
  });

  it('AutoOffsetResetWhenNothingCommitted: 커밋이 없으면 earliest는 로그 시작, latest는 로그 끝, none은 오류', () => {
    const log = new InMemoryPartitionLog();
    log.append(Array.from({ length: 10 }, (_, n) => record(`주문 ${n}`)));
    log.advanceLogStartOffset(4); // 보존 정책이 0~3을 지웠습니다
    const start = (policy: 'earliest' | 'latest' | 'none', committed: number) => {
      const tracker = new OffsetTracker(policy);
      tracker.assign('orders', 0, committed);
      return tracker.resolve('orders', 0, rangeOf(log));
    };
    expect(start('earliest', NO_COMMITTED_OFFSET), 'earliest: 로그 시작 오프셋(0이 아니라 지금의 4)').toBe(4);
    expect(start('latest', NO_COMMITTED_OFFSET), 'latest: 로그 끝 오프셋(앞으로 들어올 것만)').toBe(10);
    expect(() => start('none', NO_COMMITTED_OFFSET), 'none: NoOffsetForPartitionError를 던져야 합니다').toThrow(
      NoOffsetForPartitionError,
    );
    for (const policy of ['earliest', 'latest', 'none'] as const) {
      expect(start(policy, 7), `커밋(7)이 있으면 ${policy}는 쓰지 않습니다`).toBe(7);
    }
    // kafkajs의 admin.resetOffsets는 -2(earliest)나 -1(latest)를 그대로 커밋합니다. 컨슈머에게 음수는 "커밋 없음"입니다.
    expect(start('latest', -2), '커밋된 -2도 위치가 아니라 "커밋 없음": 컨슈머의 정책(latest)을 따릅니다').toBe(10);
    expect(start('earliest', -1), '커밋된 -1도 "커밋 없음": earliest면 로그 시작').toBe(4);
  });

  it('OutOfRangeCommitFallsBackToReset: 커밋된 오프셋이 로그 범위 밖이면(보존이 지웠으면) auto.offset.reset', () => {
    const log = new InMemoryPartitionLog();
    log.append(Array.from({ length: 10 }, (_, n) => record(`주문 ${n}`)));
    log.advanceLogStartOffset(4);
    const start = (policy: 'earliest' | 'latest' | 'none', committed: number) => {
      const tracker = new OffsetTracker(policy);
      tracker.assign('orders', 0, committed);
      return tracker.resolve('orders', 0, rangeOf(log));
    };
    expect(start('earliest', 2), '커밋 2는 이미 지워졌습니다: earliest면 남아 있는 처음(4)부터').toBe(4);
    expect(start('latest', 2), '커밋 2가 지워졌고 latest면 로그 끝(10)부터').toBe(10);
    expect(() => start('none', 2), '범위 밖인데 none이면 NoOffsetForPartitionError').toThrow(NoOffsetForPartitionError);
    expect(start('latest', 4), '로그 시작(4)과 같은 커밋은 범위 안입니다').toBe(4);
    expect(start('earliest', 10), '로그 끝(10)과 같은 커밋도 범위 안입니다: 새 레코드를 기다리는 자리').toBe(10);
    expect(start('earliest', 11), '로그 끝보다 뒤(11)는 범위 밖입니다').toBe(4);
  });

  it('CommitableIsPositionPerPartition: 커밋할 것은 파티션마다의 위치 그대로, 바뀐 파티션만', () => {
    const tracker = new OffsetTracker('earliest');
    tracker.assign('orders', 0, 5);
    tracker.assign('orders', 1, 20);
    tracker.assign('orders', 2);
    tracker.resolve('orders', 0, { logStartOffset: 0, logEndOffset: 9 });
    tracker.resolve('orders', 1, { logStartOffset: 0, logEndOffset: 20 });
    expect(tracker.commitable(), '위치가 커밋과 같으면 커밋할 것이 없습니다 (2번은 위치를 아직 모릅니다)').toEqual([]);
    tracker.processed('orders', 0, 5);
    tracker.processed('orders', 0, 6);
    expect(tracker.commitable(), '0번에서 5, 6을 처리했으니 7을 커밋합니다').toEqual([
      { topic: 'orders', partition: 0, offset: 7 },
    ]);
    tracker.markCommitted(tracker.commitable());
    expect(tracker.committed('orders', 0), '커밋이 성공하면 커밋된 오프셋이 7').toBe(7);
    expect(tracker.commitable(), '커밋한 뒤에는 커밋할 것이 없습니다').toEqual([]);
    tracker.seek('orders', 1, 12);
    expect(tracker.commitable(), '1번을 12로 되감으면(seek) 12를 커밋합니다: 12~19를 다시 처리하겠다는 뜻').toEqual([
      { topic: 'orders', partition: 1, offset: 12 },
    ]);
  });

  it('LagCountsUnreadRecords: 랙 = 로그 끝 − 커밋된 오프셋 (커밋이 없으면 − 위치)', () => {
    const tracker = new OffsetTracker('earliest');
    tracker.assign('orders', 0, 6);
    expect(tracker.lag('orders', 0, 10), '오프셋 6~9의 네 개를 아직 처리하지 않았습니다').toBe(4);
    expect(tracker.lag('orders', 0, 6), '커밋이 로그 끝과 같으면 랙 0').toBe(0);
    tracker.assign('orders', 1);
    expect(
      tracker.lag('orders', 1, 10),
      '커밋도 위치도 모르면 랙도 모릅니다(undefined, 도구에서는 "-")',
    ).toBeUndefined();
    tracker.resolve('orders', 1, { logStartOffset: 3, logEndOffset: 10 });
    expect(tracker.lag('orders', 1, 10), '커밋이 없으면 위치(3)에서 셉니다').toBe(7);
    tracker.processed('orders', 1, 3);
    expect(tracker.lag('orders', 1, 10), '하나 처리하면 랙이 하나 줄어듭니다').toBe(6);
    tracker.assign('orders', 2, 0);
    expect(
      tracker.lag('orders', 2, 10),
      '커밋된 오프셋 0도 커밋입니다(커밋이 없다는 표시는 -1): 위치를 몰라도 랙은 10 − 0 = 10',
    ).toBe(10);
  });

  it('ReplayAppliesCommitsAndTombstones: 키마다 마지막 커밋이 이기고, 툼스톤은 커밋을 지웁니다', () => {
    const offsetsLog: OffsetRecordToWrite[] = [];
    const store = new OffsetStore();
    const tp = (partition: number, offset: number) => ({ topic: 'orders', partition, offset });
    commitThroughLog(store, 'billing', [tp(0, 5), tp(1, 3)], 1_000, offsetsLog);
    commitThroughLog(store, 'billing', [tp(0, 9)], 2_000, offsetsLog);
    commitThroughLog(store, 'audit', [tp(0, 2)], 2_000, offsetsLog);
    expect(store.get('billing', 'orders', 0), '같은 키(그룹, 토픽, 파티션)는 마지막 커밋이 이깁니다').toMatchObject({
      offset: 9,
      commitTimestamp: 2_000,
    });
    expect(store.get('billing', 'orders', 1)?.offset, '다른 파티션은 그대로').toBe(3);
    expect(store.get('audit', 'orders', 0)?.offset, '그룹끼리는 서로 상관없습니다').toBe(2);

    for (const r of store
      .deleteRecords('billing')
      .filter((r) => r.value === null)
      .slice(0, 1)) {
      replayRaw(store, r);
      offsetsLog.push(r);
    }
    const remaining = store.all('billing').map((o) => o.partition);
    expect(remaining, '툼스톤(값이 null) 하나가 그 파티션의 커밋 하나를 지웁니다').toHaveLength(1);
    for (const r of store.deleteRecords('billing')) {
      replayRaw(store, r);
      offsetsLog.push(r);
    }
    expect(store.hasOffsets('billing'), '커밋이 모두 지워진 그룹은 남지 않습니다').toBe(false);
    expect(store.groups(), '남은 그룹').toEqual(['audit']);

    // 다시 켜진 코디네이터가 같은 기록을 처음부터 읽으면 같은 상태가 되어야 합니다.
    const restarted = new OffsetStore();
    for (const r of offsetsLog) replayRaw(restarted, r);
    expect(restarted.groups(), 'replay로 되살린 그룹').toEqual(['audit']);
    expect(restarted.get('billing', 'orders', 0), '지워진 커밋은 되살아나지 않습니다').toBeUndefined();

    // 그룹 메타데이터 레코드(멤버가 바뀔 때마다 씀)는 커밋을 건드리지 않습니다. 툼스톤(null)일 때만 그룹을 지웁니다.
    store.replay({ type: 'group', group: 'audit', deleted: false });
    expect(store.get('audit', 'orders', 0)?.offset, '값이 있는 그룹 레코드 뒤에도 커밋은 그대로입니다').toBe(2);
    // 그룹 툼스톤(GroupMetadataKey + null)은 그룹의 커밋을 통째로 지웁니다.
    store.replay({ type: 'group', group: 'audit', deleted: true });
    expect(store.hasOffsets('audit'), '그룹 툼스톤 뒤에는 그 그룹의 커밋이 없습니다').toBe(false);
  });

  it('RetentionOnlyForEmptyGroups: 보존 기간이 지난 커밋은 멤버가 없는 그룹에서만 지웁니다', () => {
    const retentionMs = 7 * 24 * 60 * 60 * 1000; // offsets.retention.minutes 기본값 10080(7일)
    const store = new OffsetStore();
    const sink: OffsetRecordToWrite[] = [];
    commitThroughLog(store, 'idle', [{ topic: 'orders', partition: 0, offset: 10 }], 0, sink);
    commitThroughLog(store, 'idle', [{ topic: 'orders', partition: 1, offset: 20 }], 5_000, sink);
    commitThroughLog(store, 'busy', [{ topic: 'orders', partition: 0, offset: 30 }], 0, sink);
    const now = retentionMs; // 'idle'의 0번과 'busy'의 0번은 딱 보존 기간만큼 지났습니다
    const expired = store.expiredRecords(now, retentionMs, (group) => group === 'idle');
    expect([...expired.keys()], '멤버가 있는 busy는 아무리 오래되어도 지우지 않습니다').toEqual(['idle']);
    const records = expired.get('idle') ?? [];
    expect(
      records.map((r) => decodeOffsetsRecord(r.key, r.value)),
      'idle에서 지울 것은 오래된 0번 하나(커밋 시각 + 보존 기간 <= 지금), 값이 null인 툼스톤으로',
    ).toEqual([{ type: 'offset', group: 'idle', topic: 'orders', partition: 0, value: null }]);
    for (const r of records) replayRaw(store, r);
    expect(store.get('idle', 'orders', 0), '툼스톤을 적용하면 커밋이 사라집니다').toBeUndefined();
    expect(store.get('idle', 'orders', 1)?.offset, '아직 보존 기간 안인 커밋은 남습니다').toBe(20);
    expect(
      store.expiredRecords(now, retentionMs, () => false).size,
      '모든 그룹에 멤버가 있으면 지울 것이 없습니다',
    ).toBe(0);
    expect(store.expiredRecords(now - 1, retentionMs, () => true).has('busy'), '보존 기간이 1ms 남았으면 아직').toBe(
      false,
    );
  });

  it('GroupPartitionMatchesJava: 그룹의 __consumer_offsets 파티션은 Java의 abs(hashCode) % 50', () => {
    // 기댓값은 OpenJDK 17에서 String.hashCode()와 Kafka의 Utils.abs로 계산한 값입니다.
    const java: [string, number, number][] = [
      ['hello', 99162322, 22],
      ['billing', -109829509, 9],
      ['coupon-service', -974390258, 8],
      ['analytics', -1693017210, 10],
      ['Hello World', -862545276, 26],
      ['결제', 1421676, 26],
      ['쿠폰-서비스', 1727833023, 23],
      ['😀', 1772899, 49],
      ['polygenelubricants', -2147483648, 0],
    ];
    for (const [group, hash] of java) {
      expect(javaStringHashCode(group), `"${group}".hashCode()`).toBe(hash);
    }
    for (const [group, hash, partition] of java) {
      expect(
        partitionForGroup(group, 50),
        `"${group}"(hashCode ${hash})의 파티션: Utils.abs(hashCode) % 50` +
          (hash === -2147483648 ? ' — Integer.MIN_VALUE의 Utils.abs는 0입니다' : ''),
      ).toBe(partition);
    }
    expect(partitionForGroup('billing', 3), '파티션 수가 바뀌면 나누는 수도 바뀝니다').toBe(109829509 % 3);
  });
});
