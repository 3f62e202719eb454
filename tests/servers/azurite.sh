#!/usr/bin/env bash
# Starts or stops the local Azurite blob server for the tests, like moto.sh:
# `azurite.sh start STATE_DIR` picks a free loopback port, waits until it
# answers, writes STATE_DIR/azurite.port and azurite.pid; `stop` kills it.
set -u
cmd=$1
state=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$state"
case $cmd in
start)
  if [ -f "$state/azurite.pid" ] && kill -0 "$(cat "$state/azurite.pid")" 2>/dev/null; then exit 0; fi
  main="$root/node_modules/azurite/dist/src/blob/main.js"
  if [ ! -f "$main" ]; then
    echo "azurite is not installed: run scripts/setup.sh" >&2
    exit 1
  fi
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  (cd "$state" && exec node "$main" --blobHost 127.0.0.1 --blobPort "$port" --inMemoryPersistence --disableTelemetry \
    --loose --skipApiVersionCheck) >"$state/azurite.log" 2>&1 &
  echo $! >"$state/azurite.pid"
  for _ in $(seq 1 100); do
    if curl -s -o /dev/null "http://127.0.0.1:$port/devstoreaccount1?comp=list"; then
      echo "$port" >"$state/azurite.port"
      exit 0
    fi
    sleep 0.1
  done
  echo "azurite did not start; its log:" >&2
  cat "$state/azurite.log" >&2
  exit 1
  ;;
stop)
  if [ -f "$state/azurite.pid" ]; then
    pid=$(cat "$state/azurite.pid")
    kill "$pid" 2>/dev/null
    # A busy Azurite can take its time over SIGTERM; do not leave it behind.
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
    rm -f "$state/azurite.pid" "$state/azurite.port"
  fi
  ;;
esac
