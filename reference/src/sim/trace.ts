/**
 * 시뮬레이션의 발자취: 사건을 하나씩 적는 대신 지문(FNV-1a 32비트 해시)만 이어 갑니다. 같은 씨앗이면 같은 사건이 같은
 * 순서로 일어나므로 지문도 같아야 합니다 (결정성 시험이 두 번 돌려 비교합니다).
 */
export class Trace {
  #hash = 0x811c9dc5;
  events = 0;

  /** 사건 하나 (시각과 그 사건을 가리키는 값들) */
  add(...parts: readonly (string | number | boolean)[]): void {
    this.events++;
    const text = parts.join('|');
    for (let i = 0; i < text.length; i++) {
      this.#hash ^= text.charCodeAt(i);
      this.#hash = Math.imul(this.#hash, 0x01000193) >>> 0;
    }
    this.#hash = Math.imul(this.#hash ^ 0x2f, 0x01000193) >>> 0;
  }

  /** 지금까지의 지문 (16진수 8자리) */
  get fingerprint(): string {
    return this.#hash.toString(16).padStart(8, '0');
  }
}
