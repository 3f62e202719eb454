#!/usr/bin/env bash
# Starts or stops the local moto server (S3, STS, instance metadata) for the
# tests: `moto.sh start STATE_DIR` picks a free loopback port, waits until the
# server answers, and writes STATE_DIR/moto.port and moto.pid; `moto.sh stop
# STATE_DIR` stops it.
set -u
cmd=$1
state=$2
mkdir -p "$state"
. "$(dirname "$0")/server.sh"
case $cmd in
start)
  running "$state" moto && exit 0
  port=$(free_port)
  # Parts of 64 KiB (not 5 MiB) let the tests show multipart behaviour cheaply.
  S3_UPLOAD_PART_MIN_SIZE=${S3_UPLOAD_PART_MIN_SIZE:-65536} python3 -m moto.server -H 127.0.0.1 -p "$port" >"$state/moto.log" 2>&1 &
  echo $! >"$state/moto.pid"
  wait_ready "$state" moto "$port" "http://127.0.0.1:$port/moto-api/"
  ;;
stop)
  stop_server "$state" moto
  ;;
esac
