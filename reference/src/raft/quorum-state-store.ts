/**
 * `quorum-state` 파일: 선거 상태를 디스크에 남깁니다. Kafka `FileQuorumStateStore`처럼 임시 파일에 쓰고 fsync한
 * 다음 이름을 바꿔, 도중에 죽어도 옛 내용 아니면 새 내용이 남게 합니다.
 *
 * `write`가 돌아오면 내용은 디스크에 내려가 있습니다. 드라이버는 이것이 끝난 다음에야 투표 응답을 보냅니다.
 */
import type { Disk } from '../runtime/disk.js';
import { decodeElectionState, type ElectionState, encodeElectionState } from './election-state.js';

export const METADATA_LOG_DIR = '__cluster_metadata-0';
export const QUORUM_STATE_FILE = `${METADATA_LOG_DIR}/quorum-state`;

export class FileQuorumStateStore {
  constructor(
    private readonly disk: Disk,
    readonly path = QUORUM_STATE_FILE,
  ) {}

  /** 파일이 없으면 null (처음 켜진 노드). 읽을 수 없는 내용이면 예외: 이 파일 없이 투표하면 안전하지 않습니다. */
  read(): ElectionState | null {
    const bytes = this.disk.read(this.path);
    if (bytes === null) return null;
    const decoded = decodeElectionState(bytes);
    if (!decoded.ok) throw new Error(`${this.path}를 읽을 수 없습니다: ${decoded.error}`);
    return decoded.state;
  }

  write(state: ElectionState): void {
    const tmp = `${this.path}.tmp`;
    this.disk.write(tmp, encodeElectionState(state));
    this.disk.sync(tmp);
    this.disk.rename(tmp, this.path);
  }
}
