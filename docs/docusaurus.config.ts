/**
 * 학습 사이트 설정. 저장소 루트에서 `npm start`(개발 서버)나 `npm run site:build`(정적 빌드)로 씁니다.
 *
 * - 언어는 한국어 하나(`ko`)입니다.
 * - 외부 서비스에 기대지 않습니다: 검색은 빌드 때 만든 로컬 색인(@easyops-cn/docusaurus-search-local),
 *   다이어그램은 브라우저에서 그리는 mermaid입니다. 인터넷 없이 빌드하고 볼 수 있어야 합니다.
 * - 사이드바는 `sidebars.ts`가 `course/chapters.ts`에서 만듭니다. 장 목록을 여기 적지 마세요.
 */

import type * as Preset from '@docusaurus/preset-classic';
import type { Config, Plugin } from '@docusaurus/types';
import { themes as prismThemes } from 'prism-react-renderer';

const config: Config = {
  title: '카프카 직접 만들기',
  tagline: 'TypeScript로 Kafka 호환 브로커를 한 장씩 만들며 Kafka의 속을 배웁니다',
  favicon: 'img/logo.svg',

  // 로컬에서만 띄우는 사이트입니다. 배포할 곳이 생기면 url/baseUrl만 바꾸면 됩니다.
  url: 'http://localhost',
  baseUrl: '/',

  // Docusaurus 3.10에서 `experimental_faster`는 `faster`로 이름이 바뀌었습니다.
  // `v4: true`는 v4 기본값(CSS cascade layers, mdx1 호환 끄기 등)을 미리 켭니다.
  future: {
    v4: true,
    faster: true,
  },

  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',

  i18n: {
    defaultLocale: 'ko',
    locales: ['ko'],
  },

  markdown: {
    mermaid: true,
    hooks: {
      onBrokenMarkdownLinks: 'throw',
      onBrokenMarkdownImages: 'throw',
    },
  },

  // mermaid 그림이 본문 폭에 맞춰 줄어도 글자가 12px 아래로 작아지지 않게 합니다 (src/mermaid-legibility.ts).
  // 한글 글꼴이 없는 기계에서는 설치할 글꼴을 페이지 맨 위에 알려 줍니다 (src/korean-font-notice.ts).
  clientModules: ['./src/mermaid-legibility.ts', './src/korean-font-notice.ts'],

  plugins: [
    // 저장소 루트의 package.json이 "type": "module"이라서 생기는 두 문제를 고칩니다.
    // 1. 번들러가 Docusaurus가 만든 `.docusaurus/registry.js`를 순수 ESM으로 읽어, 그 안의
    //    `require.resolveWeak(...)`를 번들러 런타임으로 바꾸지 않습니다 → 정적 생성이
    //    "require.resolveWeak is not a function"으로 멈춥니다. 생성된 파일은 'javascript/auto'로 읽게 합니다.
    // 2. 정적 생성 때 Node가 `build/__server/`의 CommonJS 청크를 require하는데, `.js`라서 ESM으로
    //    읽고 "exports is not defined"로 멈춥니다. 서버 번들의 청크만 `.cjs`로 내보냅니다.
    function typeModuleWorkarounds() {
      return {
        name: 'type-module-workarounds',
        configureWebpack(_config: unknown, isServer: boolean) {
          return {
            module: {
              rules: [{ test: /[\\/]\.docusaurus[\\/].*\.js$/, type: 'javascript/auto' }],
            },
            ...(isServer ? { output: { chunkFilename: 'assets/js/[name].[contenthash:8].cjs' } } : {}),
          };
        },
      };
    },
    // 그림(docs/src/components/)은 참조 브로커의 시뮬레이터(reference/src/sim/)를 브라우저에서 그대로 돌립니다. 그 코드가
    // 쓰는 Node 모듈을 브라우저용으로 바꿔 끼웁니다 (src/components/browser-shims/): 파티션 로그의 파일은 메모리 위로,
    // 네이티브 CRC-32C는 같은 값을 내는 JS로, 쓰지 않는 압축은 분명한 오류로. `Buffer`는 npm의 buffer 패키지에 base64url을 더한 것입니다.
    function browserSimulator(): Plugin {
      const shim = (file: string) => new URL(`./src/components/browser-shims/${file}`, import.meta.url).pathname;
      return {
        name: 'browser-simulator',
        configureWebpack(_config, _isServer, utils) {
          const { NormalModuleReplacementPlugin, ProvidePlugin } = utils.currentBundler.instance;
          // `node:` 주소는 별칭(alias)보다 먼저 막히므로 모듈 바꿔 끼우기로 돌립니다.
          const replacements: Record<string, string> = {
            'node:fs': 'memory-fs.ts',
            'node:path': 'path.ts',
            'node:os': 'os.ts',
            'node:assert/strict': 'assert.ts',
            'node:zlib': 'no-compression.ts',
            '@node-rs/crc32': 'crc32c.ts',
            snappy: 'no-compression.ts',
            'lz4-napi': 'no-compression.ts',
            '@bokuweb/zstd-wasm': 'no-compression.ts',
          };
          return {
            // reference/는 Node의 ESM 관례대로 `./x.js`로 `./x.ts`를 부릅니다.
            resolve: { extensionAlias: { '.js': ['.ts', '.js'] } },
            plugins: [
              ...Object.entries(replacements).map(
                ([request, file]) =>
                  new NormalModuleReplacementPlugin(
                    new RegExp(`^${request.replace(/[/.]/g, '\\$&')}$`),
                    (resource: { request: string }) => {
                      resource.request = shim(file);
                    },
                  ),
              ),
              new ProvidePlugin({ Buffer: [shim('buffer.ts'), 'Buffer'] }),
            ],
          };
        },
      };
    },
  ],

  themes: [
    '@docusaurus/theme-mermaid',
    [
      '@easyops-cn/docusaurus-search-local',
      {
        // 'ko'는 한글 단어를 지우지 않게(trimmer) 하고, 'en'은 코드와 영문 용어를 맡습니다.
        // 한국어 조사("오프셋을", "오프셋은")는 검색창이 붙이는 뒤쪽 와일드카드("오프셋*")로 찾습니다.
        language: ['en', 'ko'],
        hashed: true,
        indexBlog: false,
        indexPages: true,
        docsRouteBasePath: '/docs',
        highlightSearchTermsOnTargetPage: true,
        searchResultLimits: 8,
      },
    ],
  ],

  presets: [
    [
      'classic',
      {
        docs: {
          path: 'docs',
          routeBasePath: 'docs',
          sidebarPath: './sidebars.ts',
        },
        blog: false,
        theme: {
          customCss: './src/css/custom.css',
        },
      } satisfies Preset.Options,
    ],
  ],

  themeConfig: {
    colorMode: {
      respectPrefersColorScheme: true,
    },
    navbar: {
      title: '카프카 직접 만들기',
      logo: {
        alt: '카프카 직접 만들기',
        src: 'img/logo.svg',
      },
      items: [{ type: 'docSidebar', sidebarId: 'course', position: 'left', label: '강의' }],
    },
    footer: {
      style: 'dark',
      copyright: '카프카 직접 만들기 — Apache Kafka의 소스 코드를 기준으로 우리 말로 쓴 강의입니다.',
    },
    docs: {
      sidebar: { hideable: true },
    },
    tableOfContents: {
      minHeadingLevel: 2,
      maxHeadingLevel: 3,
    },
    prism: {
      theme: prismThemes.github,
      darkTheme: prismThemes.dracula,
      additionalLanguages: ['bash', 'properties'],
    },
    mermaid: {
      theme: { light: 'neutral', dark: 'dark' },
    },
  } satisfies Preset.ThemeConfig,
};

export default config;
