/**
 * 잠금 파일(package-lock.json) 점검: 네이티브 바이너리를 선택 패키지(optionalDependencies)로 나눠 싣는 패키지
 * (biome, esbuild, @swc/core, snappy …)마다, 학습자가 주로 쓰는 네 플랫폼의 항목이 잠금 파일에 있어야 합니다.
 * 하나라도 빠지면 그 플랫폼에서 `npm ci`가 "package.json과 맞지 않는다"며 거부하고, `npm install`은 잠금 파일을
 * 고쳐 써서 학습자의 저장소가 시작부터 더러워집니다. 잠금 파일은 node_modules가 없는 트리에서 다시 만들면
 * 모든 플랫폼의 항목이 들어갑니다.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

interface LockEntry {
  readonly version?: string;
  readonly os?: readonly string[];
  readonly cpu?: readonly string[];
  readonly optionalDependencies?: Readonly<Record<string, string>>;
}

const root = path.resolve(import.meta.dirname, '../..');
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Readonly<Record<string, LockEntry>>;
};
const packages = lock.packages;

/** 학습자의 노트북과 CI: macOS(Apple Silicon, Intel), Linux, Windows */
const platforms = [
  { os: 'darwin', cpu: 'arm64' },
  { os: 'darwin', cpu: 'x64' },
  { os: 'linux', cpu: 'x64' },
  { os: 'win32', cpu: 'x64' },
] as const;

const platformName = /(darwin|linux|win32|android|freebsd|openbsd|sunos|aix|netbsd)/;

/** npm이 `from` 위치에서 `name`을 찾는 순서대로: 자기 node_modules부터 위로 */
function resolveEntry(from: string, name: string): LockEntry | undefined {
  let dir = from;
  for (;;) {
    const entry = packages[`${dir === '' ? '' : `${dir}/`}node_modules/${name}`];
    if (entry) return entry;
    if (dir === '') return undefined;
    const up = dir.lastIndexOf('/node_modules/');
    dir = up < 0 ? '' : dir.slice(0, up);
  }
}

const nativePackages = Object.entries(packages).flatMap(([location, entry]) => {
  const optional = Object.keys(entry.optionalDependencies ?? {});
  const platformSpecific = optional.filter(
    (name) => platformName.test(name) || resolveEntry(location, name)?.os !== undefined,
  );
  return platformSpecific.length > 0 ? [{ location, platformSpecific }] : [];
});

describe('package-lock.json', () => {
  it('네이티브 선택 패키지를 싣는 패키지를 찾습니다 (biome, esbuild, @swc/core가 그 예입니다)', () => {
    const names = nativePackages.map((p) => p.location);
    expect(names).toContain('node_modules/@biomejs/biome');
    expect(names).toContain('node_modules/esbuild');
    expect(names).toContain('node_modules/@swc/core');
  });

  it('패키지가 이름을 댄 선택 패키지는 모두 잠금 파일에 있습니다 (npm ci의 "Missing: … from lock file")', () => {
    const missing = Object.entries(packages).flatMap(([location, entry]) =>
      Object.keys(entry.optionalDependencies ?? {})
        .filter((name) => resolveEntry(location, name) === undefined)
        .map((name) => `${location} → ${name}`),
    );
    expect(missing, 'node_modules 없이 npm install로 잠금 파일을 다시 만드세요').toEqual([]);
  });

  it.each(nativePackages)(
    '$location: 바이너리를 싣는 운영체제마다 darwin-arm64, darwin-x64, linux-x64, win32-x64 항목이 있습니다',
    ({ location, platformSpecific }) => {
      const entries = platformSpecific.map((name) => resolveEntry(location, name)).filter((e) => e !== undefined);
      // fsevents처럼 한 운영체제 전용인 패키지는 그 운영체제만 봅니다.
      // 잠금 파일에 빠진 패키지는 os 항목이 없으니 이름(`…-darwin-arm64`)으로도 셉니다.
      const shipped = new Set([
        ...entries.flatMap((e) => e.os ?? []),
        ...platformSpecific.flatMap((name) => platformName.exec(name)?.[1] ?? []),
      ]);
      const missing = platforms.filter(
        ({ os, cpu }) =>
          shipped.has(os) && !entries.some((e) => e.os?.includes(os) && (e.cpu === undefined || e.cpu.includes(cpu))),
      );
      expect(
        missing.map(({ os, cpu }) => `${os}-${cpu}`),
        `${location}의 선택 패키지가 잠금 파일에 없습니다. node_modules 없이 npm install로 잠금 파일을 다시 만드세요`,
      ).toEqual([]);
    },
  );
});
