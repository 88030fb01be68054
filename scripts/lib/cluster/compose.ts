/**
 * docker-compose.kraft.yml 읽기: `npm run cluster`가 띄울 노드들의 이름, 호스트 이름, 내보낸 포트와 환경 변수를 compose
 * 파일에서 그대로 가져옵니다 (앵커와 `<<:` 병합 키까지). 노드 ID, 역할, 리스너, 쿼럼 투표자와 `KAFKA_*` 설정을 여기에
 * 다시 적지 않으므로, compose 파일이 진짜 Kafka와 참조 브로커의 한 벌 설정으로 남습니다.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface ComposeService {
  /** 서비스 이름 (`kafka-1`). 로그의 머리말과 데이터 폴더 이름이 됩니다 */
  readonly service: string;
  /** 다른 노드가 이 노드를 부르는 이름 (`hostname`, 없으면 서비스 이름) */
  readonly hostname: string;
  /** 환경 변수 (값은 모두 문자열로) */
  readonly environment: Readonly<Record<string, string>>;
  /** 내보낸 포트: 컨테이너 포트 → 호스트 포트 (`ports: ["19092:19092"]`) */
  readonly published: ReadonlyMap<number, number>;
}

/**
 * compose 파일에 있지만 참조 브로커에는 뜻이 없는 `KAFKA_*` 변수와 그 까닭. `npm run cluster`는 이 변수를 노드에
 * 넘기지 않고, compose 키 시험(scripts/test/cluster-compose.test.ts)은 나머지가 모두 브로커 설정임을 확인합니다.
 */
export const IGNORED_COMPOSE_SETTINGS: Readonly<Record<string, string>> = {
  KAFKA_HEAP_OPTS: 'JVM의 힙 크기입니다. 참조 브로커는 Node 프로세스라 해당하지 않습니다',
};

/** compose 파일을 읽어 서비스들을 파일의 순서대로 돌려줍니다 */
export function readCompose(file: string): ComposeService[] {
  return parseCompose(readFileSync(file, 'utf8'));
}

export function parseCompose(text: string): ComposeService[] {
  // YAML 1.2에는 병합 키가 없어 `merge: true`로 켭니다 (compose도 `<<:`를 풀어 읽습니다).
  const doc = parse(text, { merge: true }) as { services?: Record<string, RawService> };
  const services = Object.entries(doc.services ?? {});
  if (services.length === 0) throw new Error('compose 파일에 services가 없습니다');
  return services.map(([service, raw]) => ({
    service,
    hostname: raw.hostname ?? service,
    environment: environmentOf(service, raw.environment),
    published: publishedPorts(service, raw.ports ?? []),
  }));
}

interface RawService {
  readonly hostname?: string;
  readonly environment?: Record<string, unknown> | string[];
  readonly ports?: (string | number)[];
}

/** `environment:`는 맵이나 `KEY=value` 목록입니다. 숫자나 불리언으로 읽힌 값도 문자열로 */
function environmentOf(service: string, raw: RawService['environment']): Record<string, string> {
  if (raw === undefined) return {};
  const entries = Array.isArray(raw)
    ? raw.map((line) => {
        const at = line.indexOf('=');
        return at < 0 ? [line, ''] : [line.slice(0, at), line.slice(at + 1)];
      })
    : Object.entries(raw);
  const env: Record<string, string> = {};
  for (const [key, value] of entries) {
    if (typeof key !== 'string' || value === null || typeof value === 'object') {
      throw new Error(`${service}: environment의 ${String(key)} 값을 문자열로 읽을 수 없습니다`);
    }
    env[key] = String(value);
  }
  return env;
}

/** `"19092:19092"`, `"127.0.0.1:19092:19092"`, `19092` → 컨테이너 포트 → 호스트 포트 */
function publishedPorts(service: string, ports: readonly (string | number)[]): Map<number, number> {
  const published = new Map<number, number>();
  for (const entry of ports) {
    const parts = String(entry)
      .replace(/\/tcp$/, '')
      .split(':');
    const container = Number(parts.at(-1));
    const host = parts.length >= 2 ? Number(parts.at(-2)) : container;
    if (!Number.isInteger(container) || !Number.isInteger(host)) {
      throw new Error(`${service}: ports의 "${entry}"를 읽을 수 없습니다 (호스트:컨테이너 포트 하나씩만)`);
    }
    published.set(container, host);
  }
  return published;
}
