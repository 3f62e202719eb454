# What moto.sh and azurite.sh share, sourced by them: a local server started
# in the background on a free loopback port, reachable once a URL answers,
# and stopped by its PID. State files: STATE/NAME.pid, NAME.port, NAME.log.

# free_port: a free loopback port.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# running STATE NAME: the server is up already.
running() {
  [ -f "$1/$2.pid" ] && kill -0 "$(cat "$1/$2.pid")" 2>/dev/null
}

# wait_ready STATE NAME PORT URL: writes NAME.port once URL answers (10 s at most).
wait_ready() {
  for _ in $(seq 1 100); do
    if curl -s -o /dev/null "$4"; then
      echo "$3" >"$1/$2.port"
      return 0
    fi
    sleep 0.1
  done
  echo "$2 did not start; its log:" >&2
  cat "$1/$2.log" >&2
  return 1
}

# stop_server STATE NAME: SIGTERM, then SIGKILL if it does not go within 5 s.
stop_server() {
  [ -f "$1/$2.pid" ] || return 0
  local pid
  pid=$(cat "$1/$2.pid")
  kill "$pid" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null
  rm -f "$1/$2.pid" "$1/$2.port"
}
