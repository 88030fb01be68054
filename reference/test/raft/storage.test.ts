/**
 * 쿼럼이 디스크에 남기는 것: quorum-state(Kafka `FileQuorumStateStore`의 JSON), `__cluster_metadata-0`의 세그먼트
 * (레코드 배치 v2, CRC로 찢어진 꼬리를 알아봄), 스냅숏(`.checkpoint`: SnapshotHeader, 레코드, SnapshotFooter).
 * 시뮬레이터 디스크로 "죽었다 켜지면 무엇이 남나"를, 진짜 디스크로 같은 코드가 파일 시스템에서도 도는지를 봅니다.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeElectionState, encodeElectionState } from '../../src/raft/election-state.js';
import { KafkaMetadataLog } from '../../src/raft/kafka-metadata-log.js';
import { FileQuorumStateStore } from '../../src/raft/quorum-state-store.js';
import { decodeEntries, decodeSnapshotFile, encodeEntries, encodeSnapshotFile } from '../../src/raft/record-batches.js';
import { parseSnapshotFileName, snapshotFileName } from '../../src/raft/snapshot.js';
import type { LogEntry } from '../../src/raft/types.js';
import { decodeBatches } from '../../src/record/record-batch.js';
import type { Disk } from '../../src/runtime/disk.js';
import { FileDisk } from '../../src/runtime/file-disk.js';
import { SimDisk } from '../../src/sim/disk.js';
import { SeededRandom } from '../../src/sim/random.js';
import { records } from './context.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('quorum-state (Kafka FileQuorumStateStore)', () => {
  it('Kafka의 data_version 0 JSON을 그대로 읽고 씁니다', () => {
    const kafka =
      '{"clusterId":"","leaderId":1,"leaderEpoch":2,"votedId":-1,"appliedOffset":0,"currentVoters":[{"voterId":1},{"voterId":2},{"voterId":3}],"data_version":0}';
    const decoded = decodeElectionState(new TextEncoder().encode(kafka));
    expect(decoded).toEqual({ ok: true, state: { epoch: 2, leaderId: 1, votedId: null, voters: [1, 2, 3] } });
    if (decoded.ok) expect(new TextDecoder().decode(encodeElectionState(decoded.state))).toBe(kafka);
  });

  it('data_version 1(KIP-853)도 읽고, 망가진 내용은 이유와 함께 거절합니다', () => {
    const v1 =
      '{"leaderId":-1,"leaderEpoch":2,"votedId":1,"votedDirectoryId":"J8aAPcfLQt2bqs1JT_rMgQ","data_version":1}';
    expect(decodeElectionState(new TextEncoder().encode(v1))).toEqual({
      ok: true,
      state: { epoch: 2, leaderId: null, votedId: 1, voters: [] },
    });
    expect(decodeElectionState(new TextEncoder().encode('{"data_version":7}'))).toMatchObject({ ok: false });
    expect(decodeElectionState(new TextEncoder().encode('not json'))).toMatchObject({ ok: false });
  });

  it('write는 돌아오면 내구적입니다: 곧바로 죽어도 남습니다', () => {
    const disk = new SimDisk();
    const store = new FileQuorumStateStore(disk);
    expect(store.read()).toBeNull();
    store.write({ epoch: 3, leaderId: null, votedId: 2, voters: [1, 2, 3] });
    disk.crash();
    expect(new FileQuorumStateStore(disk).read()).toEqual({ epoch: 3, leaderId: null, votedId: 2, voters: [1, 2, 3] });
    expect(disk.list('__cluster_metadata-0')).toEqual(['quorum-state']);
  });

  it('진짜 디스크에서는 __cluster_metadata-0/quorum-state 파일입니다', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kraft-qs-'));
    dirs.push(dir);
    new FileQuorumStateStore(new FileDisk(dir)).write({ epoch: 5, leaderId: 1, votedId: null, voters: [1, 2, 3] });
    const json = JSON.parse(fs.readFileSync(path.join(dir, '__cluster_metadata-0', 'quorum-state'), 'utf8'));
    expect(json).toMatchObject({ leaderId: 1, leaderEpoch: 5, votedId: -1, data_version: 0 });
  });
});

const clock = { now: () => 1_700_000_000_000 };
const open = (disk: Disk, segmentBytes?: number) => new KafkaMetadataLog<string>(disk, { clock, segmentBytes });
const DIR = '__cluster_metadata-0';
const SEGMENT_0 = '00000000000000000000.log';

describe('레코드 배치로 적은 항목 (record-batches)', () => {
  it('에포크가 바뀌는 곳과 LeaderChange 앞뒤에서 배치를 나누고, 그대로 다시 읽습니다', () => {
    const leaderChange: LogEntry<string> = {
      offset: 3,
      epoch: 2,
      record: { type: 'LeaderChange', leaderId: 2, voters: [1, 2, 3], grantingVoters: [2, 3] },
    };
    const entries = [...records(0, 3, 1), leaderChange, ...records(4, 2, 2)];
    const bytes = encodeEntries(entries, 0);
    const batches = decodeBatches(bytes);
    expect(batches.map((b) => [b.header.baseOffset, b.header.partitionLeaderEpoch, b.records.length])).toEqual([
      [0, 1, 3],
      [3, 2, 1],
      [4, 2, 2],
    ]);
    expect(batches[1]?.header.attributes).toBe(0x20); // 컨트롤 배치
    expect(decodeEntries<string>(bytes)).toEqual(entries);
  });

  it('LeaderChange의 값은 Kafka LeaderChangeMessage v0의 바이트입니다', () => {
    const bytes = encodeEntries<string>(
      [{ offset: 0, epoch: 1, record: { type: 'LeaderChange', leaderId: 1, voters: [1], grantingVoters: [1] } }],
      0,
    );
    const value = decodeBatches(bytes)[0]?.records[0]?.value;
    // Version(int16 0) LeaderId(int32 1) Voters(compact 1개: VoterId 1, 태그 0) GrantingVoters(같음) 태그 0
    expect(Buffer.from(value ?? []).toString('hex')).toBe(
      '0000' + '00000001' + '02' + '00000001' + '00' + '02' + '00000001' + '00' + '00',
    );
  });

  it('스냅숏 파일은 SnapshotHeader, 레코드, SnapshotFooter이고 꼬리가 없으면 온전하지 않습니다', () => {
    const snapshot = { id: { offset: 7, epoch: 2 }, records: ['a', 'b'] };
    const bytes = encodeSnapshotFile(snapshot, 0);
    const batches = decodeBatches(bytes);
    expect(batches.map((b) => b.header.attributes & 0x20)).toEqual([0x20, 0, 0x20]);
    expect(decodeSnapshotFile(snapshot.id, bytes)).toEqual({ ok: true, snapshot, lastContainedLogTimestamp: 0 });
    const footerSize = (batches[2]?.header.batchLength ?? 0) + 12;
    expect(decodeSnapshotFile(snapshot.id, bytes.subarray(0, bytes.length - footerSize))).toMatchObject({ ok: false });
    expect(decodeSnapshotFile(snapshot.id, bytes.subarray(0, bytes.length - 1))).toMatchObject({ ok: false });
  });
});

describe('세그먼트 로그 (KafkaMetadataLog)', () => {
  it('덧붙이고 flush한 항목은 다시 읽히고, flush하지 않은 항목은 죽으면 사라집니다', () => {
    const disk = new SimDisk();
    const log = open(disk);
    log.load();
    log.apply({ op: 'append', entries: records(0, 3, 1) });
    log.flush();
    log.apply({ op: 'append', entries: records(3, 2, 1) });
    disk.crash();
    expect(open(disk).load()).toEqual({
      snapshot: null,
      snapshotIds: [],
      logStartOffset: 0,
      entries: records(0, 3, 1),
    });
    expect(disk.list(DIR)).toEqual([SEGMENT_0]);
  });

  it('세그먼트 파일은 다른 파티션과 같은 배치들입니다 (baseOffset, partitionLeaderEpoch)', () => {
    const disk = new SimDisk();
    const log = open(disk);
    log.load();
    log.apply({ op: 'append', entries: [...records(0, 2, 1), ...records(2, 1, 3)] });
    log.flush();
    const batches = decodeBatches(Buffer.from(disk.read(`${DIR}/${SEGMENT_0}`) ?? []));
    expect(batches.map((b) => [b.header.baseOffset, b.header.partitionLeaderEpoch])).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(batches[0]?.records.map((r) => Buffer.from(r.value ?? []).toString())).toEqual(['"v0"', '"v1"']);
  });

  it('찢어진 꼬리(반쯤 쓰인 배치)는 CRC로 알아보고 잘라 냅니다', () => {
    let repaired = 0;
    for (let seed = 0; seed < 30; seed++) {
      const disk = new SimDisk();
      const log = open(disk);
      log.load();
      log.apply({ op: 'append', entries: records(0, 2, 1) });
      log.flush();
      for (let i = 2; i < 5; i++) log.apply({ op: 'append', entries: records(i, 1, 1) });
      disk.crash({ tornWrites: new SeededRandom(seed) });
      const reopened = open(disk);
      const loaded = reopened.load();
      expect(loaded.entries).toEqual(records(0, loaded.entries.length, 1));
      expect(loaded.entries.length).toBeGreaterThanOrEqual(2);
      if (reopened.truncatedBytes > 0) repaired++;
      // 잘라 낸 뒤에는 다시 읽어도 같습니다
      const again = open(disk);
      expect(again.load().entries).toEqual(loaded.entries);
      expect(again.truncatedBytes).toBe(0);
    }
    expect(repaired).toBeGreaterThan(0);
  });

  it('truncate는 그 오프셋부터 지웁니다: 배치 한가운데면 앞부분을 새 배치로 다시 씁니다 (갈라진 팔로워)', () => {
    const disk = new SimDisk();
    const log = open(disk);
    log.load();
    log.apply({ op: 'append', entries: records(0, 5, 1) });
    log.apply({ op: 'truncate', offset: 3 });
    log.apply({ op: 'append', entries: records(3, 1, 2) });
    log.flush();
    expect(open(disk).load().entries).toEqual([...records(0, 3, 1), ...records(3, 1, 2)]);
  });

  it('활성 세그먼트가 차면 다음 오프셋 이름의 새 세그먼트를 열고, 자르면 뒤 세그먼트를 지웁니다', () => {
    const disk = new SimDisk();
    const log = open(disk, 150);
    log.load();
    for (let i = 0; i < 6; i++) log.apply({ op: 'append', entries: records(i, 1, 1) });
    log.flush();
    const names = disk.list(DIR);
    expect(names.length).toBeGreaterThan(1);
    expect(names[0]).toBe(SEGMENT_0);
    expect(open(disk, 150).load().entries).toEqual(records(0, 6, 1));
    log.apply({ op: 'truncate', offset: 1 });
    log.flush();
    expect(disk.list(DIR)).toEqual([SEGMENT_0]);
    expect(open(disk, 150).load().entries).toEqual(records(0, 1, 1));
  });

  it('testDeleteBeforeSnapshotKeepsSpanningSegment: 로그 시작을 스냅숏으로 옮기면(deleteBefore) 통째로 그 앞인 세그먼트와 옛 스냅숏만 지웁니다; 다시 켜면 로그 시작은 첫 세그먼트입니다', () => {
    const disk = new SimDisk();
    const log = open(disk, 150);
    log.load();
    for (let i = 0; i < 12; i++) log.apply({ op: 'append', entries: records(i, 1, 1) });
    log.flush();
    const segments = disk.list(DIR).map((n) => Number(n.slice(0, 20)));
    expect(segments.length).toBeGreaterThan(3);
    const [, second = 0, third = 0] = segments;
    // 둘째 세그먼트 한가운데의 스냅숏: 첫 세그먼트만 통째로 그 앞입니다.
    const first = { id: { offset: second, epoch: 1 }, records: ['s'] };
    const next = { id: { offset: third - 1 > second ? third - 1 : third, epoch: 1 }, records: ['t'] };
    log.apply({ op: 'snapshot', snapshot: first });
    log.apply({ op: 'snapshot', snapshot: next });
    expect(disk.list(DIR).filter((n) => n.endsWith('.checkpoint'))).toHaveLength(2);
    log.apply({ op: 'deleteBefore', snapshotId: next.id });
    log.flush();
    disk.crash();
    const names = disk.list(DIR);
    expect(names).not.toContain(SEGMENT_0);
    expect(names.filter((n) => n.endsWith('.checkpoint'))).toEqual([snapshotFileName(next.id)]);
    const loaded = open(disk, 150).load();
    expect(loaded.snapshot).toEqual(next);
    expect(loaded.snapshotIds).toEqual([next.id]);
    expect(loaded.logStartOffset).toBe(second);
    expect(loaded.entries).toEqual(records(second, 12 - second, 1));
  });

  /** 세그먼트 하나에 레코드 하나씩 (segmentBytes 1), 0..n-1과 `snapshots`의 스냅숏들, 시각은 `clock` */
  function logWithSnapshots(
    n: number,
    snapshots: number[],
    options: { retentionMaxBytes?: number; retentionMillis?: number; clock?: { now(): number } },
  ) {
    const disk = new SimDisk();
    const log = new KafkaMetadataLog<string>(disk, { clock, segmentBytes: 1, ...options });
    log.load();
    for (let i = 0; i < n; i++) log.apply({ op: 'append', entries: records(i, 1, 1) });
    for (const offset of snapshots)
      log.apply({ op: 'snapshot', snapshot: { id: { offset, epoch: 1 }, records: ['s'] } });
    return { disk, log };
  }

  it('testDeleteSnapshots: 로그와 스냅숏이 metadata.max.retention.bytes를 넘으면 가장 새 스냅숏까지 로그 시작을 옮깁니다', () => {
    const { log } = logWithSnapshots(20, [4, 8, 12, 16], { retentionMaxBytes: 1 });
    expect(log.snapshotToCleanBefore(clock.now())).toEqual({ offset: 16, epoch: 1 });
  });

  it('testSoftRetentionLimit: 한도 안이면 그대로이고, 스냅숏이 하나뿐이면 한도를 넘어도 지우지 않습니다', () => {
    expect(
      logWithSnapshots(20, [4, 8], { retentionMaxBytes: 1 << 20 }).log.snapshotToCleanBefore(clock.now()),
    ).toBeNull();
    expect(logWithSnapshots(20, [8], { retentionMaxBytes: 1 }).log.snapshotToCleanBefore(clock.now())).toBeNull();
    expect(logWithSnapshots(20, [], { retentionMaxBytes: 1 }).log.snapshotToCleanBefore(clock.now())).toBeNull();
  });

  it('testRetentionSizeIsRemeasured: 크기 한도는 지운 만큼 다시 잽니다: 옛 스냅숏 하나와 그 앞의 세그먼트를 지워 한도 안에 들면 거기서 멈춥니다', () => {
    const { disk } = logWithSnapshots(20, [4, 8, 12], { retentionMaxBytes: -1 });
    const sizeOf = (names: string[]) => names.reduce((sum, n) => sum + (disk.read(`${DIR}/${n}`)?.length ?? 0), 0);
    const names = disk.list(DIR);
    // 스냅숏 4를 지우고 로그 시작을 8로 옮긴 뒤의 크기: 세그먼트 8.., 스냅숏 8과 12
    const after = sizeOf(
      names.filter((n) => (n.endsWith('.log') && Number(n.slice(0, 20)) >= 8) || /^0+(8|12)-/.test(n)),
    );
    const log = new KafkaMetadataLog<string>(disk, { clock, segmentBytes: 1, retentionMaxBytes: after });
    log.load();
    expect(log.snapshotToCleanBefore(clock.now())).toEqual({ offset: 8, epoch: 1 });
  });

  it('testRetentionMsBreach: 가장 오래된 스냅숏이 metadata.max.retention.ms보다 오래되면 다음 스냅숏으로 옮깁니다 (크기 한도는 끔)', () => {
    const start = clock.now();
    let now = start;
    const moving = { now: () => now };
    const { log } = logWithSnapshots(20, [4], { retentionMaxBytes: -1, retentionMillis: 60_000, clock: moving });
    now += 30_000;
    log.apply({ op: 'snapshot', snapshot: { id: { offset: 8, epoch: 1 }, records: ['s'] } });
    now += 30_000;
    log.apply({ op: 'snapshot', snapshot: { id: { offset: 12, epoch: 1 }, records: ['s'] } });
    expect(log.snapshotToCleanBefore(start + 60_000)).toBeNull();
    // 4는 60초 넘게, 8은 아직 30초: 4만 버려 로그 시작이 8로
    expect(log.snapshotToCleanBefore(start + 60_001)).toEqual({ offset: 8, epoch: 1 });
    expect(log.snapshotToCleanBefore(start + 90_001)).toEqual({ offset: 12, epoch: 1 });
  });

  it('리더의 스냅숏으로 바꾸면(truncateToSnapshot) 로그가 비고 옛 스냅숏은 지워집니다', () => {
    const disk = new SimDisk();
    const log = open(disk);
    log.load();
    log.apply({ op: 'snapshot', snapshot: { id: { offset: 2, epoch: 1 }, records: [] } });
    log.apply({ op: 'append', entries: records(0, 3, 1) });
    const snapshot = { id: { offset: 40, epoch: 3 }, records: ['x'] };
    log.apply({ op: 'snapshot', snapshot });
    log.apply({ op: 'truncateToSnapshot', snapshotId: snapshot.id });
    log.apply({ op: 'append', entries: records(40, 1, 3) });
    log.flush();
    expect(open(disk).load()).toEqual({
      snapshot,
      snapshotIds: [snapshot.id],
      logStartOffset: 40,
      entries: records(40, 1, 3),
    });
    expect(disk.list(DIR)).toEqual(['00000000000000000040-0000000003.checkpoint', '00000000000000000040.log']);
  });

  it('다 쓰이지 않은 스냅숏(.part)은 지우고 옛 스냅숏을 씁니다', () => {
    const disk = new SimDisk();
    const log = open(disk);
    log.load();
    log.apply({ op: 'append', entries: records(0, 3, 1) });
    log.apply({ op: 'snapshot', snapshot: { id: { offset: 2, epoch: 1 }, records: ['s'] } });
    log.flush();
    disk.write(`${DIR}/00000000000000000003-0000000001.checkpoint.part`, new Uint8Array([1, 2, 3]));
    expect(open(disk).load().snapshot?.id).toEqual({ offset: 2, epoch: 1 });
    expect(disk.list(DIR).some((n) => n.endsWith('.part'))).toBe(false);
  });

  it('진짜 디스크에서도 같은 코드로 읽고 씁니다', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kraft-log-'));
    dirs.push(dir);
    const log = open(new FileDisk(dir));
    log.load();
    log.apply({ op: 'append', entries: records(0, 3, 1) });
    log.flush();
    expect(open(new FileDisk(dir)).load().entries).toEqual(records(0, 3, 1));
    expect(fs.readdirSync(path.join(dir, DIR))).toEqual([SEGMENT_0]);
  });

  it('스냅숏 파일 이름은 Kafka SnapshotPath처럼 <끝 오프셋 20자리>-<에포크 10자리>.checkpoint', () => {
    expect(snapshotFileName({ offset: 1234, epoch: 5 })).toBe('00000000000000001234-0000000005.checkpoint');
    expect(parseSnapshotFileName('00000000000000001234-0000000005.checkpoint')).toEqual({ offset: 1234, epoch: 5 });
    expect(parseSnapshotFileName('00000000000000001234-0000000005.checkpoint.part')).toBeNull();
  });
});
