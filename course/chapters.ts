/**
 * 과정의 단 하나뿐인 장(Chapter) 목록입니다.
 *
 * 러너(`npm run exercise:N`), 과정 점검(`npm run course:check`), 동기화(`npm run course:sync`),
 * 학습 사이트의 사이드바가 모두 이 파일만 읽습니다. 장을 추가하거나 고칠 곳은 여기 하나입니다.
 */

import type { SyllabusLabel } from './syllabus.js';

/** 실패한 테스트 하나에 붙는 힌트. 답을 주지 않고, 개념과 강의의 어느 문단을 볼지 알려 줍니다. */
export interface Hint {
  /** 테스트가 무엇을 확인했는지, 어떤 개념을 떠올려야 하는지 */
  readonly text: string;
  /** 강의 안의 제목 앵커 (`#오프셋-할당`처럼). 없으면 강의 첫머리로 연결합니다. */
  readonly anchor?: string;
  /**
   * 더 깊은 힌트(단계별). `text`가 "무엇을 떠올릴지"라면, 이것은 "어떻게 할지"에 한 걸음씩 다가갑니다.
   * 러너는 처음에는 `text`만 보여 주고, 학습자가 `--hint`로 청할 때 다음 단계를 보여 줍니다.
   */
  readonly more?: readonly string[];
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
  /**
   * 이 장이 가르치는 실라버스 노트의 절. `"000 Kafka Offset"`처럼 "노트 번호 + 노트에 적힌 그대로의 제목"이며,
   * 실라버스 지도(`course/syllabus.ts`)에 있는 절이어야 합니다. 준비된 장은 지도가 이 장의 강의를 가리키는 절만 적습니다.
   */
  readonly syllabus: readonly SyllabusLabel[];
  /**
   * 이 장이 가르치는 reference 모듈(저장소 루트 기준 경로). `npm run course:sync`가 이 파일들의
   * `@exercise` 구간을 잘라 스타터를, 구간을 그대로 두어 해답을 만듭니다. 이 장의 테스트에서는 이 모듈을 가져오는
   * import가 모두(브로커 안의 reference 코드가 가져오는 것까지) 학습자의 파일을 가리킵니다 (`resolve.ts`).
   */
  readonly modules: readonly string[];
  /** 테스트 ID(테스트 이름의 `:` 앞부분)마다 하나씩 */
  readonly hints: Readonly<Record<string, Hint>>;
}

/** 연습 문제 없이 읽기만 하는 강의 (장이 다루지 않는 실라버스 노트의 절) */
export interface Lesson {
  readonly id: string;
  readonly title: string;
  /** 이 강의가 가르치는 실라버스 노트의 절 (`Chapter.syllabus`와 같은 규칙) */
  readonly syllabus: readonly SyllabusLabel[];
  /**
   * `start`는 사이드바의 "시작하기"에(장보다 먼저 읽을 것), `appendix`는 장 목록 뒤의 "더 알아보기"에 놓입니다.
   * `reference: true`인 문서(용어집, 참고 자료)는 찾아보는 자료라 학습 목표·핵심 정리·확인 문제의 틀을 따르지 않습니다.
   */
  readonly place: 'start' | 'appendix';
  readonly reference?: true;
}

/** 읽기 강의. `docs/docs/<id>.md`에 있습니다. */
export const lessons: readonly Lesson[] = [
  {
    id: 'basics/what-is-kafka',
    title: '카프카란?',
    place: 'start',
    syllabus: [
      '001 Apache Kafka',
      '001 🔸 Kafka 구조',
      '001 ▫️ Kafka Broker',
      '001 ▫️ Topic',
      '002 📚 개요',
      '002 1. **핵심 컴포넌트**',
      '003 주요 구성요소',
      '003 카프카 특징 및 기능',
      '003 카프카 도입의 장단점',
    ],
  },
  {
    id: 'basics/messaging-comparison',
    title: '카프카와 다른 메시징 시스템',
    place: 'start',
    syllabus: ['002 **Kafka vs Redis Streams**', '002 **Kafka vs RabbitMQ**'],
  },
  {
    id: 'basics/glossary',
    title: '용어집',
    place: 'start',
    reference: true,
    syllabus: ['001 🔸 Kafka 용어', '000 Kafka 리더 종류'],
  },
  {
    id: 'basics/practice',
    title: '실습 안내',
    place: 'start',
    syllabus: [
      '000 실행 방법',
      '000 테스트 방법',
      '000 아키텍처 구조 정의',
      '002 1. **이해해야 할 개념**',
      '002 2. **실습 권장 사항**',
    ],
  },
  {
    id: 'basics/security',
    title: '보안 프로토콜',
    place: 'appendix',
    syllabus: ['000 Kafka 보안 프로토콜', '004 어드민 요청 (Admin Request)'],
  },
  {
    id: 'basics/operations',
    title: '설정과 운영 점검표',
    place: 'appendix',
    syllabus: [
      '000 유의 사항',
      '002 1. **Producer 최적화**',
      '002 2. **Consumer 최적화**',
      '002 3. **Broker 최적화**',
      '002 3. **프로덕션 체크리스트**',
    ],
  },
  {
    id: 'basics/references',
    title: '참고 자료',
    place: 'appendix',
    reference: true,
    syllabus: ['002 📚 참고 자료'],
  },
];

export const chapters: readonly Chapter[] = [
  {
    number: 1,
    slug: 'log-offsets',
    title: '파티션 로그와 오프셋',
    status: 'ready',
    implements: '추가만 하는 파티션 로그, 오프셋 부여, 로그 끝 오프셋, 오프셋부터 읽기',
    syllabus: [
      '000 Kafka Offset',
      '001 ▫️ Partition',
      '001 ▫️ Offset',
      '002 1. **핵심 컴포넌트**',
      '004 읽기 요청(Fetch Reqeust)',
    ],
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
      OffsetWalkthroughFrom100: {
        text: '로그가 100에서 시작하면 첫 레코드의 오프셋은 0이 아니라 100입니다. 추가한 뒤 로그 끝 오프셋은 101이 되어야 합니다. 오프셋은 배열 인덱스가 아니라 로그 시작 오프셋에서 센 번호입니다.',
        anchor: '#오프셋-부여',
      },
      AppendRejectsEmptyBatch: {
        text: '레코드가 하나도 없는 배치는 오프셋을 받을 수 없습니다. 로그를 바꾸기 전에 입력을 먼저 확인하세요.',
        anchor: '#오프셋-부여',
      },
      StoredRecordsDoNotChange: {
        text: '로그는 추가만 합니다. 저장한 레코드는 나중에 바뀌면 안 되는데, append가 받은 객체를 그대로 배열에 넣거나 그 객체에 offset을 적으면 호출한 쪽이 자기 객체를 고칠 때 로그 안의 레코드도 함께 바뀝니다.',
        anchor: '#오프셋-부여',
        more: [
          '레코드마다 새 객체를 만들어 저장하세요. 원래 필드를 펼쳐 담고(`{ ...record }`) 거기에 offset을 붙이면 됩니다.',
        ],
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
      TrimKeepsLaterOffsets: {
        text: '앞부분을 지울 때 버릴 레코드 수는 "새 로그 시작 오프셋 − 지금의 로그 시작 오프셋"입니다. 오프셋을 그대로 배열의 칸 수로 쓰면 로그가 0에서 시작할 때만 맞습니다. 강의 "직접 해보기"의 출력이 102 ~ 103이 아니라 102 ~ 102라면 바로 이 실수입니다.',
        anchor: '#로그-시작-오프셋이-움직일-때',
        more: [
          '배열의 0번 칸이 지금의 로그 시작 오프셋입니다. 오프셋 o인 레코드는 (o − logStartOffset)번 칸에 있습니다.',
          '지운 뒤에는 로그 시작 오프셋을 새 값으로 바꿔야 다음 번 계산도 맞습니다. 로그 끝 오프셋은 "시작 + 남은 개수"라 저절로 그대로 남습니다.',
        ],
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
    status: 'ready',
    implements:
      '20자리 기준 오프셋 이름의 세그먼트, 희소 .index/.timeindex, 오프셋과 시간으로 찾기, 롤, 보존, 장애 복구',
    syllabus: [
      '002 2. **메시지 저장 구조**',
      '002 3. **내구성 (Durability)**',
      '003 카프카 특징 및 기능',
      '004 1. 로그 파일',
      '004 2. 세그먼트 파일',
      '004 3. 인덱스 파일',
    ],
    // 학습자의 파일끼리 서로를 가져오도록 함께 복사합니다: unified-log → log-loader → log-segment, unified-log → retention.
    // 끝에서 끝까지 테스트(segment-log.e2e.test.ts)는 이 네 모듈이 학습자의 것인 브로커를 띄웁니다.
    modules: [
      'reference/src/storage/log-loader.ts',
      'reference/src/storage/log-segment.ts',
      'reference/src/storage/retention.ts',
      'reference/src/storage/unified-log.ts',
    ],
    hints: {
      FloorIndexFindsContainingSegment: {
        text: 'floorIndex는 "기준 오프셋이 offset 이하인 마지막 세그먼트"의 번호입니다. 세그먼트의 첫 오프셋은 그 세그먼트에 들므로 비교는 <가 아니라 <=입니다. 모든 세그먼트가 뒤에서 시작하거나 세그먼트가 없으면 0입니다. 세그먼트는 수천 개일 수 있으니 처음부터 훑지 말고 이진 탐색으로 찾으세요.',
        anchor: '#오프셋으로-찾기',
        more: [
          '구간 [low, high]를 줄여 가는 이진 탐색입니다. 가운데 세그먼트의 기준 오프셋이 offset 이하이면 "후보"로 기억해 두고 오른쪽 절반을 더 봅니다. 더 오른쪽에 offset 이하인 세그먼트가 있을 수 있으니까요.',
          '가운데의 기준 오프셋이 offset보다 크면 왼쪽 절반만 봅니다. 구간이 비면 마지막으로 기억한 후보가 답입니다(처음 후보는 0).',
        ],
      },
      ShouldRollWhenAnyLimitIsReached: {
        text: 'shouldRoll은 규칙 넷 중 하나라도 맞으면 true입니다. 크기: 이번 쓰기(messagesSize)를 더하면 maxSegmentBytes를 넘음(딱 맞으면 아직). 시간: timeWaitedForRoll이 maxSegmentMs를 넘음, 단 비어 있는 세그먼트는 시간으로 굴리지 않음. 인덱스: 오프셋 인덱스나 타임 인덱스가 가득 참(isFull). 상대 오프셋: 이번 쓰기의 마지막 오프셋이 .index의 int32에 들어가지 않음(canAppendOffset). 실패 메시지가 어느 줄의 표인지 알려 줍니다.',
        anchor: '#세그먼트-굴리기',
        more: [
          '크기는 "size + messagesSize > maxSegmentBytes"입니다. 시간은 "size > 0 && timeWaitedForRoll(now, maxTimestampInMessages) > maxSegmentMs"입니다.',
          '인덱스 둘은 this.offsetIndex.isFull(), this.timeIndex.isFull()로, 상대 오프셋은 this.offsetIndex.canAppendOffset(maxOffsetInMessages)가 false인지로 봅니다.',
        ],
      },
      DeletableSegmentsStopAtFirstKeeper: {
        text: '오래된 세그먼트부터 차례로 보며 지울 세그먼트를 모으다가, 처음으로 남길 세그먼트를 만나면 멈춥니다(건너뛰고 계속 보지 않습니다). 남기는 세그먼트는 셋입니다: predicate(세그먼트, 다음 세그먼트)가 false인 것, 지우면 로그 시작(다음 세그먼트의 기준 오프셋, 마지막이면 로그 끝)이 하이 워터마크를 넘는 것, 비어 있는 마지막 세그먼트.',
        anchor: '#지우지-않는-세그먼트',
        more: [
          '세그먼트 i를 지우면 로그 시작은 segments[i + 1]의 baseOffset(없으면 logEndOffset)이 됩니다. 그 값이 highWatermark보다 크면 멈추세요. 같으면 괜찮습니다.',
          '"비어 있는 마지막 세그먼트"는 다음 세그먼트가 없고(next === undefined) size가 0인 세그먼트입니다.',
        ],
      },
      SegmentFilesNamedByBaseOffset: {
        text: '세그먼트 파일의 이름은 세그먼트 번호가 아니라 그 세그먼트 첫 레코드의 오프셋(기준 오프셋)을 20자리로 채운 것입니다. 이 테스트는 세그먼트가 6, 12에서 시작했는지와 파일 이름을 봅니다. 빈칸에 막혔다면 러너가 가리키는 TODO부터 채우세요: 로그를 열고 쓰는 길에 floorIndex, shouldRoll, append가 모두 있습니다.',
        anchor: '#세그먼트-파일과-이름',
      },
      LogFileHoldsPatchedBatches: {
        text: '.log에는 받은 배치의 바이트가 그대로 이어 붙어야 합니다. 이 브로커가 바꾸는 칸은 CRC 범위 밖의 baseOffset과 리더 에포크 둘뿐이고, 그 일은 append 전에 이미 끝나 있습니다(진짜 Kafka가 LogAppendTime 토픽이나 다른 compression.type 때문에 배치를 고쳐 쓰는 경우는 강의에 있습니다). LogSegment.append가 받은 바이트를 .log(this.log) 끝에 쓰는지 확인하세요.',
        anchor: '#log-파일',
      },
      IndexEntryEveryIntervalBytes: {
        text: '인덱스는 희소합니다. 배치를 쓰기 전에 "마지막 항목 뒤로 센 바이트"가 index.interval.bytes보다 크면 항목을 하나 적고 다시 0부터 셉니다. 항목의 오프셋은 그 배치의 마지막 오프셋, 위치는 그 배치가 시작하는 위치(쓰기 전의 .log 크기)입니다. 실패 메시지의 [상대 오프셋, 위치]를 강의의 표처럼 배치 위치를 적어 가며 맞춰 보세요.',
        anchor: '#항목을-언제-적나',
      },
      TimeIndexKeepsMaxTimestampSoFar: {
        text: '타임 인덱스에는 그 배치의 시각이 아니라 "지금까지의 최대 타임스탬프와 그 배치의 마지막 오프셋"을 적습니다. 최대값은 더 큰 타임스탬프가 왔을 때만 바꾸세요. 타임스탬프가 거꾸로 가는 배치(+50, +200)에서 최대값을 덮어쓰면 항목이 어긋납니다.',
        anchor: '#타임-인덱스',
      },
      ReadFindsOffsetAcrossSegments: {
        text: '오프셋으로 읽을 때는 먼저 그 오프셋을 담은 세그먼트, 곧 기준 오프셋이 그 오프셋 이하인 마지막 세그먼트를 고릅니다(floorIndex). 세그먼트의 첫 오프셋(0, 9, 18, 27)과 그 바로 앞 오프셋을 넣어 보며 경계를 확인하세요. 이진 탐색이라면 "찾은 후보를 기억하고 오른쪽으로 더 가 본다"가 핵심입니다.',
        anchor: '#오프셋으로-찾기',
      },
      OffsetForTimestampAcrossSegments: {
        text: '시각으로 찾기는 "타임스탬프가 그 시각 이상인 첫 레코드"입니다. 세그먼트를 오래된 것부터 보며, 최대 타임스탬프(largestTimestamp)가 찾는 시각보다 작은 세그먼트는 통째로 건너뛰세요(같으면 후보입니다). 후보 세그먼트 안의 일은 findOffsetByTimestamp에 맡기고, 로그 시작 오프셋 앞의 레코드는 이미 지워진 것이라 답이 될 수 없습니다.',
        anchor: '#시각으로-찾기',
        more: [
          'findOffsetByTimestamp(timestamp, startingOffset, readTimestamps)의 둘째 인자가 "이 오프셋 이상에서만 찾기"입니다. 0이 아니라 this.logStartOffset을 넘기세요. 셋째 인자는 this.readTimestamps입니다.',
        ],
      },
      OffsetForTimestampSkipsDeletedRecords: {
        text: '후보 세그먼트(최대 타임스탬프가 그 시각 이상)에서도 답이 없을 수 있습니다: 그 시각 이후의 레코드가 로그 시작 앞에만 있을 때입니다. findOffsetByTimestamp가 null이면 멈추지 말고 다음 세그먼트를 보세요. 어디에도 없을 때만 null입니다.',
        anchor: '#시각으로-찾기',
      },
      RollBySegmentBytes: {
        text: '크기로 굴리는 조건은 "이번 배치를 더하면 segment.bytes를 넘는가"입니다. 딱 맞게 채워지는 배치는 아직 들어갑니다. 세그먼트 크기가 [234, 234, 78]이 아니라면 비교가 크다(>)인지 크거나 같다(>=)인지, 이번 쓰기의 크기(messagesSize)를 더했는지 보세요.',
        anchor: '#크기로-굴리기',
      },
      RollBySegmentMs: {
        text: '레코드에 타임스탬프가 있으면 시간은 레코드의 시각으로 잽니다: 새 배치의 타임스탬프 − 세그먼트 첫 배치의 타임스탬프. 그 값은 timeWaitedForRoll이 계산해 줍니다. segment.ms를 넘어야(딱 같으면 아직) 굴립니다. 이 테스트의 시계는 멈춰 있습니다.',
        anchor: '#시간으로-굴리기',
      },
      RollByClockWithoutTimestamps: {
        text: '타임스탬프가 없는(−1) 배치만 있으면 timeWaitedForRoll은 "지금 − 세그먼트를 만든 시각"을 돌려줍니다. 이 테스트는 가짜 시계를 1000ms, 1001ms로 흘립니다. 그리고 비어 있는 세그먼트는 아무리 오래돼도 시간으로 굴리지 않습니다.',
        anchor: '#시간으로-굴리기',
      },
      RollWhenIndexIsFull: {
        text: '인덱스 파일은 segment.index.bytes보다 커질 수 없습니다. 오프셋 인덱스나 타임 인덱스 둘 중 하나라도 가득 차면(isFull) 다음 배치 전에 굴려야, 새 세그먼트의 빈 인덱스에 항목을 적을 수 있습니다. "index is full" 오류가 났다면 shouldRoll이 이 조건을 보지 않은 것입니다.',
        anchor: '#인덱스가-가득-차면',
      },
      RetentionByTimeDeletesWholeSegments: {
        text: '보존 정책은 레코드가 아니라 세그먼트를 통째로 지웁니다. 오래된 세그먼트부터 보며 규칙(predicate)에 맞는 동안 모으고, 처음 맞지 않는 세그먼트에서 멈추세요. 세그먼트 3에는 새 레코드(T0+5000)가 있어 남고, 그 안의 오래된 레코드도 함께 남습니다. 지운 뒤 로그 시작 오프셋은 남은 첫 세그먼트의 기준 오프셋입니다.',
        anchor: '#시간-기준과-크기-기준',
      },
      RetentionByBytesDeletesOldestSegments: {
        text: '크기 규칙(retentionSizeBreached)은 세그먼트를 볼 때마다 남은 초과분을 줄여 가는, 상태가 있는 규칙입니다. 그래서 차례대로 보다가 처음 false가 나오면 멈춰야 합니다. 건너뛰고 계속 보면 작은 활성 세그먼트가 규칙에 맞아 버려 가운데가 아닌 끝을 지우게 됩니다.',
        anchor: '#시간-기준과-크기-기준',
      },
      RetentionStopsAtHighWatermark: {
        text: '세그먼트를 지우면 로그 시작이 다음 세그먼트의 기준 오프셋(마지막 세그먼트라면 로그 끝 오프셋)으로 옮겨 갑니다. 그 값이 하이 워터마크보다 크면 지우지 않고 멈추세요. 비어 있는 마지막 세그먼트도 지우지 않습니다. 모두 만료되면 UnifiedLog가 먼저 빈 세그먼트를 굴립니다.',
        anchor: '#지우지-않는-세그먼트',
      },
      RecoveryTruncatesTornTail: {
        text: '복구는 인덱스를 비우고 .log를 처음부터 배치 단위로 훑으며 append와 같은 규칙으로 인덱스를 다시 적습니다. batchesFrom은 반만 남은 배치 앞에서 저절로 멈추니, 거기까지의 온전한 바이트로 .log를 자르세요. 끝에 최대 타임스탬프 항목을 적고, 이어 쓸 때를 위해 bytesSinceLastIndexEntry를 다시 계산해야 다음 항목이 제자리에 생깁니다.',
        anchor: '#찢어진-꼬리-잘라-내기',
      },
      RecoveryStopsAtBadOffsets: {
        text: '복구는 CRC만 보지 않습니다. 배치의 오프셋이 앞 배치의 마지막 오프셋 + 1보다 작으면(겹치거나 거꾸로 가면) storedBatchProblem이 문제를 알려 줍니다: 세 번째 인자로 "다음에 기대하는 오프셋"을 넘기고 배치마다 갱신하세요. 그리고 상대 오프셋이 int32에 들어가지 않는 배치(offsetIndex.canAppendOffset이 false)에서도 멈춥니다.',
        anchor: '#찢어진-꼬리-잘라-내기',
      },
      RecoveryDropsBadCrcBatch: {
        text: '배치 머리와 길이가 멀쩡해도 본문의 바이트 하나가 바뀌면 CRC가 맞지 않습니다. 온전한지는 storedBatchProblem이 말해 줍니다(magic, CRC, 오프셋 순서). 문제가 있는 첫 배치에서 멈추고 그 앞까지만 남기세요. 돌려주는 값은 잘라 낸 바이트 수입니다.',
        anchor: '#찢어진-꼬리-잘라-내기',
      },
      RecoveryUnderRandomDamage: {
        text: '무작위로 배치 수, 타임스탬프(거꾸로 가거나 같은 것, 없는 것 포함), index.interval.bytes, segment.index.bytes를 고르고, 마지막 세그먼트를 자르거나 배치의 바이트 하나를 뒤집은 뒤 복구합니다. 복구한 파일은 "망가진 배치 앞까지를 처음부터 쓰고 닫은 로그"의 파일과 바이트까지 같아야 합니다. 다시 만든 인덱스가 append와 다른 규칙을 쓰면 여기서 드러납니다. 실패 메시지의 반례가 가장 작게 줄인 입력입니다.',
        anchor: '#찢어진-꼬리-잘라-내기',
        more: [
          'append와 recover의 세 규칙이 같은지 나란히 놓고 보세요: 항목을 적는 조건(지금까지 센 바이트 > index.interval.bytes), 최대 타임스탬프를 바꾸는 조건(더 클 때만, 같으면 그대로), 항목의 값(배치의 마지막 오프셋, 배치가 시작하는 위치).',
          '끝에 적는 최대 타임스탬프 항목은 인덱스가 가득 찼어도 적습니다(appendTimeIndexEntry(true)). 닫힌 세그먼트와 같게 하려는 것입니다.',
        ],
      },
      BrokerOnYourSegments: {
        text: '브로커의 디스크 로그를 여러분의 네 파일로 바꿔 띄웁니다. kafkajs가 400바이트 세그먼트에 배치 10개를 쓰고, kcat이 읽고, ListOffsets가 시각으로 찾고, 보존 검사가 열흘 전 세그먼트를 지우고, 찢어진 꼬리를 잘라 낸 뒤 다시 켭니다. 실패 메시지가 어느 단계인지와 볼 함수를 말해 줍니다. 앞의 단위 테스트가 모두 초록인지 먼저 확인하세요: 브로커는 여러분의 코드에서 난 오류를 요청의 오류 코드로 바꿔 답할 뿐입니다.',
        anchor: '#직접-해보기',
      },
      CorruptionDropsLaterSegments: {
        text: '앞 세그먼트에서 손상을 찾으면 로그가 가운데서 끊기므로 그 뒤의 세그먼트는 믿을 수 없습니다. 로그 적재(loadLog)는 recover()가 돌려준 "잘라 낸 바이트 수"가 0보다 크면 뒤의 세그먼트를 지웁니다. recover가 잘라 낸 바이트 수를 제대로 돌려주는지 보세요.',
        anchor: '#손상-뒤의-세그먼트',
      },
    },
  },
  {
    number: 3,
    slug: 'wire-protocol',
    title: '레코드 배치와 와이어 프로토콜',
    status: 'ready',
    implements: '프레이밍, 요청/응답 헤더, varint, 레코드 배치 v2와 CRC32C, ApiVersions/Metadata',
    syllabus: [
      '002 1. **Producer → Broker 흐름**',
      '002 2. **Broker → Consumer 흐름**',
      '004 쓰기 요청(Produce Request)',
      '004 읽기 요청(Fetch Reqeust)',
      '004 어드민 요청 (Admin Request)',
    ],
    // 함께 복사한 파일끼리 서로의 사본을 가져옵니다: headers → codec → reader. 그래서 학습자의 헤더 코덱은
    // 학습자의 varint와 태그 필드 읽기 위에서 돕니다. 메시지 스키마와 ByteWriter는 reference의 것을 씁니다.
    // 끝에서 끝까지 테스트(wire-protocol.e2e.test.ts)는 이 다섯 모듈이 학습자의 것인 브로커에 kafkajs와
    // @platformatic/kafka를 붙입니다.
    modules: [
      'reference/src/protocol/framer.ts',
      'reference/src/protocol/reader.ts',
      'reference/src/protocol/codec.ts',
      'reference/src/protocol/headers.ts',
      'reference/src/record/batch-header.ts',
    ],
    hints: {
      FrameLengthPrefix: {
        text: '카프카의 요청과 응답은 앞에 4바이트 크기(빅 엔디언 int32)가 붙습니다. 크기는 뒤따르는 바이트 수이고 자기 자신은 세지 않습니다. feed는 크기 필드를 떼어 낸 내용만 돌려줘야 합니다.',
        anchor: '#프레이밍-4바이트-크기-접두사',
      },
      FrameSplitAcrossChunks: {
        text: 'TCP는 메시지 경계를 모릅니다. 프레임은 여러 조각으로 나뉘어 올 수 있고, 크기 필드 4바이트마저 두 조각에 걸칠 수 있습니다. 모자라면 남은 바이트를 기억해 두었다가 다음 조각 뒤에 이어 붙이고, 완성되기 전에는 아무것도 돌려주지 마세요.',
        anchor: '#프레이밍-4바이트-크기-접두사',
      },
      FramesMergedInOneChunk: {
        text: '클라이언트는 응답을 기다리지 않고 요청을 여러 개 보냅니다(파이프라이닝). 한 조각에서 프레임 하나를 잘라 낸 뒤에도 남은 바이트로 다시 크기를 읽어, 완성된 프레임을 모두 순서대로 돌려주세요. 마지막에 남은 반쪽은 기억해 둡니다.',
        anchor: '#프레이밍-4바이트-크기-접두사',
      },
      FrameRejectsBadSize: {
        text: '크기 필드는 상대가 보낸 숫자라 믿으면 안 됩니다. Kafka 포트에 온 HTTP 요청의 "GET "은 약 1.1 GiB 크기로 읽힙니다. 크기 4바이트를 읽자마자 checkSize로 검사해, 음수나 최대보다 큰 값이면 내용을 기다리지 말고 FrameError를 던지세요.',
        anchor: '#믿을-수-없는-크기',
      },
      CorrelationIdFromRealRequest: {
        text: '요청 헤더의 처음 8바이트(API 키 int16, API 버전 int16, correlation id int32)는 모든 헤더 버전에서 같은 자리에 있습니다. 이 테스트가 틀린 값을 읽었다면 프레이머가 돌려준 프레임이 크기 필드를 포함했거나 다른 자리에서 잘렸다는 뜻입니다.',
        anchor: '#요청-헤더와-correlation-id',
      },
      UnsignedVarint: {
        text: 'UNSIGNED_VARINT는 7비트씩 낮은 자리부터 적고, 최상위 비트(0x80)가 "다음 바이트 있음"입니다. ac 02는 44 + 2×128 = 300입니다. 자리를 올릴 때 << 대신 곱셈을 쓰면 2^31 이상도 양수로 나옵니다. 읽은 바이트만큼 위치를 옮기고, 5바이트를 넘으면 ProtocolError입니다.',
        anchor: '#varint와-지그재그',
      },
      ZigzagVarlong: {
        text: '지그재그는 부호를 맨 아래 비트로 옮깁니다: 0→0, -1→1, 1→2, -2→3. 풀 때는 짝수 z는 z/2, 홀수 z는 -(z+1)/2입니다. VARLONG은 32비트를 넘으므로 >>>나 ^로 풀면 틀립니다. 최대 10바이트이고, 넘으면 ProtocolError입니다.',
        anchor: '#varint와-지그재그',
      },
      CompactLengthIsNPlusOne: {
        text: '유연한 버전의 길이(compact)는 UNSIGNED_VARINT로 N+1을 적고 0이 null입니다. 부호 없는 수에는 -1이 없기 때문입니다. 예전 형식은 int32 N이고 -1이 null입니다. 두 경우 모두 null은 -1로 돌려주고, -1보다 작거나 남은 바이트보다 큰 길이는 거짓이니 ProtocolError를 던지세요.',
        anchor: '#compact-길이는-n1',
      },
      RequestHeaderVersion: {
        text: '헤더에는 "헤더 버전" 칸이 없습니다. 본문 API의 버전이 유연한 버전(KIP-482)이면 요청 헤더 v2(끝에 태그 필드 구역), 아니면 v1입니다. API마다 유연해지는 버전이 다릅니다(Metadata v9, Fetch v12, ApiVersions v3). isFlexible이 그 스키마를 봐 줍니다.',
        anchor: '#헤더-버전-고르기',
      },
      ApiVersionsResponseHeaderIsV0: {
        text: '응답 헤더는 유연한 버전이면 v1(correlation id + 태그 구역), 아니면 v0입니다. 예외가 하나 있습니다: 클라이언트는 ApiVersions의 답을 받기 전에는 브로커를 모르므로, ApiVersions 응답은 버전과 상관없이 언제나 v0입니다(KIP-511).',
        anchor: '#apiversions-첫인사',
      },
      KafkaJsApiVersionsRequest: {
        text: 'decodeRequestHeader는 헤더 버전을 고른 뒤 범용 코덱의 decode로 헤더 스키마를 읽고, decode는 readStruct를 부릅니다. readStruct는 이 버전의 필드(plan.regular)를 스키마 순서대로 readField로 읽고, 이 버전에 없는 필드(plan.absent)는 기본값으로 채웁니다. ApiVersions v2 본문에는 필드가 없어 v3의 필드가 모두 기본값("")이 됩니다.',
        anchor: '#스키마-하나-코덱-하나',
      },
      MetadataNullMeansAllTopics: {
        text: 'Metadata 요청의 토픽 배열이 null이면 "모든 토픽", 빈 배열이면 "토픽 없음"입니다. kafkajs는 int32 -1(ffffffff)로, @platformatic/kafka는 compact 길이 00으로 null을 보냅니다. arrayLength가 null을 -1로 돌려주면 코덱이 null 배열로 읽습니다. null과 0을 섞지 마세요.',
        anchor: '#metadata-null은-모든-토픽',
      },
      UnknownTaggedFieldsAreSkipped: {
        text: '유연한 버전에서는 구조체마다 끝에 태그 필드 구역이 있습니다(개수, 그리고 태그마다 번호·크기·내용). plan.flexible이면 reader.taggedFields로 이 구역을 읽고, 아는 태그만 readField로 읽으세요. 모르는 태그는 크기가 붙어 있어 taggedFields가 알아서 건너뜁니다. 헤더 v2의 client_id가 compact가 아니라는 점도 기억하세요.',
        anchor: '#태그-필드-kip-482',
      },
      TaggedFieldsByTag: {
        text: '태그 필드는 순서가 아니라 번호(태그)로 찾습니다. 유연한 버전의 구조체 끝에는 태그 구역이 있고, 태그마다 번호·크기·내용이 옵니다. 번호가 plan.tagged의 어떤 필드(field.field.tag)와 같으면 그 필드로 읽어 넣고, 오지 않은 태그 필드는 기본값으로 둡니다. 파티션 같은 안쪽 구조체도 자기 태그 구역을 가집니다.',
        anchor: '#태그-필드-kip-482',
        more: [
          'reader.taggedFields((tag, fieldReader) => …)가 태그마다 콜백을 부릅니다. 콜백 안에서 plan.tagged.find((f) => f.field.tag === tag)로 필드를 찾고, 있으면 readField(fieldReader, 그 필드)로 읽으세요.',
        ],
      },
      RecordBatchCrc: {
        text: '레코드 배치 v2의 CRC-32C는 attributes(배치 시작에서 21바이트)부터 배치 끝(batchLength + 12바이트)까지입니다. 배치가 버퍼 중간(position)에서 시작할 수도 있습니다. baseOffset과 partitionLeaderEpoch는 브로커가 고쳐 쓰는 값이라 CRC 범위 밖에 있습니다.',
        anchor: '#crc는-어디부터-어디까지인가',
      },
      KafkaJsTalksThroughYourCodec: {
        text: '여러분의 Framer, 헤더와 본문 코덱, reader, CRC 검사를 끼운 브로커에 kafkajs가 붙습니다. 여러분의 코드에서 난 오류가 있으면 그 오류를 보여 줍니다. 오류 없이 kafkajs만 실패했다면 바이트가 한 칸 밀린 것입니다: 앞의 테스트가 모두 초록인지, 유연하지 않은 응답에 태그 구역을 붙이지 않았는지 확인하세요.',
        anchor: '#끝에서-끝까지',
      },
      PlatformaticTalksFlexible: {
        text: '@platformatic/kafka는 유연한 버전으로 말합니다: 요청 헤더 v2(끝에 태그 구역), compact 문자열과 배열(N+1), 태그 필드. kafkajs 테스트는 초록인데 여기서 틀린다면 unsignedVarint, compact 쪽 arrayLength, readStruct의 태그 구역을 보세요. 브로커가 여러분의 코드에서 오류를 내면 연결을 끊으므로 클라이언트는 시간 초과나 연결 오류만 보게 됩니다: 앞의 단위 테스트가 모두 초록인지 먼저 확인하세요.',
        anchor: '#태그-필드-kip-482',
      },
    },
  },
  {
    number: 4,
    slug: 'partitioning',
    title: '파티셔너와 순서 보장',
    status: 'ready',
    implements: 'Java와 같은 murmur2 파티셔너, 키 없는 레코드의 sticky/라운드 로빈, kafkajs에 끼우기',
    syllabus: ['001 🔸 Kafka 구조', '002 1. **분산 처리 (Distribution)**', '003 주요 구성요소'],
    // 파티셔너는 클라이언트(프로듀서) 쪽 부품입니다. 끝에서 끝까지 테스트는 학습자의 파티셔너를 kafkajs에 끼우고
    // reference 브로커에 보냅니다. 브로커에는 아무것도 끼우지 않습니다.
    modules: ['reference/src/client/partitioner.ts'],
    hints: {
      Murmur2MatchesJava: {
        text: 'murmur2는 Java의 Utils.murmur2와 비트 하나까지 같아야 합니다. 곱셈은 Math.imul로(그냥 *는 2^53을 넘어 아래 비트가 뭉개집니다), 시프트는 >>>로(>>가 아닙니다) 옮기세요. 처음 값은 SEED ^ 길이이고, 4바이트는 리틀 엔디언으로 읽습니다(readInt32LE). 실패 메시지의 짧은 키("21", "abc")부터, 강의의 "user:1" 단계 표와 중간값을 맞춰 보세요.',
        anchor: '#32비트-곱셈은-mathimul로',
      },
      Murmur2TailBytes: {
        text: '길이가 4의 배수가 아닌 키는 마지막 1~3바이트를 따로 섞습니다. 3바이트면 셋째 바이트 << 16, 둘째 << 8, 첫째를 차례로 h에 ^하고 마지막에 한 번만 h에 m을 곱합니다. 남은 바이트가 없으면 곱하지 않습니다. 마무리 섞기(>>> 13, × m, >>> 15)는 빈 키에도 합니다. "4", "34", "234", "1234"의 실패를 비교하면 어느 꼬리 길이가 틀렸는지 보입니다.',
        anchor: '#꼬리-바이트와-마무리-섞기',
      },
      ToPositiveIsNotAbs: {
        text: 'toPositive는 절댓값이 아니라 부호 비트(맨 위 비트)만 지운 값입니다. -1(0xffffffff)은 1이 아니라 0x7fffffff가 되어야 Java와 같은 파티션이 나옵니다. 어떤 비트 연산 하나면 됩니다.',
        anchor: '#topositive는-절댓값이-아닙니다',
      },
      PartitionForKeyMatchesJava: {
        text: '키의 파티션은 toPositive(murmur2(키 바이트)) % 파티션 수입니다. 나머지를 먼저 구하고 양수로 만들면 Java와 다른 번호가 나옵니다: 양수로 만든 다음에 나누세요. 파티션 수가 1 이상의 정수가 아니면 RangeError입니다. 이 테스트의 기댓값은 Java로 계산한 toPositive(murmur2) 값을 17과 7로 나눈 것입니다.',
        anchor: '#키의-파티션-고르기',
      },
      SameKeySamePartition: {
        text: '같은 키는 몇 번을 보내도 같은 파티션이어야 하고, kafkajs의 DefaultPartitioner(Java 호환)와도 같아야 합니다. 앞의 테스트가 초록인데 여기서 틀린다면 키를 바이트로 바꾸는 쪽을 보세요: 문자열은 UTF-8 바이트(Buffer.from)로 해시합니다. 한글 키에서만 틀린다면 UTF-16 코드 단위(charCodeAt)로 해시한 것입니다.',
        anchor: '#문자열-키는-utf-8-바이트로',
      },
      KeysSpreadEvenly: {
        text: '해시가 제대로면 사용자 키 3만 개가 파티션마다 평균의 10% 안으로 고르게 나뉩니다. 한 파티션에 몰리거나 범위를 벗어난 번호가 나온다면 partitionForKey가 해시 전체가 아니라 일부만 쓰는지, 음수를 나누고 있지 않은지 보세요.',
        anchor: '#키의-파티션-고르기',
      },
      AddingPartitionsMovesKeys: {
        text: '파티션 수가 바뀌면 나누는 수가 바뀌어 키의 자리도 바뀝니다. 해시 % 3과 해시 % 4가 같은 경우는 12가지 중 3가지라, 키의 약 4분의 3이 옮겨 가야 정상입니다. 이 테스트가 실패한다면 partitionForKey가 numPartitions를 제대로 쓰지 않는 것입니다.',
        anchor: '#파티션을-늘리면-키가-옮겨-갑니다',
      },
      StickyStaysThenMoves: {
        text: '스티키 파티셔너는 토픽마다 "지금 파티션"과 "거기에 보낸 바이트"를 기억합니다. 레코드는 지금 파티션으로 가고 크기를 더합니다. 합이 batchSizeBytes 이상이 되면(이번 레코드까지 지금 파티션으로 보낸 뒤) 상태를 지워, 다음 레코드가 choosePartition(available, numPartitions, this.random())으로 새로 고르게 하세요. random()을 레코드마다 부르면 라운드 로빈처럼 흩어지고, 테스트의 수열도 모자랍니다.',
        anchor: '#스티키-파티셔너',
      },
      StickyPerTopicAndLeader: {
        text: '스티키 상태는 토픽마다 따로입니다(this.sticky는 토픽 이름으로 찾는 Map입니다). 새 파티션은 리더가 있는 파티션(available) 중에서 고르고, 하나도 없으면 전체 파티션 중에서 고릅니다. choosePartition이 두 경우를 모두 처리하니, available과 numPartitions를 그대로 넘기세요.',
        anchor: '#스티키-파티셔너',
      },
      RoundRobinRotates: {
        text: '라운드 로빈은 이미 만들어 두었습니다. 카운터를 Java int처럼 32비트로 넘기므로(2147483647 다음은 -2147483648) 여러분의 toPositive가 음수 카운터를 0 이상으로 바꿔 줘야 합니다. toPositive 테스트부터 초록으로 만드세요.',
        anchor: '#라운드-로빈',
      },
      KafkaJsPartitionerShape: {
        text: 'createJavaCompatiblePartitioner는 이미 있습니다: 파티션이 적혀 있으면 그대로, 키가 있으면 partitionForKey(전체 파티션 수로), 없으면 스티키. 여기서 틀린다면 여러분의 partitionForKey나 StickyPartitioner입니다. 빈 문자열 키도 키라는 점, 리더가 없는 파티션도 키의 파티션 수에는 들어간다는 점을 기억하세요.',
        anchor: '#kafkajs에-끼우기',
      },
      CouponRequestsByUserId: {
        text: '여러분의 파티셔너를 끼운 kafkajs가 reference 브로커에 쿠폰 요청을 보내고, kcat이 다시 읽습니다. 여러분의 코드에서 난 오류가 있으면 그 오류를 보여 줍니다. 파티션이 다르다고 나오면 앞의 테스트가 모두 초록인지 확인하세요. 공지 5건이 여러 파티션에 흩어졌다면 스티키가 레코드마다 새로 고르고 있는 것입니다.',
        anchor: '#끝에서-끝까지',
      },
    },
  },
  {
    number: 5,
    slug: 'producer-acks',
    title: 'acks, 배치, 멱등성',
    status: 'ready',
    implements: 'acks 0/1/all과 produce purgatory, min.insync.replicas, 멱등 시퀀스 검사',
    syllabus: [
      '001 🚨 장애 상황 발생',
      '002 1. **Producer 최적화**',
      '002 2. **복제 (Replication)**',
      '002 3. **내구성 (Durability)**',
      '004 쓰기 요청(Produce Request)',
    ],
    // 판단만 하는 두 파일입니다: acks의 응답 시점(delayed-produce)과 멱등 프로듀서의 시퀀스 검사(producer-state).
    // 끝에서 끝까지 테스트(producer-acks.e2e.test.ts)는 두 파일이 학습자의 것인 브로커에, Produce를 두 번씩 보내는
    // 프록시를 거쳐 kafkajs 멱등 프로듀서로 보내며, 복제 계수 1, min.insync.replicas=2인 토픽에 acks=1과 acks=-1로 보냅니다.
    modules: ['reference/src/server/delayed-produce.ts', 'reference/src/producer/producer-state.ts'],
    hints: {
      NotEnoughReplicasOnlyForAcksAll: {
        text: 'min.insync.replicas는 acks=all(-1) 쓰기만의 하한입니다. acks=0과 acks=1은 리더만 있으면 쓰므로 이 설정을 보지 않습니다. 하한은 설정값 그대로가 아니라 최소 ISR = min(min.insync.replicas, 복제본 수)입니다: 복제 계수 1인 토픽은 설정이 2여도 리더 하나로 충분합니다. 그리고 "ISR이 최소 ISR보다 작을 때" 거절하니, 딱 같으면 씁니다. 실패 메시지의 acks, ISR 크기, 설정값, 복제본 수를 강의의 설명과 맞춰 보세요.',
        anchor: '#mininsyncreplicas',
      },
      AcksAllWaitsForHighWatermark: {
        text: 'acks=1은 리더가 쓰면 끝이고, acks=all은 ISR 모두가 가질 때까지 purgatory에서 기다립니다. "ISR 모두가 가졌다"는 하이 워터마크가 필요한 오프셋(마지막 오프셋 + 1) 이상이라는 뜻입니다. 요청 하나가 여러 파티션에 쓰면 모든 파티션이 그래야 합니다. 경계(하이 워터마크 = 필요한 오프셋)에서 틀리면 비교 연산자를 보세요.',
        anchor: '#produce-purgatory',
      },
      FailedPartitionDoesNotWait: {
        text: 'purgatory의 완료 조건은 파티션마다 "쓰기에서 이미 오류가 났거나, 하이 워터마크가 닿았거나"입니다. 쓰지 못한 파티션은 복제될 것이 없으니 기다릴 까닭이 없고, 오류 코드로 곧바로 답합니다. 다만 다른 파티션이 아직 기다리는 중이면 요청 전체가 기다립니다. 강의 produce purgatory의 4번 단계를 보세요.',
        anchor: '#produce-purgatory',
      },
      NewProducerStartsAtZero: {
        text: '이 과정의 check는 처음 보는 프로듀서에게 시퀀스 0부터 시작하라고 요구합니다. 그 앞의 배치가 사라졌을 수 있기 때문입니다. 그리고 check는 묻기만 합니다: 프로듀서 상태(this.#producers)는 로그에 쓴 뒤 record가 바꿉니다. check 안에서 항목을 만들거나 고치지 마세요. 프로듀서마다 항목이 따로라는 것도 기억하세요.',
        anchor: '#중복과-순서-검사',
      },
      ConsecutiveSequenceAppends: {
        text: '시퀀스는 배치가 아니라 레코드마다 오릅니다. 그래서 다음 배치는 "마지막으로 기억한 배치의 마지막 시퀀스 다음"에서 시작해야 합니다. 기억한 배치는 this.#producers에서 프로듀서 ID로 찾은 항목의 batches에 오래된 것부터 있습니다. 마지막 것을 보세요.',
        anchor: '#프로듀서-id-에포크-시퀀스',
      },
      DuplicateReturnsFirstOffsets: {
        text: '재전송된 배치는 바이트까지 같으므로 첫 시퀀스와 마지막 시퀀스가 모두 기억한 배치 하나와 같습니다. 그런 배치를 찾으면 오류가 아니라 { kind: "duplicate", batch }로, 찾은 그 배치(처음 받았던 오프셋이 든 것)를 돌려줍니다. 첫 시퀀스만 같은 배치는 같은 배치가 아닙니다. 최근 배치 전부를 살펴야지 마지막 것만 보면 안 됩니다.',
        anchor: '#중복과-순서-검사',
      },
      OnlyLastFiveBatchesAreRemembered: {
        text: '리더는 프로듀서마다 최근 5개 배치만 기억합니다(record가 그렇게 잘라 둡니다). 그보다 오래된 배치가 다시 오면 중복인지 알 방법이 없고, 다음 시퀀스도 아니니 순서 오류입니다. 기억에 없는 것을 따로 만들어 낼 필요는 없습니다. 왜 5개인지는 강의의 in-flight 이야기를 보세요.',
        anchor: '#중복과-순서-검사',
      },
      SequenceGapIsOutOfOrder: {
        text: '중복도 아니고 다음 시퀀스도 아닌 배치는 OUT_OF_ORDER_SEQUENCE_NUMBER(45)입니다. 앞의 배치와 겹치기만 하는 배치도 마찬가지입니다. 거절은 { kind: "error", errorCode, message } 모양이고, 같은 파일 아래쪽에 이 모양을 만들어 주는 작은 함수가 있습니다. message에는 무엇을 기다렸는데 무엇이 왔는지 적어 주세요.',
        anchor: '#중복과-순서-검사',
      },
      OlderEpochIsFenced: {
        text: '에포크 검사는 시퀀스 검사보다 먼저입니다. 기억한 에포크보다 작은 에포크의 배치는 옛 프로듀서의 것이라, 시퀀스가 무엇이든(최근 배치와 같아 보여도) INVALID_PRODUCER_EPOCH(47)입니다. 강의의 표를 위에서부터 차례로 따라가 보세요.',
        anchor: '#중복과-순서-검사',
      },
      NewEpochRestartsAtZero: {
        text: '에포크가 오르면 시퀀스는 0부터 다시 셉니다. 그래서 더 큰 에포크의 첫 배치는 옛 에포크의 다음 시퀀스가 아니라 0이어야 합니다("처음 보는 프로듀서"와 같은 규칙). 새 에포크의 배치를 record가 기억하면 그때부터는 그 에포크의 배치들만 최근 배치에 남습니다. 그 전, 새 에포크의 첫 배치를 검사할 때는 아직 옛 에포크의 배치가 기억에 있습니다: 시퀀스가 같아 보여도 에포크가 다르면 중복이 아닙니다.',
        anchor: '#프로듀서-id-에포크-시퀀스',
      },
      RandomProducersFollowTheTable: {
        text: '프로듀서 둘이 무작위로 다음 배치를 보내고, 응답을 잃은 배치를 다시 보내고(최근 5개 안팎), 시퀀스를 건너뛰고, 에포크를 올리고(첫 시퀀스가 0이거나 아니거나), 옛 에포크의 좀비가 끼어들고, 멱등이 아닌 배치가 섞입니다. 답은 프로듀서가 한 일에서 나옵니다. 실패 메시지의 "지금까지" 목록을 강의의 표에 위에서부터 대어 보세요. check가 상태를 바꿔도 여기서 드러납니다.',
        anchor: '#중복과-순서-검사',
        more: [
          '표의 순서가 답입니다: 멱등이 아님 → 옛 에포크 → 처음 보거나 새 에포크(0부터) → 같은 에포크의 최근 배치와 같음(중복) → 다음 시퀀스. 특히 중복은 에포크 검사를 다 지난 뒤, 지금 에포크의 최근 배치에서만 찾습니다.',
        ],
      },
      NonIdempotentAlwaysAppends: {
        text: '멱등 프로듀서가 아니면 배치 헤더의 producerId가 -1입니다. 그런 배치에는 시퀀스도 에포크도 의미가 없으니 아무것도 검사하지 않고 받습니다. 다른 검사보다 먼저 걸러 내세요. 이 배치를 "처음 보는 프로듀서"로 다루면 틀립니다.',
        anchor: '#중복과-순서-검사',
      },
      SequenceWrapsAtInt32Max: {
        text: '시퀀스는 int32라 최댓값(2147483647) 다음은 0입니다. 배치의 마지막 시퀀스도, 다음에 기다릴 시퀀스도 이 넘김을 따라야 합니다. 같은 파일에 이미 있는 두 함수, lastSequenceOf와 nextSequence를 쓰고 있는지 보세요. 그냥 더하기를 하면 경계를 넘는 배치에서 어긋납니다.',
        anchor: '#프로듀서-id-에포크-시퀀스',
      },
      KafkaJsIdempotentExactlyOnce: {
        text: '여러분의 ProducerStateManager를 끼운 브로커에, 프록시가 모든 Produce를 두 번 보내고 kafkajs에는 두 번째(재전송)의 응답을 돌려줍니다. 메시지가 두 번씩 보이면 재전송을 중복으로 알아보지 못한 것이고, send()가 실패하면 중복에 오류로 답한 것이고, 오프셋이 어긋나면 중복에 다른 배치를 돌려준 것입니다. 앞의 check 테스트가 모두 초록인지 먼저 보세요.',
        anchor: '#끝에서-끝까지',
      },
      KafkaJsMinInsyncReplicas: {
        text: '노드 하나짜리 브로커에서는 복제본도 ISR도 리더뿐입니다. min.insync.replicas=2인 토픽이라도 최소 ISR은 min(2, 1) = 1이라, acks=1도 acks=-1도 들어가야 합니다(Kafka 3.7부터). acks=-1이 NOT_ENOUGH_REPLICAS로 거절되면 여러분의 enoughReplicasError가 복제본 수를 보지 않는 것입니다. 테스트는 admin으로 읽은 복제본 수, ISR 크기, 설정값을 여러분의 enoughReplicasError에 넣어 브로커와 같은 판단인지, 노드 하나에서 쓰자마자 acks=-1이 끝나는 것을 여러분의 isProduceComplete도 아는지 봅니다.',
        anchor: '#mininsyncreplicas가-복제본보다-많으면',
      },
    },
  },
  {
    number: 6,
    slug: 'replication-isr',
    title: '복제와 ISR',
    status: 'ready',
    implements:
      '복제의 결정: ISR의 Fetch 위치로 정하는 하이 워터마크, ISR 줄이기와 늘리기, acks=all 완료 규칙, 리더 에포크 캐시의 에포크 끝, 갈라진 팔로워가 잘라 낼 자리',
    syllabus: [
      '000 Kafka 리더 종류',
      '001 🔸 Kafka 구조',
      '001 🚨 장애 상황 발생',
      '002 2. **복제 (Replication)**',
      '002 3. **내구성 (Durability)**',
      '004 역할',
    ],
    // 결정은 순수 함수 하나의 파일입니다. 끝에서 끝까지 테스트 둘은 이 파일이 학습자의 것인 채로, 진짜 Partition과 로그 셋을
    // 한 프로세스에서 돌리고(replication-cluster.e2e.test.ts), 노드 셋을 진짜 프로세스로 띄웁니다(replication-processes.e2e.test.ts).
    modules: ['reference/src/replication/decisions.ts'],
    hints: {
      HighWatermarkIsMinimumLeoOfIsr: {
        text: '하이 워터마크는 "ISR 모두가 가진 곳"입니다. 리더의 LEO에서 시작해, 최대 ISR(maximalIsr)에 든 팔로워의 LEO 가운데 가장 작은 값까지 내려가세요. ISR이 리더 하나뿐이면 리더의 LEO가 그대로 하이 워터마크입니다. followers에는 리더 자신이 없습니다.',
        anchor: '#leo와-하이-워터마크',
        more: [
          'let highWatermark = input.leaderLogEndOffset로 시작해 followers를 돌며, 기다려야 할 팔로워의 logEndOffset이 더 작으면 그 값으로 바꿉니다. 돌려줄 모양은 ok({ highWatermark })입니다.',
        ],
      },
      HighWatermarkWaitsForCaughtUpFollowers: {
        text: 'ISR 밖의 팔로워라도 따라잡았고(isCaughtUp) ISR에 들 자격이 있으면(isEligible) 기다립니다. 그래야 그 팔로워의 LEO가 하이 워터마크에 닿아 ISR에 들어올 수 있습니다. 뒤처진 팔로워, 펜싱되었거나 종료 중인 팔로워는 기다리지 않습니다. 반대로 최대 ISR에 든 팔로워는 뒤처졌어도 기다립니다(KIP-497).',
        anchor: '#leo와-하이-워터마크',
        more: [
          '기다릴지는 "maximalIsr.includes(id) || (isCaughtUp(follower, leaderLogEndOffset, nowMs, replicaLagTimeMaxMs) && isEligible(id))"입니다.',
        ],
      },
      HighWatermarkStopsUnderMinIsr: {
        text: "커밋된 ISR(isrSize)이 최소 ISR(minIsr, min.insync.replicas와 복제본 수 가운데 작은 쪽)보다 작으면 하이 워터마크를 올리지 않습니다: err('UNDER_MIN_ISR'). 충분한 복제본이 갖지 않은 레코드를 컨슈머에게 보이지 않으려는 것입니다. 다른 무엇보다 먼저 검사하세요.",
        anchor: '#acksall과-mininsyncreplicas',
      },
      ShrinkIsrDropsLaggingFollowers: {
        text: 'ISR에서 뺄 팔로워는 따라잡지 못한 팔로워입니다: LEO가 리더와 다르고, 마지막으로 따라잡은 지 replica.lag.time.max.ms가 넘은 팔로워(isCaughtUp이 거짓). 딱 그 시간이면 아직 뺄 때가 아닙니다. ISR에 있는데 위치를 모르는(followers에 없는) 팔로워도 뺍니다. 리더 자신은 빼지 않습니다. 돌려주는 순서는 ISR의 순서입니다.',
        anchor: '#isr이-줄고-늘-때',
      },
      ShrinkIsrWaitsForInflightChange: {
        text: '리더는 ISR을 바꾸자고 제안(AlterPartition)하고 컨트롤러가 커밋한 것만 따릅니다. 답을 기다리는 동안(inflight) 또 제안하면 두 제안이 엇갈리니, 아무도 빼지 않고 빈 배열을 돌려주세요.',
        anchor: '#isr이-줄고-늘-때',
      },
      ExpandIsrWhenCaughtUp: {
        text: 'ISR 밖의 팔로워는 LEO가 하이 워터마크에 닿으면(같아도 됩니다) 넣자고 제안합니다. 이미 ISR에 있거나, 자격이 없거나(eligible이 거짓), 진행 중인 제안이 있으면(inflight) false입니다.',
        anchor: '#isr이-줄고-늘-때',
      },
      ExpandIsrNeedsCurrentLeaderEpoch: {
        text: '하이 워터마크에 닿는 것만으로는 모자랍니다. LEO가 이 리더 에포크의 시작 오프셋(leaderEpochStartOffset)에도 닿아야 합니다. 막 리더가 된 복제본의 하이 워터마크는 아직 옛 값이라, 그 뒤의 커밋된 레코드를 갖지 않은 팔로워가 ISR에 들었다가 리더가 되면 그 레코드를 잃습니다. 리더가 아니면(null) false입니다.',
        anchor: '#isr이-줄고-늘-때',
      },
      AcksAllCompletesOnHighWatermark: {
        text: 'acks=all 쓰기는 하이 워터마크가 그 쓰기의 끝(requiredOffset, 마지막 오프셋 + 1)에 닿으면 끝납니다. 하이 워터마크는 ISR 모두가 가진 곳이니, 닿았다는 것은 ISR 모두가 배치를 가졌다는 뜻입니다. 닿기 전이면 ok({ complete: false })로 계속 기다립니다.',
        anchor: '#acksall과-mininsyncreplicas',
      },
      NotEnoughReplicasAfterAppend: {
        text: '하이 워터마크가 닿았어도 기다리는 사이 ISR이 줄어 최대 ISR의 크기(maximalIsrSize)가 최소 ISR(minIsr)보다 작아졌다면, 약속한 만큼의 복제본에 있다고 말할 수 없습니다: err(ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND). 같으면 성공입니다. 이 검사는 하이 워터마크가 닿은 뒤에만 합니다.',
        anchor: '#acksall과-mininsyncreplicas',
      },
      EpochEndOffsetFromCache: {
        text: '에포크의 끝은 "그 에포크 다음 에포크의 시작 오프셋"이고, 마지막 에포크라면 로그 끝(logEndOffset)입니다. 캐시에 없는 에포크를 물으면 그 아래의 가장 큰 에포크와 그 위 첫 에포크의 시작을 답합니다. 모든 에포크가 요청보다 크면 (요청 에포크, 첫 에포크의 시작), 요청이 -1이거나 가장 큰 에포크보다 크면 (-1, -1)입니다.',
        anchor: '#리더-에포크와-잘라-내기',
        more: [
          '순서: 요청이 -1이면 (-1, -1) → 마지막 항목의 에포크와 같으면 (그 에포크, logEndOffset) → 요청보다 큰 첫 항목(higher)이 없으면 (-1, -1) → 요청 이하의 마지막 항목(floor)이 있으면 (floor.epoch, higher.startOffset), 없으면 (요청 에포크, higher.startOffset).',
        ],
      },
      TruncateWhenFollowerHasSameEpoch: {
        text: '리더가 답한 에포크를 팔로워도 가졌으면(localEndOfEpoch.epoch가 같으면) 두 끝 가운데 작은 쪽까지 남기고 끝냅니다(truncationCompleted: true). 어떤 경우에도 자리는 팔로워의 LEO를 넘지 않습니다. 끝 오프셋은 "그 에포크의 마지막 레코드 다음"이라 그 값 자체가 남길 로그의 길이입니다.',
        anchor: '#리더-에포크와-잘라-내기',
      },
      TruncateToOwnEarlierEpochAndAskAgain: {
        text: '리더가 답한 에포크를 팔로워가 갖지 않았으면(localEndOfEpoch.epoch가 다르면) 리더의 끝으로 바로 자르면 안 됩니다. 팔로워가 아는 그 앞 에포크의 끝(localEndOfEpoch.offset)까지 자르고, 다시 묻도록 truncationCompleted: false로 답하세요(KIP-279).',
        anchor: '#모르는-에포크가-오면-kip-279',
      },
      TruncateWithoutEpochs: {
        text: '에포크로 맞출 수 없는 경우들입니다. 리더가 끝을 모르면(offset -1) fetchOffset까지, 리더가 에포크를 모르거나(epoch -1) 팔로워의 캐시가 비었으면(localEndOfEpoch가 null) 리더의 끝과 내 LEO 가운데 작은 쪽까지 자르고 끝냅니다. 끝 오프셋 -1을 먼저 검사하세요.',
        anchor: '#리더-에포크와-잘라-내기',
      },
      RandomHighWatermarkInputs: {
        text: '무작위 팔로워 위치(LEO, 따라잡은 시각), 최대 ISR, 자격, 최소 ISR로 하이 워터마크를 셉니다. 답은 리더의 LEO와 "기다려야 할 팔로워"의 LEO 가운데 가장 작은 값이어야 하고, 커밋된 ISR이 최소보다 작으면 UNDER_MIN_ISR입니다. 실패 메시지의 반례에서 어느 팔로워를 기다렸어야(또는 기다리지 말았어야) 했는지 찾아보세요.',
        anchor: '#leo와-하이-워터마크',
      },
      ClusterHighWatermarkFollowsSlowestIsrMember: {
        text: '진짜 Partition과 로그 셋에 여러분의 decisions.ts를 끼웠습니다. 리더가 쓰고 팔로워가 Fetch할 때마다 리더는 leaderHighWatermark로 하이 워터마크를 다시 셉니다. 하이 워터마크가 가장 느린 ISR 팔로워보다 앞서면 leaderHighWatermark를, 둘 다 따라왔는데 오르지 않으면 최대 ISR을 보세요. 단위 테스트가 모두 초록인지 먼저 확인하세요.',
        anchor: '#leo와-하이-워터마크',
      },
      ClusterStoppedFollowerLeavesAndRejoinsIsr: {
        text: '팔로워 하나가 Fetch를 멈추고 replica.lag.time.max.ms가 지나면 리더의 주기 검사(maybeShrinkIsr → outOfSyncReplicas)가 그 팔로워를 빼자고 제안해야 하고, 커밋된 뒤에는 하이 워터마크가 그 팔로워 없이 오릅니다. 다시 Fetch해 하이 워터마크에 닿으면 needsExpandIsr가 넣자고 제안해야 합니다.',
        anchor: '#isr이-줄고-늘-때',
      },
      ClusterAcksAllWaitsForIsr: {
        text: 'acks=all 쓰기는 ISR 모두가 가질 때까지 끝나지 않고(checkEnoughReplicasReachOffset이 complete: false), 두 팔로워가 Fetch해 하이 워터마크가 오르면 끝납니다. 기다리는 사이 ISR이 min.insync.replicas 아래로 줄면 NOT_ENOUGH_REPLICAS_AFTER_APPEND입니다.',
        anchor: '#acksall과-mininsyncreplicas',
      },
      Kip101LostWriteIsPrevented: {
        text: '옛 리더가 커밋되지 않은 꼬리를 가진 채 팔로워로 돌아옵니다. 새 리더는 에포크 캐시(endOffsetForEpoch)로 "에포크 1은 오프셋 2에서 끝났다"고 답하고, 옛 리더는 followerTruncationState로 2까지 잘라 낸 뒤 새 리더의 레코드를 받아야 합니다. 하이 워터마크로 자르던 옛 방식의 문제는 강의의 KIP-101 그림에 있습니다.',
        anchor: '#kip-101-하이-워터마크로-자르면-생기는-일',
      },
      ClusterChaosKeepsCommittedRecords: {
        text: '세 복제본이 씨앗마다 무작위로 쓰고, Fetch하고, 시간이 흘러 ISR이 줄고 늘고, 리더가 죽어 ISR의 다른 복제본이 리더가 됩니다. 걸음마다 하이 워터마크는 줄지 않고(MonotonicHighWatermark), 커밋된 배치는 그 뒤 모든 리더에 있어야 하며(CommittedIsKept), 끝에는 모든 복제본의 로그가 같아야 합니다(ConsistentLogs). 실패 메시지의 씨앗으로 다시 돌려 보세요.',
        anchor: '#리더-에포크와-잘라-내기',
        more: [
          'CommittedIsKept가 깨지면 하이 워터마크를 너무 일찍 올렸거나(기다릴 팔로워를 빠뜨림) ISR에 너무 일찍 넣은 것(리더 에포크 시작 조건), ConsistentLogs가 깨지면 잘라 낼 자리(followerTruncationState, endOffsetForEpoch)가 틀린 것입니다.',
        ],
      },
      SimReplicationChaos: {
        text: '결정적 시뮬레이터가 컨트롤러 쿼럼과 브로커 서너 대를 한 프로세스에서 돌리고, 브로커 안의 Partition이 여러분의 decisions.ts로 결정합니다. 브로커가 죽고 네트워크가 갈라지는 동안 acks=all 멱등 프로듀서가 쓰고 컨슈머가 읽은 역사를 끝에 검사기가 봅니다. LostWrite(성공한 쓰기가 사라짐)면 하이 워터마크나 acks=all 완료가 ISR 모두를 기다리지 않은 것이고, DivergentReplicas(복제본의 커밋된 앞부분이 다름)면 잘라 낼 자리가 틀린 것입니다. 실패 메시지의 씨앗을 FUZZ_SEED로 주면 같은 장애가 그대로 다시 일어나고, 같은 씨앗을 npm run sim -- --mode replication --seed …로 reference 코드에 돌려 비교할 수 있습니다.',
        anchor: '#리더-에포크와-잘라-내기',
      },
      ProcessesReplicateToEveryBroker: {
        text: '여러분의 decisions.ts로 도는 노드 셋을 진짜 프로세스로 띄우고, 복제 계수 3·min.insync.replicas=2인 토픽에 kafkajs가 acks=all로 씁니다. 쓰기가 끝나지 않으면 하이 워터마크(leaderHighWatermark)나 acks=all 완료(checkEnoughReplicasReachOffset)를, kcat이 어떤 브로커로 붙었을 때 데이터가 다르면 팔로워의 잘라 내기를 보세요. 노드가 스스로 끝났다면 마지막 출력에 예외와 자리가 있습니다.',
        anchor: '#직접-해보기',
      },
      ProcessesSurviveKilledLeader: {
        text: '쓰는 도중 파티션 리더를 kill -9 합니다. 컨트롤러가 ISR의 다른 복제본을 새 리더로 뽑고, 성공을 받은 레코드는 모두 한 번씩 순서대로 남아야 합니다. 성공한 레코드가 사라졌다면 하이 워터마크를 ISR 모두가 갖기 전에 올린 것이고, 다시 띄운 브로커의 데이터가 다르면 잘라 낼 자리가 틀린 것입니다.',
        anchor: '#리더-죽이기',
      },
      ProcessesRefuseWhenIsrBelowMin: {
        text: '브로커 하나가 죽어 ISR이 둘이 되면, min.insync.replicas=2인 토픽은 acks=all 쓰기를 계속 받고, min.insync.replicas=3인 토픽은 NOT_ENOUGH_REPLICAS로 거절해야 합니다. 죽은 브로커가 ISR에서 빠지지 않으면 거절도 하지 않고 쓰기가 시간 초과로 끝납니다. 강의 "ISR이 모자라면"과 같은 장면입니다.',
        anchor: '#isr이-모자라면',
      },
    },
  },
  {
    number: 7,
    slug: 'offset-commit',
    title: '컨슈머와 오프셋 커밋',
    implements: 'fetch/poll, 커밋 오프셋 = 다음에 읽을 위치, __consumer_offsets, auto.offset.reset, lag',
    syllabus: ['000 Kafka Offset', '001 ▫️ Offset', '002 2. **Broker → Consumer 흐름**', '004 읽기 요청(Fetch Reqeust)'],
    // 컨슈머 쪽(offset-tracker)과 코디네이터 쪽(offset-store, offsets-topic)을 함께 복사합니다: offset-store → offsets-topic.
    // 끝에서 끝까지 테스트(offset-commit.e2e.test.ts)는 offset-store, offsets-topic이 학습자의 것인 브로커에
    // kafkajs 컨슈머로 커밋하고, 브로커가 쓴 __consumer_offsets 레코드를 kcat으로 읽어 학습자의 replay로 되살립니다.
    modules: [
      'reference/src/client/offset-tracker.ts',
      'reference/src/group/offset-store.ts',
      'reference/src/group/offsets-topic.ts',
    ],
    hints: {
      FiveStepOffsetWalkthrough: {
        text: '오프셋 처리의 다섯 단계입니다. 커밋이 없으면(-1) resolve는 auto.offset.reset(여기서는 earliest)으로 로그 시작 100을 고릅니다. 레코드 100을 처리하면 위치는 101이고(processed), 커밋할 값도 101입니다(commitable). 다시 켜진 코디네이터는 __consumer_offsets의 레코드를 replay해 101을 되살립니다. 처음 실패한 단계의 메시지를 보고 그 메서드부터 채우세요.',
        anchor: '#오프셋-처리의-다섯-단계',
      },
      CommittedIsNextToRead: {
        text: '커밋된 오프셋은 "마지막으로 처리한 오프셋"이 아니라 "다음에 읽을 오프셋"입니다. processed(offset)는 위치를 offset 그대로가 아니라 그 다음으로 옮기고, commitable()은 위치를 1을 더하거나 빼지 않고 그대로 돌려줍니다. 둘 중 한 곳에서 한 칸 틀리면 다시 켜질 때 레코드 하나를 또 처리하거나 건너뜁니다.',
        anchor: '#커밋된-오프셋은-다음에-읽을-위치',
      },
      AutoOffsetResetWhenNothingCommitted: {
        text: 'auto.offset.reset은 커밋이 없을 때만 씁니다. earliest는 0이 아니라 지금의 로그 시작 오프셋(보존이 앞부분을 지웠을 수 있습니다), latest는 로그 끝 오프셋, none은 NoOffsetForPartitionError입니다. 커밋이 있으면 정책과 상관없이 그 자리입니다. assign이 음수 커밋(-1, kafkajs가 쓴 -2)을 모두 -1로 바꿔 두니, resolve에서는 "커밋이 범위 안인가"만 보면 됩니다.',
        anchor: '#autooffsetreset',
      },
      OutOfRangeCommitFallsBackToReset: {
        text: '커밋된 오프셋이 있어도 로그 범위 [logStartOffset, logEndOffset] 밖이면 쓸 수 없습니다. 보존 정책이 그 레코드를 이미 지웠다면 Fetch가 OFFSET_OUT_OF_RANGE로 답하고, 컨슈머는 auto.offset.reset을 따릅니다. 양 끝은 범위 안입니다: 로그 끝과 같은 커밋은 "새 레코드를 기다리는 자리"입니다.',
        anchor: '#커밋이-범위-밖이면',
      },
      CommitableIsPositionPerPartition: {
        text: 'commitable()은 파티션마다 { topic, partition, offset: 위치 }입니다. 위치를 아직 모르는(null) 파티션과 위치가 커밋된 오프셋과 같은 파티션은 뺍니다. seek로 되감은 것도 위치이니 그대로 커밋합니다. this.#partitions의 값에 topic, partition, state가 있습니다.',
        anchor: '#무엇을-커밋하나',
      },
      LagCountsUnreadRecords: {
        text: 'lag은 인자로 받은 파티션의 끝(logEndOffset: 컨슈머가 읽을 수 있는 끝, 곧 하이 워터마크) − 커밋된 오프셋입니다. 커밋된 오프셋이 이미 "다음에 읽을 자리"라 1을 빼지 않습니다: 커밋 6, 끝 10이면 6, 7, 8, 9의 네 개입니다. 커밋이 없으면(-1) 위치에서 세고, 위치도 null이면 undefined입니다.',
        anchor: '#lag',
      },
      ReplayAppliesCommitsAndTombstones: {
        text: '__consumer_offsets는 키(그룹, 토픽, 파티션)마다 마지막 값이 이기는 로그입니다. replay는 값이 있으면 그 키의 커밋을 덮어쓰고(toCommitted), 값이 null(툼스톤)이면 지웁니다. 그룹 레코드(type: group)가 deleted면 그룹을 통째로 지웁니다. 커밋이 하나도 남지 않은 그룹은 this.#groups에서 빼야 hasOffsets와 groups가 맞습니다.',
        anchor: '#__consumer_offsets-키마다-마지막-값',
      },
      RetentionOnlyForEmptyGroups: {
        text: 'expiredRecords는 isEmpty(그룹)가 참인 그룹만 봅니다. 그 그룹에서 commitTimestamp + retentionMs <= now인 커밋마다 offsetCommitRecord(그룹, 토픽, 파티션, null) 툼스톤을 만들어 그룹별 Map에 모읍니다. 멤버가 있는 그룹은 아무리 오래되어도 건드리지 않고, 지울 것이 없는 그룹은 Map에 넣지 않습니다.',
        anchor: '#offsetsretentionminutes',
      },
      GroupPartitionMatchesJava: {
        text: 'javaStringHashCode는 charCodeAt(UTF-16 코드 단위)마다 h = 31·h + c를 Java int처럼 32비트에서 넘기며 계산합니다(Math.imul과 | 0). partitionForGroup은 Kafka의 Utils.abs(hash) % 파티션 수입니다. Math.abs(-2147483648)은 JavaScript에서 2147483648이라 % 50이 48이 되지만, Utils.abs는 이 값만 0으로 봅니다. 4장의 toPositive(& 0x7fffffff)는 음수에서 다른 답을 냅니다.',
        anchor: '#그룹의-파티션-고르기',
      },
      KafkaJsCommitsAndResumes: {
        text: '브로커의 그룹 코디네이터가 여러분의 OffsetStore와 partitionForGroup으로 커밋을 받고 돌려줍니다. kafkajs 컨슈머가 메시지를 하나 처리할 때마다 여러분의 processed와 commitable로 커밋합니다. admin.fetchOffsets가 6이 아니면 브로커 안의 여러분의 replay가 커밋을 기억하지 못한 것입니다. 그다음 브로커가 __consumer_offsets에 쓴 진짜 레코드를 kcat으로 읽어 여러분의 replay로 되살려 6이 나와야 하고(레코드가 0개면 partitionForGroup이 Java와 다릅니다), 새 컨슈머는 6부터 이어 읽어야 합니다. 앞의 테스트가 모두 초록인지 먼저 보세요.',
        anchor: '#끝에서-끝까지',
      },
    },
    status: 'ready',
  },
  {
    number: 8,
    slug: 'consumer-groups',
    title: '컨슈머 그룹과 리밸런싱',
    implements:
      '코디네이터 상태 기계의 전이와 프로토콜 투표(join/sync/heartbeat/leave 처리는 reference 코디네이터), range/round-robin/sticky 할당자',
    syllabus: ['000 Kafka 리더 종류', '000 아키텍처 구조 정의', '002 3. **Consumer Group 조정 프로토콜**'],
    // 할당자는 클라이언트(그룹 리더) 쪽 부품이라 끝에서 끝까지 테스트는 학습자의 할당자를 kafkajs에 끼우고, 그룹
    // 코디네이터가 학습자의 상태 기계(ConsumerGroup)로 도는 브로커에서 진짜 리밸런스를 돌립니다.
    modules: ['reference/src/client/assignors.ts', 'reference/src/group/consumer-group.ts'],
    hints: {
      TransitionsFollowTheStateMachine: {
        text: '그룹의 상태는 다섯 개이고 전이는 정해져 있습니다. validPrevious 표가 "이 상태로는 어느 상태에서 올 수 있는가"를 적어 둡니다. transitionTo(next)는 지금 상태가 validPrevious[next]에 들어 있으면 상태를 next로 바꾸면 됩니다. 강의의 상태 기계 그림을 따라가 보세요.',
        anchor: '#그룹의-상태-기계',
      },
      IllegalTransitionsThrow: {
        text: '틀린 전이(예: Empty → Stable)는 코디네이터의 버그입니다. 조용히 넘어가면 나중에 엉뚱한 곳에서 터지므로, 상태를 바꾸기 전에 검사하고 Error를 던지세요. 던질 때는 상태를 바꾸지 않아야 합니다. 오류 메시지에는 그룹 ID와 지금 상태, 가려던 상태를 넣으세요: 코디네이터의 버그를 찾을 단서입니다. Dead에서는 어디로도 갈 수 없습니다(Dead 자신으로 가는 것만 허락합니다).',
        anchor: '#그룹의-상태-기계',
      },
      ProtocolVoting: {
        text: '그룹은 모든 멤버가 지원하는 할당 방식(후보, candidateProtocols) 중 하나를 고릅니다. 멤버마다 자기 목록을 앞에서부터 보며 후보에 든 첫 방식에 한 표를 던지고, 표가 가장 많은 후보를 돌려주세요. 첫 멤버가 원하는 것이 아니라 표로 정합니다. 표가 같으면 candidates에서 앞선 것, 후보가 없으면 null입니다(Kafka: ClassicGroup.selectProtocol).',
        anchor: '#할당-방식-고르기-투표',
        more: [
          'Map<이름, 표 수>를 만들어 멤버마다 member.protocols.find((p) => candidates.includes(p.name))에 한 표를 더하고, candidates를 앞에서부터 보며 표가 "더 많을 때만" 답을 바꾸면 같은 표에서는 앞선 후보가 남습니다.',
        ],
      },
      RangeSplitsContiguously: {
        text: 'range는 토픽마다 따로 나눕니다. 한 사람 몫은 ⌊파티션 수 / 멤버 수⌋이고, 나머지만큼 앞의 멤버가 하나씩 더 가집니다. 실패 메시지의 javadoc 예(C0, C1과 t0, t1)부터 손으로 나눠 보세요.',
        anchor: '#range-토픽마다-연속-구간',
        more: [
          'i번째 멤버의 구간은 i × 몫 + min(i, 나머지)에서 시작하고, 길이는 몫에 (i < 나머지면) 1을 더한 것입니다.',
        ],
      },
      RoundRobinDeals: {
        text: 'round-robin은 모든 토픽-파티션을 (토픽, 번호) 순으로 늘어놓고 ID 순의 멤버에게 한 장씩 돌립니다. 차례(next)는 토픽이 바뀌어도 이어집니다. 차례가 온 멤버가 그 토픽을 구독하지 않으면 다음 멤버로(앞으로) 넘기세요. javadoc의 둘째 예나 A·B·C 예가 틀린다면 건너뛰기나 차례 넘기기를 확인하세요.',
        anchor: '#round-robin-카드-돌리기',
      },
      StickyKeepsPartitions: {
        text: 'sticky는 "고르게"와 "덜 옮기기"를 함께 지킵니다. 누구도 ⌈P/M⌉보다 많이, ⌊P/M⌋보다 적게 갖지 않고, ⌈P/M⌉개를 가질 수 있는 멤버는 P % M명뿐입니다. 그 안에서 지난번 파티션은 될 수 있는 한 그대로 둡니다. 처음에는 지킬 것이 없어 라운드 로빈과 같은 모양이 나와야 합니다. 실패한 예를 종이에 멤버별 지난 파티션과 몫을 적어 나눠 보세요.',
        anchor: '#sticky-지키고-나서-고르게',
        more: [
          '두 단계로 나누면 쉽습니다. 1) 지키기: 멤버마다(ID 순) keepable(member)을 상한까지 give 합니다. 2) 채우기: 아무도 갖지 않은 파티션(taken에 없는 것)을 나눠 줍니다.',
          '지키기의 상한은 maxQuotaSlots가 남아 있으면 maxQuota, 다 썼으면 minQuota입니다. maxQuota개를 지킨 멤버가 나올 때마다 maxQuotaSlots를 하나 줄이세요. 자리를 세지 않으면 파티션 7개, 멤버 3명에서 두 멤버가 3개씩 지켜 셋째가 1개만 받습니다.',
          '채우기는 all을 순서대로 돌며 taken에 없는 파티션마다, 그 토픽을 구독한 멤버 가운데 counts가 가장 작은(같으면 ID가 앞선) 멤버에게 give 합니다.',
        ],
      },
      StickyUnderRandomChurn: {
        text: '멤버가 무작위로 들어오고 나가고(ID 순서의 아무 자리에), 파티션이 늘어나는 동안 세대마다 세 가지를 봅니다: 모든 파티션이 정확히 한 멤버에게, 가장 많이 가진 멤버와 가장 적게 가진 멤버의 차이가 1 이하, 그리고 지킬 수 있던 파티션을 옮기지 않았는지(멤버마다, 그리고 모두 합쳐 가능한 최대만큼 지켰는지). 실패 메시지의 "지금까지"에 세대마다의 할당이 있습니다.',
        anchor: '#sticky-지키고-나서-고르게',
        more: [
          '"지킨 수의 합"이 모자라다면 ⌈P/M⌉ 자리를 ⌈P/M⌉개를 지키지 않은 멤버가 써 버린 것입니다. 자리는 maxQuota개를 지킨 멤버만 씁니다.',
        ],
      },
      KafkaJsRangeRebalances: {
        text: '여러분의 range 할당자를 끼운 kafkajs 컨슈머가 reference 브로커의 그룹에 하나씩 들어오고 나갑니다. 리밸런스마다 리더가 여러분의 rangeAssign으로 할당을 계산하고, 테스트는 브로커가 기억하는 할당(DescribeGroups)을 멤버 ID 순으로 봅니다. 여러분의 코드에서 난 오류가 있으면 그 오류를 보여 줍니다. 앞의 RangeSplitsContiguously가 초록인지 먼저 확인하세요.',
        anchor: '#끝에서-끝까지',
      },
      KafkaJsRoundRobinRebalances: {
        text: '여러분의 round-robin 할당자로 리밸런스를 돌립니다. 멤버 2명이면 [0, 2, 4], [1, 3, 5], 3명이면 [0, 3], [1, 4], [2, 5]여야 합니다. 앞의 RoundRobinDeals가 초록인데 여기서 틀린다면 할당 결과에 모든 멤버가 들어 있는지(빈손인 멤버도) 보세요.',
        anchor: '#끝에서-끝까지',
      },
      KafkaJsStickyKeepsPartitions: {
        text: '컨슈머마다 StickyAssignor를 하나씩 만들어 follow(consumer)로 받은 할당을 기억하고, 다음 JoinGroup의 userData에 실어 보냅니다. 리더의 여러분의 stickyAssign은 그 owned를 지켜야 합니다. 새 멤버가 들어왔는데 기존 멤버의 파티션이 바뀌었다면 1단계(지키기)가 owned를 보지 않거나 상한을 잘못 잡은 것입니다.',
        anchor: '#끝에서-끝까지',
      },
    },
    status: 'ready',
  },
  {
    number: 9,
    slug: 'kraft-election',
    title: '컨트롤러와 KRaft',
    status: 'ready',
    implements:
      'KRaft 쿼럼의 결정: 표 주기(최신 로그, 에포크당 한 표, 사전 투표), 표 세기와 더 높은 에포크에 물러나기, 자기 에포크의 레코드가 과반에 닿아야 오르는 하이 워터마크, 갈라진 팔로워가 잘라 낼 자리',
    syllabus: [
      '000 Kafka 리더 종류',
      '001 🚨 장애 상황 발생',
      '001 ▫️ Zookeeper',
      '002 1. **Controller 선출 과정**',
      '003 KRaft',
      '004 구성요소',
      '004 역할',
      '004 KRaft (Kafka Raft Metadata Quorum)',
      '004 기존 주키퍼 기반의 문제정',
      '004 KRaft 특징과 장점',
      '004 KRaft 작동 방식',
      '004 KRaft 설정 예시',
    ],
    // 쿼럼의 상태 기계(kafka-raft-client.ts)가 부르는 순수 함수들만 모은 파일 하나입니다.
    // 끝에서 끝까지 테스트는 둘이고, 둘 다 쿼럼이 decisions.ts를 가져오는 자리에서 학습자의 파일을 가져옵니다(course/resolve.ts).
    // kraft-election.e2e.test.ts는 노드 셋의 쿼럼을 시뮬레이터에서 씨앗으로 정한 장애 속에 돌리고(vitest 플러그인),
    // kraft-processes.e2e.test.ts는 노드 셋을 COURSE_CHAPTER=9로 진짜 프로세스로 띄워(Node 모듈 훅) 활성 컨트롤러를 kill -9 합니다.
    modules: ['reference/src/raft/decisions.ts'],
    hints: {
      UpToDateLogComparesEpochFirst: {
        text: '"더 최신인 로그"는 길이만으로 정하지 않습니다. 마지막 레코드의 에포크가 큰 쪽이 먼저 이기고, 에포크가 같을 때만 로그 끝 오프셋이 큰(같아도 되는) 쪽이 최신입니다. 똑같은 로그를 최신으로 보지 않으면 아무도 표를 받지 못해 선거가 끝나지 않습니다. 실패 메시지의 (끝, 에포크) 두 쌍을 강의의 "선거" 절 셋째 조건에 대어 보세요.',
        anchor: '#선거',
        more: [
          '같은 파일 위쪽의 import에 이미 이 비교를 해 주는 함수가 있습니다: reference/src/raft/types.ts의 compareOffsetAndEpoch(a, b)는 a가 앞서면 양수, 같으면 0입니다.',
        ],
      },
      VoteOnlyForUpToDateLog: {
        text: "아직 아무에게도 투표하지 않았고 리더도 모르는 Unattached 투표자는 후보의 로그가 최신일 때(logUpToDate가 참)만 표를 줍니다. 뒤처진 후보에게 표를 주면 커밋된 레코드를 모르는 리더가 나올 수 있습니다: 커밋된 레코드를 가진 과반과 후보에게 표를 준 과반은 적어도 한 노드에서 겹치고, 그 노드가 거절해야 합니다. 거절은 err('LOG_NOT_UP_TO_DATE')입니다.",
        anchor: '#선거',
        more: [
          'canGrantVote는 voter.state로 나눠 생각하면 쉽습니다. 이 테스트는 Unattached(와 Prospective)만 봅니다: 사전 투표가 아니고, votedId도 leaderId도 null이면 남은 것은 logUpToDate 하나입니다.',
        ],
      },
      OneVotePerEpoch: {
        text: '한 에포크에 한 표입니다. Unattached가 이 에포크에 이미 표를 준 후보(votedId)가 있으면, 같은 후보의 재전송에는 다시 OK(이미 준 표를 알려 줄 뿐), 다른 후보에게는 ALREADY_VOTED입니다. 재전송에는 로그 비교와 상관없이 같은 답을 주므로 votedId를 로그보다 먼저 봅니다. 표를 준 적이 없어도 이 에포크의 리더를 알면(leaderId) HAS_LEADER로 거절합니다. Prospective도 진짜 투표는 같은 규칙입니다.',
        anchor: '#선거',
        more: [
          'Unattached·Prospective의 진짜 투표 순서: votedId가 있으면 (같은 후보면 OK, 아니면 ALREADY_VOTED) → leaderId가 있으면 HAS_LEADER → 그 밖에는 logUpToDate에 따라 OK 또는 LOG_NOT_UP_TO_DATE.',
        ],
      },
      VoteRulesByState: {
        text: '같은 에포크의 진짜 투표를 주는 상태는 Unattached와 Prospective뿐입니다. Follower는 이 에포크의 리더를 따르고 있으니 HAS_LEADER, Candidate는 자기 자신에게 이미 투표했으니 IS_CANDIDATE, Leader는 IS_LEADER, 물러난 리더(Resigned)는 RESIGNED입니다. Leader와 Resigned는 사전 투표도 거절합니다. 강의 "선거" 절의 상태별 표를 보세요.',
        anchor: '#선거',
      },
      PreVoteRules: {
        text: '사전 투표(preVote가 참)는 아무것도 기록하지 않으므로 "한 에포크에 한 표"에 묶이지 않습니다: Unattached·Prospective·Candidate는 이미 누구에게 투표했든, 리더를 알든 로그만 최신이면 줍니다. 예외는 Follower입니다. 리더에게서 Fetch에 성공한 적이 있으면(hasFetchedFromLeader) 리더가 살아 있다는 뜻이라 FOLLOWING_ACTIVE_LEADER로 거절하고, 아직 한 번도 성공하지 못했으면 최신일 때 줍니다. 이것이 떨어져 있다 돌아온 노드가 멀쩡한 리더를 흔들지 못하게 하는 KIP-996입니다.',
        anchor: '#사전-투표와-check-quorum',
        more: [
          '각 상태의 갈래 맨 앞에서 preVote를 먼저 가르면 규칙이 겹치지 않습니다. 사전 투표의 답은 Unattached·Prospective·Candidate에서 logUpToDate 하나로, Follower에서는 hasFetchedFromLeader를 먼저 보고 그다음 logUpToDate로 정해집니다.',
        ],
      },
      CandidateVotesForItself: {
        text: '후보는 선거를 시작하며 자기 자신에게 한 표를 줍니다. startElection은 투표자 목록(voters)을 그대로 두고, 찬성(granted)에는 후보 자신만, 반대(rejected)는 빈 채로 시작합니다. 그래서 투표자가 자기 하나뿐인 쿼럼(npm run broker)은 시작하자마자 이기고, 셋이면 Vote를 나머지 둘에게만 보냅니다(unrecordedVoters).',
        anchor: '#선거',
      },
      MajorityWinsElection: {
        text: '찬성이 투표자의 과반이면 이깁니다. 과반은 "절반보다 많음"입니다: 셋 중 둘, 넷 중 셋, 다섯 중 셋. 넷 중 둘은 절반이지 과반이 아닙니다. 반대가 몇 개든 찬성이 과반이면 이긴 것입니다. 이미 있는 majoritySize(투표자 수)를 쓰세요.',
        anchor: '#쿼럼-한눈에-보기',
      },
      ElectionLostWhenMajorityUnreachable: {
        text: '진 선거는 "반대가 과반"이 아니라 "아직 답하지 않은 투표자가 모두 찬성해도 과반이 안 됨"입니다. 넷 중 둘이 반대하면 남은 하나가 찬성해도 둘(자기 + 하나)이라 과반(셋)이 안 되므로 이미 졌습니다. 그 사이, 곧 이길 수도 질 수도 있으면 undecided입니다.',
        anchor: '#선거',
        more: ['답하지 않은 투표자 수 = 투표자 수 − 찬성 수 − 반대 수입니다. 찬성 수 + 그 수가 과반보다 작으면 lost.'],
      },
      VotesAreRecordedOnce: {
        text: '네트워크는 응답을 두 번 배달하기도 합니다. 같은 투표자의 같은 답이 또 오면 선거를 그대로 돌려주고(한 표는 한 표), 찬성했던 투표자가 반대라고 하면(또는 그 반대) VOTE_CHANGED, 투표자 목록에 없는 노드(관찰자)의 표는 NOT_A_VOTER입니다. 그리고 recordVote는 받은 election을 고치지 않고 새 객체를 돌려줘야 합니다: 상태 기계가 돌려받은 것으로 바꿔 끼우고, 테스트는 원래 것이 그대로인지 봅니다.',
        anchor: '#선거',
        more: [
          '배열에 push하지 말고 펼쳐서 새 배열을 만드세요: { ...election, granted: [...election.granted, voterId] }. 검사 순서는 투표자인가 → 반대쪽 목록에 이미 있나(VOTE_CHANGED) → 같은 쪽 목록에 이미 있나(그대로 ok) → 새로 더하기입니다.',
        ],
      },
      StepDownOnHigherEpoch: {
        text: '에포크가 곧 권위입니다. 남의 메시지에서 내 것보다 높은 에포크를 보면, 후보든 리더든 물러납니다: 그 메시지가 리더를 알려 주면 그 리더의 Follower로, 모르면 그 에포크의 Unattached로. 같은 에포크에서 내가 아직 모르던 리더를 처음 알게 되면 그 리더의 Follower가 됩니다(선거에 진 후보가 BeginQuorumEpoch를 받았을 때). 낮은 에포크나 이미 아는 리더, 리더를 모르는 메시지는 stay입니다.',
        anchor: '#에포크와-상태',
        more: [
          '돌려줄 모양은 ok({ transition: { to: "Follower", epoch, leaderId } }), ok({ transition: { to: "Unattached", epoch } }), ok({ transition: { to: "stay" } })입니다. 에포크를 먼저 비교하고(더 높음 / 같음 / 낮음), 같을 때만 리더를 봅니다.',
        ],
      },
      OneLeaderPerEpoch: {
        text: "한 에포크에 리더는 하나뿐입니다. 내가 이 에포크의 리더를 이미 아는데(local.leaderId) 같은 에포크의 메시지가 다른 리더를 말하면, 따라갈 것이 아니라 불변식이 깨졌다고 알려야 합니다: err('INCONSISTENT_LEADER'). 상태 기계는 이 답을 받으면 예외를 던지고, 시뮬레이터는 그 씨앗을 잡아 보여 줍니다. 이 검사는 다른 어떤 갈래보다 먼저 합니다.",
        anchor: '#에포크와-상태',
      },
      RandomVoteSequences: {
        text: '투표자 1~6명, 후보 0에게 무작위 순서로 찬성·반대·중복·뒤집기·투표자가 아닌 노드의 답이 옵니다. 답마다 recordVote의 결과, electionOutcome, unrecordedVoters가 표대로여야 합니다. 실패 메시지의 "지금까지" 목록을 따라가며 찬성과 반대의 수를 세어 보세요. 앞의 선거 테스트가 모두 초록인데 여기서 틀린다면, 투표자가 아닌 노드의 표를 세고 있거나 중복을 두 번 세고 있을 가능성이 큽니다.',
        anchor: '#선거',
      },
      HighWatermarkIsMajorityEndOffset: {
        text: '리더의 하이 워터마크는 투표자(리더 자신 포함)의 과반이 가진 가장 큰 끝 오프셋입니다. 끝 오프셋들을 큰 것부터 늘어놓으면 과반째(셋이면 둘째, 다섯이면 셋째) 값이 그것입니다. 아직 Fetch하지 않은 투표자는 null이라 아무것도 가졌다고 볼 수 없습니다: 과반째 자리가 null이면 NO_MAJORITY입니다. 입력의 순서는 정해져 있지 않습니다.',
        anchor: '#복제는-당겨-옵니다-fetch와-하이-워터마크',
        more: [
          'voterEndOffsets는 readonly라 sort할 수 없으니 [...voterEndOffsets]로 복사해서 정렬하세요. null을 맨 뒤로 보내려면 비교 함수에서 null을 -1처럼 다루면 됩니다. 과반째는 인덱스 majoritySize(n) − 1입니다.',
        ],
      },
      HighWatermarkNeedsRecordOfOwnEpoch: {
        text: 'epochStartOffset은 이 리더가 뽑혔을 때의 로그 끝, 곧 자기 에포크의 첫 레코드(LeaderChange)가 놓인 오프셋입니다. 과반째 끝 오프셋이 그보다 커야(같으면 안 됩니다) 자기 에포크의 레코드가 과반에 닿은 것이고, 그때만 하이 워터마크를 올립니다. 아니면 NO_RECORD_OF_CURRENT_EPOCH. 이전 에포크의 레코드만 과반에 있을 때 커밋했다고 말하면, 그 레코드가 다음 선거에서 지워질 수 있습니다(Raft 논문 Figure 8). 강의의 확인 문제 4와 같은 경우입니다.',
        anchor: '#복제는-당겨-옵니다-fetch와-하이-워터마크',
      },
      HighWatermarkNeverMovesBack: {
        text: '하이 워터마크는 줄지 않습니다. 새로 셈한 값이 지금 값(current)보다 크지 않으면, 같아도, NOT_ADVANCED로 그대로 둡니다. 팔로워가 디스크를 잃고 처음부터 다시 Fetch해 과반째 값이 내려가도, 한 번 커밋된 것은 커밋된 것입니다. current가 null(리더가 되고 아직 모름)이면 비교하지 않습니다.',
        anchor: '#복제는-당겨-옵니다-fetch와-하이-워터마크',
      },
      LeaderDetectsDivergingFetch: {
        text: 'leaderEndOfEpoch는 리더 로그에서 팔로워의 lastFetchedEpoch가 끝나는 자리입니다(리더에게 그 에포크가 없으면 그보다 앞선 마지막 에포크와 그 끝). 팔로워가 그 에포크를 갖고 있다고 말하고(에포크가 같고) 그 끝을 넘지 않았으면 맞는 위치라 OK, 에포크가 다르거나 팔로워의 fetchOffset이 그 끝보다 뒤면 갈라진 것이라 err({ divergingEpoch: leaderEndOfEpoch })입니다. 끝과 딱 같은 것은 맞는 위치입니다.',
        anchor: '#갈라진-팔로워는-잘라-냅니다',
      },
      FollowerTruncatesToDivergingEpoch: {
        text: '끝 오프셋은 "그 에포크의 마지막 레코드 다음 자리"이고, truncationOffset이 돌려주는 값부터 지웁니다. 그래서 그 값 자체가 남길 로그의 길이입니다: 1을 더하거나 빼지 않습니다. 팔로워도 divergingEpoch의 에포크를 가졌으면(localEndOfEpoch.epoch가 같으면) 두 끝 중 작은 쪽까지, 갖지 않았으면 localEndOfEpoch의 끝(그보다 앞선 자기 에포크의 끝)까지 남깁니다. 강의의 갈라진 팔로워 그림을 손으로 따라가 보세요.',
        anchor: '#갈라진-팔로워는-잘라-냅니다',
        more: [
          '에포크 0은 "리더에게 그만큼 앞선 에포크가 없다"는 뜻이라 팔로워 쪽 에포크와 견주지 않습니다. 그 오프셋까지 남기되 내 로그 끝(localEndOffset)을 넘을 수는 없으니 둘 중 작은 쪽입니다.',
        ],
      },
      RandomLogsReconcileToLeader: {
        text: '공통 부분(커밋된 레코드) 뒤로 갈라진 무작위 로그 한 쌍에서, 팔로워가 Fetch → 여러분의 validateFetchPosition → divergingEpoch면 여러분의 truncationOffset으로 자르기를 되풀이합니다. 자르는 자리가 공통 부분 안이면 커밋된 레코드를 잃은 것이고(너무 많이 자름, 흔히 1을 뺀 경우), 잘라 낸 것이 없으면 같은 Fetch를 끝없이 되풀이하고, 맞다고 한 위치에서 로그가 다르면 갈라진 것을 놓친 것입니다(흔히 1을 더한 경우). 실패 메시지의 과정을 따라가 보세요.',
        anchor: '#갈라진-팔로워는-잘라-냅니다',
        more: [
          '에포크가 같아도 팔로워가 리더보다 그 에포크의 레코드를 더 가졌다면 갈라진 것입니다(옛 리더가 복제하지 못한 꼬리). validateFetchPosition에서 fetchOffset과 그 에포크의 끝을 비교하는 부등호의 방향과 등호를 확인하세요.',
        ],
      },
      SimElectsFirstLeader: {
        text: '여러분의 decisions.ts를 끼운 노드 셋이 처음 켜져 리더를 뽑고 레코드를 커밋해야 합니다. 리더가 서지 않으면 표를 주는 규칙(canGrantVote, isLogUpToDate)이나 표 세기(startElection, recordVote, electionOutcome)를, 리더는 섰는데 하이 워터마크가 오르지 않으면 leaderHighWatermark를 보세요. 실패 메시지의 reference 명령(npm run sim -- --scenario …)으로 같은 씨앗에서 올바른 코드가 어떻게 도는지 비교할 수 있습니다.',
        anchor: '#끝에서-끝까지',
      },
      SimReElectsAfterLeaderFailure: {
        text: '리더가 죽거나 네트워크에서 떨어지면 남은 노드가 더 높은 에포크의 리더를 뽑아야 합니다. 떨어진 옛 리더가 돌아와 더 높은 에포크를 보면 물러나야(transitionForObservedEpoch) 하고, 팔로워가 사전 투표를 주지 않으면(PreVoteRules) 아무도 후보가 되지 못합니다. 실패 메시지가 안전성 이름(SingleLeader, LeaderCompleteness …)이면 그 불변식이 강의의 어느 규칙에서 오는지 찾아보세요.',
        anchor: '#사전-투표와-check-quorum',
      },
      SimRecoversCommittedData: {
        text: '셋 모두 죽었다 켜지거나 한 노드가 디스크를 통째로 잃어도, 커밋된 레코드는 새 리더에게 있어야 합니다(LeaderCompleteness, ConsistentCommittedData). 이것을 지키는 것은 "최신 로그에만 표를 준다"는 규칙과, 다시 켜진 노드가 갈라진 꼬리를 정확히 잘라 내는 truncationOffset입니다. 단위 테스트가 초록인데 여기서 깨진다면 실패 메시지의 씨앗으로 reference 명령을 돌려 비교해 보세요.',
        anchor: '#갈라진-팔로워는-잘라-냅니다',
      },
      SimSurvivesFigure8: {
        text: 'Raft 논문 Figure 8의 장면입니다: 옛 에포크의 레코드가 과반에 복제된 뒤, 그것을 갖지 않은 노드가 더 높은 에포크로 리더가 되어 그 레코드를 지웁니다. 그 레코드를 이미 커밋했다고 말했다면 LeaderCompleteness가 깨집니다. leaderHighWatermark가 epochStartOffset 조건(자기 에포크의 레코드가 과반에 닿아야 함)을 지키는지 보세요.',
        anchor: '#복제는-당겨-옵니다-fetch와-하이-워터마크',
      },
      SimChaosThreeNodes: {
        text: '노드 셋이 씨앗 100개의 무작위 장애(죽음, 분할, 메시지 유실·복제·지연, 시계 점프)를 겪습니다. 실패 메시지의 첫 줄에 깨진 안전성(예: VoteOncePerEpoch, MonotonicHighWatermark)이나 활성(장애를 거둔 뒤 리더가 서지 않음)이 나옵니다. 같은 씨앗들로 다시: 메시지의 FUZZ_SEED=… npm run exercise:9, 같은 씨앗을 reference로: npm run sim -- --seed … --voters 3.',
        anchor: '#끝에서-끝까지',
        more: [
          '흔한 원인: 재전송된 Vote에 다른 답을 줌(OneVotePerEpoch), 복제된 Vote 응답을 두 표로 셈(VotesAreRecordedOnce), 더 높은 에포크를 보고도 리더로 남음(StepDownOnHigherEpoch). 단위 테스트가 다루지 않는 조합이 여기서 드러납니다.',
        ],
      },
      ProcessesElectActiveController: {
        text: '여러분의 decisions.ts로 도는 노드 셋이 진짜 프로세스로 떠서 활성 컨트롤러 하나를 뽑아야 합니다. 테스트는 컨트롤러 리스너에 DescribeQuorum을 보내 리더라고 답하는 노드가 꼭 하나인지 보고, 세 브로커가 그 컨트롤러에 등록해 kafkajs admin의 describeCluster에 보이기를 기다립니다. 브로커는 메타데이터를 따라잡아 펜싱이 풀려야 뜨므로, 리더가 서지 않으면 노드가 아예 뜨지 못합니다. 실패 메시지에 "노드 N이 스스로 끝났습니다"와 마지막 출력이 있으면, 여러분의 코드가 노드 안에서 던진 예외와 그 자리입니다. 시뮬레이터 테스트(Sim…)가 초록인지 먼저 보세요.',
        anchor: '#직접-해보기',
      },
      ProcessesSurviveKilledController: {
        text: '토픽을 만드는 도중 활성 컨트롤러를 kill -9 합니다. 남은 둘이 fetch 시간 제한(2초) 뒤 사전 투표와 투표로 새 리더를 뽑아야 CreateTopics가 다시 응답을 받습니다. 응답을 받은 토픽이 사라졌다면 커밋되지 않은 것을 커밋했다고 한 것이고(leaderHighWatermark), 같은 토픽의 TopicRecord가 둘이면 갈라진 로그를 잘못 맞춘 것입니다(validateFetchPosition, truncationOffset). 강의의 "활성 컨트롤러 죽이기"를 손으로 해 보면 같은 장면을 볼 수 있습니다.',
        anchor: '#활성-컨트롤러-죽이기',
      },
      ProcessesRejoinAfterRestart: {
        text: '죽였던 옛 리더를 같은 데이터로 다시 띄웁니다. 그 노드는 더 높은 에포크의 새 리더를 알고 물러나(transitionForObservedEpoch), Fetch로 divergingEpoch를 받아 복제하지 못한 꼬리를 잘라 내고(truncationOffset), 빠진 레코드를 가져가야 합니다. 토픽이 모자라면 따라잡지 못한 것이고, TopicRecord가 둘이면 잘라야 할 꼬리를 남긴 것입니다.',
        anchor: '#갈라진-팔로워는-잘라-냅니다',
      },
    },
  },
  {
    number: 10,
    slug: 'transactions',
    title: '트랜잭션과 커밋 마커',
    implements:
      '코디네이터 상태 기계, __transaction_state, 프로듀서 에포크/펜싱, 커밋/어보트 마커, LSO, read_committed',
    syllabus: ['000 Kafka의 트랜잭션 원리'],
    // 코디네이터의 판단은 순수 함수입니다. 끝에서 끝까지 테스트(transactions.e2e.test.ts)는 판단, 상태 전이, .txnindex가
    // 모두 학습자의 것인 브로커를 kafkajs 트랜잭션과 kcat으로 확인합니다.
    modules: [
      'reference/src/transaction/transaction-state.ts',
      'reference/src/transaction/transaction-coordinator.ts',
      'reference/src/storage/transaction-index.ts',
    ],
    hints: {
      TransitionsFollowKafka: {
        text: '상태마다 "어느 상태에서 올 수 있는가"를 떠올리세요. Prepare 상태로는 Ongoing에서만 갈 수 있고, Complete 상태로는 같은 결과의 Prepare에서만 갈 수 있습니다. 좀비를 막는 PrepareEpochFence는 Ongoing에서 와서 PrepareAbort로 갑니다. 강의 "상태 기계"의 표에 "올 수 있는 곳"이 있습니다.',
        anchor: '#상태-기계',
        more: [
          '상태마다 "올 수 있는 앞 상태"의 목록을 Record<TransactionState, TransactionState[]>로 두고, to의 목록에 from이 있는지 보면 됩니다.',
          '표: Empty ← Empty, CompleteCommit, CompleteAbort / Ongoing ← Ongoing, Empty, CompleteCommit, CompleteAbort / PrepareCommit ← Ongoing / PrepareAbort ← Ongoing, PrepareEpochFence / CompleteCommit ← PrepareCommit / CompleteAbort ← PrepareAbort / Dead ← Empty, CompleteCommit, CompleteAbort / PrepareEpochFence ← Ongoing',
        ],
      },
      InitNewTransactionalId: {
        text: '처음 보는 transactional.id에는 장부에 적을 새 메타데이터를 만듭니다: 새 프로듀서 ID(newProducerId()), 에포크 0, 상태 Empty, 파티션 없음, 시작 시각 -1, 마지막 갱신 시각은 now입니다.',
        anchor: '#1-생성-initproducerid',
      },
      InitBumpsEpoch: {
        text: '같은 ID로 InitProducerId가 다시 오면 새 프로듀서가 뜬 것입니다. 프로듀서 ID는 그대로 두고 에포크를 하나 올려, 옛 에포크를 가진 프로듀서를 구별합니다. 에포크는 int16이라 다 차면(32766) 새 프로듀서 ID와 에포크 0으로 갈아탑니다. 새 프로듀서가 보낸 transaction.timeout.ms도 장부에 새로 적습니다: 옛 프로듀서의 값이 아닙니다.',
        anchor: '#좀비-펜싱',
      },
      InitFencesZombie: {
        text: '옛 프로듀서의 트랜잭션이 열려 있으면(Ongoing) 그것을 먼저 어보트해야 합니다: 에포크를 올린 PrepareEpochFence로 갑니다. 마커를 쓰는 중(Prepare*)이거나 다른 전이가 진행 중(PrepareEpochFence, Dead)이면 아직 끝나지 않았으니 CONCURRENT_TRANSACTIONS로 잠시 뒤에 다시 오라고 합니다.',
        anchor: '#좀비-펜싱',
      },
      AddPartitionsStartsTransaction: {
        text: '트랜잭션은 첫 파티션을 장부에 올릴 때 시작합니다(Ongoing, 시작 시각 = now). Empty뿐 아니라 지난 트랜잭션이 끝난 CompleteCommit/CompleteAbort에서도 새로 시작합니다: 장부에 남은 지난 시작 시각을 쓰면 새 트랜잭션이 곧바로 타임아웃됩니다. 이미 Ongoing이면 처음 보는 파티션만 더하고 시작 시각은 그대로 둡니다(모두 이미 있으면 장부를 바꾸지 않고 그대로 성공). 마커를 쓰는 중이거나 Dead면 CONCURRENT_TRANSACTIONS입니다. 옛 에포크의 거절(PRODUCER_FENCED)은 이미 있는 ownerError가 합니다.',
        anchor: '#2-데이터-전송-addpartitionstotxn과-produce',
      },
      EndTxnDecidesOutcome: {
        text: 'EndTxn은 Ongoing을 PrepareCommit 또는 PrepareAbort로 바꿉니다. 이것을 장부에 적는 순간 결과가 정해집니다. 응답을 잃은 프로듀서가 같은 결과를 다시 물으면 그대로 성공(같은 메타데이터)이고, 같은 결과의 마커를 쓰는 중이면 CONCURRENT_TRANSACTIONS, 다른 결과로 이미 정해졌거나(마커를 쓰는 중이어도) 열린 트랜잭션이 없으면 INVALID_TXN_STATE입니다.',
        anchor: '#3-커밋-요청-endtxn',
      },
      CompleteAfterMarkers: {
        text: '마커를 모두 쓴 뒤에는 Prepare를 같은 결과의 Complete로 바꾸고, 다음 트랜잭션을 위해 파티션 목록을 비웁니다. PrepareEpochFence는 좀비의 트랜잭션이므로 어보트로 끝나고, 이때도 파티션 목록을 비웁니다.',
        anchor: '#5-종료-completecommit',
        more: [
          'transition은 표에 없는 전이를 거절합니다. PrepareEpochFence → CompleteAbort는 표에 없으니, 먼저 PrepareAbort로 옮긴 다음(그 결과에 같은 함수를 다시 부르면 됩니다) CompleteAbort로 끝내세요.',
        ],
      },
      TimeoutAbortsAndFences: {
        text: '열린 채로 transaction.timeout.ms가 지난 트랜잭션은 코디네이터가 스스로 어보트합니다. 그 프로듀서가 살아 돌아와도 더 쓰지 못하게 에포크를 올립니다(PrepareEpochFence). "지났다"는 시작 + 타임아웃 < 지금입니다(Kafka: TransactionStateManager.timedOutTransactions): 딱 같으면 아직입니다. 시간이 남았거나 Ongoing이 아니면 null입니다.',
        anchor: '#타임아웃',
      },
      RandomTransactionsFollowKafka: {
        text: '트랜잭션 ID 하나에 InitProducerId, AddPartitionsToTxn, EndTxn(좀비의 옛 에포크 포함), 마커 완료, 타임아웃 검사를 무작위 순서와 시각으로 보냅니다. 답마다 Kafka의 TransactionCoordinator라면 무엇을 하는지(다음 장부 또는 오류 코드)와 견주고, 바뀐 상태가 Kafka의 상태 표에 있는 전이인지도 봅니다. 실패 메시지의 "지금까지" 목록을 강의의 상태 표와 오류 표에 대어 보세요.',
        anchor: '#상태-기계',
        more: [
          '자주 틀리는 곳: 끝난 트랜잭션(Complete*) 뒤의 첫 AddPartitionsToTxn도 시작 시각을 새로 적습니다. 다시 온 InitProducerId는 새 transaction.timeout.ms를 적습니다. 좀비의 트랜잭션을 끝낼 때도 파티션을 비웁니다.',
        ],
      },
      AbortedTxnsInRange: {
        text: 'read_committed Fetch가 [fetchOffset, upperBoundOffset)을 돌려줄 때, 그 범위에 걸친 어보트 트랜잭션만 알려 줍니다: ABORT 마커(lastOffset)가 fetchOffset 이상이고(같아도 걸칩니다) 첫 배치(firstOffset)가 범위 끝보다 앞인 것. 컨슈머가 앞에서부터 적용하므로 firstOffset 순서로 정렬합니다. complete는 lastStableOffset이 범위 끝 이상(같아도)인 항목이 있는지입니다.',
        anchor: '#read_committed와-abortedtransactions',
      },
      CommittedVisibleAbortedHidden: {
        text: '여러분의 판단과 .txnindex 모듈을 끼운 브로커에서 kafkajs가 커밋, 어보트, 커밋을 보냈습니다. 오류가 나면 그 오류가 보입니다: 앞의 테스트가 모두 초록인지 먼저 확인하세요. 어보트한 레코드가 read_committed에 보이면 endTransaction이 어보트를 커밋으로 바꾸고 있지 않은지, 그리고 Fetch의 abortedTransactions를 고르는 collectAbortedTxns를 보세요. 커밋한 레코드가 안 보이면 completeTransaction을 보세요.',
        anchor: '#끝에서-끝까지',
      },
      ZombieFenced: {
        text: '같은 transactional.id의 둘째 프로듀서가 InitProducerId를 보내면 첫째의 열린 트랜잭션이 어보트되고(PrepareEpochFence → PrepareAbort), 첫째의 커밋은 옛 에포크라 거절되어야 합니다. 좀비의 레코드가 보이면 initProducerId의 Ongoing 처리를 보세요.',
        anchor: '#좀비-펜싱',
      },
    },
    status: 'ready',
  },
  {
    number: 11,
    slug: 'cluster',
    title: '세 브로커 클러스터',
    status: 'ready',
    implements:
      '세 노드 클러스터에서 활성 컨트롤러가 하는 판단: 브로커 세션의 시간 제한과 다음 확인 시각, 하트비트를 받은 브로커의 다음 상태(펜싱·펜싱 해제·제어된 종료), 펜싱된 리더를 대신할 파티션 리더 선거(ONLINE, PREFERRED, UNCLEAN). 여러분이 끝낸 장의 코드와 해답으로 조립한 브로커 셋이 시드 시나리오를 파티션 리더와 활성 컨트롤러를 죽이며 통과합니다',
    syllabus: [
      '000 실행 방법',
      '000 테스트 방법',
      '000 유의 사항',
      '000 아키텍처 구조 정의',
      '000 Kafka 리더 종류',
      '000 Kafka Offset',
      '000 Kafka의 트랜잭션 원리',
      '001 🔸 Kafka 구조',
      '001 🚨 장애 상황 발생',
    ],
    // 활성 컨트롤러가 브로커 셋을 지켜보는 두 파일입니다. 끝에서 끝까지 테스트(cluster.e2e.test.ts)는 `npm run cluster`로
    // 진짜 프로세스 셋을 COURSE_CHAPTER=11로 띄우고(Node 모듈 훅), 1~10장은 학습자가 끝낸 장이면 학습자의 것,
    // 아니면 해답으로 조립합니다(COURSE_ASSEMBLY, course/resolve.ts). 그 위에서 시드 시나리오가 파티션 리더와 활성
    // 컨트롤러를 kill -9 합니다.
    modules: [
      'reference/src/controller/broker-heartbeat-manager.ts',
      'reference/src/controller/partition-change-builder.ts',
    ],
    hints: {
      SessionExpiresAfterTimeout: {
        text: 'hasValidSession이 답할 것: 세션은 마지막 연락(lastContactMs)에서 세션 시간 제한(sessionTimeoutMs)까지 살아 있습니다. 마지막 연락 + 시간 제한과 딱 같은 시각은 아직 살아 있고, 그 다음 ms부터 끝납니다. 그리고 세션은 펜싱되지 않은 등록된 브로커에게만 있습니다: 펜싱된 브로커나 모르는 브로커는 언제나 false입니다.',
        anchor: '#브로커-세션',
      },
      StaleBrokerFoundInTime: {
        text: '컨트롤러는 브로커마다 타이머를 두지 않고, "가장 오래 조용한 펜싱되지 않은 브로커"의 세션이 끝나는 때 한 번만 깨어납니다. 그 시각은 마지막 연락 + 시간 제한 + 1입니다(시간 제한과 같은 시각은 아직 살아 있으니까요). 지켜볼 브로커가 없으면 Number.POSITIVE_INFINITY입니다. findOneStaleBroker가 틀리다면 먼저 hasValidSession을 보세요: 그 함수가 여러분의 것을 부릅니다.',
        anchor: '#브로커-세션',
        more: ['이미 있는 #oldestUnfenced()가 가장 오래 조용한 펜싱되지 않은 브로커(없으면 null)를 돌려줍니다.'],
      },
      FencedBrokerUnfencesWhenCaughtUp: {
        text: '펜싱된 브로커는 하트비트가 알린 메타데이터 오프셋이 자기 등록 레코드의 오프셋에 닿아야(같아도 됩니다) 펜싱이 풀립니다. 그 전에 리더를 맡기면 아직 모르는 파티션의 요청을 받게 됩니다. 펜싱을 원하는 하트비트(wantFence)면 그대로 FENCED, 종료를 원하면(wantShutDown) 따라잡았든 아니든 곧바로 SHUTDOWN_NOW입니다.',
        anchor: '#하트비트와-브로커의-상태',
        more: [
          '이미 있는 isCaughtUp(request.currentMetadataOffset, registerBrokerRecordOffset)을 쓰세요. FENCED에서 볼 차례: wantShutDown → (wantFence가 아니고 따라잡음) → 그대로.',
        ],
      },
      UnfencedBrokerStaysOrLeaves: {
        text: '일하는(UNFENCED) 브로커는 스스로 원할 때만 바뀝니다. 펜싱을 원하면 FENCED(종료도 원하면 SHUTDOWN_NOW), 종료만 원하면 아직 리더인 파티션이 있을 때(hasLeaderships()) CONTROLLED_SHUTDOWN으로 가서 리더십을 넘기고, 없으면 곧바로 SHUTDOWN_NOW입니다. 오프셋이 뒤처진 것은 여기서 보지 않습니다: 따라잡기는 펜싱을 풀 때의 조건입니다.',
        anchor: '#하트비트와-브로커의-상태',
      },
      ControlledShutdownWaitsForOthers: {
        text: '제어된 종료(Controlled Shutdown) 중인 브로커는 리더십이 남았으면 그대로 기다립니다. 리더십을 다 넘겼어도, 일하는 브로커들이 그 종료를 시작한 메타데이터 오프셋(controlledShutdownOffset)까지 따라와야 끕니다: 다른 브로커가 "리더가 옮겨 갔다"는 레코드를 모르는 채로 옛 리더가 사라지면 안 되니까요. 조건은 controlledShutdownOffset ≤ lowestActiveOffset()이고, 같아도 됩니다.',
        anchor: '#하트비트와-브로커의-상태',
        more: [
          'broker는 함수 첫 줄의 #stateOrThrow(brokerId)가 이미 돌려줍니다. lowestActiveOffset()은 펜싱된 브로커와 종료 중인 브로커를 세지 않습니다.',
        ],
      },
      LiveLeaderStays: {
        text: '리더가 살아 있고(isAcceptableLeader) 바라는 ISR에 있으면 바꾸지 않습니다. 리더가 바뀌면 리더 에포크가 오르고 모든 클라이언트와 팔로워가 메타데이터를 다시 받아야 하니까요. 이 조건이 isValidNewLeader(지금 리더)입니다.',
        anchor: '#파티션-리더-선거',
      },
      FencedLeaderReplacedFromIsr: {
        text: '리더가 펜싱되었거나 바라는 ISR에서 빠지면, 복제본 목록(replicas)의 순서대로 isValidNewLeader인 첫 복제본을 뽑습니다: ISR에 있고 펜싱되지 않은 것. ISR 밖의 복제본은 커밋된 레코드를 모두 가졌다는 보장이 없어 뽑지 않습니다. 아무도 없으면 NO_LEADER(-1): 파티션은 오프라인이 되지만 데이터는 잃지 않습니다.',
        anchor: '#파티션-리더-선거',
        more: [
          'ISR은 이 빌더가 적을 바라는 ISR(setTargetIsr)이고, 순서는 바라는 복제본(#targetReplicas)의 순서입니다. isValidNewLeader가 둘 다 봅니다.',
        ],
      },
      PreferredLeaderFirst: {
        text: '선호 리더(Preferred Leader)는 복제본 목록의 첫째입니다. 토픽을 만들 때 첫째를 브로커마다 고르게 나눠 두므로, 선호 리더에게 리더십을 돌려주면 부하가 다시 고르게 됩니다(auto.leader.rebalance.enable). PREFERRED 선거는 선호 리더가 isValidNewLeader일 때만 그것을, 아니면 ONLINE과 똑같이 뽑습니다.',
        anchor: '#파티션-리더-선거',
      },
      UncleanOnlyAsLastResort: {
        text: 'UNCLEAN 선거(unclean.leader.election.enable=true)는 깨끗한 후보가 하나도 없을 때만 ISR 밖의 복제본을 뽑습니다: 복제본 순서대로 isAcceptableLeader인 첫째, 그리고 { unclean: true }. 깨끗한 후보가 있으면 UNCLEAN이어도 깨끗하게 뽑습니다. 그 복제본에 없는 커밋된 레코드는 사라지므로, 가용성을 위해 내구성을 내주는 마지막 수단입니다.',
        anchor: '#파티션-리더-선거',
      },
      RandomElectionsFollowKafka: {
        text: '복제본 1~5개, ISR, 리더(없을 수도), 살아 있는 브로커, 선거 종류를 무작위로 만들어 Kafka의 규칙과 견줍니다. 실패 메시지의 한 줄(복제본, ISR, 리더, 살아 있는 브로커, 선거)을 강의 "파티션 리더 선거"의 차례에 대어 보세요. 앞의 선거 테스트가 초록인데 여기서 틀린다면, 리더가 NO_LEADER인 파티션이나 PREFERRED의 선호 리더가 ISR 밖인 경우일 가능성이 큽니다.',
        anchor: '#파티션-리더-선거',
        more: [
          '차례: PREFERRED면 선호 리더 → 지금 리더 → 복제본 순서의 첫 괜찮은 것 → UNCLEAN이면 ISR 밖의 살아 있는 첫 복제본 → NO_LEADER. 각 단계는 "괜찮으면 돌려주고 끝"입니다.',
        ],
      },
      AssembledClusterStarts: {
        text: '여러분의 코드로 조립한 노드 셋이 `npm run cluster`로 떠야 합니다. 실패 메시지의 감독 로그에 노드가 던진 예외가 보이면 그 자리의 함수를 보세요. 세 브로커가 등록은 되었는데 describeCluster에 보이지 않으면 펜싱이 풀리지 않은 것입니다(FENCED → UNFENCED의 따라잡기 조건). 끝낸 장 가운데 하나가 브로커를 깨뜨린다면, 테스트가 처음에 찍는 조립 목록에서 그 장을 찾아 그 장의 테스트를 다시 돌려 보세요.',
        anchor: '#연습-문제',
      },
      SeedScenarioSurvivesKills: {
        text: '시드 시나리오가 파티션 0의 리더를, 그다음 활성 컨트롤러를 kill -9 합니다. 새 리더가 120초 안에 뽑히지 않으면 활성 컨트롤러가 죽은 브로커의 세션이 끝났다고 보지 못했거나(hasValidSession, nextCheckTimeMs) 펜싱 뒤 새 리더를 고르지 못한 것입니다(electLeader). 잃은 메시지가 있으면 ISR 밖의 복제본을 리더로 뽑은 것입니다. 강의 "직접 해보기"의 리더 죽이기를 손으로 해 보면 같은 장면을 볼 수 있습니다.',
        anchor: '#파티션-리더-죽이기',
      },
      ClusterHealsAfterKills: {
        text: '죽였던 노드가 돌아오면 펜싱이 풀리고(따라잡은 뒤 UNFENCED), 팔로워로 따라잡아 ISR에 다시 들어와야 합니다. 돌아온 노드가 describeCluster에 보이지 않으면 calculateNextBrokerState의 FENCED 줄을, 리더가 없는 파티션이 남으면 리더가 없던 파티션에 ISR의 복제본이 돌아올 때의 electLeader를 보세요.',
        anchor: '#장애가-나면-리더-교체의-네-장면',
      },
    },
  },
  {
    number: 12,
    slug: 'patterns',
    title: '실전 패턴',
    implements:
      'kafkajs 애플리케이션의 판단: 사용자 키로 나눈 선착순 쿠폰의 몫과 장부, 압축 체인지로그로 되살리는 상품 랭킹, 아웃박스 릴레이와 이벤트 ID로 중복을 거르는 컨슈머',
    syllabus: ['002 1. **선착순 쿠폰 시스템**', '002 2. **실시간 상품 랭킹**', '002 3. **이벤트 소싱 패턴**'],
    modules: [
      'reference/src/patterns/coupon.ts',
      'reference/src/patterns/ranking.ts',
      'reference/src/patterns/outbox.ts',
    ],
    hints: {
      QuotaSumsToStock: {
        text: '재고를 파티션 수로 나눈 몫(Math.floor)을 모두에게 주고, 나머지(stock % partitions)는 앞 번호 파티션부터 하나씩 더 줍니다. 몫을 모두 더하면 재고와 같아야 합니다.',
        anchor: '#재고는-파티션마다-몫으로',
      },
      OnePerUser: {
        text: '장부는 이 파티션에서 쿠폰을 받은 사용자의 집합입니다. 받은 사용자면 requestId가 무엇이든 duplicate입니다. 발급하면 집합에 넣고, 쿠폰 번호는 "파티션-몇 번째"입니다.',
        anchor: '#같은-사용자는-한-컨슈머가',
      },
      NeverOverQuota: {
        text: '발급한 수가 몫에 닿았으면 새 사용자는 sold-out입니다. 이미 받은 사용자를 먼저 가려야 재시도가 sold-out으로 바뀌지 않습니다.',
        anchor: '#재고는-파티션마다-몫으로',
      },
      RestoresFromIssued: {
        text: 'restore는 죽기 전에 쓰인 발급 기록을 장부에 되돌려 놓습니다. 되살린 사용자는 duplicate가 되고, 되살린 수만큼 몫이 줄고, 새 쿠폰 번호는 그 뒤부터 이어져야 합니다.',
        anchor: '#장부는-발급-토픽에서-되살립니다',
      },
      CountsPerWindow: {
        text: '클릭이 드는 창의 시작은 timestamp - timestamp % windowMs입니다(텀블링 창). [창 시작, 상품]의 수를 1 올리고, 새 값({ windowStart, productId, count, lastOffset: 이 클릭의 오프셋 })을 돌려줍니다.',
        anchor: '#창마다-세기',
      },
      SkipsCountedClicks: {
        text: '체인지로그에 쓰고 커밋하기 전에 죽으면 같은 클릭이 다시 옵니다. 그 키의 lastOffset 이하인 오프셋은 이미 센 클릭이니 아무것도 바꾸지 말고 undefined를 돌려주세요.',
        anchor: '#두-번-세지-않기',
      },
      RestoresFromChangelog: {
        text: 'restore는 체인지로그의 값을 그 [창, 상품]의 현재 값으로 그대로 둡니다. 같은 키가 여러 번 오면 나중 값이 이깁니다(더하지 않습니다). lastOffset도 함께 되살아나야 다시 온 클릭을 거릅니다.',
        anchor: '#체인지로그로-되살리기',
      },
      TopByCount: {
        text: '그 창의 값만 골라 수가 많은 순으로, 수가 같으면 상품 ID의 사전 순으로 정렬해 앞의 n개를 돌려줍니다.',
        anchor: '#순위',
      },
      RankingRestoresFromChangelog: {
        text: '랭킹 컨슈머를 첫 배치를 체인지로그에 쓴 뒤 · 커밋하기 전에 kill -9 했습니다. 순위의 수가 크면 apply가 lastOffset 이하의 클릭을 거르는지, 되살린 뒤 수가 작으면 restore를 보세요. 압축 뒤의 순위는 체인지로그에 남은 키마다의 마지막 값으로 되살린 것입니다.',
        anchor: '#가장-나쁜-순간에-죽이기',
      },
      PlaceOrderWritesOutbox: {
        text: '주문 행과 아웃박스 행을 같은 트랜잭션 안에서 씁니다. 이미 있는 주문(클라이언트의 재시도)이면 아무것도 쓰지 않고 false입니다. 이벤트 ID는 orderPlacedId(order)로, 같은 주문이면 언제나 같습니다.',
        anchor: '#주문과-이벤트를-한-트랜잭션으로',
      },
      PlaceOrderIsAtomic: {
        text: '주문 쓰기가 실패하면(CHECK 제약) 앞에서 쓴 아웃박스 행도 함께 사라져야 합니다. BEGIN 뒤의 오류는 ROLLBACK하고 다시 던지세요. 트랜잭션을 열어 둔 채 돌아가면 다음 호출이 실패합니다.',
        anchor: '#주문과-이벤트를-한-트랜잭션으로',
      },
      RelayMarksAfterSend: {
        text: '릴레이는 보내기(send)가 성공한 뒤에만 markSent를 부릅니다. 먼저 적고 보내면, 그 사이에 죽거나 보내기가 실패할 때 이벤트를 영영 잃습니다. 보낼 것이 없으면 0을 돌려줍니다.',
        anchor: '#릴레이는-보낸-뒤에-적습니다',
      },
      ConsumerAppliesOnce: {
        text: '처리한 이벤트 ID(processed_events)와 효과(user_totals)를 한 트랜잭션으로 씁니다. 이미 있는 ID면 아무것도 바꾸지 않고 duplicate입니다. 효과만 쓰고 ID를 따로 쓰면, 그 사이에 죽을 때 효과가 두 번 들어갑니다.',
        anchor: '#컨슈머는-이벤트-id로-거릅니다',
      },
      OutboxSurvivesCrashAfterCommit: {
        text: '주문 서비스를 다섯째 주문의 DB 커밋 뒤 · 보내기 전에 kill -9 했습니다. 다시 뜬 서비스의 릴레이가 아웃박스에 남은 이벤트를 보내야 합니다. 빠진 이벤트가 있으면 placeOrder가 아웃박스 행을 쓰는지, relayOnce가 보내지 않은 행을 모두 보내는지 보세요.',
        anchor: '#가장-나쁜-순간에-죽이기',
      },
      ConsumerAppliesEachEventOnce: {
        text: '서비스가 보낸 뒤 · 적기 전에, 컨슈머가 처리한 뒤 · 오프셋 커밋 전에 죽었습니다. 토픽에는 겹친 이벤트가 있고 같은 이벤트가 컨슈머에 다시 옵니다. 합계가 크면 applyOrderEvent가 이벤트 ID를 효과와 같은 트랜잭션에 적는지 보세요.',
        anchor: '#가장-나쁜-순간에-죽이기',
      },
      CouponSurvivesCrashAfterSend: {
        text: '발급기를 발급 기록을 쓴 뒤 · 커밋하기 전에 kill -9 했습니다. 새 발급기는 커밋되지 않은 요청을 다시 받습니다. 쿠폰을 두 번 받은 사용자가 있으면 장부를 되살리는 restore를, 발급 수가 재고와 다르면 couponQuota와 decide를 보세요. 앞의 단위 테스트가 모두 초록인지 먼저 확인하세요.',
        anchor: '#가장-나쁜-순간에-죽이기',
      },
    },
    status: 'ready',
  },
  {
    number: 13,
    slug: 'security',
    title: '보안',
    status: 'ready',
    implements:
      '인가기(Authorizer)의 결정: 자원 패턴(LITERAL, PREFIXED, `*`), 주체·호스트·작업 맞추기와 품는 작업, 거절이 허용보다 먼저, super.users, allow.everyone.if.no.acl.found. 그리고 SCRAM 서버의 두 단계(client-first → server-first, client-final의 증명 검사 → 서버 서명). 여러분의 코드로 도는 클러스터에 SASL_SSL로 kafkajs와 kcat이 붙어, 허락된 사용자는 쓰고 읽고 거절된 사용자는 Kafka와 같은 오류 코드를 받습니다',
    syllabus: ['000 Kafka 보안 프로토콜'],
    // 인가기의 결정(authorizer.ts)과 SCRAM의 서버 쪽(scram.ts의 증명 검사와 서명, sasl-server.ts의 두 단계)입니다.
    // 끝에서 끝까지 테스트(security.e2e.test.ts)는 `npm run cluster -- --sasl-ssl`로 진짜 프로세스 셋을 COURSE_CHAPTER=13으로
    // 띄웁니다: 모든 SCRAM 인증과 요청마다의 권한 검사가 학습자의 코드로 돕니다.
    modules: [
      'reference/src/security/authorizer.ts',
      'reference/src/security/scram.ts',
      'reference/src/security/sasl-server.ts',
    ],
    hints: {
      PrefixAcls: {
        text: 'patternCovers가 답할 것: LITERAL ACL은 이름이 똑같은 자원에, 이름이 `*`인 LITERAL은 그 종류의 모든 자원에 걸립니다. PREFIXED ACL은 자원 이름이 ACL의 이름으로 "시작"할 때 걸립니다(`orders-`는 `orders-eu`에 걸리고 `orders`에는 걸리지 않습니다). PREFIXED의 `*`는 와일드카드가 아니라 글자 `*`입니다.',
        anchor: '#자원-패턴',
      },
      FindResultPrincipalMatching: {
        text: 'aclResult는 ACL 하나가 이 요청에 대해 하는 말입니다. 주체가 같거나 ACL의 주체가 `User:*`, 호스트가 같거나 ACL의 호스트가 `*`일 때만 말을 합니다(ALLOW나 DENY). 하나라도 안 맞으면 null: 이 ACL은 이 요청과 상관이 없습니다.',
        anchor: '#결정-순서',
      },
      FindResultImplication: {
        text: 'ALLOW는 적힌 작업보다 조금 더 허락합니다: READ·WRITE·DELETE·ALTER를 허락받은 주체는 그 자원을 DESCRIBE할 수 있고, ALTER_CONFIGS는 DESCRIBE_CONFIGS를 품습니다. ALL은 모든 작업입니다. DENY는 품지 않습니다: DENY READ는 DESCRIBE를 막지 않습니다.',
        anchor: '#품는-작업',
        more: [
          '이미 있는 IMPLIES_DESCRIBE와 IMPLIES_DESCRIBE_CONFIGS 집합을 쓰세요. 요청된 작업이 DESCRIBE일 때 ALLOW ACL의 작업이 그 집합에 있으면 맞습니다.',
        ],
      },
      DenyPrecedence: {
        text: '거절이 허용보다 먼저입니다(deny before allow). 자원에 걸린 ACL 가운데 맞는 DENY가 하나라도 있으면, 맞는 ALLOW가 몇 개든(ALL이든, 더 구체적인 LITERAL이든) 거절입니다. ACL을 보는 순서에 답이 달라지면 안 됩니다.',
        anchor: '#결정-순서',
      },
      SuperUsers: {
        text: 'super.users에 있는 주체는 ACL을 보지 않고 언제나 허용입니다. DENY ACL도 super user를 막지 못합니다. 브로커 사이의 연결과 관리자가 여기에 들어갑니다.',
        anchor: '#결정-순서',
      },
      AllowEveryoneIfNoAclFound: {
        text: '맞는 ACL이 하나도 없을 때의 답입니다. 그 자원에 걸린 ACL이 아예 없으면 allow.everyone.if.no.acl.found(기본 false)를 따릅니다. 다른 주체를 위한 ACL이라도 그 자원에 걸려 있으면, 그 설정이 true여도 거절입니다: 누군가 이 자원을 지키기 시작했다는 뜻이니까요.',
        anchor: '#결정-순서',
      },
      ClientProofVerifies: {
        text: 'RFC 7677의 예시(사용자 user, 비밀번호 pencil)입니다. 서버는 비밀번호 없이 StoredKey만으로 증명을 검사합니다: ClientSignature = HMAC(StoredKey, AuthMessage), ClientKey = proof XOR ClientSignature, 그리고 H(ClientKey)가 StoredKey와 같아야 합니다. 서버 서명은 HMAC(ServerKey, AuthMessage)입니다.',
        anchor: '#scram의-네-메시지',
        more: [
          '이미 있는 this.hmac, this.hash, xor를 쓰세요. 증명과 ClientSignature의 길이가 다르면 xor 전에 false를 돌려주세요.',
        ],
      },
      ServerFirstCarriesNonceAndSalt: {
        text: 'server-first는 `r=<nonce>,s=<salt의 base64>,i=<반복 횟수>`입니다. nonce는 클라이언트의 nonce 뒤에 서버가 만든 무작위 값을 이은 것이어야 합니다: 클라이언트는 자기 nonce로 시작하는지 검사하고, 서버의 몫은 같은 증명을 다시 쓰는(재전송) 공격을 막습니다. salt와 반복 횟수는 그 사용자의 저장된 자격 증명의 것입니다.',
        anchor: '#scram의-네-메시지',
        more: [
          'parseClientFirst, formatServerFirst, base64url(this.random.bytes(24))를 쓰세요. client-final에서 쓸 client-first, server-first, nonce, 자격 증명을 필드에 남겨야 합니다.',
        ],
      },
      FullExchangeAuthenticates: {
        text: '테스트의 클라이언트가 RFC 5802대로 client-first, client-final을 보냅니다. AuthMessage는 client-first-bare(`n=…,r=…`, gs2 머리 `n,,` 없이) + "," + server-first + "," + client-final-without-proof(`c=…,r=…`)입니다. 세 조각 가운데 하나라도 다르면 증명이 맞지 않습니다. 끝나면 authorizationId가 사용자 이름이고, server-final은 `v=<서버 서명의 base64>`입니다.',
        anchor: '#scram의-네-메시지',
      },
      WrongProofRejected: {
        text: '틀린 비밀번호, 없는 사용자, 서버가 준 nonce로 끝나지 않는 client-final, 다른 채널 바인딩, 사용자와 다른 authzid는 모두 실패입니다. 없는 사용자도 client-first에서 곧바로 거절하지 말고 가짜 자격 증명(#fakeCredential)으로 server-first까지 답한 뒤 증명에서 실패해야, 사용자가 있는지가 드러나지 않습니다.',
        anchor: '#브로커가-저장하는-것',
      },
      SaslSslClusterStarts: {
        text: '여러분의 코드로 노드 셋이 SASL_SSL 리스너와 함께 떠야 하고, admin이 kafkajs의 SCRAM-SHA-512로 인증해야 합니다. 노드가 뜨지 않으면 실패 메시지의 감독 로그에서 예외를 찾으세요. KafkaJSSASLAuthenticationError면 SCRAM 테스트(ClientProofVerifies~WrongProofRejected)를 먼저 초록으로 만드세요.',
        anchor: '#연습-문제',
      },
      AllowedClientWorks: {
        text: 'admin이 alice에게 `orders-`로 시작하는 토픽의 WRITE·READ(PREFIXED)와 그룹 `orders-app`의 READ를 줬습니다. alice의 kafkajs가 쓰고 그룹으로 읽어야 합니다. TOPIC_AUTHORIZATION_FAILED면 PREFIXED를, 메타데이터에서 토픽이 보이지 않으면 WRITE·READ가 DESCRIBE를 품는지, GROUP_AUTHORIZATION_FAILED면 그룹 ACL의 LITERAL 맞추기를 보세요.',
        anchor: '#직접-해보기',
      },
      DeniedClientGetsKafkaCodes: {
        text: 'alice는 `payments`에 아무 ACL도 없고, `orders-secret`에는 PREFIXED ALLOW와 함께 모두를 막는 DENY가 걸려 있습니다. 두 쓰기는 TOPIC_AUTHORIZATION_FAILED여야 합니다. 그룹 `orders-audit`은 DESCRIBE만 받아 JoinGroup(READ)이 GROUP_AUTHORIZATION_FAILED이고, alice의 CreateAcls는 CLUSTER ALTER가 없어 CLUSTER_AUTHORIZATION_FAILED입니다. 쓰기가 성공했다면 allow.everyone.if.no.acl.found(이 클러스터는 false)나 DENY가 ALLOW보다 먼저인지를, 합류가 성공했다면 DESCRIBE가 READ를 품지 않는지(품는 것은 거꾸로) 보세요.',
        anchor: '#결정-순서',
      },
      KcatOverSaslSsl: {
        text: 'kcat(librdkafka)이 SASL_SSL과 SCRAM-SHA-256으로 붙습니다. librdkafka는 kafkajs와 다른 클라이언트라 client-final의 nonce를 조금 다르게 보냅니다(서버가 준 nonce로 "끝나는지"만 보세요). alice는 orders-eu를 읽고, payments의 메타데이터는 Topic authorization failed여야 합니다.',
        anchor: '#직접-해보기',
      },
    },
  },
];

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
