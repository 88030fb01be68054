/**
 * ACL (Kafka `AclControlManager`): CreateAcls와 DeleteAcls를 판단해 레코드로 바꾸고, AccessControlEntryRecord와
 * RemoveAccessControlEntryRecord를 재생해 둡니다. 레코드는 쿼럼이 복제하므로, 커밋된 ACL은 모든 노드의 인가기에
 * 똑같이 적용됩니다 (브로커는 `../metadata/cluster-metadata.ts`의 이미지에 같은 레코드를 재생합니다).
 */

import type { MetadataRecord } from '../metadata/records.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type Acl,
  AclCache,
  type AclFilter,
  filterIsUnknown,
  filterMatches,
  invalidAclReason,
} from '../security/acl.js';

/** 만들기 하나의 결과 (CreateAcls 응답의 `results` 한 칸) */
export interface AclCreateOutcome {
  readonly errorCode: number;
  readonly errorMessage: string | null;
}

/** 필터 하나의 결과: 지운 ACL들 (DeleteAcls 응답의 `filterResults` 한 칸) */
export interface AclDeleteOutcome {
  readonly errorCode: number;
  readonly errorMessage: string | null;
  readonly deleted: readonly Acl[];
}

export class AclControlManager {
  readonly acls = new AclCache();

  copyInto(target: AclControlManager): void {
    this.acls.copyInto(target.acls);
  }

  /**
   * Kafka `AclControlManager.createAcls`: 만들기마다 검사하고, 처음 보는 ACL만 새 ID로 적습니다. 이미 있는 ACL이나 한
   * 요청 안에서 두 번 온 ACL도 성공으로 답합니다 (레코드는 하나).
   */
  createAcls(acls: readonly Acl[], newId: () => string): { records: MetadataRecord[]; outcomes: AclCreateOutcome[] } {
    const records: MetadataRecord[] = [];
    const pending = new AclCache();
    const outcomes = acls.map((acl): AclCreateOutcome => {
      const invalid = invalidAclReason(acl);
      if (invalid) return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: invalid };
      if (!this.acls.contains(acl) && !pending.contains(acl)) {
        let id = newId();
        while (this.acls.has(id) || pending.has(id)) id = newId();
        const record: MetadataRecord = { type: 'AccessControlEntryRecord', id, ...acl };
        pending.replay(record);
        records.push(record);
      }
      return { errorCode: ErrorCode.NONE, errorMessage: null };
    });
    return { records, outcomes };
  }

  /**
   * Kafka `AclControlManager.deleteAcls`: 필터마다 맞는 ACL을 모두 지웁니다. 두 필터가 같은 ACL에 맞으면 두 결과에
   * 모두 나오지만 지우는 레코드는 하나입니다. 알 수 없는 값이 든 필터는 INVALID_REQUEST입니다.
   */
  deleteAcls(filters: readonly AclFilter[]): { records: MetadataRecord[]; outcomes: AclDeleteOutcome[] } {
    const removed = new Set<string>();
    const outcomes = filters.map((filter): AclDeleteOutcome => {
      if (filterIsUnknown(filter)) {
        return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'Unknown filter.', deleted: [] };
      }
      const deleted: Acl[] = [];
      for (const [id, acl] of this.acls.entries()) {
        if (!filterMatches(filter, acl)) continue;
        deleted.push(acl);
        removed.add(id);
      }
      return { errorCode: ErrorCode.NONE, errorMessage: null, deleted };
    });
    return { records: [...removed].map((id) => ({ type: 'RemoveAccessControlEntryRecord', id })), outcomes };
  }

  toRecords(): MetadataRecord[] {
    return this.acls.toRecords();
  }
}
