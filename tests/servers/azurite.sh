#!/usr/bin/env bash
# Starts or stops the local Azurite blob server for the tests, like moto.sh:
# `azurite.sh start STATE_DIR` picks a free loopback port, waits until it
# answers, writes STATE_DIR/azurite.port and azurite.pid; `stop` stops it
# (a busy Azurite can take its time over SIGTERM: then it is killed).
set -u
cmd=$1
state=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$state"
. "$(dirname "$0")/server.sh"
case $cmd in
start)
  running "$state" azurite && exit 0
  main="$root/node_modules/azurite/dist/src/blob/main.js"
  if [ ! -f "$main" ]; then
    echo "azurite is not installed: run scripts/setup.sh" >&2
    exit 1
  fi
  port=$(free_port)
  (cd "$state" && exec node "$main" --blobHost 127.0.0.1 --blobPort "$port" --inMemoryPersistence --disableTelemetry \
    --loose --skipApiVersionCheck) >"$state/azurite.log" 2>&1 &
  echo $! >"$state/azurite.pid"
  wait_ready "$state" azurite "$port" "http://127.0.0.1:$port/devstoreaccount1?comp=list"
  ;;
stop)
  stop_server "$state" azurite
  ;;
esac
