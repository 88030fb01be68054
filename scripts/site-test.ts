/**
 * 빌드된 학습 사이트(docs/build)를 헤드리스 Chromium으로 열어 봅니다. `npm run site:test`
 *
 * 먼저 `npm run site:build`를 실행해 두어야 합니다. 이 스크립트는
 * 1. docs/build를 127.0.0.1의 빈 포트에서 작은 정적 서버로 띄우고,
 * 2. Debian의 chromium(/usr/bin/chromium)을 playwright-core로 띄워,
 * 3. 첫 화면, 장 목록(course/chapters.ts)의 모든 강의, mermaid 다이어그램, 한국어 검색을 확인합니다.
 *
 * 어느 페이지에서든 콘솔 오류, 잡히지 않은 예외(pageerror), 바깥 주소로 나가는 요청이 있으면 실패입니다.
 * 마지막 줄은 언제나 `site: N passed, M failed`이고, 실패가 하나라도 있으면 0이 아닌 코드로 끝납니다.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { type Chapter, chapters, lessonId, lessons } from '../course/chapters.js';
import { josa } from '../reference/src/server/josa.js';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const BUILD_DIR = join(ROOT, 'docs', 'build');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TIMEOUT_MS = 30_000;

/** 검색 확인에 쓰는 낱말과, 그 낱말로 찾아져야 하는 강의 (1장) */
const SEARCH_TERM = '오프셋';

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
      const type = CONTENT_TYPES[extname(file ?? '.html')] ?? 'application/octet-stream';
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

async function check(context: BrowserContext, name: string, body: (page: Page) => Promise<void>): Promise<void> {
  const page = await context.newPage();
  // 한 줄 보고에 맞게 여러 줄짜리 메시지(스택 등)는 첫 줄만 씁니다.
  const firstLine = (text: string) => text.split('\n')[0]?.trim() ?? '';
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`콘솔 오류: ${firstLine(message.text())}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${firstLine(error.message)}`));
  try {
    await body(page);
    if (problems.length > 0) fail('페이지에서 오류가 났습니다');
    report({ name, ok: true });
  } catch (error) {
    const detail = [firstLine(error instanceof Error ? error.message : String(error)), ...problems]
      .filter((line, i, all) => all.indexOf(line) === i)
      .join(' | ');
    report({ name, ok: false, detail });
  } finally {
    await page.close();
  }
}

function fail(message: string): never {
  throw new Error(message);
}

async function goto(page: Page, baseUrl: string, path: string): Promise<void> {
  const response = await page.goto(`${baseUrl}${encodeURI(path)}`, { waitUntil: 'load' });
  if (response?.status() !== 200) fail(`${path} 응답 ${response?.status() ?? '없음'}`);
  // Docusaurus가 하이드레이션을 마치면 <html>에 data-has-hydrated="true"를 붙입니다.
  await page.waitForSelector('html[data-has-hydrated="true"]', { timeout: TIMEOUT_MS });
}

async function h1Texts(page: Page): Promise<string[]> {
  return (await page.locator('h1').allInnerTexts()).map((text) => text.trim());
}

/** 강의 원본(docs/docs/<id>.md)에 든 mermaid 코드 블록의 수. 브라우저에서 그려져야 할 다이어그램 수입니다. */
async function mermaidBlocksInSource(id: string): Promise<number> {
  for (const ext of ['.md', '.mdx']) {
    const file = join(ROOT, 'docs', 'docs', `${id}${ext}`);
    if (existsSync(file)) return ((await readFile(file, 'utf8')).match(/^\s*```mermaid\b/gm) ?? []).length;
  }
  return fail(`docs/docs/${id}.md가 없습니다`);
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

async function main(): Promise<number> {
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
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    });
    const context = await browser.newContext({ locale: 'ko-KR', viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(TIMEOUT_MS);
    // 사이트는 인터넷 없이 동작해야 합니다. 바깥으로 나가는 요청은 막고 실패로 셉니다.
    const external: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(baseUrl)) return route.continue();
      external.push(url);
      return route.abort();
    });

    const readyChapters = chapters.filter((c) => c.status === 'ready');
    const pages: { id: string; title: string; chapter?: Chapter }[] = [
      ...lessons.map((l) => ({ id: l.id, title: l.title })),
      ...readyChapters.map((c) => ({ id: lessonId(c), title: c.title, chapter: c })),
    ];

    await check(context, '첫 화면(/)이 제목과 장 목록을 그립니다', async (page) => {
      await goto(page, baseUrl, '/');
      const h1 = await h1Texts(page);
      if (!h1.includes('카프카 직접 만들기')) fail(`h1이 ${JSON.stringify(h1)}입니다`);
      const rows = await page.locator('main table tbody tr').count();
      if (rows !== chapters.length) fail(`장 목록 표의 줄이 ${rows}개입니다 (기대: ${chapters.length})`);
      for (const { id } of pages) {
        if ((await page.locator(`a[href="/docs/${id}"]`).count()) === 0)
          fail(`${josa(`/docs/${id}`, '으로/로')} 가는 링크가 없습니다`);
      }
    });

    for (const { id, title, chapter } of pages) {
      await check(context, `/docs/${id}: h1 "${title}", mermaid 다이어그램, 힌트 앵커`, async (page) => {
        await goto(page, baseUrl, `/docs/${id}`);
        const h1 = await h1Texts(page);
        if (!h1.includes(title)) fail(`h1이 ${JSON.stringify(h1)}입니다`);
        await waitForMermaid(page, await mermaidBlocksInSource(id));
        // 러너의 힌트가 가리키는 앵커(course/chapters.ts의 hints[].anchor)가 모두 있어야 합니다.
        for (const hint of Object.values(chapter?.hints ?? {})) {
          if (!hint.anchor) continue;
          const anchorId = decodeURIComponent(hint.anchor.replace(/^#/, ''));
          const found = await page.locator(`[id=${JSON.stringify(anchorId)}]`).count();
          if (found === 0) fail(`힌트 앵커 ${hint.anchor}에 해당하는 제목이 없습니다`);
        }
      });
    }

    const firstChapter = readyChapters[0] ?? fail('준비된 장이 없습니다');
    const firstChapterPath = `/docs/${lessonId(firstChapter)}`;

    await check(context, `${firstChapterPath}의 mermaid 다이어그램이 SVG로 그려집니다`, async (page) => {
      const expected = await mermaidBlocksInSource(lessonId(firstChapter));
      if (expected === 0) fail('강의 원본에 mermaid 다이어그램이 없습니다');
      await goto(page, baseUrl, firstChapterPath);
      await waitForMermaid(page, expected);
      const box = await page.locator('.docusaurus-mermaid-container > svg').first().boundingBox();
      if (!box || box.width < 50 || box.height < 20) fail(`첫 다이어그램의 크기가 ${JSON.stringify(box)}입니다`);
    });

    await check(context, '사이드바가 course/chapters.ts의 장을 모두 보여 줍니다', async (page) => {
      await goto(page, baseUrl, firstChapterPath);
      const sidebar = ((await page.locator('nav.menu').first().textContent()) ?? '').replace(/\s+/g, ' ');
      for (const c of chapters) {
        const label = `${c.number}. ${c.title}${c.status === 'planned' ? ' (준비 중)' : ''}`;
        if (!sidebar.includes(label)) fail(`사이드바에 ${josa(`"${label}"`, '이/가')} 없습니다`);
      }
    });

    await check(
      context,
      `검색창에 "${SEARCH_TERM}" 입력 → ${josa(firstChapterPath, '으로/로')} 가는 제안이 나옵니다`,
      async (page) => {
        await goto(page, baseUrl, '/');
        const input = page.locator('input.navbar__search-input');
        await input.click();
        await input.pressSequentially(SEARCH_TERM, { delay: 50 });
        const suggestion = page.locator('[role="option"]', { hasText: firstChapter.title }).first();
        await suggestion.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
        await suggestion.click();
        await page.waitForURL((url) => decodeURI(url.pathname) === firstChapterPath, { timeout: TIMEOUT_MS });
        await page.locator('h1', { hasText: firstChapter.title }).first().waitFor({ timeout: TIMEOUT_MS });
      },
    );

    report(
      external.length === 0
        ? { name: '바깥 주소로 나간 요청이 없습니다', ok: true }
        : { name: '바깥 주소로 나간 요청이 없습니다', ok: false, detail: [...new Set(external)].join(', ') },
    );
  } catch (error) {
    report({ name: '사이트 확인을 끝까지 실행합니다', ok: false, detail: String(error) });
  } finally {
    await browser?.close();
    server.close();
  }

  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`site: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
