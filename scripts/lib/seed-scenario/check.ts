/**
 * 시드 시나리오의 검사: 프로듀서가 보낸 것(성공 응답을 받았는지와 그 위치)과 그룹마다 받은 것의 기록만 보고 판정하는
 * 순수 함수입니다. 네트워크도 시계도 쓰지 않으므로, 일부러 망가뜨린 기록으로 검사가 잡는지를 단위 시험으로 확인합니다.
 *
 * 받아들이는 것은 "적어도 한 번(at-least-once)" 전달입니다. 컨슈머는 처리한 뒤에 오프셋을 커밋하므로, 리밸런스나
 * 코디네이터 이동 뒤에는 마지막 커밋부터 다시 읽습니다. 그래서 같은 메시지를 두 번 받는 것은 허용하지만, 그 모양이
 * 정해져 있습니다. 키 하나(= 파티션 하나 안의 순서)에 대해 그룹이 받은 차례를 보면:
 * - 새 메시지는 지금까지 받은 어떤 순번보다 커야 합니다. 순번 사이의 빈자리는 여기서 따지지 않습니다: 성공 응답을
 *   받은 메시지가 빠졌다면 나중에 오면 순서 뒤바뀜, 끝내 오지 않으면 잃음으로 잡힙니다 (응답을 못 받은 메시지는 로그에
 *   없을 수 있습니다).
 * - 다시 받는 것은 "되감기"로만: 이미 받은 메시지 하나로 돌아가(커밋된 오프셋), 처음 받았던 차례를 그대로 따라
 *   끝까지 온 뒤에야 새 메시지로 넘어갑니다. 되감기 도중의 되감기는 괜찮지만, 앞으로 건너뛰기는 안 됩니다.
 * 그 밖의 판정:
 * - 잃음: 성공 응답을 받은 메시지를 그룹이 끝내 받지 못했습니다.
 * - 유령: 보낸 적 없는 메시지를 받았습니다.
 * - 위치 어긋남: 같은 메시지가 성공 응답이 알려 준 위치(파티션·오프셋)와 다른 곳에서 왔습니다. 멱등 프로듀서의 재시도가
 *   로그에 두 번 쓰였거나, 브로커가 다른 오프셋을 알려 준 것입니다.
 */
import { josa } from '../../../reference/src/server/josa.js';

/** 프로듀서가 보낸 메시지 하나 */
export interface Sent {
  readonly key: string;
  /** 키마다 1부터 하나씩 느는 순번 */
  readonly seq: number;
  /** acks=all 성공 응답을 받았는지. 받지 못한 메시지는 로그에 있을 수도, 없을 수도 있습니다. */
  readonly acked: boolean;
  /** 성공 응답이 알려 준 위치 */
  readonly partition?: number;
  readonly offset?: number;
}

/** 컨슈머 하나가 받은 메시지 하나 (받은 차례대로 쌓습니다) */
export interface Delivery {
  readonly group: string;
  readonly consumer: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: string;
  readonly seq: number;
}

export type ViolationKind = 'lost' | 'phantom' | 'order' | 'position';

export interface Violation {
  readonly kind: ViolationKind;
  readonly group: string;
  readonly key: string;
  readonly seq: number;
  readonly detail: string;
}

export interface GroupTally {
  readonly group: string;
  /** 받은 횟수 (다시 받은 것 포함) */
  readonly deliveries: number;
  /** 서로 다른 메시지 수 */
  readonly distinct: number;
  /** 다시 받은 횟수 (deliveries − distinct) */
  readonly redelivered: number;
  /** 받은 메시지 가운데 성공 응답을 받은 것 */
  readonly ackedReceived: number;
}

export interface CheckResult {
  readonly acked: number;
  readonly unacked: number;
  readonly groups: readonly GroupTally[];
  readonly violations: readonly Violation[];
}

const id = (key: string, seq: number) => `${key}#${seq}`;

export function checkHistory(
  sent: readonly Sent[],
  deliveries: readonly Delivery[],
  groups: readonly string[],
): CheckResult {
  const byId = new Map(sent.map((s) => [id(s.key, s.seq), s]));
  const violations: Violation[] = [];

  // 위치: 성공 응답의 위치, 없으면 처음 받은 위치를 기준으로 모든 그룹의 모든 전달을 맞춰 봅니다.
  const positions = new Map<string, string>();
  for (const s of sent) {
    if (s.acked && s.partition !== undefined && s.offset !== undefined) {
      positions.set(id(s.key, s.seq), `${s.partition}:${s.offset}`);
    }
  }
  for (const d of deliveries) {
    const key = id(d.key, d.seq);
    if (!byId.has(key)) continue;
    const at = `${d.partition}:${d.offset}`;
    const expected = positions.get(key);
    if (expected === undefined) positions.set(key, at);
    else if (expected !== at) {
      violations.push({
        kind: 'position',
        group: d.group,
        key: d.key,
        seq: d.seq,
        detail: `${josa(d.consumer, '이/가')} 파티션 ${d.partition} 오프셋 ${d.offset}에서 받았지만, 그 메시지의 자리는 파티션 ${expected.replace(':', ' 오프셋 ')}입니다`,
      });
    }
  }

  const tallies = groups.map((group) => {
    const mine = deliveries.filter((d) => d.group === group);
    const seen = new Set<string>();
    const perKey = new Map<string, KeyOrder>();
    for (const d of mine) {
      const key = id(d.key, d.seq);
      const s = byId.get(key);
      if (!s) {
        violations.push({
          kind: 'phantom',
          group,
          key: d.key,
          seq: d.seq,
          detail: `${josa(d.consumer, '이/가')} 보낸 적 없는 메시지를 받았습니다 (파티션 ${d.partition} 오프셋 ${d.offset})`,
        });
        continue;
      }
      seen.add(key);
      const order = perKey.get(d.key) ?? new KeyOrder();
      perKey.set(d.key, order);
      const problem = order.accept(d.seq);
      if (problem)
        violations.push({ kind: 'order', group, key: d.key, seq: d.seq, detail: `${d.consumer}: ${problem}` });
    }
    for (const s of sent) {
      if (s.acked && !seen.has(id(s.key, s.seq))) {
        const where = s.partition === undefined ? '' : ` (파티션 ${s.partition} 오프셋 ${s.offset})`;
        violations.push({
          kind: 'lost',
          group,
          key: s.key,
          seq: s.seq,
          detail: `성공 응답을 받은 메시지를 받지 못했습니다${where}`,
        });
      }
    }
    const known = mine.filter((d) => byId.has(id(d.key, d.seq))).length;
    return {
      group,
      deliveries: mine.length,
      distinct: seen.size,
      redelivered: known - seen.size,
      ackedReceived: [...seen].filter((key) => byId.get(key)?.acked).length,
    };
  });

  const acked = sent.filter((s) => s.acked).length;
  return { acked, unacked: sent.length - acked, groups: tallies, violations };
}

/**
 * 키 하나에 대해 그룹이 받은 차례를 따라가는 상태: 처음 받은 차례(`first`, 순번이 늘어나는 차례)와, 지금 그 가운데
 * 어디를 다시 읽고 있는지(`at`). `at`이 끝이면 새 메시지를 받을 차례입니다.
 */
class KeyOrder {
  readonly #first: number[] = [];
  readonly #index = new Map<number, number>();
  #at = -1;

  /** 받아들일 수 있으면 null, 아니면 무엇이 어긋났는지 */
  accept(seq: number): string | null {
    const last = this.#first.length - 1;
    const seenAt = this.#index.get(seq);
    if (seenAt !== undefined) {
      // 이미 받은 메시지: 되감기(지금 자리나 그 앞) 또는 되감은 차례의 다음 메시지여야 합니다.
      const skipped = this.#first.slice(this.#at + 1, seenAt);
      this.#at = seenAt;
      return skipped.length === 0
        ? null
        : `다시 읽는 도중 순번 ${josa(skipped.join(', '), '을/를')} 건너뛰고 ${josa(seq, '을/를')} 받았습니다`;
    }
    const max = this.#first[last] ?? 0;
    if (seq < max)
      return `순번 ${josa(max, '을/를')} 받은 뒤에 처음 보는 ${josa(seq, '을/를')} 받았습니다 (순서가 뒤바뀜)`;
    const unfinished = this.#first.slice(this.#at + 1);
    this.#index.set(seq, this.#first.length);
    this.#first.push(seq);
    this.#at = this.#first.length - 1;
    return unfinished.length === 0
      ? null
      : `되감아 다시 읽던 순번 ${josa(unfinished.join(', '), '을/를')} 건너뛰고 새 순번 ${josa(seq, '을/를')} 받았습니다`;
  }
}
