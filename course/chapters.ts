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
    seeds: ['002 메시지 저장 구조', '004 물리적 저장소', '003 영속성/보존'],
    // 학습자의 파일끼리 서로를 가져오도록 함께 복사합니다: unified-log → log-loader → log-segment, unified-log → retention.
    // 끝에서 끝까지 테스트(segment-log.e2e.test.ts)는 브로커의 이 네 모듈을 학습자의 것으로 바꿔(vi.mock) 띄웁니다.
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
    seeds: ['004 요청 처리', '002 데이터 흐름'],
    // 함께 복사한 파일끼리 서로의 사본을 가져옵니다: headers → codec → reader. 그래서 학습자의 헤더 코덱은
    // 학습자의 varint와 태그 필드 읽기 위에서 돕니다. 메시지 스키마와 ByteWriter는 reference의 것을 씁니다.
    // 끝에서 끝까지 테스트(wire-protocol.e2e.test.ts)는 브로커의 다섯 모듈을 학습자의 것으로 바꿔(vi.mock) kafkajs와
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
    seeds: ['001 라운드 로빈/키', '003 같은 키 같은 파티션', '002 userId 파티셔닝'],
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
    seeds: ['002 ACK 메커니즘', '002 Producer 최적화', '004 acks 옵션'],
    // 판단만 하는 두 파일입니다: acks의 응답 시점(delayed-produce)과 멱등 프로듀서의 시퀀스 검사(producer-state).
    // 끝에서 끝까지 테스트(producer-acks.e2e.test.ts)는 학습자의 ProducerStateManager(createProducerState)와 acks 판단
    // (produceAcks)을 reference 브로커에 끼우고, Produce를 두 번씩 보내는 프록시를 거쳐 kafkajs 멱등 프로듀서로 보내며,
    // min.insync.replicas=2인 토픽에 acks=1과 acks=-1로 보냅니다.
    modules: ['reference/src/server/delayed-produce.ts', 'reference/src/producer/producer-state.ts'],
    hints: {
      NotEnoughReplicasOnlyForAcksAll: {
        text: 'min.insync.replicas는 acks=all(-1) 쓰기만의 하한입니다. acks=0과 acks=1은 리더만 있으면 쓰므로 이 설정을 보지 않습니다. 그리고 "ISR이 min.insync.replicas보다 작을 때" 거절하니, 딱 같으면 씁니다. 실패 메시지의 acks, ISR 크기, 설정값을 강의의 표와 맞춰 보세요.',
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
        text: '노드 하나짜리 브로커의 ISR은 리더뿐입니다. min.insync.replicas=2인 토픽에 acks=-1을 보내면 브로커가 쓰기 전에 NOT_ENOUGH_REPLICAS로 거절하고, acks=1은 들어갑니다. 테스트는 admin으로 읽은 ISR 크기와 설정값을 여러분의 enoughReplicasError에 넣어 브로커와 같은 판단인지, 노드 하나에서 쓰자마자 acks=-1이 끝나는 것을 여러분의 isProduceComplete도 아는지 봅니다.',
        anchor: '#mininsyncreplicas에-막히기',
      },
    },
  },
  planned(
    6,
    'replication-isr',
    '복제와 ISR',
    '팔로워 fetch, LEO/하이 워터마크, ISR 축소/확장, 리더 에포크와 잘라내기',
    ['001 Leader/Follower', '001 장애 상황', '002 복제', '004 파티션 복제 관리'],
  ),
  {
    number: 7,
    slug: 'offset-commit',
    title: '컨슈머와 오프셋 커밋',
    implements: 'fetch/poll, 커밋 오프셋 = 다음에 읽을 위치, __consumer_offsets, auto.offset.reset, lag',
    seeds: ['000 Offset 처리 순서', '002 Broker→Consumer', '004 읽기 요청'],
    // 컨슈머 쪽(offset-tracker)과 코디네이터 쪽(offset-store, offsets-topic)을 함께 복사합니다: offset-store → offsets-topic.
    // 끝에서 끝까지 테스트(offset-commit.e2e.test.ts)는 브로커의 offset-store, offsets-topic 모듈을 학습자의 것으로 바꿔(vi.mock)
    // kafkajs 컨슈머로 커밋하고, 브로커가 쓴 __consumer_offsets 레코드를 kcat으로 읽어 학습자의 replay로 되살립니다.
    modules: [
      'reference/src/client/offset-tracker.ts',
      'reference/src/group/offset-store.ts',
      'reference/src/group/offsets-topic.ts',
    ],
    hints: {
      SeedOffsetWalkthrough: {
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
    seeds: ['000 그룹 코디네이터', '002 조정 프로토콜', '001 리밸런싱'],
    // 할당자는 클라이언트(그룹 리더) 쪽 부품이라 끝에서 끝까지 테스트는 학습자의 할당자를 kafkajs에 끼워 reference
    // 브로커에서 진짜 리밸런스를 돌립니다. 상태 기계(ConsumerGroup)는 단위 테스트로 확인합니다.
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
  planned(
    9,
    'kraft-election',
    '컨트롤러와 KRaft',
    'Raft 선출(에포크, 투표, 무작위 타임아웃), 메타데이터 로그, 브로커 하트비트/펜싱, 파티션 리더 선출',
    ['000 브로커 리더', '003 KRaft', '004 컨트롤러/KRaft'],
  ),
  {
    number: 10,
    slug: 'transactions',
    title: '트랜잭션과 커밋 마커',
    implements:
      '코디네이터 상태 기계, __transaction_state, 프로듀서 에포크/펜싱, 커밋/어보트 마커, LSO, read_committed',
    seeds: ['000 트랜잭션 원리', '002 Exactly-Once'],
    // 코디네이터의 판단은 순수 함수입니다. 끝에서 끝까지 테스트(transactions.e2e.test.ts)는 학습자의 판단을 reference
    // 브로커의 TransactionService에 끼우고(transactionDecisions), 브로커의 .txnindex 모듈을 학습자의 것으로 바꿔(vi.mock)
    // kafkajs 트랜잭션과 kcat으로 확인합니다.
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
  planned(
    11,
    'cluster',
    '세 브로커 클러스터',
    '세 노드 위의 브로커 전체: 브로커 3대·파티션 3개·컨슈머 그룹 2개 구성, 장애 조치 훈련, 설정 옵션',
    ['000 아키텍처 구조 정의', '000 유의 사항', '000 보안', '001 클러스터'],
  ),
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
