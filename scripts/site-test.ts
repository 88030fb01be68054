/**
 * 빌드된 학습 사이트(docs/build)를 헤드리스 Chromium으로 열어 봅니다. `npm run site:test`
 *
 * 먼저 `npm run site:build`를 실행해 두어야 합니다. 이 스크립트는
 * 1. docs/build를 127.0.0.1의 빈 포트에서 작은 정적 서버로 띄우고,
 * 2. Debian의 chromium(/usr/bin/chromium)을 playwright-core로 띄워,
 * 3. 빌드가 만든 모든 페이지(sitemap.xml의 주소 전부와 404 페이지)를 데스크톱 폭(1280px)과 휴대폰 폭(390px)으로
 *    엽니다. 페이지마다 mermaid 다이어그램이 모두 그려지는지, 다이어그램 글자가 12px 이상인지, 페이지가 가로로
 *    넘치지 않는지(표·코드·그림은 자기 상자 안에서만 스크롤) 봅니다.
 * 4. 모든 페이지의 사이트 안 링크가 있는 페이지와 있는 앵커(id)를 가리키는지, 장 목록(course/chapters.ts)의
 *    강의와 힌트 앵커가 있는지, 한국어 낱말 검색이 맞는 강의로 가는지, 한글 글꼴이 없는 기계에서 어떤 글꼴을
 *    설치할지 알려 주는지 확인합니다.
 *
 * 어느 페이지에서든 콘솔 오류, 잡히지 않은 예외(pageerror), 바깥 주소로 나가는 요청이 있으면 실패입니다.
 * 마지막 줄은 언제나 `site: N passed, M failed`이고, 실패가 하나라도 있으면 0이 아닌 코드로 끝납니다.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { type Chapter, chapters, lessonId, lessons } from '../course/chapters.js';
import { josa } from '../reference/src/server/josa.js';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const BUILD_DIR = join(ROOT, 'docs', 'build');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TIMEOUT_MS = 30_000;

/**
 * 검색 확인: 검색창에 한국어 낱말을 치면, 그 낱말을 가르치는 강의(장의 slug)로 가는 제안이 나와야 합니다.
 * 조사가 붙은 본문 낱말("리더가", "오프셋을")은 검색창이 붙이는 뒤쪽 와일드카드("리더*")로 찾습니다.
 */
const SEARCH_CASES = [
  { term: '파티션', slug: 'log-offsets' },
  { term: '오프셋', slug: 'offset-commit' },
  { term: '리더', slug: 'replication-isr' },
] as const;

/** 한글 글꼴이 없을 때 사이트가 띄우는 안내 (docs/src/korean-font-notice.ts) */
const FONT_NOTICE = '#korean-font-notice';

// ---------------------------------------------------------------------------------------------
// 그림: 강의 속 React 그림(docs/src/components/diagrams/)은 참조 브로커의 시뮬레이터를 브라우저에서 돌립니다.
// 단추를 누르고 그림이 보여 주는 상태를 봅니다. 그림의 시계는 가상이라, 확인은 진짜 시간을 기다리지 않습니다.

/** 그림이 준비되고 줄에 선 조작이 모두 끝날 때까지 (복제 판의 준비는 가상 시간 수 초를 돌리므로 넉넉히) */
async function diagramIdle(page: Page, id: string): Promise<void> {
  await page.locator(`figure[data-testid="${id}"][data-idle="true"]`).waitFor({ timeout: 120_000 });
}

async function clickDiagram(page: Page, id: string, ...testIds: string[]): Promise<void> {
  for (const testId of testIds) {
    await page.getByTestId(testId).click();
    await diagramIdle(page, id);
  }
}

async function textOf(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** 그림 안 글자가 12px 이상이고, 그림이 본문 폭을 넘지 않는지 (페이지 가로 넘침은 checkLayout이 봅니다) */
async function checkDiagramLayout(page: Page, id: string, width: number): Promise<string> {
  // 브라우저 안에서 도는 식이라 문자열로 넘깁니다 (이 파일은 DOM 타입 없이 컴파일됩니다).
  const { minFont, overflow } = (await page.evaluate(`(() => {
    const figure = document.querySelector('figure[data-testid="${id}"]');
    let min = Infinity;
    for (const el of figure.querySelectorAll('*')) {
      const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim() !== '');
      if (own) min = Math.min(min, Number.parseFloat(getComputedStyle(el).fontSize));
    }
    return { minFont: min, overflow: figure.scrollWidth - figure.clientWidth };
  })()`)) as { minFont: number; overflow: number };
  if (minFont < 12) fail(`그림 ${id}의 가장 작은 글자가 ${minFont}px입니다 (12px 이상이어야 합니다)`);
  if (overflow > 1) fail(`그림 ${id}가 가로로 ${overflow}px 넘칩니다`);
  const pageWidth = (await page.evaluate('document.documentElement.scrollWidth')) as number;
  if (pageWidth > width) fail(`그림이 있는 페이지의 폭이 ${pageWidth}px입니다 (화면 ${width}px)`);
  return `가장 작은 글자 ${minFont}px`;
}

/** KRaft 선거: 첫 리더, 커밋, 리더를 죽이면 더 높은 에포크의 새 리더, 같은 씨앗이면 같은 상태 */
async function kraftDiagram(page: Page, baseUrl: string, width: number): Promise<string> {
  await goto(page, baseUrl, '/docs/chapters/kraft-election');
  await diagramIdle(page, 'kraft');
  await clickDiagram(page, 'kraft', 'kraft-step-5000');
  const first = await textOf(page, 'kraft-summary');
  const m = /리더: 컨트롤러 (\d+) \(에포크 (\d+)\)/.exec(first) ?? fail(`5초 뒤에도 리더가 없습니다: ${first}`);
  const [leader, epoch] = [Number(m[1]), Number(m[2])];
  const firstState = await textOf(page, 'kraft');
  await clickDiagram(page, 'kraft', 'kraft-write', 'kraft-step-1000');
  if (!(await textOf(page, 'kraft-summary')).includes('커밋된 레코드 1개'))
    fail(`레코드 하나를 쓰고 1초 뒤 커밋되지 않았습니다: ${await textOf(page, 'kraft-summary')}`);
  await clickDiagram(page, 'kraft', `kraft-node-${leader}-power`);
  if ((await textOf(page, `kraft-node-${leader}-state`)) !== '꺼짐') fail(`죽인 컨트롤러 ${leader}가 꺼짐이 아닙니다`);
  await clickDiagram(page, 'kraft', 'kraft-step-5000', 'kraft-step-5000');
  const after = await textOf(page, 'kraft-summary');
  const n =
    /리더: 컨트롤러 (\d+) \(에포크 (\d+)\)/.exec(after) ??
    fail(`리더를 죽이고 10초 뒤에도 새 리더가 없습니다: ${after}`);
  if (Number(n[1]) === leader || Number(n[2]) <= epoch)
    fail(`새 리더가 컨트롤러 ${n[1]}, 에포크 ${n[2]}입니다 (옛 리더 ${leader}, 에포크 ${epoch})`);
  if (!after.includes('커밋된 레코드 1개')) fail(`커밋된 레코드가 새 리더 아래에서 남지 않았습니다: ${after}`);
  await clickDiagram(page, 'kraft', 'kraft-restart', 'kraft-step-5000');
  if ((await textOf(page, 'kraft')) !== firstState) fail('같은 씨앗으로 다시 시작했는데 5초 뒤 상태가 다릅니다');
  const layout = await checkDiagramLayout(page, 'kraft', width);
  return `리더 ${leader}(에포크 ${epoch}) → ${n[1]}(에포크 ${n[2]}), ${layout}`;
}

/** ISR: 셋을 쓰면 LEO 3·HW 3, 팔로워를 죽이면 lag 시간 뒤 ISR에서 빠짐, 같은 씨앗이면 같은 상태 */
async function isrDiagram(page: Page, baseUrl: string, width: number): Promise<string> {
  await goto(page, baseUrl, '/docs/chapters/replication-isr');
  await diagramIdle(page, 'isr');
  await clickDiagram(page, 'isr', 'isr-produce', 'isr-produce', 'isr-produce', 'isr-step-1000');
  const summary = await textOf(page, 'isr-summary');
  const leader = Number((/리더 브로커 (\d+)/.exec(summary) ?? fail(`리더가 없습니다: ${summary}`))[1]);
  const isr = (await textOf(page, 'isr-isr')).split(', ').map(Number);
  if (isr.length !== 3) fail(`처음 ISR이 ${isr.join(',')}입니다 (복제본 셋이어야 합니다)`);
  for (const id of isr) {
    const [leo, hw] = [await textOf(page, `isr-broker-${id}-leo`), await textOf(page, `isr-broker-${id}-hw`)];
    if (leo !== '3' || hw !== '3') fail(`셋을 쓰고 1초 뒤 브로커 ${id}의 LEO ${leo}, HW ${hw}입니다 (기대: 3, 3)`);
  }
  const firstState = await textOf(page, 'isr');
  const follower = isr.find((id) => id !== leader) ?? fail('팔로워가 없습니다');
  await clickDiagram(page, 'isr', `isr-broker-${follower}-power`, 'isr-step-1000');
  if (!(await textOf(page, 'isr-isr')).split(', ').map(Number).includes(follower))
    fail(`팔로워 ${follower}가 1초 만에 ISR에서 빠졌습니다 (replica.lag.time.max.ms 3초 전)`);
  await clickDiagram(page, 'isr', 'isr-step-5000');
  const shrunk = (await textOf(page, 'isr-isr')).split(', ').map(Number);
  if (shrunk.includes(follower) || shrunk.length !== 2)
    fail(`팔로워 ${follower}를 죽이고 6초 뒤 ISR이 [${shrunk}]입니다`);
  await clickDiagram(page, 'isr', 'isr-produce', 'isr-step-1000');
  if ((await textOf(page, `isr-broker-${leader}-hw`)) !== '4')
    fail('ISR 둘(= min.insync.replicas)로 acks=all 쓰기가 커밋되지 않았습니다');
  await clickDiagram(page, 'isr', 'isr-restart', 'isr-produce', 'isr-produce', 'isr-produce', 'isr-step-1000');
  if ((await textOf(page, 'isr')) !== firstState) fail('같은 씨앗으로 다시 시작해 같은 조작을 했는데 상태가 다릅니다');
  const layout = await checkDiagramLayout(page, 'isr', width);
  return `리더 ${leader}, 팔로워 ${follower}를 죽여 ISR [${isr}] → [${shrunk}], ${layout}`;
}

/** 파티션 로그: 셋을 쓰면 LEO·HW·LSO 3, 커밋과 lag, 열린 트랜잭션이 LSO를 멈추고 시간이 지나 어보트되면 풀림, 같은 씨앗이면 같은 상태 */
async function partitionLogDiagram(page: Page, baseUrl: string, width: number): Promise<string> {
  const num = async (testId: string) => Number(await textOf(page, testId));
  await goto(page, baseUrl, '/docs/chapters/offset-commit');
  await diagramIdle(page, 'plog');
  await clickDiagram(page, 'plog', 'plog-produce', 'plog-produce', 'plog-produce', 'plog-step-1000');
  const offsets = [await num('plog-leo'), await num('plog-hw'), await num('plog-lso')];
  if (offsets.join() !== '3,3,3') fail(`셋을 쓰고 1초 뒤 LEO, HW, LSO가 ${offsets.join(', ')}입니다 (기대: 3, 3, 3)`);
  const firstState = await textOf(page, 'plog');
  await clickDiagram(
    page,
    'plog',
    'plog-group-a-consume',
    'plog-group-b-consume',
    'plog-step-1000',
    'plog-group-a-commit',
  );
  if ((await num('plog-group-a-committed')) !== 3 || (await num('plog-group-a-lag')) !== 0)
    fail(
      `그룹 A가 셋을 읽고 커밋했는데 커밋 ${await textOf(page, 'plog-group-a-committed')}, lag ${await textOf(page, 'plog-group-a-lag')}입니다`,
    );
  if ((await textOf(page, 'plog-group-b-committed')) !== '없음')
    fail('커밋하지 않은 그룹 B에 커밋된 오프셋이 있습니다');
  await clickDiagram(page, 'plog', 'plog-txn', 'plog-produce', 'plog-step-1000');
  const [lso, hw] = [await num('plog-lso'), await num('plog-hw')];
  if (!(lso === 3 && hw > lso))
    fail(`트랜잭션을 열어 두고 하나 더 쓴 뒤 LSO ${lso}, HW ${hw}입니다 (LSO는 3에 멈추고 HW는 올라야 합니다)`);
  if ((await num('plog-group-a-position')) !== lso)
    fail('read_committed 그룹 A가 LSO를 넘어 읽었거나 LSO까지 읽지 못했습니다');
  if ((await num('plog-group-b-position')) !== hw) fail('read_uncommitted 그룹 B가 HW까지 읽지 못했습니다');
  // transaction.timeout.ms(10초) 뒤 코디네이터가 어보트합니다: 가상 시간 5초씩 최대 세 번.
  for (let i = 0; i < 3 && (await num('plog-lso')) !== (await num('plog-hw')); i++)
    await clickDiagram(page, 'plog', 'plog-step-5000');
  if ((await num('plog-lso')) !== (await num('plog-hw')))
    fail('열린 트랜잭션이 시간 초과로 어보트된 뒤에도 LSO가 HW에 닿지 않았습니다');
  const released = await num('plog-lso');
  await clickDiagram(page, 'plog', 'plog-restart', 'plog-produce', 'plog-produce', 'plog-produce', 'plog-step-1000');
  if ((await textOf(page, 'plog')) !== firstState) fail('같은 씨앗으로 다시 시작해 같은 조작을 했는데 상태가 다릅니다');
  const layout = await checkDiagramLayout(page, 'plog', width);
  return `열린 트랜잭션: LSO ${lso}, HW ${hw} → 어보트 뒤 LSO ${released}, ${layout}`;
}

// ---------------------------------------------------------------------------------------------
// 정적 서버: docs/build만 내보냅니다. `/docs/x`는 `/docs/x/index.html`이나 `/docs/x.html`로 찾습니다.

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

function resolveFile(urlPath: string): string | undefined {
  const relative = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, '');
  const base = join(BUILD_DIR, relative);
  if (base !== BUILD_DIR && !base.startsWith(BUILD_DIR + sep)) return undefined; // ../ 로 빠져나가기 금지
  for (const candidate of [base, `${base}.html`, join(base, 'index.html')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

function startServer(): Promise<{ server: Server; baseUrl: string }> {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const file = resolveFile(url.pathname);
      const status = file ? 200 : 404;
      const body = await readFile(file ?? join(BUILD_DIR, '404.html'));
      const type = CONTENT_TYPES[file ? extname(file) : '.html'] ?? 'application/octet-stream';
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(String(error));
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolvePromise({ server, baseUrl: `http://127.0.0.1:${port}` });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// 확인 하나 = 새 페이지 하나. 본문이 통과하고, 그동안 콘솔 오류·pageerror·바깥 요청이 없어야 통과입니다.

interface Result {
  readonly name: string;
  readonly ok: boolean;
  readonly detail?: string;
}

const results: Result[] = [];

function report(result: Result): void {
  results.push(result);
  const mark = result.ok ? '✔' : '✘';
  console.log(`${mark} ${result.name}${result.detail ? ` — ${result.detail}` : ''}`);
}

/**
 * 확인 하나를 새 페이지에서 돌리고 결과를 돌려줍니다 (보고는 부르는 쪽이: 두 폭을 동시에 돌려도 줄 순서가 같게).
 * 본문이 문자열을 돌려주면 통과 줄 뒤에 덧붙입니다 (다이어그램 글자 크기 같은 수치).
 */
async function runCheck(
  context: BrowserContext,
  name: string,
  body: (page: Page) => Promise<unknown>,
): Promise<Result> {
  const page = await context.newPage();
  // 한 줄 보고에 맞게 여러 줄짜리 메시지(스택 등)는 첫 줄만 씁니다.
  const firstLine = (text: string) => text.split('\n')[0]?.trim() ?? '';
  const problems: string[] = [];
  page.on('console', (message) => {
    // 404 페이지를 일부러 열 때 브라우저가 그 문서 자체의 404를 콘솔 오류로 찍는 것은 오류가 아닙니다.
    if (message.type() === 'error' && message.location().url !== notFoundUrls.get(page))
      problems.push(`콘솔 오류: ${firstLine(message.text())}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${firstLine(error.message)}`));
  try {
    const detail = await body(page);
    if (problems.length > 0) fail('페이지에서 오류가 났습니다');
    return { name, ok: true, ...(typeof detail === 'string' ? { detail } : {}) };
  } catch (error) {
    const detail = [firstLine(error instanceof Error ? error.message : String(error)), ...problems]
      .filter((line, i, all) => all.indexOf(line) === i)
      .join(' | ');
    return { name, ok: false, detail };
  } finally {
    await page.close();
  }
}

async function check(context: BrowserContext, name: string, body: (page: Page) => Promise<unknown>): Promise<void> {
  report(await runCheck(context, name, body));
}

function fail(message: string): never {
  throw new Error(message);
}

/** 404를 기대하고 연 페이지 → 그 주소 */
const notFoundUrls = new WeakMap<Page, string>();

async function goto(page: Page, baseUrl: string, path: string, status = 200): Promise<void> {
  const url = `${baseUrl}${encodeURI(path)}`;
  if (status === 404) notFoundUrls.set(page, url);
  const response = await page.goto(url, { waitUntil: 'load' });
  if (response?.status() !== status) fail(`${path} 응답 ${response?.status() ?? '없음'} (기대: ${status})`);
  // Docusaurus가 하이드레이션을 마치면 <html>에 data-has-hydrated="true"를 붙입니다.
  await page.waitForSelector('html[data-has-hydrated="true"]', { timeout: TIMEOUT_MS });
}

async function h1Texts(page: Page): Promise<string[]> {
  return (await page.locator('h1').allInnerTexts()).map((text) => text.trim());
}

// ---------------------------------------------------------------------------------------------
// 페이지 목록: 빌드가 만든 sitemap.xml의 주소 전부. 빌드 폴더의 index.html이 sitemap에 빠졌으면 그것도 실패입니다.

/** `/docs/x/`와 `/docs/x`는 같은 페이지입니다 (루트 `/`만 그대로) */
function normalizeRoute(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

async function builtRoutes(): Promise<string[]> {
  const sitemap = await readFile(join(BUILD_DIR, 'sitemap.xml'), 'utf8');
  const routes = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => decodeURI(new URL(m[1] ?? '').pathname));
  if (routes.length === 0) fail('sitemap.xml에 주소가 없습니다');
  const listed = new Set(routes.map(normalizeRoute));
  const pages = (await readdir(BUILD_DIR, { recursive: true }))
    .filter((file) => file.endsWith('index.html') && !file.startsWith('assets'))
    .map((file) =>
      normalizeRoute(
        `/${file
          .replace(/index\.html$/, '')
          .split(sep)
          .join('/')}`,
      ),
    );
  const missing = pages.filter((route) => !listed.has(route));
  if (missing.length > 0) fail(`빌드에 있는데 sitemap.xml에 없는 페이지: ${missing.join(', ')}`);
  return routes;
}

/** 문서 원본: `/docs/x`는 docs/docs/x.md(x), `/docs/`는 front matter가 `slug: /`인 문서. 문서가 아닌 페이지는 undefined */
async function sourceOf(route: string): Promise<string | undefined> {
  const docsDir = join(ROOT, 'docs', 'docs');
  if (!route.startsWith('/docs/')) return undefined;
  const id = normalizeRoute(route).slice('/docs/'.length);
  if (id === '' || route === '/docs') {
    for (const file of await readdir(docsDir, { recursive: true })) {
      const full = join(docsDir, file);
      if (/\.mdx?$/.test(file) && /^---\n(?:.*\n)*?slug: \/\n/.test(await readFile(full, 'utf8'))) return full;
    }
    return fail(`${route}: front matter가 slug: /인 문서가 없습니다`);
  }
  for (const ext of ['.md', '.mdx']) {
    const file = join(docsDir, `${id}${ext}`);
    if (existsSync(file)) return file;
  }
  return fail(`${route}: docs/docs/${id}.md가 없습니다`);
}

/** 문서 원본에 든 mermaid 코드 블록의 수. 브라우저에서 그려져야 할 다이어그램 수입니다. */
async function mermaidBlocks(source: string | undefined): Promise<number> {
  if (!source) return 0;
  return ((await readFile(source, 'utf8')).match(/^\s*```mermaid\b/gm) ?? []).length;
}

/**
 * mermaid는 서버에서 그리지 않고 브라우저에서 SVG로 그립니다. 원본의 다이어그램 수만큼
 * `.docusaurus-mermaid-container > svg`가 생길 때까지 기다립니다. 문법 오류가 난 다이어그램은
 * 컨테이너 대신 오류 상자가 되므로 수가 모자라 실패합니다.
 */
async function waitForMermaid(page: Page, expected: number): Promise<void> {
  if (expected === 0) return;
  const drawn = page.locator('.docusaurus-mermaid-container > svg');
  try {
    await drawn.nth(expected - 1).waitFor({ state: 'attached', timeout: TIMEOUT_MS });
  } catch {
    fail(`mermaid 다이어그램 ${expected}개 중 ${await drawn.count()}개만 SVG로 그려졌습니다`);
  }
  const text = (await page.locator('.docusaurus-mermaid-container').allInnerTexts()).join('\n');
  if (/Syntax error|Parse error/i.test(text)) fail('mermaid 다이어그램에 문법 오류가 있습니다');
}

// ---------------------------------------------------------------------------------------------
// 페이지 살펴보기: 브라우저 안에서 한 번에 재서 돌려줍니다. 브라우저에서 도는 코드라 문자열로 넘깁니다
// (이 저장소의 tsconfig에는 DOM 타입이 없습니다).

interface Survey {
  /** 문서 폭 - 화면 폭 (0이면 가로 스크롤이 없습니다) */
  readonly overflow: number;
  /** 넘치게 만든 첫 요소 (스크롤 상자 밖에서 화면 오른쪽을 넘는 것) */
  readonly culprit: string;
  /** 다이어그램마다 [그려진 폭, 그려진 높이, 가장 작은 글자의 실제 크기(px), 상자 안에서 가로로 스크롤되는지] */
  readonly diagrams: [number, number, number, boolean][];
  readonly ids: string[];
  /** 같은 사이트로 가는 링크의 href (절대 주소) */
  readonly links: string[];
  /** viewport meta가 확대를 막지 않는지 (휴대폰에서 넓은 그림을 손가락으로 키워 볼 수 있어야 합니다) */
  readonly zoomable: boolean;
}

const SURVEY = `(() => {
  const root = document.scrollingElement;
  const overflow = root.scrollWidth - root.clientWidth;
  let culprit = '';
  if (overflow > 0) {
    const scrolls = (el) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
    for (const el of document.body.querySelectorAll('*')) {
      if (el.getBoundingClientRect().right <= root.clientWidth + 0.5) continue;
      let inside = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (scrolls(p)) inside = true;
      if (inside) continue;
      const cls = typeof el.className === 'string' ? el.className.trim().split(/\\s+/).filter(Boolean) : [];
      culprit = [el.tagName.toLowerCase(), ...cls].join('.');
      break;
    }
  }
  const diagrams = [...document.querySelectorAll('.docusaurus-mermaid-container > svg')].map((svg) => {
    const box = svg.getBoundingClientRect();
    // 글꼴 크기는 그림의 좌표계 단위입니다. 그림이 (그려진 폭 / 원래 폭)배로 그려지므로 실제 글자는 그만큼 줄거나 큽니다.
    const scale = box.width / ((svg.viewBox.baseVal && svg.viewBox.baseVal.width) || box.width);
    let smallest = Infinity;
    for (const label of svg.querySelectorAll('text, foreignObject div, foreignObject span')) {
      const size = parseFloat(getComputedStyle(label).fontSize) * scale;
      if (size > 0 && label.textContent.trim()) smallest = Math.min(smallest, size);
    }
    const frame = svg.parentElement;
    return [box.width, box.height, smallest, frame.scrollWidth > frame.clientWidth + 1];
  });
  const ids = [...document.querySelectorAll('[id], a[name]')].map((el) => el.id || el.getAttribute('name'));
  const links = [...document.querySelectorAll('a[href]')].map((a) => a.href).filter((href) => href.startsWith(location.origin));
  const viewport = document.querySelector('meta[name="viewport"]')?.getAttribute('content') ?? '';
  const zoomable = !/user-scalable\\s*=\\s*(no|0)|maximum-scale\\s*=\\s*1(\\.0*)?\\s*(,|$)/i.test(viewport);
  return { overflow, culprit, diagrams, ids, links, zoomable };
})()`;

async function survey(page: Page): Promise<Survey> {
  return (await page.evaluate(SURVEY)) as Survey;
}

/** 이보다 작은 다이어그램 글자는 데스크톱에서도 읽기 어렵습니다 (docs/src/mermaid-legibility.ts) */
const MIN_DIAGRAM_FONT_PX = 12;

/** 가로 넘침과 다이어그램 글자 크기를 확인하고, 통과 줄에 붙일 수치를 돌려줍니다 */
function checkLayout(found: Survey, width: number): string | undefined {
  if (found.overflow > 0)
    fail(`${width}px 화면에서 페이지가 ${found.overflow}px 가로로 넘칩니다 (넘치는 요소: ${found.culprit || '모름'})`);
  if (!found.zoomable) fail('viewport meta가 확대를 막습니다 (user-scalable=no 또는 maximum-scale=1)');
  if (found.diagrams.length === 0) return undefined;
  for (const [i, [w, h]] of found.diagrams.entries()) {
    if (w < 50 || h < 20) fail(`다이어그램 ${i + 1}의 크기가 ${Math.round(w)}×${Math.round(h)}px입니다`);
  }
  const smallest = Math.min(...found.diagrams.map(([, , px]) => px));
  if (smallest < MIN_DIAGRAM_FONT_PX - 0.05)
    fail(`다이어그램 글자가 ${smallest.toFixed(1)}px로 그려집니다 (${MIN_DIAGRAM_FONT_PX}px 이상이어야 합니다)`);
  const scrolling = found.diagrams.filter(([, , , scrolls]) => scrolls).length;
  return `다이어그램 ${found.diagrams.length}개(옆으로 스크롤 ${scrolling}개), 가장 작은 글자 ${smallest.toFixed(1)}px`;
}

/** 사이트 안 링크가 모두 있는 페이지(또는 빌드의 파일)와, 그 페이지에 있는 앵커를 가리키는지 봅니다 */
function brokenLinks(surveys: ReadonlyMap<string, Survey>, baseUrl: string): string[] {
  const broken = new Set<string>();
  for (const [from, found] of surveys) {
    for (const href of found.links) {
      const url = new URL(href);
      const target = normalizeRoute(decodeURI(url.pathname));
      const anchor = decodeURIComponent(url.hash.slice(1));
      const page = surveys.get(target) ?? (target === normalizeRoute(from) ? found : undefined);
      const where = `${from} → ${decodeURI(href.slice(baseUrl.length))}`;
      if (!page) {
        const file = resolveFile(url.pathname);
        if (!file || file.endsWith('.html')) broken.add(`${where} (없는 페이지)`);
      } else if (anchor && !page.ids.includes(anchor)) {
        broken.add(`${where} (없는 앵커)`);
      }
    }
  }
  return [...broken];
}

/** 글꼴이 하나도 없는 fontconfig 설정. 이것으로 띄운 Chromium은 한글 글꼴이 없는 기계와 같습니다. */
async function noFontsConfig(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'site-test-fonts-'));
  const file = join(dir, 'fonts.conf');
  await mkdir(join(dir, 'fonts'));
  await writeFile(
    file,
    `<?xml version="1.0"?>\n<fontconfig><dir>${join(dir, 'fonts')}</dir><cachedir>${join(dir, 'cache')}</cachedir></fontconfig>\n`,
  );
  return file;
}

/** 이 기계에 한글 글꼴이 있는지 (fontconfig의 fc-list). fc-list가 없으면 undefined */
function systemHasKoreanFont(): boolean | undefined {
  try {
    return execFileSync('fc-list', [':lang=ko', 'family'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

async function main(): Promise<number> {
  const started = Date.now();
  if (!existsSync(join(BUILD_DIR, 'index.html'))) {
    console.error(`✘ ${BUILD_DIR}에 빌드된 사이트가 없습니다. 먼저 \`npm run site:build\`를 실행하세요.`);
    console.log('site: 0 passed, 1 failed');
    return 1;
  }
  if (!existsSync(CHROMIUM)) {
    console.error(
      `✘ ${josa(CHROMIUM, '이/가')} 없습니다. Debian/Ubuntu라면 \`apt-get install -y chromium\`으로 설치하세요.`,
    );
    console.log('site: 0 passed, 1 failed');
    return 1;
  }

  const { server, baseUrl } = await startServer();
  const browsers: Browser[] = [];
  const launch = async (env?: Record<string, string>) => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, ...(env ? { env } : {}) });
    browsers.push(browser);
    return browser;
  };
  // 사이트는 인터넷 없이 동작해야 합니다. 바깥으로 나가는 요청은 막고 실패로 셉니다.
  const external: string[] = [];
  const newContext = async (browser: Browser, phone: boolean) => {
    const context = await browser.newContext({
      locale: 'ko-KR',
      ...(phone
        ? { viewport: { width: 390, height: 844 }, isMobile: true }
        : { viewport: { width: 1280, height: 900 } }),
    });
    context.setDefaultTimeout(TIMEOUT_MS);
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(baseUrl)) return route.continue();
      external.push(url);
      return route.abort();
    });
    return context;
  };
  let pagesChecked = 0;
  try {
    const browser = await launch();
    const desktop = await newContext(browser, false);
    const phone = await newContext(browser, true);

    const routes = await builtRoutes();
    const readyChapters = chapters.filter((c) => c.status === 'ready');
    /** 장 목록의 강의: 주소 → h1 제목과 (장이면) 힌트 앵커 */
    const expected = new Map<string, { title: string; chapter?: Chapter }>([
      ...lessons.map((l) => [`/docs/${l.id}`, { title: l.title }] as const),
      ...readyChapters.map((c) => [`/docs/${lessonId(c)}`, { title: c.title, chapter: c }] as const),
    ]);
    for (const path of expected.keys()) {
      if (!routes.includes(path))
        report({ name: `${path}가 빌드되었습니다`, ok: false, detail: 'sitemap.xml에 없습니다' });
    }

    const surveys = new Map<string, Survey>();
    for (const route of routes) {
      const diagrams = await mermaidBlocks(await sourceOf(route));
      const lesson = expected.get(route);
      // 두 폭을 동시에 엽니다: 페이지마다 Chromium 렌더러 프로세스가 따로라 코어 둘을 함께 씁니다.
      const [wide, narrow] = await Promise.all([
        runCheck(desktop, `${route} (1280px)`, async (page) => {
          await goto(page, baseUrl, route);
          pagesChecked++;
          await waitForMermaid(page, diagrams);
          const found = await survey(page);
          surveys.set(normalizeRoute(route), found);
          if (lesson) {
            const h1 = await h1Texts(page);
            if (!h1.includes(lesson.title)) fail(`h1이 ${JSON.stringify(h1)}입니다 (기대: ${lesson.title})`);
            // 러너의 힌트가 가리키는 앵커(course/chapters.ts의 hints[].anchor)가 모두 있어야 합니다.
            for (const hint of Object.values(lesson.chapter?.hints ?? {})) {
              if (hint.anchor && !found.ids.includes(decodeURIComponent(hint.anchor.replace(/^#/, ''))))
                fail(`힌트 앵커 ${hint.anchor}에 해당하는 제목이 없습니다`);
            }
          }
          return checkLayout(found, 1280);
        }),
        runCheck(phone, `${route} (390px)`, async (page) => {
          await goto(page, baseUrl, route);
          pagesChecked++;
          await waitForMermaid(page, diagrams);
          return checkLayout(await survey(page), 390);
        }),
      ]);
      report(wide);
      report(narrow);
    }

    await check(desktop, '없는 주소는 404 페이지를 그립니다', async (page) => {
      await goto(page, baseUrl, '/docs/없는-페이지', 404);
      pagesChecked++;
      const h1 = await h1Texts(page);
      if (h1.length === 0) fail('404 페이지에 h1이 없습니다');
      return checkLayout(await survey(page), 1280);
    });

    const broken = brokenLinks(surveys, baseUrl);
    const linkCount = [...surveys.values()].reduce((sum, s) => sum + s.links.length, 0);
    report(
      broken.length === 0
        ? {
            name: `${surveys.size}개 페이지의 사이트 안 링크 ${linkCount}개가 모두 있는 페이지와 앵커를 가리킵니다`,
            ok: true,
          }
        : { name: '사이트 안 링크가 있는 페이지와 앵커를 가리킵니다', ok: false, detail: broken.join(', ') },
    );

    await check(desktop, '첫 화면(/)이 제목과 장 목록을 그립니다', async (page) => {
      await goto(page, baseUrl, '/');
      const h1 = await h1Texts(page);
      if (!h1.includes('카프카 직접 만들기')) fail(`h1이 ${JSON.stringify(h1)}입니다`);
      const rows = await page.locator('main table tbody tr').count();
      if (rows !== chapters.length) fail(`장 목록 표의 줄이 ${rows}개입니다 (기대: ${chapters.length})`);
      for (const path of expected.keys()) {
        if ((await page.locator(`a[href="${path}"]`).count()) === 0)
          fail(`${josa(path, '으로/로')} 가는 링크가 없습니다`);
      }
    });

    const firstChapter = readyChapters[0] ?? fail('준비된 장이 없습니다');
    await check(desktop, '사이드바가 course/chapters.ts의 장을 모두 보여 줍니다', async (page) => {
      await goto(page, baseUrl, `/docs/${lessonId(firstChapter)}`);
      const sidebar = ((await page.locator('nav.menu').first().textContent()) ?? '').replace(/\s+/g, ' ');
      for (const c of chapters) {
        const label = `${c.number}. ${c.title}${c.status === 'planned' ? ' (준비 중)' : ''}`;
        if (!sidebar.includes(label)) fail(`사이드바에 ${josa(`"${label}"`, '이/가')} 없습니다`);
      }
    });

    for (const [context, width] of [
      [desktop, 1280],
      [phone, 390],
    ] as const) {
      await check(context, `KRaft 선거 그림 (${width}px): 리더를 죽이면 더 높은 에포크의 새 리더`, (page) =>
        kraftDiagram(page, baseUrl, width),
      );
      await check(context, `파티션 로그 그림 (${width}px): 열린 트랜잭션이 LSO를 멈추고, 커밋과 lag`, (page) =>
        partitionLogDiagram(page, baseUrl, width),
      );
      await check(context, `ISR 그림 (${width}px): 셋을 쓰면 HW 3, 팔로워를 죽이면 ISR이 줄어듦`, (page) =>
        isrDiagram(page, baseUrl, width),
      );
    }

    for (const { term, slug } of SEARCH_CASES) {
      const chapter = chapters.find((c) => c.slug === slug) ?? fail(`장 ${slug}가 없습니다`);
      const target = `/docs/${lessonId(chapter)}`;
      await check(
        desktop,
        `검색창에 "${term}" 입력 → ${josa(target, '으로/로')} 가는 제안이 나옵니다`,
        async (page) => {
          await goto(page, baseUrl, '/');
          const input = page.locator('input.navbar__search-input');
          await input.click();
          await input.pressSequentially(term, { delay: 50 });
          const suggestion = page.locator('[role="option"]', { hasText: chapter.title }).first();
          await suggestion.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
          await suggestion.click();
          await page.waitForURL((url) => decodeURI(url.pathname) === target, { timeout: TIMEOUT_MS });
          await page.locator('h1', { hasText: chapter.title }).first().waitFor({ timeout: TIMEOUT_MS });
        },
      );
    }

    // 한글 글꼴: 이 기계의 글꼴로는 안내가 (한글 글꼴이 없을 때만) 뜨고, 글꼴이 하나도 없는 Chromium에서는 반드시 뜹니다.
    const hasKorean = systemHasKoreanFont();
    if (hasKorean !== undefined) {
      await check(
        desktop,
        `한글 글꼴이 ${hasKorean ? '있으니 글꼴 안내가 뜨지 않습니다' : '없으니 글꼴 안내가 뜹니다'}`,
        async (page) => {
          await goto(page, baseUrl, `/docs/${lessonId(firstChapter)}`);
          await page.evaluate('document.fonts.ready');
          const shown = await page.locator(FONT_NOTICE).isVisible();
          if (shown === hasKorean)
            fail(
              `fc-list :lang=ko는 한글 글꼴이 ${hasKorean ? '있다' : '없다'}는데 안내가 ${shown ? '떴습니다' : '안 떴습니다'}`,
            );
        },
      );
    }
    const fontless = await newContext(
      await launch({ ...process.env, FONTCONFIG_FILE: await noFontsConfig() } as Record<string, string>),
      true,
    );
    // 글꼴이 하나도 없으면 mermaid가 글자 폭을 잴 수 없어 오류를 내므로, 다이어그램이 없는 첫 화면으로 봅니다.
    await check(fontless, '한글 글꼴이 없는 기계(390px)에서 설치할 글꼴을 알려 줍니다', async (page) => {
      await goto(page, baseUrl, '/');
      const notice = page.locator(FONT_NOTICE);
      await notice.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
      const text = ((await notice.textContent()) ?? '').replace(/\s+/g, ' ');
      if (!text.includes('fonts-noto-cjk')) fail(`안내에 설치할 글꼴이 없습니다: ${text}`);
      return checkLayout(await survey(page), 390);
    });

    report(
      external.length === 0
        ? { name: '바깥 주소로 나간 요청이 없습니다', ok: true }
        : { name: '바깥 주소로 나간 요청이 없습니다', ok: false, detail: [...new Set(external)].join(', ') },
    );
  } catch (error) {
    report({ name: '사이트 확인을 끝까지 실행합니다', ok: false, detail: String(error) });
  } finally {
    for (const browser of browsers) await browser.close();
    server.close();
  }

  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`페이지 ${pagesChecked}번 열어 봄, ${((Date.now() - started) / 1000).toFixed(1)}초`);
  console.log(`site: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
