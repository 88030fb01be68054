#!/usr/bin/env bash
# 과정의 기준 구성(브로커 셋, 토픽 하나, 그룹 둘, 컨슈머 여섯)을 시험합니다: 토픽을 만들고, acks=all 멱등 프로듀서로
# 주문 메시지를 쓰고, 두 그룹의 컨슈머 여섯이 읽는 동안 파티션 리더 하나를 죽였다 살린 뒤, 성공 응답을 받은 메시지를
# 두 그룹이 모두 키마다 순서대로 받았는지 검사하고 표와 판정을 보여 줍니다 (scripts/seed-test.ts).
#
#   ./scripts/test.sh
#       참조 클러스터(npm run cluster, 127.0.0.1:19192,29192,39192)에 돌립니다. 떠 있지 않으면
#       `npm run cluster -- --detach`로 띄우고, 끝나면 `npm run cluster -- down`으로 멈춥니다.
#   BOOTSTRAP_SERVERS=127.0.0.1:19092,127.0.0.1:29092,127.0.0.1:39092 ./scripts/test.sh
#       docker compose -f docker-compose.kraft.yml up -d로 띄운 진짜 Kafka에 같은 시나리오를 돌립니다.
#   ./scripts/test.sh --messages 600
#       뒤의 인자는 그대로 seed-test에 넘깁니다 (--messages, --keys, --faults auto|cluster|compose|none).
#   CLUSTER_ARGS='--port-offset=5100 --data-dir /tmp/c' ./scripts/test.sh
#       참조 클러스터를 다른 포트와 폴더로 (npm run cluster의 인자). 띄우기, 멈추기, 노드 죽이기에 같은 인자를 씁니다.
#
# 필요한 것: bash(macOS의 3.2도 됩니다)와 이 저장소의 Node 도구(npm install). kcat이 있으면 끝에 메타데이터도 보여 줍니다.
# 판정이 실패면 1로 끝납니다.

set -eu

cd "$(dirname "$0")/.."

CLUSTER_ARGS="${CLUSTER_ARGS:-}"
export CLUSTER_ARGS
# BOOTSTRAP_SERVERS를 주지 않았으면 참조 클러스터(npm run cluster)가 대상입니다.
if [ -z "${BOOTSTRAP_SERVERS:-}" ]; then
  target=cluster
else
  target=address
fi

started_cluster=no

# host:port 하나가 TCP 연결을 받는지 (Node로 봅니다: bash의 /dev/tcp는 모든 bash에 있지는 않습니다)
answers() {
  node -e '
    const at = process.argv[1].lastIndexOf(":");
    const socket = require("node:net").connect(Number(process.argv[1].slice(at + 1)), process.argv[1].slice(0, at));
    socket.setTimeout(1000);
    socket.on("connect", () => process.exit(0));
    socket.on("error", () => process.exit(1));
    socket.on("timeout", () => process.exit(1));
  ' "$1"
}

# 쉼표로 이은 주소 가운데 하나라도 답하면 참
any_answers() {
  old_ifs=$IFS
  IFS=,
  for address in $1; do
    IFS=$old_ifs
    if answers "$address"; then
      return 0
    fi
  done
  IFS=$old_ifs
  return 1
}

# 끝날 때(trap EXIT) 부릅니다. shellcheck는 trap으로만 부르는 함수를 닿지 않는 코드로 봅니다.
# shellcheck disable=SC2317
stop_cluster() {
  if [ "$started_cluster" = yes ]; then
    started_cluster=no
    echo "띄웠던 참조 클러스터를 멈춥니다 (npm run cluster -- down)"
    # CLUSTER_ARGS는 일부러 낱말로 나눕니다 (인자 여러 개)
    # shellcheck disable=SC2086
    npm run --silent cluster -- down $CLUSTER_ARGS || echo "참조 클러스터를 멈추지 못했습니다: npm run cluster -- down 을 직접 실행해 주세요" >&2
  fi
}

trap stop_cluster EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$target" = cluster ]; then
  # 감독이 떠 있으면(앞에서든 뒤에서든) status가 0으로 끝납니다. 없으면 뒤에서 띄우고, 끝나면 멈춥니다.
  # shellcheck disable=SC2086
  if ! npm run --silent cluster -- status $CLUSTER_ARGS >/dev/null 2>&1; then
    echo "참조 클러스터가 떠 있지 않아 띄웁니다 (npm run cluster -- --detach $CLUSTER_ARGS)"
    started_cluster=yes
  fi
  # --detach는 이미 떠 있으면 준비되기만 기다립니다. 마지막 줄이 클라이언트가 붙을 주소입니다.
  # shellcheck disable=SC2086
  detached=$(npm run --silent cluster -- --detach $CLUSTER_ARGS)
  echo "$detached"
  BOOTSTRAP_SERVERS=$(printf '%s\n' "$detached" | tail -n 1)
  export BOOTSTRAP_SERVERS
  set -- --faults cluster ${1+"$@"}
elif ! any_answers "$BOOTSTRAP_SERVERS"; then
  echo "$BOOTSTRAP_SERVERS 의 어느 브로커도 답하지 않습니다." >&2
  echo "진짜 Kafka라면 먼저 docker compose -f docker-compose.kraft.yml up -d 로 띄워 주세요." >&2
  exit 2
fi

status=0
npx tsx scripts/seed-test.ts ${1+"$@"} || status=$?

if command -v kcat >/dev/null 2>&1; then
  echo
  echo "kcat이 본 토픽 orders의 메타데이터 (kcat -L):"
  kcat -L -b "$BOOTSTRAP_SERVERS" -t orders -m 10 || echo "kcat이 메타데이터를 받지 못했습니다" >&2
fi

exit "$status"
