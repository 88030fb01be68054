/**
 * 첫 화면(`/`). 장 목록은 `course/chapters.ts`에서 읽어 그립니다 — 여기에 장을 손으로 적지 마세요.
 */
import Link from '@docusaurus/Link';
import Heading from '@theme/Heading';
import Layout from '@theme/Layout';
import type { ReactNode } from 'react';
import { type Chapter, chapters, lessonId, lessons } from '../../../course/chapters';
import styles from './index.module.css';

function docPath(id: string): string {
  return `/docs/${id}`;
}

function ChapterRow({ chapter }: { chapter: Chapter }): ReactNode {
  const ready = chapter.status === 'ready';
  return (
    <tr className={ready ? undefined : styles.planned}>
      <td className={styles.number}>{chapter.number}</td>
      <td>{ready ? <Link to={docPath(lessonId(chapter))}>{chapter.title}</Link> : chapter.title}</td>
      <td>{chapter.implements}</td>
      <td className={styles.status}>
        {ready ? <code>npm run exercise:{chapter.number}</code> : <span className={styles.badge}>준비 중</span>}
      </td>
    </tr>
  );
}

export default function Home(): ReactNode {
  const firstReady = chapters.find((c) => c.status === 'ready');
  return (
    <Layout
      title="카프카 직접 만들기"
      description="TypeScript로 Kafka 호환 브로커를 한 장씩 만들며 Kafka의 내부를 배우는 한국어 과정"
    >
      <header className={styles.hero}>
        <div className="container">
          <Heading as="h1" className={styles.heroTitle}>
            카프카 직접 만들기
          </Heading>
          <p className={styles.heroLead}>
            Apache Kafka와 같은 말(와이어 프로토콜)을 하는 브로커를 TypeScript로 한 장씩 만듭니다. 직접 만들면서 Kafka가
            속에서 어떻게 움직이는지 배웁니다.
          </p>
          <div className={styles.heroButtons}>
            <Link className="button button--primary button--lg" to="/docs">
              과정 안내 읽기
            </Link>
            {firstReady && (
              <Link className="button button--secondary button--lg" to={docPath(lessonId(firstReady))}>
                {firstReady.number}장부터 시작하기
              </Link>
            )}
          </div>
        </div>
      </header>

      <main className="container margin-vert--lg">
        <section className="margin-bottom--lg">
          <Heading as="h2">이 과정은 무엇인가요</Heading>
          <p>
            장마다 Kafka의 부품 하나를 배우고 직접 구현합니다. 파티션 로그에서 시작해 세그먼트 파일, 와이어 프로토콜,
            복제, 컨슈머 그룹, KRaft 컨트롤러, 트랜잭션을 거쳐 세 대짜리 클러스터까지 갑니다. 완성된 브로커에는 kafkajs
            같은 실제 클라이언트가 그대로 붙습니다.
          </p>
          <div className="row">
            <div className="col col--4">
              <Heading as="h3">혼자 배우는 분</Heading>
              <p>
                강의를 읽고, 연습 문제의 실패하는 테스트를 하나씩 초록색으로 바꿉니다. 막히면 힌트가 강의의 해당 문단을
                가리킵니다.
              </p>
            </div>
            <div className="col col--4">
              <Heading as="h3">워크숍 강사</Heading>
              <p>
                장마다 독립적이라 어느 장에서든 시작할 수 있습니다. 앞의 장은 해답으로 채우고 그 장의 연습 문제만 풀게
                합니다.
              </p>
            </div>
            <div className="col col--4">
              <Heading as="h3">
                <code>reference/</code>를 읽는 엔지니어
              </Heading>
              <p>
                <code>reference/</code>는 작고 정직한 Kafka입니다. 강의에 나오는 이름(<code>PartitionLog</code> 같은)
                그대로 코드가 나뉘어 있습니다.
              </p>
            </div>
          </div>
        </section>

        <section className="margin-bottom--lg">
          <Heading as="h2">시작하는 법</Heading>
          <p>저장소 루트에서 의존성을 설치하고 이 사이트를 띄웁니다.</p>
          <pre>
            <code>npm install && npm start</code>
          </pre>
          <p>그다음 1장의 연습 문제를 실행합니다. 처음에는 테스트가 실패하는 것이 정상입니다.</p>
          <pre>
            <code>npm run exercise:1</code>
          </pre>
        </section>

        <section className="margin-bottom--lg">
          <Heading as="h2">읽기 강의</Heading>
          <ul>
            {lessons.map((lesson) => (
              <li key={lesson.id}>
                <Link to={docPath(lesson.id)}>{lesson.title}</Link>
              </li>
            ))}
          </ul>
        </section>

        <section>
          <Heading as="h2">장 목록</Heading>
          <div className={styles.tableWrap}>
            <table className={styles.chapters}>
              <thead>
                <tr>
                  <th>장</th>
                  <th>제목</th>
                  <th>직접 구현하는 것</th>
                  <th>연습 문제</th>
                </tr>
              </thead>
              <tbody>
                {chapters.map((chapter) => (
                  <ChapterRow key={chapter.slug} chapter={chapter} />
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </main>
    </Layout>
  );
}
