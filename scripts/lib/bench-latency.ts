/**
 * `npm run bench`의 produce 지연 시간: kcat(librdkafka) 안에서 잰 레코드 하나하나의 "보낸 때 → 전달 확인 받은 때".
 *
 * 왜 이 방법인가:
 * - kcat에는 librdkafka의 `statistics.interval.ms` JSON을 받을 stats 콜백이 없습니다. 있더라도 그 `rtt`는 Produce
 *   요청 하나의 왕복이고 `int_latency`는 레코드가 보내지기 전 큐에 있던 시간이라, 둘을 더한 분포의 p99는 어느 쪽
 *   p99로도 나오지 않습니다.
 * - kcat의 전달 확인 출력(`-v -v -v`)에는 시각이 없고, 그 콜백은 kcat의 주 스레드가 입력을 기다리며 멈춰 있는 동안
 *   불리지 않습니다 (입력이 올 때만 rd_kafka_poll). 그러면 입력 간격만큼 지연이 부풀려집니다.
 * - 그래서 librdkafka가 직접 남기는 두 시각을 씁니다. 레코드의 CreateTime은 rd_kafka_producev가 부를 때의
 *   벽시계(rd_uclock()/1000, ms)이고 로그에 그대로 저장되어 `kcat -C -f '%o %T'`로 읽힙니다. 배치의 전달 시각은
 *   `-d msg` 디버그 로그의 "MessageSet with N message(s) (MsgId M, …) delivered" 줄로, 브로커 스레드가 Produce
 *   응답을 처리하는 그 순간 rd_kafka_log_print가 같은 벽시계로 `%7|초.밀리초|MSGSET|…`를 찍습니다
 *   (librdkafka 2.0.2 `rd_kafka_msgbatch_handle_Produce_result`). 한 프로세스 안의 같은 시계라 두 시각을 빼도
 *   되고, 해상도는 1ms입니다. kcat 1.7.1은 표준 입력을 1KiB씩 fread로 읽지만, CreateTime은 읽은 뒤 producev에서
 *   찍히므로 입력이 기다린 시간은 지연에 들어가지 않습니다. Java 프로듀서의 `kafka-producer-perf-test`가 재는
 *   send() → 콜백과 같은 구간입니다 (linger.ms 포함).
 * - 배치의 MsgId는 멱등 프로듀서에서만 찍히므로(아니면 0) 배치의 레코드 수를 차례로 더해 오프셋을 매깁니다. 한 연결의
 *   Produce 요청은 보낸 순서대로 로그에 붙고 그 순서대로 답을 받으므로, 재시도가 없으면 k번째 배치는 앞선 배치들의
 *   레코드 수를 더한 오프셋부터입니다. 재시도나 오류("encountered error")가 보이거나 읽은 개수가 어긋나면 측정을
 *   버립니다. 멱등 프로듀서를 켜지 않는 것은 한 대짜리 측정(acks=1)과 같은 조건을 두기 위해서입니다.
 * - 부하는 포화가 아니라 정해 둔 속도로 줍니다. 포화에서 재면 레코드가 프로듀서 큐(queue.buffering.max.messages)에서
 *   기다린 시간이 지연을 채워, 브로커와 복제가 아니라 클라이언트 설정을 재게 됩니다.
 * - 알아 둘 것: 브로커는 한 연결의 요청을 하나씩 처리하므로(Kafka도 응답을 보낼 때까지 그 연결을 읽지 않습니다)
 *   acks=all 요청은 복제 한 바퀴를 기다린 뒤에야 다음 요청을 읽습니다. librdkafka는 linger.ms마다 요청을 보내고
 *   (max.in.flight 기본 1,000,000) 밀려도 배치를 키우지 않으므로, 한 바퀴가 linger.ms보다 길어지면(붐비는 기계)
 *   요청이 브로커 앞에 줄을 서고 지연이 부하와 상관없이 수백 ms로 뜁니다. 그 숫자도 그대로 보고합니다.
 */

/** `-d msg` 로그에서 전달을 확인받은 배치 하나 */
export interface DeliveredBatch {
  /** librdkafka가 로그를 찍은 벽시계 시각 (ms) */
  readonly deliveredMs: number;
  readonly count: number;
}

const MSGSET = /^%7\|(\d+)\.(\d{3})\|MSGSET\|/;
const DELIVERED = /\]: MessageSet with (\d+) message\(s\) \(MsgId \d+, BaseSeq -?\d+\) delivered$/;

/**
 * librdkafka 디버그 로그 한 줄: 배치의 전달 확인이면 그 배치, MSGSET과 상관없는 줄이면 null. MSGSET 줄인데 전달
 * 확인이 아니면(오류, 재시도) 오프셋을 매길 수 없으므로 던집니다.
 */
export function parseDelivered(line: string): DeliveredBatch | null {
  const stamp = MSGSET.exec(line);
  if (!stamp) return null;
  const delivered = DELIVERED.exec(line);
  if (!delivered) throw new Error(`전달 확인이 아닌 MSGSET 로그가 있어 지연을 잴 수 없습니다: ${line}`);
  return { deliveredMs: Number(stamp[1]) * 1000 + Number(stamp[2]), count: Number(delivered[1]) };
}

/**
 * 레코드마다의 지연(ms): 오프셋 o인 레코드의 전달 시각 − CreateTime. `batches`는 로그에 찍힌 순서이고,
 * `createTimes[o]`는 오프셋 o의 CreateTime입니다. 배치들의 레코드 수의 합이 읽은 레코드 수와 다르면 던집니다.
 */
export function recordLatencies(batches: readonly DeliveredBatch[], createTimes: readonly number[]): number[] {
  const delivered = batches.reduce((sum, batch) => sum + batch.count, 0);
  if (delivered !== createTimes.length) {
    throw new Error(`전달 확인은 ${delivered}개인데 로그에서 ${createTimes.length}개를 읽었습니다`);
  }
  const latencies: number[] = [];
  for (const batch of batches) {
    for (let i = 0; i < batch.count; i++) latencies.push(batch.deliveredMs - (createTimes[latencies.length] as number));
  }
  return latencies;
}

/** 최근접 순위(nearest-rank) 백분위수: 값의 p%가 이 값 이하입니다. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('값이 없습니다');
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}
