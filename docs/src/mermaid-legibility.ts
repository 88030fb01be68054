/**
 * mermaid 다이어그램의 글자가 12px 아래로 작아지지 않게 합니다.
 *
 * mermaid는 그림을 본문 폭에 맞춰 줄입니다(`useMaxWidth`). 참여자가 많은 시퀀스 다이어그램은 원래 폭이 1,600px을
 * 넘어, 본문 폭(약 700px)에 맞추면 16px 글자가 7px이 됩니다. 그래서 그림마다 "가장 작은 글자가 12px이 되는 폭"을
 * 최소 폭으로 줍니다: 그보다 좁은 화면에서는 그림이 더 줄어들지 않고 그림 상자 안에서 가로로 스크롤됩니다
 * (custom.css의 `.docusaurus-mermaid-container { overflow-x: auto }`). 페이지 자체는 가로로 넘치지 않고, 휴대폰에서는
 * 확대해 볼 수 있습니다. site-test가 모든 페이지에서 (1280px과 390px 폭 모두) 12px 이상인지 확인합니다.
 *
 * 그림이 상자보다 넓으면 상자에 `data-scrolls`를 붙입니다. custom.css가 그 상자 위에 "옆으로 밀어 보세요" 안내를
 * 띄웁니다: 긴 시퀀스 다이어그램은 가로 스크롤 막대가 그림 맨 아래에 있어, 안내 없이는 오른쪽이 잘린 줄 모릅니다.
 */
import ExecutionEnvironment from '@docusaurus/ExecutionEnvironment';

const MIN_FONT_PX = 12;

function keepLegible(svg: SVGSVGElement): void {
  const naturalWidth = svg.viewBox.baseVal?.width ?? 0;
  if (naturalWidth <= 0) return;
  if (svg.dataset.legible) {
    markScrolling(svg);
    return;
  }
  // 글꼴 크기는 그림의 좌표계 단위입니다. 그림이 s배로 그려지면 화면의 글자는 (크기 × s)px입니다.
  let smallest = Number.POSITIVE_INFINITY;
  for (const label of svg.querySelectorAll('text, foreignObject div, foreignObject span')) {
    const size = Number.parseFloat(getComputedStyle(label).fontSize);
    if (size > 0 && label.textContent?.trim()) smallest = Math.min(smallest, size);
  }
  if (!Number.isFinite(smallest)) return;
  svg.style.minWidth = `${Math.ceil((naturalWidth * MIN_FONT_PX) / smallest)}px`;
  svg.dataset.legible = 'true';
  markScrolling(svg);
}

function markScrolling(svg: SVGSVGElement): void {
  const box = svg.parentElement;
  if (!box) return;
  const scrolls = box.scrollWidth > box.clientWidth + 1;
  if (scrolls !== (box.dataset.scrolls === 'true')) {
    if (scrolls) box.dataset.scrolls = 'true';
    else delete box.dataset.scrolls;
  }
}

const diagrams = () => document.querySelectorAll<SVGSVGElement>('.docusaurus-mermaid-container > svg');

if (ExecutionEnvironment.canUseDOM) {
  // mermaid는 하이드레이션 뒤에 비동기로 그리므로, 그림이 DOM에 붙을 때마다 잡습니다.
  new MutationObserver(() => {
    for (const svg of diagrams()) keepLegible(svg);
  }).observe(document.documentElement, { childList: true, subtree: true });
  // 창 폭이 바뀌면(휴대폰을 돌리는 등) 상자가 넘치는지도 바뀝니다.
  window.addEventListener('resize', () => {
    for (const svg of diagrams()) markScrolling(svg);
  });
}
