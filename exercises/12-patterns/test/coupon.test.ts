/**
 * 12장 단위 테스트(쿠폰): 재고를 파티션에 나누는 몫과, 파티션 하나의 장부가 내리는 판단.
 * 테스트는 고치지 마세요.
 */
import { describe, expect, it } from 'vitest';
import { CouponLedger, couponQuota } from '../src/coupon.js';

const request = (userId: string, requestId = `${userId}-r1`) => ({ userId, requestId });

describe('12장 쿠폰: 몫과 장부', () => {
  it('QuotaSumsToStock: 파티션마다의 몫을 모두 더하면 재고와 같고, 나머지는 앞 번호 파티션이 하나씩 더 가집니다', () => {
    expect([0, 1, 2].map((p) => couponQuota(30, 3, p))).toEqual([10, 10, 10]);
    expect([0, 1, 2].map((p) => couponQuota(32, 3, p))).toEqual([11, 11, 10]);
    expect([0, 1, 2, 3].map((p) => couponQuota(2, 4, p))).toEqual([1, 1, 0, 0]);
    for (let stock = 0; stock <= 40; stock++) {
      for (let partitions = 1; partitions <= 7; partitions++) {
        const quotas = Array.from({ length: partitions }, (_, p) => couponQuota(stock, partitions, p));
        expect(
          quotas.reduce((a, b) => a + b, 0),
          `재고 ${stock}, 파티션 ${partitions}: ${quotas}`,
        ).toBe(stock);
        expect(Math.max(...quotas) - Math.min(...quotas)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('OnePerUser: 같은 사용자의 두 번째 요청은 재시도든 새 요청이든 duplicate이고, 쿠폰 번호는 파티션 안에서 1부터 붙습니다', () => {
    const ledger = new CouponLedger(2, 10);
    expect(ledger.decide(request('u1'))).toEqual({
      kind: 'issued',
      coupon: { userId: 'u1', requestId: 'u1-r1', couponId: '2-1' },
    });
    expect(ledger.decide(request('u1')), '같은 요청의 재시도').toEqual({ kind: 'duplicate' });
    expect(ledger.decide(request('u1', 'u1-r2')), '같은 사용자의 새 요청').toEqual({ kind: 'duplicate' });
    expect(ledger.decide(request('u2'))).toEqual({
      kind: 'issued',
      coupon: { userId: 'u2', requestId: 'u2-r1', couponId: '2-2' },
    });
    expect(ledger.issuedCount).toBe(2);
  });

  it('NeverOverQuota: 몫을 다 쓰면 새 사용자는 sold-out이고, 이미 받은 사용자는 여전히 duplicate입니다', () => {
    const ledger = new CouponLedger(0, 2);
    expect(ledger.decide(request('a')).kind).toBe('issued');
    expect(ledger.decide(request('b')).kind).toBe('issued');
    expect(ledger.decide(request('c'))).toEqual({ kind: 'sold-out' });
    expect(ledger.decide(request('a'))).toEqual({ kind: 'duplicate' });
    expect(ledger.decide(request('d'))).toEqual({ kind: 'sold-out' });
    expect(ledger.issuedCount).toBe(2);
    expect(new CouponLedger(0, 0).decide(request('a')), '몫이 0인 파티션').toEqual({ kind: 'sold-out' });
  });

  it('RestoresFromIssued: 되살린 발급 기록의 사용자는 다시 받지 못하고, 되살린 만큼 몫이 줄고, 번호는 그 뒤부터 이어집니다', () => {
    const ledger = new CouponLedger(1, 3);
    ledger.restore({ userId: 'a', requestId: 'a-r1', couponId: '1-1' });
    ledger.restore({ userId: 'b', requestId: 'b-r1', couponId: '1-2' });
    expect(ledger.issuedCount).toBe(2);
    expect(ledger.decide(request('a')), '죽기 전에 받은 사용자의 재시도').toEqual({ kind: 'duplicate' });
    expect(ledger.decide(request('c'))).toEqual({
      kind: 'issued',
      coupon: { userId: 'c', requestId: 'c-r1', couponId: '1-3' },
    });
    expect(ledger.decide(request('d')), '몫 3 = 되살린 2 + 새로 1').toEqual({ kind: 'sold-out' });
  });
});
