#!/usr/bin/env bash
# Real-broker conformance suite: starts a private, loopback-only RabbitMQ node (Debian's rabbitmq-server,
# installed when missing), runs the delivery scenarios and the routing suite against it, stops it.
#
# Nothing here depends on /etc/rabbitmq: every file the node reads (env file, rabbitmq.conf, enabled plugins,
# Erlang cookie via HOME, data and logs) lives under test/rabbitmq/.run (gitignored), recreated on each run.
#
# Environment:
#   SEED=<n>                 replay a run (the suite prints the seed it used)
#   RMQ_SIM_AMQP_PORT        AMQP port          Default: 5672
#   RMQ_SIM_MGMT_PORT        management HTTP    Default: 15672
#   RMQ_SIM_DIST_PORT        Erlang distribution Default: 25672
#   RMQ_SIM_NODE             node name          Default: rmqsim@localhost
#   RMQ_SIM_RUN_DIR          node files (wiped) Default: test/rabbitmq/.run
#   RMQ_SIM_KEEP_BROKER=1    leave the node running after the suite (for debugging)
#   RMQ_SIM_SUITE_ARGS       extra arguments for the routing suite (e.g. "--topologies 5")
#   RMQ_SIM_SKIP_DELIVERY=1  skip the delivery scenarios
# Exit: 0 all probes agree; 1 a probe disagrees; 2 the broker could not be installed or started.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
RUN="${RMQ_SIM_RUN_DIR:-$HERE/.run}"
AMQP_PORT="${RMQ_SIM_AMQP_PORT:-5672}"
MGMT_PORT="${RMQ_SIM_MGMT_PORT:-15672}"
DIST_PORT="${RMQ_SIM_DIST_PORT:-25672}"
NODE="${RMQ_SIM_NODE:-rmqsim@localhost}"
START_TIMEOUT=180

log() { printf '[test:rabbitmq] %s\n' "$*" >&2; }
die() { log "FATAL: $*"; exit 2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else die "need root (or sudo) to run: $*"
  fi
}

# --- 1. install Debian's rabbitmq-server when missing ------------------------------------------------------
RMQ_SBIN=/usr/lib/rabbitmq/bin
if [ ! -x "$RMQ_SBIN/rabbitmq-server" ]; then
  log "rabbitmq-server not installed: installing Debian's package"
  # The package's postinst would start a system-wide node (invoke-rc.d / systemd) on all interfaces:
  # forbid service starts during the install with a temporary policy-rc.d (respected by both).
  created_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    as_root sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d'
    created_policy=1
  fi
  as_root apt-get update -q || die "apt-get update failed"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q rabbitmq-server || die "apt-get install rabbitmq-server failed"
  if [ "$created_policy" = 1 ]; then as_root rm -f /usr/sbin/policy-rc.d; fi
  # Belt and braces: if a service started anyway, stop it (it would hold 5672 on every interface).
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet rabbitmq-server 2>/dev/null; then
    as_root systemctl stop rabbitmq-server || true
  fi
  # The package enables the system-wide node (and epmd) at boot: this suite only wanted the binaries, so leave
  # nothing enabled. `systemctl disable` edits the unit links even where systemd is not running; update-rc.d does
  # the same for the SysV scripts.
  if command -v systemctl >/dev/null 2>&1; then
    as_root systemctl disable --quiet rabbitmq-server.service epmd.service epmd.socket >/dev/null 2>&1 || true
  fi
  if command -v update-rc.d >/dev/null 2>&1; then as_root update-rc.d rabbitmq-server disable >/dev/null 2>&1 || true; fi
  log "installed rabbitmq-server; its system service is stopped and disabled at boot"
  [ -x "$RMQ_SBIN/rabbitmq-server" ] || die "rabbitmq-server still missing after apt-get install"
fi

# --- 2. private configuration, loopback only ----------------------------------------------------------------
# Ports first: a node still running from an earlier run (RMQ_SIM_KEEP_BROKER=1) keeps its files in $RUN.
for port in "$AMQP_PORT" "$MGMT_PORT" "$DIST_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port on 127.0.0.1 is already in use (another broker?); set RMQ_SIM_*_PORT"
  fi
done
rm -rf "$RUN"
mkdir -p "$RUN/home" "$RUN/mnesia" "$RUN/log"
# A private Erlang cookie (rabbitmqctl and the node both read $HOME/.erlang.cookie).
( umask 077; head -c 30 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$RUN/home/.erlang.cookie" )
chmod 400 "$RUN/home/.erlang.cookie"

cat > "$RUN/rabbitmq.conf" <<EOF
listeners.tcp.default = 127.0.0.1:$AMQP_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $MGMT_PORT
loopback_users.guest = true
disk_free_limit.absolute = 50MB
log.console = false
log.file.level = warning
EOF
echo '[rabbitmq_management].' > "$RUN/enabled_plugins"
# Our own env file, so /etc/rabbitmq/rabbitmq-env.conf is never sourced.
: > "$RUN/rabbitmq-env.conf"

DIST_ARGS='-kernel inet_dist_use_interface {127,0,0,1}'
export HOME="$RUN/home"
export RABBITMQ_CONF_ENV_FILE="$RUN/rabbitmq-env.conf"
export RABBITMQ_CONFIG_FILE="$RUN/rabbitmq.conf"
export RABBITMQ_ADVANCED_CONFIG_FILE="$RUN/advanced.config"
export RABBITMQ_ENABLED_PLUGINS_FILE="$RUN/enabled_plugins"
export RABBITMQ_MNESIA_BASE="$RUN/mnesia"
export RABBITMQ_LOG_BASE="$RUN/log"
export RABBITMQ_PID_FILE="$RUN/rabbit.pid"
export RABBITMQ_NODENAME="$NODE"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT="$AMQP_PORT"
export RABBITMQ_DIST_PORT="$DIST_PORT"
export ERL_EPMD_ADDRESS=127.0.0.1
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="$DIST_ARGS"
export RABBITMQ_CTL_ERL_ARGS="$DIST_ARGS"

ctl() { "$RMQ_SBIN/rabbitmqctl" -n "$NODE" "$@"; }

# --- 3. start the node, stop it on exit ---------------------------------------------------------------------
epmd_was_running=0
if epmd -names >/dev/null 2>&1; then epmd_was_running=1; fi

server_pid=""
cleanup() {
  local rc=$?
  if [ -n "$server_pid" ] && [ "${RMQ_SIM_KEEP_BROKER:-0}" != 1 ]; then
    log "stopping the broker"
    ctl stop "$RABBITMQ_PID_FILE" >/dev/null 2>&1 || true
    if kill -0 "$server_pid" 2>/dev/null; then
      sleep 2
      kill -- "-$server_pid" 2>/dev/null || kill "$server_pid" 2>/dev/null || true
    fi
    if [ "$epmd_was_running" = 0 ]; then epmd -kill >/dev/null 2>&1 || true; fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "starting RabbitMQ node $NODE on 127.0.0.1:$AMQP_PORT (data in $RUN)"
started=$(date +%s)
# setsid: the node gets its own process group, so cleanup can end it and its children by group id.
setsid "$RMQ_SBIN/rabbitmq-server" > "$RUN/log/server.stdout" 2>&1 < /dev/null &
server_pid=$!

# `rabbitmqctl wait` waits for the pid file, then for the rabbit application to boot.
ctl wait "$RABBITMQ_PID_FILE" --timeout "$START_TIMEOUT" > "$RUN/log/wait.out" 2>&1 &
wait_pid=$!
while kill -0 "$wait_pid" 2>/dev/null; do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    kill "$wait_pid" 2>/dev/null || true
    log "the broker process exited during startup; its output:"
    tail -n 40 "$RUN/log/server.stdout" >&2 || true
    server_pid=""
    exit 2
  fi
  if [ $(( $(date +%s) - started )) -gt $((START_TIMEOUT + 10)) ]; then
    kill "$wait_pid" 2>/dev/null || true
    die "the broker did not start within ${START_TIMEOUT}s"
  fi
  sleep 0.5
done
if ! wait "$wait_pid"; then
  cat "$RUN/log/wait.out" >&2 || true
  tail -n 40 "$RUN/log/server.stdout" >&2 || true
  die "the broker did not start (rabbitmqctl wait failed)"
fi
# The management listener comes up with the plugin; give it a few seconds at most.
for _ in $(seq 1 60); do
  if curl -fsS -u guest:guest "http://127.0.0.1:$MGMT_PORT/api/overview" >/dev/null 2>&1; then break; fi
  sleep 0.5
done
curl -fsS -u guest:guest "http://127.0.0.1:$MGMT_PORT/api/overview" >/dev/null || die "management API not reachable"
log "broker up in $(( $(date +%s) - started ))s"
if command -v ss >/dev/null 2>&1; then
  # The sockets of this node's processes (its session: setsid made server_pid the session id), and of epmd
  # when this run started it. An epmd that was already running belongs to the machine: reported, not judged.
  own_pids=$(pgrep -s "$server_pid" | paste -sd'|' -)
  pattern="pid=(${own_pids:-0}),"
  [ "$epmd_was_running" = 0 ] && pattern="$pattern|\"epmd\""
  sockets=$(ss -ltnpH 2>/dev/null | grep -E "$pattern" | awk '{print $4}' | sort -u || true)
  log "listening: $(echo "$sockets" | paste -sd' ' -)"
  if [ -z "$sockets" ]; then
    log "warning: could not list the node's sockets (ss without process info?)"
  elif echo "$sockets" | grep -vqE '^(127\.0\.0\.1|\[::1\]):'; then
    die "the broker listens on a non-loopback address"
  fi
  if [ "$epmd_was_running" = 1 ]; then
    log "note: epmd was already running before this run: $(ss -ltnpH 2>/dev/null | grep '"epmd"' | awk '{print $4}' | paste -sd' ' -)"
  fi
fi

# --- 4. the suite -------------------------------------------------------------------------------------------
cd "$ROOT"
export RMQ_SIM_AMQP_URL="amqp://guest:guest@127.0.0.1:$AMQP_PORT"
export RMQ_SIM_MGMT_URL="http://127.0.0.1:$MGMT_PORT"
TSX="$ROOT/node_modules/.bin/tsx"
# One seed for both suites, so `SEED=<n> npm run test:rabbitmq` replays the whole run.
export SEED="${SEED:-$(( (RANDOM << 15 | RANDOM) ))}"
log "seed $SEED (replay: SEED=$SEED npm run test:rabbitmq)"
set +e
# Delivery scenarios first (issue #4), then routing, whose `N passed, M failed` is the last line.
if [ "${RMQ_SIM_SKIP_DELIVERY:-0}" != 1 ]; then
  "$TSX" test/rabbitmq/delivery-conformance.ts
  delivery_rc=$?
else
  delivery_rc=0
fi
"$TSX" test/rabbitmq/exports-conformance.ts; exports_rc=$?
"$TSX" test/rabbitmq/export-conformance.ts; export_rc=$?  # rmq-sim export -> import -> routing, pull (issue #10)
"$TSX" test/rabbitmq/redeclare-conformance.ts; redeclare_rc=$?   # rmq-sim diff's refused redeclares (issue #11)
# shellcheck disable=SC2086
"$TSX" test/rabbitmq/routing-conformance.ts ${RMQ_SIM_SUITE_ARGS:-}
routing_rc=$?
set -e
for rc in "$delivery_rc" "$exports_rc" "$export_rc" "$redeclare_rc" "$routing_rc"; do
  if [ "$rc" -eq 2 ]; then log "a suite could not run (exit 2)"; exit 2; fi
done
if [ "$delivery_rc" -ne 0 ] || [ "$exports_rc" -ne 0 ] || [ "$export_rc" -ne 0 ] || [ "$redeclare_rc" -ne 0 ] || [ "$routing_rc" -ne 0 ]; then
  log "conformance failures: delivery exit $delivery_rc, exports exit $exports_rc, export exit $export_rc, redeclare exit $redeclare_rc, routing exit $routing_rc"
  exit 1
fi
log "done in $(( $(date +%s) - started ))s"
