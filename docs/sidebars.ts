/**
 * 사이드바는 손으로 적지 않고 `course/chapters.ts`(과정의 단 하나뿐인 장 목록)에서 만듭니다.
 * 장을 추가하거나 상태를 바꾸면 사이드바도 저절로 따라옵니다.
 */
import type { SidebarsConfig } from '@docusaurus/plugin-content-docs';
import { type Chapter, chapters, lessonId, lessons } from '../course/chapters';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** 사이드바 항목 하나의 타입 (SidebarsConfig에서 꺼냅니다) */
type SidebarItem = Extract<SidebarsConfig[string], readonly unknown[]>[number];

function chapterItem(chapter: Chapter): SidebarItem {
  const label = `${chapter.number}. ${chapter.title}`;
  if (chapter.status === 'ready') {
    return { type: 'doc', id: lessonId(chapter), label };
  }
  // 준비 중인 장은 링크가 없는 항목으로만 보여 줍니다 (강의 문서가 아직 없으니까요).
  return {
    type: 'html',
    value: `<span class="sidebar-planned" title="아직 만들고 있는 장입니다">${escapeHtml(label)} (준비 중)</span>`,
    defaultStyle: true,
  };
}

const sidebars: SidebarsConfig = {
  course: [
    {
      type: 'category',
      label: '시작하기',
      collapsed: false,
      items: ['intro', ...lessons.filter((lesson) => lesson.place === 'start').map((lesson) => lesson.id), 'workshop'],
    },
    {
      type: 'category',
      label: '장(Chapter)',
      collapsed: false,
      items: chapters.map(chapterItem),
    },
    {
      type: 'category',
      label: '더 알아보기',
      collapsed: false,
      items: lessons.filter((lesson) => lesson.place === 'appendix').map((lesson) => lesson.id),
    },
  ],
};

export default sidebars;
