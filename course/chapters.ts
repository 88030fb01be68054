/**
 * 과정의 단 하나뿐인 장(Chapter) 목록입니다.
 *
 * 러너(`npm run exercise:N`), 과정 점검(`npm run course:check`), 동기화(`npm run course:sync`),
 * 학습 사이트의 사이드바가 모두 이 파일만 읽습니다. 장을 추가하거나 고칠 곳은 여기 하나입니다.
 */

/** 시드 노트의 한 절. `000 Kafka Offset`처럼 "시드 번호 + 절 제목"으로 적습니다. */
export type SeedSection = string;

/** 실패한 테스트 하나에 붙는 힌트. 답을 주지 않고, 개념과 강의의 어느 문단을 볼지 알려 줍니다. */
export interface Hint {
  /** 테스트가 무엇을 확인했는지, 어떤 개념을 떠올려야 하는지 */
  readonly text: string;
  /** 강의 안의 제목 앵커 (`#오프셋-할당`처럼). 없으면 강의 첫머리로 연결합니다. */
  readonly anchor?: string;
}

export interface Chapter {
  /** `npm run exercise:N`의 N */
  readonly number: number;
  /** 바뀌지 않는 영문 식별자. 폴더 이름 `NN-slug`과 강의 주소에 쓰입니다. */
  readonly slug: string;
  readonly title: string;
  /** `ready`는 연습 문제까지 갖춘 장, `planned`는 아직 만들고 있는 장 */
  readonly status: 'ready' | 'planned';
  /** 학습자가 이 장에서 직접 구현하는 것 */
  readonly implements: string;
  /** 이 장이 다루는 시드 노트의 절 */
  readonly seeds: readonly SeedSection[];
  /**
   * 이 장이 가르치는 reference 모듈(저장소 루트 기준 경로). `npm run course:sync`가 이 파일들의
   * `@exercise` 구간을 잘라 스타터를, 구간을 그대로 두어 해답을 만듭니다.
   */
  readonly modules: readonly string[];
  /** 테스트 ID(테스트 이름의 `:` 앞부분)마다 하나씩 */
  readonly hints: Readonly<Record<string, Hint>>;
}

/** 연습 문제 없이 읽기만 하는 강의 (시드 노트의 나머지 절) */
export interface Lesson {
  readonly id: string;
  readonly title: string;
  readonly seeds: readonly SeedSection[];
}

/** 사이드바 첫머리에 놓이는 읽기 강의. `docs/docs/<id>.md`에 있습니다. */
export const lessons: readonly Lesson[] = [
  {
    id: 'basics/what-is-kafka',
    title: '카프카란?',
    seeds: [
      '001 Apache Kafka',
      '001 Point-to-Point/Publish-Subscribe',
      '001 동기/비동기 상품 등록',
      '003 카프카란?',
      '003 주요 구성요소',
      '003 카프카 특징 및 기능',
      '003 카프카 도입의 장단점',
    ],
  },
];

export const chapters: readonly Chapter[] = [
  {
    number: 1,
    slug: 'log-offsets',
    title: '파티션 로그와 오프셋',
    status: 'ready',
    implements: '추가만 하는 파티션 로그, 오프셋 부여, 로그 끝 오프셋, 오프셋부터 읽기',
    seeds: ['000 Kafka Offset', '001 Offset', '001 Partition', '002 Offset (오프셋)'],
    modules: ['reference/src/log/in-memory-log.ts'],
    hints: {
      EmptyLogStartsAtLogStart: {
        text: '빈 로그의 로그 끝 오프셋(Log End Offset)은 로그 시작 오프셋과 같습니다. 다음에 붙을 오프셋이 곧 로그 끝 오프셋이라는 정의를 떠올려 보세요. 그리고 로그 끝에서 읽으면 오류가 아니라 빈 결과입니다.',
        anchor: '#로그-시작과-로그-끝',
      },
      AppendAssignsConsecutiveOffsets: {
        text: '브로커는 레코드가 도착한 순서대로 로그 끝 오프셋부터 1씩 늘려 가며 번호를 붙입니다. append가 돌려주는 baseOffset과 lastOffset이 무엇을 가리키는지 확인하세요.',
        anchor: '#오프셋-부여',
      },
      SeedOffsetWalkthrough: {
        text: '로그가 100에서 시작하면 첫 레코드의 오프셋은 0이 아니라 100입니다. 추가한 뒤 로그 끝 오프셋은 101이 되어야 합니다. 오프셋은 배열 인덱스가 아니라 로그 시작 오프셋에서 센 번호입니다.',
        anchor: '#오프셋-부여',
      },
      AppendRejectsEmptyBatch: {
        text: '레코드가 하나도 없는 배치는 오프셋을 받을 수 없습니다. 로그를 바꾸기 전에 입력을 먼저 확인하세요.',
        anchor: '#오프셋-부여',
      },
      ReadReturnsRecordsInOrder: {
        text: 'read(offset)은 그 오프셋의 레코드부터 순서대로 돌려줍니다. 오프셋을 내부 배열의 위치로 바꿀 때 로그 시작 오프셋을 빼야 합니다.',
        anchor: '#오프셋부터-읽기',
      },
      ReadStopsAtMaxRecords: {
        text: 'maxRecords는 한 번에 돌려줄 레코드 수의 상한입니다. 컨슈머의 max.poll.records와 같은 역할입니다.',
        anchor: '#한-번에-얼마나-읽을까',
      },
      ReadStopsAtMaxBytesButMakesProgress: {
        text: 'maxBytes를 넘기기 전에 멈추되, 첫 레코드는 크기와 상관없이 돌려줘야 컨슈머가 멈추지 않습니다(KIP-74). 레코드 크기는 recordSizeInBytes로 잽니다.',
        anchor: '#한-번에-얼마나-읽을까',
      },
      ReadPastLogEndFails: {
        text: '로그 끝 오프셋에서 읽으면 "아직 새 레코드가 없다"는 뜻이라 빈 배열입니다. 그보다 뒤는 존재하지 않는 오프셋이므로 OffsetOutOfRangeError를 던지세요.',
        anchor: '#범위를-벗어난-오프셋',
      },
      ReadBeforeLogStartFails: {
        text: '보존 정책으로 앞부분이 지워지면 로그 시작 오프셋이 앞으로 옮겨 갑니다. 그보다 앞의 오프셋은 더는 읽을 수 없으니 OffsetOutOfRangeError를 던지고, 오류에 현재 범위를 담으세요.',
        anchor: '#로그-시작-오프셋이-움직일-때',
      },
      LogStartOnlyMovesForward: {
        text: 'advanceLogStartOffset은 로그 시작 오프셋을 앞으로만 옮깁니다. 지금보다 작은 값은 무시하고, 로그 끝 오프셋보다 큰 값은 거부하세요. 로그 끝 오프셋은 바뀌지 않습니다.',
        anchor: '#로그-시작-오프셋이-움직일-때',
      },
    },
  },
  {
    number: 2,
    slug: 'segment-indexing',
    title: '세그먼트와 인덱스',
    status: 'planned',
    implements:
      '20자리 기준 오프셋 이름의 세그먼트, 희소 .index/.timeindex, 오프셋과 시간으로 찾기, 롤, 보존, 장애 복구',
    seeds: ['002 메시지 저장 구조', '004 물리적 저장소', '003 영속성/보존'],
    // 학습자의 파일끼리 서로를 가져오도록 함께 복사합니다: unified-log → log-loader → log-segment, unified-log → retention.
    modules: [
      'reference/src/storage/log-loader.ts',
      'reference/src/storage/log-segment.ts',
      'reference/src/storage/retention.ts',
      'reference/src/storage/unified-log.ts',
    ],
    hints: {},
  },
  {
    number: 3,
    slug: 'wire-protocol',
    title: '레코드 배치와 와이어 프로토콜',
    status: 'planned',
    implements: '프레이밍, 요청/응답 헤더, varint, 레코드 배치 v2와 CRC32C, ApiVersions/Metadata',
    seeds: ['004 요청 처리', '002 데이터 흐름'],
    // 함께 복사한 파일끼리 서로의 사본을 가져옵니다: headers → codec → reader. 그래서 학습자의 헤더 코덱은
    // 학습자의 varint와 태그 필드 읽기 위에서 돕니다. 메시지 스키마와 ByteWriter는 reference의 것을 씁니다.
    modules: [
      'reference/src/protocol/framer.ts',
      'reference/src/protocol/reader.ts',
      'reference/src/protocol/codec.ts',
      'reference/src/protocol/headers.ts',
      'reference/src/record/batch-header.ts',
    ],
    hints: {},
  },
  planned(
    4,
    'partitioning',
    '파티셔너와 순서 보장',
    'Java와 같은 murmur2 파티셔너, 키 없는 레코드의 sticky/라운드 로빈, kafkajs에 끼우기',
    ['001 라운드 로빈/키', '003 같은 키 같은 파티션', '002 userId 파티셔닝'],
  ),
  planned(
    5,
    'producer-acks',
    'acks, 배치, 멱등성',
    'acks 0/1/all과 produce purgatory, min.insync.replicas, 멱등 시퀀스 검사',
    ['002 ACK 메커니즘', '002 Producer 최적화', '004 acks 옵션'],
  ),
  planned(
    6,
    'replication-isr',
    '복제와 ISR',
    '팔로워 fetch, LEO/하이 워터마크, ISR 축소/확장, 리더 에포크와 잘라내기',
    ['001 Leader/Follower', '001 장애 상황', '002 복제', '004 파티션 복제 관리'],
  ),
  planned(
    7,
    'offset-commit',
    '컨슈머와 오프셋 커밋',
    'fetch/poll, 커밋 오프셋 = 다음에 읽을 위치, __consumer_offsets, auto.offset.reset, 랙',
    ['000 Offset 처리 순서', '002 Broker→Consumer', '004 읽기 요청'],
  ),
  planned(
    8,
    'consumer-groups',
    '컨슈머 그룹과 리밸런싱',
    '코디네이터 상태 기계, join/sync/heartbeat/leave, range/round-robin/sticky 할당자',
    ['000 그룹 코디네이터', '002 조정 프로토콜', '001 리밸런싱'],
  ),
  planned(
    9,
    'kraft-election',
    '컨트롤러와 KRaft',
    'Raft 선출(에포크, 투표, 무작위 타임아웃), 메타데이터 로그, 브로커 하트비트/펜싱, 파티션 리더 선출',
    ['000 브로커 리더', '003 KRaft', '004 컨트롤러/KRaft'],
  ),
  planned(
    10,
    'transactions',
    '트랜잭션과 커밋 마커',
    '코디네이터 상태 기계, __transaction_state, 프로듀서 에포크/펜싱, 커밋/어보트 마커, LSO, read_committed',
    ['000 트랜잭션 원리', '002 Exactly-Once'],
  ),
  planned(11, 'cluster', '세 브로커 클러스터', '세 노드 위의 브로커 전체: 시드 시나리오, 장애 조치 훈련, 설정 옵션', [
    '000 아키텍처 구조 정의',
    '000 유의 사항',
    '000 보안',
    '001 클러스터',
  ]),
  planned(12, 'patterns', '실전 패턴', '클러스터 위의 kafkajs 애플리케이션: 사용자 키 선착순 쿠폰, 아웃박스', [
    '002 쿠폰/랭킹/이벤트 소싱',
    '001 동기→비동기',
    '003 장단점',
  ]),
];

function planned(
  number: number,
  slug: string,
  title: string,
  implementsWhat: string,
  seeds: readonly SeedSection[],
): Chapter {
  return { number, slug, title, status: 'planned', implements: implementsWhat, seeds, modules: [], hints: {} };
}

/** `01-log-offsets`: exercises/와 solutions/ 아래 폴더 이름 */
export function chapterDir(chapter: Chapter): string {
  return `${String(chapter.number).padStart(2, '0')}-${chapter.slug}`;
}

/** 학습 사이트 안 강의 문서의 id (`docs/docs/<id>.md`) */
export function lessonId(chapter: Chapter): string {
  return `chapters/${chapter.slug}`;
}

export function findChapter(number: number): Chapter | undefined {
  return chapters.find((c) => c.number === number);
}

/** 학습 사이트 주소. `npm start`가 띄우는 로컬 사이트를 가리킵니다. */
export const siteUrl = 'http://127.0.0.1:3000';
