/**
 * 드릴이 일정마다 토픽을 만드는 일(scripts/lib/drill/workload.ts의 createTopics). 100개 일정 가운데 하나가 바쁜 기계에서
 * "Request CreateTopics(key: 19, version: 3) timed out"으로 끝까지 가지 못했습니다 (씨앗 75): 컨트롤러는 커밋한 뒤에
 * 답하는데 그 사이 요청 시간 제한 4초가 지났고, kafkajs는 그 오류를 다시 보내지 않고 던집니다. 여기서는 그 kafkajs 오류를
 * 던지는 admin으로, 시간 제한이면 다시 보내고 그 밖의 오류나 횟수를 다 쓴 시간 제한은 그대로 던지는지 봅니다. 진짜
 * 클러스터에서의 토픽 만들기는 drill.test.ts가 봅니다.
 */
import { type Admin, KafkaJSError, KafkaJSRequestTimeoutError } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { createTopics } from '../lib/drill/workload.js';

/** kafkajs가 요청 시간 제한에 던지는 오류 */
const requestTimeout = () => new KafkaJSRequestTimeoutError('Request CreateTopics(key: 19, version: 3) timed out');

/** `answers`의 차례대로 답하는(오류면 던지는) admin과 받은 요청들 */
function scriptedAdmin(answers: ReadonlyArray<Error | boolean>) {
  const requests: unknown[] = [];
  const admin = {
    createTopics: async (request: unknown) => {
      requests.push(request);
      const answer = answers[requests.length - 1];
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as unknown as Admin;
  return { admin, requests };
}

describe('드릴의 토픽 만들기', () => {
  it('토픽마다 파티션 셋, 복제 계수 3, min.insync.replicas=2로 한 번에 만듭니다', async () => {
    const { admin, requests } = scriptedAdmin([true]);
    await createTopics(admin, ['a', 'b']);
    expect(requests).toEqual([
      {
        topics: ['a', 'b'].map((topic) => ({
          topic,
          numPartitions: 3,
          replicationFactor: 3,
          configEntries: [{ name: 'min.insync.replicas', value: '2' }],
        })),
        waitForLeaders: false,
      },
    ]);
  });

  it('요청 시간 제한이면 다시 보내고, 앞의 요청이 이미 만들었으면(kafkajs의 false) 그것으로 끝납니다', async () => {
    const { admin, requests } = scriptedAdmin([requestTimeout(), requestTimeout(), false]);
    await createTopics(admin, ['a', 'b']);
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((r) => JSON.stringify(r))).size).toBe(1);
  });

  it('시간 제한이 다섯 번이면 그 오류를 던집니다', async () => {
    const { admin, requests } = scriptedAdmin(Array.from({ length: 6 }, requestTimeout));
    await expect(createTopics(admin, ['a'])).rejects.toThrow('timed out');
    expect(requests).toHaveLength(5);
  });

  it('시간 제한이 아닌 오류(잘못된 설정 같은)는 다시 보내지 않고 던집니다', async () => {
    const { admin, requests } = scriptedAdmin([new KafkaJSError('Invalid config value', { retriable: false }), true]);
    await expect(createTopics(admin, ['a'])).rejects.toThrow('Invalid config value');
    expect(requests).toHaveLength(1);
  });
});
