/**
 * 쿼럼이 디스크에 남기는 것: quorum-state(Kafka `FileQuorumStateStore`의 JSON), 로그 파일(CRC로 찢어진 꼬리를
 * 알아봄), 스냅숏(`.checkpoint`). 시뮬레이터 디스크로 "죽었다 켜지면 무엇이 남나"를, 진짜 디스크로 같은 코드가
 * 파일 시스템에서도 도는지를 봅니다.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { crc32c } from '../../src/raft/crc32c.js';
import { decodeElectionState, encodeElectionState } from '../../src/raft/election-state.js';
import { RaftLogStore } from '../../src/raft/log-store.js';
import { FileQuorumStateStore } from '../../src/raft/quorum-state-store.js';
import { parseSnapshotFileName, snapshotFileName } from '../../src/raft/snapshot.js';
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

describe('로그 파일 (RaftLogStore)', () => {
  it('CRC-32C는 표준 시험 벡터를 맞힙니다', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
  });

  it('덧붙이고 flush한 항목은 다시 읽히고, flush하지 않은 항목은 죽으면 사라집니다', () => {
    const disk = new SimDisk();
    const store = new RaftLogStore<string>(disk);
    store.load();
    store.apply({ op: 'append', entries: records(0, 3, 1) });
    store.flush();
    store.apply({ op: 'append', entries: records(3, 2, 1) });
    disk.crash();
    expect(new RaftLogStore<string>(disk).load()).toEqual({
      snapshot: null,
      entries: records(0, 3, 1),
      truncatedBytes: 0,
    });
  });

  it('찢어진 꼬리(반쯤 쓰인 항목)는 CRC로 알아보고 잘라 냅니다', () => {
    let repaired = 0;
    for (let seed = 0; seed < 30; seed++) {
      const disk = new SimDisk();
      const store = new RaftLogStore<string>(disk);
      store.load();
      store.apply({ op: 'append', entries: records(0, 2, 1) });
      store.flush();
      store.apply({ op: 'append', entries: records(2, 3, 1) });
      disk.crash({ tornWrites: new SeededRandom(seed) });
      const loaded = new RaftLogStore<string>(disk).load();
      expect(loaded.entries).toEqual(records(0, loaded.entries.length, 1));
      expect(loaded.entries.length).toBeGreaterThanOrEqual(2);
      if (loaded.truncatedBytes > 0) repaired++;
      // 잘라 낸 뒤에는 다시 읽어도 같습니다
      expect(new RaftLogStore<string>(disk).load()).toMatchObject({ entries: loaded.entries, truncatedBytes: 0 });
    }
    expect(repaired).toBeGreaterThan(0);
  });

  it('truncate는 그 오프셋부터 지웁니다 (갈라진 팔로워)', () => {
    const disk = new SimDisk();
    const store = new RaftLogStore<string>(disk);
    store.load();
    store.apply({ op: 'append', entries: records(0, 5, 1) });
    store.apply({ op: 'truncate', offset: 3 });
    store.apply({ op: 'append', entries: records(3, 1, 2) });
    store.flush();
    expect(new RaftLogStore<string>(disk).load().entries).toEqual([...records(0, 3, 1), ...records(3, 1, 2)]);
  });

  it('스냅숏을 쓰고 그 앞을 지우면, 다시 읽을 때 스냅숏과 그 뒤의 항목만 남습니다', () => {
    const disk = new SimDisk();
    const store = new RaftLogStore<string>(disk);
    store.load();
    store.apply({ op: 'append', entries: records(0, 6, 1) });
    store.flush();
    const snapshot = { id: { offset: 4, epoch: 1 }, records: ['s'] };
    store.apply({ op: 'snapshot', snapshot });
    store.apply({ op: 'deleteBefore', snapshotId: snapshot.id });
    store.apply({ op: 'append', entries: records(6, 1, 2) });
    store.flush();
    disk.crash();
    const loaded = new RaftLogStore<string>(disk).load();
    expect(loaded.snapshot).toEqual(snapshot);
    expect(loaded.entries).toEqual([...records(4, 2, 1), ...records(6, 1, 2)]);
    expect(disk.list('__cluster_metadata-0')).toEqual(['00000000000000000004-0000000001.checkpoint', 'raft.log']);
  });

  it('리더의 스냅숏으로 바꾸면(truncateToSnapshot) 로그가 비고 옛 스냅숏은 지워집니다', () => {
    const disk = new SimDisk();
    const store = new RaftLogStore<string>(disk);
    store.load();
    store.apply({ op: 'snapshot', snapshot: { id: { offset: 2, epoch: 1 }, records: [] } });
    store.apply({ op: 'append', entries: records(0, 3, 1) });
    const snapshot = { id: { offset: 40, epoch: 3 }, records: ['x'] };
    store.apply({ op: 'snapshot', snapshot });
    store.apply({ op: 'truncateToSnapshot', snapshotId: snapshot.id });
    store.apply({ op: 'append', entries: records(40, 1, 3) });
    store.flush();
    expect(new RaftLogStore<string>(disk).load()).toEqual({ snapshot, entries: records(40, 1, 3), truncatedBytes: 0 });
    expect(disk.list('__cluster_metadata-0')).toEqual(['00000000000000000040-0000000003.checkpoint', 'raft.log']);
  });

  it('진짜 디스크에서도 같은 코드로 읽고 씁니다', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kraft-log-'));
    dirs.push(dir);
    const store = new RaftLogStore<string>(new FileDisk(dir));
    store.load();
    store.apply({ op: 'append', entries: records(0, 3, 1) });
    store.flush();
    expect(new RaftLogStore<string>(new FileDisk(dir)).load().entries).toEqual(records(0, 3, 1));
  });

  it('스냅숏 파일 이름은 Kafka SnapshotPath처럼 <끝 오프셋 20자리>-<에포크 10자리>.checkpoint', () => {
    expect(snapshotFileName({ offset: 1234, epoch: 5 })).toBe('00000000000000001234-0000000005.checkpoint');
    expect(parseSnapshotFileName('00000000000000001234-0000000005.checkpoint')).toEqual({ offset: 1234, epoch: 5 });
    expect(parseSnapshotFileName('00000000000000001234-0000000005.checkpoint.part')).toBeNull();
  });
});
