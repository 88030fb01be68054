/**
 * 내구성이 필요한 파일(quorum-state, 메타데이터 로그, 스냅숏)은 이 좁은 인터페이스로만 읽고 씁니다.
 *
 * 핵심은 "쓴 것"과 "내린 것(sync)"의 구분입니다. `write`·`append`·`truncate`가 돌아오면 내용은 운영체제의
 * 페이지 캐시에 있을 뿐이고, 전원이 나가거나 `kill -9`보다 나쁜 장애(커널 패닉)가 나면 사라질 수 있습니다.
 * `sync`(fsync)가 돌아온 뒤의 내용만 살아남는다고 믿을 수 있습니다. 시뮬레이터의 디스크(`sim/disk.ts`)는
 * 노드가 죽을 때 sync하지 않은 내용을 실제로 버려, 이 구분을 어기는 코드를 잡아냅니다.
 *
 * 경로는 디스크 뿌리 기준의 `/`로 나눈 상대 경로입니다 (`__cluster_metadata-0/quorum-state`).
 * 디렉터리는 따로 만들지 않습니다: 파일을 쓰면 그 디렉터리가 생깁니다.
 */
export interface Disk {
  /** 파일 전체. 없으면 null */
  read(path: string): Uint8Array | null;
  /** 파일 내용을 통째로 바꿉니다 (없으면 만듭니다). `sync` 전에는 내구적이지 않습니다. */
  write(path: string, data: Uint8Array): void;
  /** 파일 끝에 덧붙입니다 (없으면 만듭니다). `sync` 전에는 내구적이지 않습니다. */
  append(path: string, data: Uint8Array): void;
  /** 파일을 `size` 바이트로 자릅니다. `sync` 전에는 내구적이지 않습니다. */
  truncate(path: string, size: number): void;
  /** 지금까지 이 파일에 쓴 내용을 디스크에 내립니다 (fsync). */
  sync(path: string): void;
  /**
   * `from`을 `to`로 원자적으로 옮깁니다 (`to`가 있으면 바꿉니다). 이름 바꾸기 자체는 내구적이지만,
   * 옮겨지는 것은 `from`의 내구적인 내용입니다: 먼저 `sync(from)` 하세요 (Kafka `Utils.atomicMoveWithFallback`).
   */
  rename(from: string, to: string): void;
  /** 파일을 지웁니다. 없으면 아무 일도 하지 않습니다. 지우기는 곧바로 내구적입니다. */
  remove(path: string): void;
  /** 디렉터리 바로 아래 파일 이름들(경로가 아니라 이름), 이름순. 디렉터리가 없으면 빈 배열 */
  list(dir: string): string[];
}
