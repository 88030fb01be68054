/**
 * 실라버스 지도(course/syllabus.ts)가 참인지 봅니다.
 *
 * - 지도가 가리키는 강의와 앵커가 모두 있습니다 (앵커는 Docusaurus처럼 github-slugger로 만듭니다: scripts/lib/lesson.ts).
 * - 장과 읽기 강의(course/chapters.ts)가 적은 절, 그리고 강의 front matter에 `syllabus`가 있다면 그 절이 모두 지도에
 *   있습니다. 묶기만 하는 제목은 가르친다고 적을 수 없습니다.
 * - 지도에서 어느 강의가 가르친다는 절은 그 강의도 자기 목록에 적습니다 (양쪽이 같은 말을 합니다).
 * - 준비 중(planned)인 절은 준비 중인 장을 가리키고, 따로 셉니다. 묶기만 하는 제목을 뺀 모든 절은 가르치거나 준비 중입니다.
 * - 노트마다 "가르친 절/전체 절"을 찍습니다.
 *
 * 같은 파일에서 강의의 틀도 봅니다: 학습 목표·선수 지식·예상 시간으로 시작하고, 확인 문제 바로 앞에 핵심 정리가 있고,
 * 인용한 KIP는 모두 한 번 이상 Kafka 위키에 링크합니다(같은 KIP는 어디서나 같은 주소로).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { chapters, type Lesson, lessonId, lessons } from '../../course/chapters.js';
import {
  type LessonAnchor,
  type NoteId,
  noteTitles,
  type SyllabusSection,
  sectionLabel,
  syllabus,
} from '../../course/syllabus.js';
import { root } from '../lib/course-files.js';
import { readLesson } from '../lib/lesson.js';

const byLabel = new Map(syllabus.map((s) => [sectionLabel(s), s]));

/** 장과 읽기 강의: 강의 id, 적은 절, 준비되었는가 */
const claimants = [
  ...lessons.map((l) => ({ id: l.id, name: l.title, labels: l.syllabus, ready: true })),
  ...chapters.map((c) => ({
    id: lessonId(c),
    name: `${c.number}장 ${c.title}`,
    labels: c.syllabus,
    ready: c.status === 'ready',
  })),
];

function anchorsOf(section: SyllabusSection): LessonAnchor[] {
  const c = section.coverage;
  if (c.kind === 'taught') return [c.at, ...c.also];
  if (c.kind === 'planned' && c.preview) return [c.preview];
  return [];
}

function docFiles(): string[] {
  const docs = path.join(root, 'docs/docs');
  return readdirSync(docs, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.mdx?$/.test(f))
    .map((f) => path.join(docs, f));
}

describe('실라버스 지도', () => {
  it('SectionsAreUnique: 노트 번호와 제목의 짝은 한 번씩만 나옵니다', () => {
    expect(byLabel.size).toBe(syllabus.length);
    for (const s of syllabus) expect(s.heading, sectionLabel(s)).toBe(s.heading.trim());
  });

  it('AnchorsExist: 지도가 가리키는 강의와 제목 앵커가 모두 있습니다', () => {
    const missing: string[] = [];
    for (const section of syllabus) {
      for (const { lesson, anchor } of anchorsOf(section)) {
        const doc = readLesson(lesson);
        if (!doc) missing.push(`${sectionLabel(section)} → docs/docs/${lesson}.md가 없습니다`);
        else if (!doc.anchors.has(anchor))
          missing.push(`${sectionLabel(section)} → ${doc.path}에 ${anchor}가 없습니다`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('ClaimedSectionsExist: 장과 강의가 적은 절은 모두 지도에 있고, 묶기만 하는 제목이 아닙니다', () => {
    const unknown: string[] = [];
    for (const c of claimants) {
      for (const label of c.labels) {
        const section = byLabel.get(label);
        if (!section) unknown.push(`${c.name}: "${label}"는 실라버스 노트에 없는 절입니다`);
        else if (section.coverage.kind === 'grouping')
          unknown.push(`${c.name}: "${label}"는 아래 절을 묶기만 하는 제목입니다`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('FrontMatterSectionsExist: 강의 front matter가 적은 절(syllabus)도 지도에 있습니다', () => {
    const unknown: string[] = [];
    for (const file of docFiles()) {
      const front = /^---\n([\s\S]*?)\n---\n/.exec(readFileSync(file, 'utf8'));
      const meta = (front ? (parse(front[1] ?? '') ?? {}) : {}) as { syllabus?: unknown };
      const labels = meta.syllabus === undefined ? [] : [meta.syllabus].flat();
      for (const label of labels) {
        if (typeof label !== 'string' || !byLabel.has(label))
          unknown.push(`${path.relative(root, file)}: "${String(label)}"는 실라버스 노트에 없는 절입니다`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('BothSidesAgree: 지도가 어느 강의에 맡긴 절은 그 강의도 자기 목록에 적고, 준비된 강의가 적은 절은 지도가 그 강의를 가리킵니다', () => {
    const problems: string[] = [];
    for (const section of syllabus) {
      const coverage = section.coverage;
      if (coverage.kind !== 'taught') continue;
      const owner = claimants.find((c) => c.id === coverage.at.lesson);
      if (!owner?.labels.includes(sectionLabel(section)))
        problems.push(`${sectionLabel(section)}: ${coverage.at.lesson}의 목록(course/chapters.ts)에 없습니다`);
    }
    for (const c of claimants.filter((x) => x.ready)) {
      for (const label of c.labels) {
        const section = byLabel.get(label);
        if (section && !anchorsOf(section).some((a) => a.lesson === c.id))
          problems.push(`${c.name}: "${label}"에 대해 지도는 ${c.id}를 가리키지 않습니다`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('PlannedMeansPlannedChapter: 준비 중인 절은 준비 중인 장이 맡고, 그 장도 그 절을 적습니다', () => {
    const problems: string[] = [];
    for (const section of syllabus) {
      const coverage = section.coverage;
      if (coverage.kind !== 'planned') continue;
      const chapter = chapters.find((c) => c.number === coverage.chapter);
      if (!chapter) problems.push(`${sectionLabel(section)}: 장이 없습니다`);
      else if (chapter.status !== 'planned')
        problems.push(`${sectionLabel(section)}: ${chapter.number}장은 준비되었으니 강의의 앵커를 가리키세요`);
      else if (!chapter.syllabus.includes(sectionLabel(section)))
        problems.push(`${sectionLabel(section)}: ${chapter.number}장의 목록에 없습니다`);
    }
    expect(problems).toEqual([]);
  });

  it('EverySectionCovered: 묶기만 하는 제목을 뺀 모든 절을 가르치거나(준비 중인 장이 맡거나) 합니다 — 노트마다 셉니다', () => {
    const notes = Object.keys(noteTitles) as NoteId[];
    const rows = notes.map((id) => {
      const sections = syllabus.filter((s) => s.note === id && s.coverage.kind !== 'grouping');
      const taught = sections.filter((s) => s.coverage.kind === 'taught').length;
      const planned = sections.filter((s) => s.coverage.kind === 'planned').length;
      return { id, total: sections.length, taught, planned };
    });
    const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((n, r) => n + f(r), 0);
    const lines = rows.map(
      (r) => `  ${r.id} ${noteTitles[r.id]}: 가르침 ${r.taught}/${r.total}${r.planned ? `, 준비 중 ${r.planned}` : ''}`,
    );
    const groupings = syllabus.filter((s) => s.coverage.kind === 'grouping').length;
    console.log(
      [
        '실라버스 노트의 절 (묶기만 하는 제목 제외):',
        ...lines,
        `  합계: 가르침 ${sum((r) => r.taught)}/${sum((r) => r.total)}, 준비 중 ${sum((r) => r.planned)}, 묶음 제목 ${groupings}개 따로`,
      ].join('\n'),
    );
    for (const r of rows) expect(r.taught + r.planned, `${r.id}의 절`).toBe(r.total);
    expect(sum((r) => r.total)).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------
// 강의의 틀

/** 학습 목표부터 확인 문제까지 같은 틀을 따르는 강의: 준비된 장과, 찾아보는 자료가 아닌 읽기 강의 */
const structuredLessons: { id: string; name: string }[] = [
  ...lessons.filter((l: Lesson) => !l.reference).map((l) => ({ id: l.id, name: l.title })),
  ...chapters.filter((c) => c.status === 'ready').map((c) => ({ id: lessonId(c), name: `${c.number}장` })),
];

function lessonText(id: string): string {
  return readFileSync(path.join(root, 'docs/docs', `${id}.md`), 'utf8');
}

/** 코드 블록 밖의 `## ` 제목들 */
function h2Headings(markdown: string): string[] {
  const headings: string[] = [];
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const m = !inFence && /^## (.+?)\s*$/.exec(line);
    if (m) headings.push(m[1] ?? '');
  }
  return headings;
}

describe('강의의 틀', () => {
  it.each(structuredLessons)('StartsWithGoals: $id는 학습 목표, 선수 지식, 예상 시간으로 시작합니다', ({ id }) => {
    const text = lessonText(id);
    const beforeFirstH2 = text.slice(0, text.search(/^## /m));
    for (const label of ['학습 목표', '선수 지식', '예상 시간']) expect(beforeFirstH2).toContain(`**${label}**`);
  });

  it.each(structuredLessons)('EndsWithSummary: $id는 확인 문제 바로 앞에 핵심 정리가 있습니다', ({ id }) => {
    const h2 = h2Headings(lessonText(id));
    expect(h2.at(-1)).toBe('확인 문제');
    expect(h2.at(-2)).toBe('핵심 정리');
  });

  it('KipsAreLinked: 강의가 인용한 KIP는 모두 한 번 이상 Kafka 위키에 링크하고, 같은 KIP는 어디서나 같은 주소입니다', () => {
    const urls = new Map<string, Set<string>>();
    const unlinked: string[] = [];
    for (const file of docFiles()) {
      const text = readFileSync(file, 'utf8');
      const cited = new Set([...text.matchAll(/\bKIP-(\d+)\b/g)].map((m) => m[1] as string));
      for (const n of cited) {
        const links = [
          ...text.matchAll(
            new RegExp(
              `\\((https://cwiki\\.apache\\.org/confluence/display/KAFKA/KIP-${n}(?:%3A|\\+-\\+)[^)\\s]+)\\)`,
              'g',
            ),
          ),
        ].map((m) => m[1] as string);
        if (links.length === 0) unlinked.push(`${path.relative(root, file)}: KIP-${n}`);
        for (const url of links) urls.set(n, (urls.get(n) ?? new Set()).add(url));
      }
    }
    expect(unlinked).toEqual([]);
    const differing = [...urls]
      .filter(([, set]) => set.size > 1)
      .map(([n, set]) => `KIP-${n}: ${[...set].join(' | ')}`);
    expect(differing).toEqual([]);
  });
});
