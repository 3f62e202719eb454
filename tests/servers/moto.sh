#!/usr/bin/env bash
# Starts or stops the local moto server (S3, STS, instance metadata) for the
# tests: `moto.sh start STATE_DIR` picks a free loopback port, waits until the
# server answers, and writes STATE_DIR/moto.port and moto.pid; `moto.sh stop
# STATE_DIR` stops it by its PID.
set -u
cmd=$1
state=$2
mkdir -p "$state"
case $cmd in
start)
  if [ -f "$state/moto.pid" ] && kill -0 "$(cat "$state/moto.pid")" 2>/dev/null; then exit 0; fi
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  # Parts of 64 KiB (not 5 MiB) let the tests show multipart behaviour cheaply.
  S3_UPLOAD_PART_MIN_SIZE=${S3_UPLOAD_PART_MIN_SIZE:-65536} python3 -m moto.server -H 127.0.0.1 -p "$port" >"$state/moto.log" 2>&1 &
  echo $! >"$state/moto.pid"
  for _ in $(seq 1 100); do
    if curl -s -o /dev/null "http://127.0.0.1:$port/moto-api/"; then
      echo "$port" >"$state/moto.port"
      exit 0
    fi
    sleep 0.1
  done
  echo "moto did not start; its log:" >&2
  cat "$state/moto.log" >&2
  exit 1
  ;;
stop)
  if [ -f "$state/moto.pid" ]; then
    kill "$(cat "$state/moto.pid")" 2>/dev/null
    rm -f "$state/moto.pid" "$state/moto.port"
  fi
  ;;
esac
