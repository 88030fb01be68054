/**
 * 프로듀서 ID 나눠 주기 (Kafka: ProducerIdManager). 멱등 프로듀서는 처음에 InitProducerId로 클러스터에서 겹치지
 * 않는 ID를 받습니다. 브로커는 컨트롤러에게 ID를 한 묶음씩 받아 두고 하나씩 나눠 줍니다. 묶음은 메타데이터
 * 로그에 적히므로, 브로커가 다시 켜져도 이미 준 ID를 다시 주지 않습니다 (남은 묶음은 버립니다).
 */
export const PRODUCER_ID_BLOCK_SIZE = 1000;

export class ProducerIdManager {
  #next = 0;
  #end = 0;
  /** 묶음을 받는 중이면 그 약속: 동시에 온 요청들이 묶음을 두 번 받지 않게 합니다. */
  #refill: Promise<void> | null = null;

  constructor(
    private readonly allocateBlock: (count: number) => Promise<number>,
    private readonly blockSize = PRODUCER_ID_BLOCK_SIZE,
  ) {}

  async generate(): Promise<number> {
    while (this.#next >= this.#end) {
      this.#refill ??= this.allocateBlock(this.blockSize).then((first) => {
        this.#next = first;
        this.#end = first + this.blockSize;
        this.#refill = null;
      });
      await this.#refill;
    }
    return this.#next++;
  }
}
