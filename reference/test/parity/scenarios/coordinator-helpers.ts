/**
 * 코디네이터가 옮겨 가는 시나리오(그룹·트랜잭션)가 함께 쓰는 것: 브로커 하나에 FindCoordinator를 묻기, 코디네이터를
 * 죽인 뒤 살아 있는 브로커가 새 코디네이터를 알려 줄 때까지 기다리기, 죽인 브로커에 붙어 보기.
 */
import { connect } from 'node:net';
import { ApiKey } from '../../../src/protocol/api-keys.js';
import { ErrorCode, errorName } from '../../../src/protocol/error-codes.js';
import type { RawClient } from '../../e2e/raw-client.js';
import { type ScenarioContext, splitHostPort } from '../context.js';

/** FindCoordinator의 keyType (CoordinatorType.GROUP, TRANSACTION) */
export const GROUP = 0;
export const TRANSACTION = 1;

export interface Coordinator {
  readonly nodeId: number;
  /** 브로커가 광고하는 `host:port` (부트스트랩 목록의 주소와 같습니다) */
  readonly address: string;
}

/**
 * 브로커 하나가 알려 주는 코디네이터 (FindCoordinator v3). 내부 토픽을 처음 만드는 동안이나 코디네이터 파티션에
 * 리더가 없는 동안(COORDINATOR_NOT_AVAILABLE)은 undefined입니다.
 */
export async function coordinatorVia(
  client: RawClient,
  key: string,
  keyType: number,
): Promise<Coordinator | undefined> {
  const r = await client.send<{ errorCode: number; nodeId: number; host: string; port: number }>(
    ApiKey.FindCoordinator,
    3,
    { key, keyType },
  );
  if (r.errorCode === ErrorCode.COORDINATOR_NOT_AVAILABLE) return undefined;
  if (r.errorCode !== ErrorCode.NONE) throw new Error(`FindCoordinator(${key}): ${errorName(r.errorCode)}`);
  return { nodeId: r.nodeId, address: `${r.host}:${r.port}` };
}

/** 부트스트랩 브로커가 알려 줄 때까지 기다린 코디네이터 */
export async function currentCoordinator(ctx: ScenarioContext, key: string, keyType: number): Promise<Coordinator> {
  const client = await ctx.raw();
  return ctx.waitFor(`${key}의 코디네이터`, () => coordinatorVia(client, key, keyType));
}

/** 부트스트랩 목록 가운데 `dead`를 뺀 주소들 */
export function survivors(ctx: ScenarioContext, dead: string): string[] {
  return ctx.bootstrap.split(',').filter((address) => address !== dead);
}

/**
 * 코디네이터를 죽인 뒤: 살아 있는 브로커 모두가 같은 새 코디네이터(죽인 노드가 아닌)를 알려 줄 때까지 기다립니다.
 * 컨트롤러가 죽은 브로커를 펜싱하며 코디네이터 파티션의 새 리더를 뽑고, 그 리더가 코디네이터가 됩니다.
 */
export async function movedCoordinator(
  ctx: ScenarioContext,
  old: Coordinator,
  key: string,
  keyType: number,
): Promise<Coordinator> {
  const clients = await Promise.all(survivors(ctx, old.address).map((address) => ctx.rawAt(address)));
  return ctx.waitFor(`${key}의 코디네이터가 노드 ${old.nodeId}에서 옮겨 감`, async () => {
    const answers = await Promise.all(clients.map((client) => coordinatorVia(client, key, keyType)));
    const [first] = answers;
    if (!first || first.nodeId === old.nodeId) return undefined;
    return answers.every((a) => a?.nodeId === first.nodeId) ? first : undefined;
  });
}

/**
 * 죽인 브로커에 붙어 봅니다: 연결이 거절되거나 곧바로 닫히면 `unreachable`, 1초 동안 열려 있으면 `open`.
 * (죽은 브로커에 보낸 요청에는 답이 오지 않으므로 요청 대신 연결만 봅니다. Docker의 포트 프록시는 연결을 받은 뒤 닫습니다.)
 */
export function connectionTo(address: string): Promise<'unreachable' | 'open'> {
  const [host, port] = splitHostPort(address);
  return new Promise((resolve) => {
    const socket = connect(port, host);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('open');
    }, 1000);
    const closed = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve('unreachable');
    };
    socket.once('error', closed);
    socket.once('close', closed);
  });
}
