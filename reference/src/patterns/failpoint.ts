/**
 * 실패 지점(Failpoint): 프로세스가 "가장 나쁜 순간"에 죽는 일을 재현하는 장치입니다 (etcd의 gofail과 같은 생각).
 *
 * 12장의 앱은 위험한 두 걸음 사이(예: DB 커밋 뒤 · 발행 전)마다 `failpoint('이름')`을 부릅니다. 평소에는 아무 일도 하지
 * 않습니다. 환경 변수 `PATTERNS_CRASH_AT=이름`(또는 `이름#N`: N번째로 지날 때)이 그 이름을 가리키면, 프로세스는 그
 * 자리에서 자기 자신에게 SIGKILL을 보냅니다. `kill -9`와 같습니다: finally도, 종료 처리기도, 버퍼 비우기도 없습니다.
 * 시험은 이렇게 죽은 프로세스 대신 새 프로세스를 띄우고, 불변식(쿠폰은 사용자마다 하나, 이벤트는 빠짐도 겹침도 없이)을 봅니다.
 */

const passes = new Map<string, number>();

export function failpoint(name: string, env: NodeJS.ProcessEnv = process.env): void {
  const spec = env.PATTERNS_CRASH_AT;
  if (!spec) return;
  const [target, nth = '1'] = spec.split('#');
  if (target !== name) return;
  const count = (passes.get(name) ?? 0) + 1;
  passes.set(name, count);
  if (count !== Number(nth)) return;
  // 표준 오류는 버퍼 없이 바로 쓰이므로, 시험이 "어디서 죽었는지"를 읽을 수 있습니다.
  process.stderr.write(`failpoint ${name}#${count}: SIGKILL\n`);
  process.kill(process.pid, 'SIGKILL');
}
