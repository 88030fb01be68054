/**
 * 메타데이터 로그: 클러스터 메타데이터 레코드를 내부 토픽 `__cluster_metadata`의 파티션 0에 적습니다.
 * 다른 파티션과 똑같은 디스크 형식(세그먼트, 레코드 배치 v2)을 쓰고, 레코드 값에 JSON을 담습니다.
 * 브로커가 다시 켜지면 이 로그를 처음부터 읽어 메타데이터를 되살립니다 (재생, replay).
 *
 * 메타데이터는 잃으면 안 되므로 쓸 때마다 fsync합니다. (일반 파티션은 fsync하지 않고 복제에 기댑니다.)
 */
import path from 'node:path';
import { encodeBatch } from '../record/record-batch.js';
import { readAllRecords } from '../storage/log-reader.js';
import { UnifiedLog } from '../storage/unified-log.js';
import type { MetadataJournal } from './controller.js';
import type { MetadataRecord } from './records.js';

export const METADATA_TOPIC = '__cluster_metadata';

export class MetadataLog implements MetadataJournal {
  private constructor(
    private readonly log: UnifiedLog,
    private readonly now: () => number,
  ) {}

  static open(logDir: string, now: () => number): MetadataLog {
    const dir = path.join(logDir, `${METADATA_TOPIC}-0`);
    return new MetadataLog(UnifiedLog.open({ dir, topic: METADATA_TOPIC, partition: 0, now }), now);
  }

  /** 처음부터 끝까지의 메타데이터 레코드 */
  readAll(): MetadataRecord[] {
    const records: MetadataRecord[] = [];
    for (const record of readAllRecords(this.log)) {
      if (record.value) records.push(JSON.parse(Buffer.from(record.value).toString('utf8')) as MetadataRecord);
    }
    return records;
  }

  async append(records: readonly MetadataRecord[]): Promise<void> {
    const timestamp = this.now();
    const batch = encodeBatch({
      records: records.map((r) => ({ key: null, value: Buffer.from(JSON.stringify(r)), timestamp })),
    });
    this.log.appendAsLeader(batch, 0);
    this.log.flush();
  }

  close(): void {
    this.log.close();
  }
}
