/**
 * 실라버스 지도(Syllabus Map): 과정이 따르는 다섯 학습 노트(실라버스 노트)의 절마다, 그 절을 가르치는 강의와 앵커.
 *
 * 노트 파일은 저장소에 없습니다. 그래서 노트의 `#`/`##`/`###` 제목을 적힌 그대로(오타, 이모지, `**`까지) 여기에 옮겨
 * 둡니다. `####` 제목은 따로 세지 않고, 그것을 품은 `###` 절에 딸린 것으로 봅니다.
 *
 * - `taught`: 그 절을 가르치는 강의(`docs/docs/<lesson>.md`)와 제목 앵커. 다른 강의가 일부를 함께 가르치면 `also`.
 * - `grouping`: 자기 본문 없이 아래 절들을 묶기만 하는 제목.
 * - `planned`: 아직 준비 중인 장(`course/chapters.ts`의 `status: 'planned'`)이 가르칠 절. 지금 맛보기로 다루는 곳이
 *   있으면 `preview`.
 *
 * `course/chapters.ts`의 장과 읽기 강의는 `syllabus`에 `"000 Kafka Offset"`처럼 "노트 번호 + 제목"으로 이 지도의
 * 절을 적습니다. `scripts/test/syllabus.test.ts`가 둘을 맞춰 보고, 노트마다 가르친 절의 수를 찍습니다.
 */

export type NoteId = '000' | '001' | '002' | '003' | '004';

/** 강의 문서 id(`docs/docs/<id>.md`)와 그 안의 제목 앵커 */
export interface LessonAnchor {
  readonly lesson: string;
  readonly anchor: `#${string}`;
}

export type Coverage =
  | { readonly kind: 'taught'; readonly at: LessonAnchor; readonly also: readonly LessonAnchor[] }
  | { readonly kind: 'grouping' }
  | { readonly kind: 'planned'; readonly chapter: number; readonly preview?: LessonAnchor };

export interface SyllabusSection {
  readonly note: NoteId;
  /** 노트의 제목 수준: 1은 `#`, 2는 `##`, 3은 `###` */
  readonly level: 1 | 2 | 3;
  /** 노트에 적힌 그대로의 제목 (끝의 빈칸만 뺍니다) */
  readonly heading: string;
  readonly coverage: Coverage;
}

/** `course/chapters.ts`의 `syllabus`에 적는 이름: `"002 3. **Consumer Group 조정 프로토콜**"` */
export type SyllabusLabel = string;

export function sectionLabel(section: Pick<SyllabusSection, 'note' | 'heading'>): SyllabusLabel {
  return `${section.note} ${section.heading}`;
}

function at(lesson: string, anchor: `#${string}`): LessonAnchor {
  return { lesson, anchor };
}

function taught(main: LessonAnchor, ...also: LessonAnchor[]): Coverage {
  return { kind: 'taught', at: main, also };
}

const grouping: Coverage = { kind: 'grouping' };

// 자주 쓰는 강의 id
const WHAT = 'basics/what-is-kafka';
const COMPARE = 'basics/messaging-comparison';
const GLOSSARY = 'basics/glossary';
const SECURITY = 'basics/security';
const PRACTICE = 'basics/practice';
const OPERATIONS = 'basics/operations';
const REFERENCES = 'basics/references';
const LOG = 'chapters/log-offsets';
const SEGMENT = 'chapters/segment-indexing';
const WIRE = 'chapters/wire-protocol';
const PARTITION = 'chapters/partitioning';
const PATTERNS = 'chapters/patterns';
const ACKS = 'chapters/producer-acks';
const COMMIT = 'chapters/offset-commit';
const GROUPS = 'chapters/consumer-groups';
const REPL = 'chapters/replication-isr';
const KRAFT = 'chapters/kraft-election';
const TXN = 'chapters/transactions';
const CLUSTER = 'chapters/cluster';
const SECURITY_CHAPTER = 'chapters/security';

function note(id: NoteId, ...sections: [1 | 2 | 3, string, Coverage][]): SyllabusSection[] {
  return sections.map(([level, heading, coverage]) => ({ note: id, level, heading, coverage }));
}

export const syllabus: readonly SyllabusSection[] = [
  // 000: KRaft 세 브로커 구성의 설계 노트 (실행·테스트 방법, 운영 설정, 세 가지 리더, 오프셋, 보안, 트랜잭션)
  ...note(
    '000',
    [1, 'Kafka Architecture (with KRaft)', grouping],
    [2, '실행 방법', taught(at(PRACTICE, '#클러스터-띄우기'), at(CLUSTER, '#클러스터-띄우기와-시험하기'))],
    [2, '테스트 방법', taught(at(PRACTICE, '#테스트-돌리기'), at(CLUSTER, '#시험하기-scriptstestsh'))],
    [
      2,
      '유의 사항',
      taught(at(OPERATIONS, '#클러스터를-띄우기-전에-정할-설정'), at(CLUSTER, '#운영에-옮기기-전에-다시-정할-설정')),
    ],
    [
      2,
      '아키텍처 구조 정의',
      taught(
        at(PRACTICE, '#실습-클러스터의-모양'),
        at(GROUPS, '#한-파티션은-그룹-안에서-한-컨슈머만'),
        at(CLUSTER, '#이-과정의-기준-구성'),
      ),
    ],
    [2, '그 외에 정리한 Kafka 지식들', grouping],
    [
      3,
      'Kafka 리더 종류',
      taught(
        at(GLOSSARY, '#리더라는-말의-네-가지-뜻'),
        at(KRAFT, '#클러스터의-관리자'),
        at(REPL, '#파티션-리더와-팔로워'),
        at(GROUPS, '#코디네이터는-어느-브로커인가'),
        at(CLUSTER, '#리더는-셋입니다'),
      ),
    ],
    [
      3,
      'Kafka Offset',
      taught(
        at(LOG, '#오프셋-번호이자-책갈피'),
        at(COMMIT, '#오프셋-처리의-다섯-단계'),
        at(CLUSTER, '#오프셋-다시-보기'),
      ),
    ],
    [
      3,
      'Kafka 보안 프로토콜',
      taught(
        at(SECURITY_CHAPTER, '#네-가지-보안-프로토콜'),
        at(SECURITY, '#네-가지-보안-프로토콜'),
        at(CLUSTER, '#보안-프로토콜-한눈에'),
      ),
    ],
    [3, 'Kafka의 트랜잭션 원리', taught(at(TXN, '#트랜잭션의-흐름'), at(CLUSTER, '#트랜잭션-브로커-셋에-걸쳐'))],
  ),
  // 001: 카프카 소개 (점대점과 발행-구독, 동기와 비동기), 구조와 장애 조치, 용어
  ...note(
    '001',
    [1, 'Apache Kafka', taught(at(WHAT, '#왜-필요한가'))],
    [
      2,
      '🔸 Kafka 구조',
      taught(
        at(WHAT, '#카프카의-세-가지-특징'),
        at(PARTITION, '#키-없는-레코드-라운드-로빈에서-스티키로'),
        at(PARTITION, '#순서-보장은-어디까지인가'),
        at(REPL, '#파티션-리더와-팔로워'),
        at(CLUSTER, '#브로커-한-대의-한계'),
      ),
    ],
    [
      3,
      '🚨 장애 상황 발생',
      taught(
        at(REPL, '#브로커-하나가-죽으면'),
        at(KRAFT, '#컨트롤러가-하는-일-kraft에서'),
        at(ACKS, '#응답을-잃으면-다시-보내야-합니다'),
        at(CLUSTER, '#장애가-나면-리더-교체의-네-장면'),
      ),
    ],
    [2, '🔸 Kafka 용어', taught(at(GLOSSARY, '#용어-표'))],
    [3, '▫️ Zookeeper', taught(at(KRAFT, '#zookeeper-시절-두-시스템-두-곳의-진실'))],
    [3, '▫️ Kafka Broker', taught(at(WHAT, '#주요-구성요소'), at(KRAFT, '#클러스터의-관리자'))],
    [3, '▫️ Topic', taught(at(WHAT, '#토픽은-폴더-이벤트는-파일'))],
    [
      3,
      '▫️ Partition',
      taught(at(LOG, '#토픽을-나누는-단위-파티션'), at(PARTITION, '#파티션을-늘리면-키가-옮겨-갑니다')),
    ],
    [3, '▫️ Offset', taught(at(LOG, '#오프셋-번호이자-책갈피'), at(COMMIT, '#커밋된-오프셋은-다음에-읽을-위치'))],
  ),
  // 002: 카프카 구조 학습 자료 (구성 요소, 데이터 흐름, 설계 원칙, 내부 동작, 적용 사례, 최적화, 비교, 학습 포인트)
  ...note(
    '002',
    [1, '7. Kafka 구조 관련 학습자료', grouping],
    [2, '📚 개요', taught(at(WHAT, '#왜-필요한가'))],
    [2, '🏗️ Kafka 아키텍처 구성 요소', grouping],
    [3, '1. **핵심 컴포넌트**', taught(at(WHAT, '#주요-구성요소'), at(LOG, '#오프셋-번호이자-책갈피'))],
    [2, '🔄 Kafka 데이터 흐름', grouping],
    [
      3,
      '1. **Producer → Broker 흐름**',
      taught(at(WIRE, '#데이터가-흐르는-길'), at(ACKS, '#acks-언제-성공이라고-답하나')),
    ],
    [
      3,
      '2. **Broker → Consumer 흐름**',
      taught(at(COMMIT, '#오프셋-처리의-다섯-단계'), at(WIRE, '#데이터가-흐르는-길')),
    ],
    [2, '🎯 Kafka의 핵심 설계 원칙', grouping],
    [
      3,
      '1. **분산 처리 (Distribution)**',
      taught(at(PARTITION, '#같은-사용자는-같은-파티션으로'), at(WHAT, '#파티션이-여러-브로커에-흩어지는-이유')),
    ],
    [
      3,
      '2. **복제 (Replication)**',
      taught(
        at(REPL, '#파티션-리더와-팔로워'),
        at(REPL, '#isr-따라잡고-있는-복제본들'),
        at(ACKS, '#acks1과-acksall'),
        at(ACKS, '#mininsyncreplicas'),
      ),
    ],
    [
      3,
      '3. **내구성 (Durability)**',
      taught(
        at(SEGMENT, '#디스크인데도-빠른-이유'),
        at(ACKS, '#acks-언제-성공이라고-답하나'),
        at(REPL, '#acksall과-mininsyncreplicas'),
        at(SEGMENT, '#보존-정책'),
      ),
    ],
    [2, '🔧 Kafka 내부 동작 메커니즘', grouping],
    [3, '1. **Controller 선출 과정**', taught(at(KRAFT, '#선거'))],
    [3, '2. **메시지 저장 구조**', taught(at(SEGMENT, '#세그먼트-파일과-이름'))],
    [3, '3. **Consumer Group 조정 프로토콜**', taught(at(GROUPS, '#어떻게-동작하나'), at(GROUPS, '#세-할당자'))],
    [2, '💡 실전 적용: 프로젝트 구현 사례', grouping],
    [
      3,
      '1. **선착순 쿠폰 시스템**',
      taught(at(PATTERNS, '#선착순-쿠폰'), at(PARTITION, '#같은-사용자는-같은-파티션으로')),
    ],
    [3, '2. **실시간 상품 랭킹**', taught(at(PATTERNS, '#실시간-상품-랭킹'))],
    [3, '3. **이벤트 소싱 패턴**', taught(at(PATTERNS, '#이벤트-발행-아웃박스'), at(WHAT, '#비동기-방식으로-바꾸면'))],
    [2, '📊 성능 최적화 팁', grouping],
    [3, '1. **Producer 최적화**', taught(at(ACKS, '#프로듀서-설정이-바꾸는-것'), at(OPERATIONS, '#프로듀서-설정'))],
    [3, '2. **Consumer 최적화**', taught(at(OPERATIONS, '#컨슈머-설정'))],
    [3, '3. **Broker 최적화**', taught(at(OPERATIONS, '#브로커-설정'))],
    [2, '🆚 Kafka vs 다른 메시징 시스템', grouping],
    [3, '**Kafka vs Redis Streams**', taught(at(COMPARE, '#카프카와-redis-streams'))],
    [3, '**Kafka vs RabbitMQ**', taught(at(COMPARE, '#카프카와-rabbitmq'))],
    [2, '🎓 학습 핵심 포인트', grouping],
    [3, '1. **이해해야 할 개념**', taught(at(PRACTICE, '#꼭-이해해야-할-네-가지'))],
    [3, '2. **실습 권장 사항**', taught(at(PRACTICE, '#실습-권장-사항'))],
    [3, '3. **프로덕션 체크리스트**', taught(at(OPERATIONS, '#운영-점검표'))],
    [2, '📚 참고 자료', taught(at(REFERENCES, '#kip-목록'), at(REFERENCES, '#kafka-소스에서-읽을-클래스'))],
  ),
  // 003: 카프카란? (구성요소, 특징, 장단점, KRaft 역할 분리)
  ...note(
    '003',
    [2, '카프카란?', grouping],
    [3, '주요 구성요소', taught(at(WHAT, '#주요-구성요소'), at(PARTITION, '#같은-사용자는-같은-파티션으로'))],
    [3, '카프카 특징 및 기능', taught(at(WHAT, '#카프카의-세-가지-특징'), at(SEGMENT, '#보존-정책'))],
    [3, '카프카 도입의 장단점', taught(at(WHAT, '#도입하면-얻는-것'), at(WHAT, '#도입하면-치르는-것'))],
    [3, 'KRaft', taught(at(KRAFT, '#역할-나누기-processroles'))],
  ),
  // 004: 카프카 내부 메커니즘 (클러스터 멤버십, 컨트롤러, KRaft, 요청 처리, 물리적 저장소)
  ...note(
    '004',
    [1, '카프카 내부 메커니즘', grouping],
    [2, '클러스터 멤버십', grouping],
    [3, '구성요소', taught(at(KRAFT, '#컨트롤러가-하는-일-kraft에서'), at(GLOSSARY, '#용어-표'))],
    [2, '컨트롤러', grouping],
    [
      3,
      '역할',
      taught(at(KRAFT, '#컨트롤러가-하는-일-kraft에서'), at(KRAFT, '#클러스터의-관리자'), at(REPL, '#리더가-죽으면')),
    ],
    [2, 'KRaft (Kafka Raft Metadata Quorum)', taught(at(KRAFT, '#kraft-메타데이터도-로그입니다'))],
    [3, '기존 주키퍼 기반의 문제정', taught(at(KRAFT, '#zookeeper-시절-두-시스템-두-곳의-진실'))],
    [3, 'KRaft 특징과 장점', taught(at(KRAFT, '#kraft-메타데이터도-로그입니다'))],
    [3, 'KRaft 작동 방식', taught(at(KRAFT, '#쿼럼-한눈에-보기'))],
    [3, 'KRaft 설정 예시', taught(at(KRAFT, '#설정-예시'))],
    [2, '요청 처리', grouping],
    [
      3,
      '쓰기 요청(Produce Request)',
      taught(at(ACKS, '#acks-언제-성공이라고-답하나'), at(WIRE, '#요청은-쓰기-읽기-관리로-나뉩니다')),
    ],
    [
      3,
      '읽기 요청(Fetch Reqeust)',
      taught(
        at(WIRE, '#요청은-쓰기-읽기-관리로-나뉩니다'),
        at(LOG, '#오프셋부터-읽기'),
        at(COMMIT, '#어떻게-동작하나'),
      ),
    ],
    [
      3,
      '어드민 요청 (Admin Request)',
      taught(at(WIRE, '#요청은-쓰기-읽기-관리로-나뉩니다'), at(SECURITY, '#acl-무엇을-해도-되는가')),
    ],
    [2, '물리적 저장소', grouping],
    [3, '1. 로그 파일', taught(at(SEGMENT, '#log-파일'))],
    [3, '2. 세그먼트 파일', taught(at(SEGMENT, '#세그먼트-파일과-이름'), at(SEGMENT, '#세그먼트-굴리기'))],
    [3, '3. 인덱스 파일', taught(at(SEGMENT, '#희소-인덱스'), at(SEGMENT, '#타임-인덱스'))],
  ),
];

/** 노트마다 한 줄로 보여 줄 때 쓰는 이름 */
export const noteTitles: Readonly<Record<NoteId, string>> = {
  '000': 'Kafka Architecture (with KRaft)',
  '001': 'Apache Kafka',
  '002': 'Kafka 구조 관련 학습자료',
  '003': '카프카란?',
  '004': '카프카 내부 메커니즘',
};
