/**
 * 12장 단위 테스트(랭킹): 창마다 상품별로 세기, 이미 센 클릭 거르기, 체인지로그에서 되살리기, 순위.
 * 테스트는 고치지 마세요.
 */
import { describe, expect, it } from 'vitest';
import { RankingState } from '../src/ranking.js';

const MINUTE = 60_000;
const T0 = 1_800_000_000_000; // 분의 경계

describe('12장 랭킹: 창마다 세기와 되살리기', () => {
  it('CountsPerWindow: 클릭은 시각이 드는 창의 [창, 상품] 수를 1 올리고, 바뀐 값과 그 클릭의 오프셋을 돌려줍니다', () => {
    const state = new RankingState(MINUTE);
    expect(state.apply('p1', T0 + 5, 0)).toEqual({ windowStart: T0, productId: 'p1', count: 1, lastOffset: 0 });
    expect(state.apply('p1', T0 + MINUTE - 1, 1), '창의 마지막 밀리초').toEqual({
      windowStart: T0,
      productId: 'p1',
      count: 2,
      lastOffset: 1,
    });
    expect(state.apply('p1', T0 + MINUTE, 2), '다음 창의 첫 밀리초').toEqual({
      windowStart: T0 + MINUTE,
      productId: 'p1',
      count: 1,
      lastOffset: 2,
    });
    expect(state.apply('p2', T0 + 10, 3)).toEqual({ windowStart: T0, productId: 'p2', count: 1, lastOffset: 3 });
    expect(state.size).toBe(3);
  });

  it('SkipsCountedClicks: 체인지로그에 쓰고 커밋하기 전에 죽어 같은 클릭이 다시 오면 세지 않습니다 (오프셋이 lastOffset 이하)', () => {
    const state = new RankingState(MINUTE);
    for (const offset of [0, 1, 2]) state.apply('p1', T0 + offset, offset);
    expect(state.apply('p1', T0 + 1, 1), '다시 온 클릭').toBeUndefined();
    expect(state.apply('p1', T0 + 2, 2), '다시 온 마지막 클릭').toBeUndefined();
    expect(state.apply('p1', T0 + 3, 3)?.count, '새 클릭').toBe(4);
    expect(state.top(T0, 1)[0]?.count).toBe(4);
  });

  it('RestoresFromChangelog: 체인지로그의 값을 되살리면(같은 키는 나중 값이 이김) 그 수에서 이어 세고, 이미 센 클릭은 거릅니다', () => {
    const state = new RankingState(MINUTE);
    state.restore({ windowStart: T0, productId: 'p1', count: 2, lastOffset: 4 });
    state.restore({ windowStart: T0, productId: 'p1', count: 5, lastOffset: 9 });
    state.restore({ windowStart: T0, productId: 'p2', count: 3, lastOffset: 7 });
    expect(state.size).toBe(2);
    expect(state.apply('p1', T0 + 1, 9), '되살린 값이 이미 센 클릭').toBeUndefined();
    expect(state.apply('p1', T0 + 1, 10)).toEqual({ windowStart: T0, productId: 'p1', count: 6, lastOffset: 10 });
    expect(state.apply('p2', T0 + 1, 8)?.count).toBe(4);
  });

  it('TopByCount: 상위 n개는 그 창의 값만, 수가 많은 순, 같으면 상품 ID 순입니다', () => {
    const state = new RankingState(MINUTE);
    let offset = 0;
    const click = (p: string, times: number, at = T0) => {
      for (let i = 0; i < times; i++) state.apply(p, at + i, offset++);
    };
    click('p3', 2);
    click('p1', 5);
    click('p2', 2);
    click('p4', 1);
    click('p9', 7, T0 + MINUTE);
    expect(state.top(T0, 3).map((c) => `${c.productId}:${c.count}`)).toEqual(['p1:5', 'p2:2', 'p3:2']);
    expect(state.top(T0, 10)).toHaveLength(4);
    expect(state.top(T0 + MINUTE, 3).map((c) => c.productId)).toEqual(['p9']);
    expect(state.top(T0 + 2 * MINUTE, 3)).toEqual([]);
    // 수가 모두 같으면 상품 ID 순입니다 (들어온 순서와 상관없이)
    for (const p of ['p8', 'p6', 'p7', 'p5']) click(p, 1, T0 + 3 * MINUTE);
    expect(state.top(T0 + 3 * MINUTE, 4).map((c) => c.productId)).toEqual(['p5', 'p6', 'p7', 'p8']);
    expect(state.windows()).toEqual([T0, T0 + MINUTE, T0 + 3 * MINUTE]);
  });
});
