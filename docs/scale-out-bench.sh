#!/usr/bin/env bash
# One node bbolt vs one node PostgreSQL vs two nodes PostgreSQL, same load.
# AMTSBOTE_BINS names one binary or several (before and after a change,
# e.g. "./amtsbote-main ./amtsbote"): each configuration runs with each in
# turn, so that all see the same load on a shared machine. Output files
# are r<round>-<n>-<setup>.txt, n the binary's place in AMTSBOTE_BINS.
set -u
BINS=()
for b in ${AMTSBOTE_BINS:-${AMTSBOTE_BIN:-./amtsbote}}; do BINS+=("$(realpath "$b")"); done # go build -o amtsbote ./cmd/amtsbote
cd "${BENCH_DIR:-.}"
printf 'web:\n  rate_limit: 100000\n  rate_burst: 100000\n  new_sessions_per_ip: 0\n  max_connections_per_ip: 0\n' > cfg.yaml
CLIENTS=${CLIENTS:-100}; DUR=${DUR:-15s}; ROUNDS=${ROUNDS:-3}
export AMTSBOTE_KEY_PASSPHRASE=bench AMTSBOTE_LOG_LEVEL=warn AMTSBOTE_LANG=en # reports as docs/scale-out.md quotes them
start() { # name port [store]
  local name=$1 port=$2 store=${3:-}
  AMTSBOTE_STORE_URL=$store AMTSBOTE_METRICS_ADDR=127.0.0.1:$((port+1000)) $B serve --config cfg.yaml --data data-$name --addr 127.0.0.1:$port 2>log-$name &
  echo $! > pid-$name
  for i in $(seq 1 100); do curl -sf http://127.0.0.1:$port/readyz >/dev/null && return 0; sleep 0.2; done
  echo "node $name did not start"; cat log-$name; return 1
}
stop() { kill $(cat pid-$1) 2>/dev/null; wait $(cat pid-$1) 2>/dev/null; }
load() { # port clients out
  $B loadtest --url ws://127.0.0.1:$1/chat/ws --clients $2 --duration $DUR --think 0 --metrics http://127.0.0.1:$(( $1+1000 ))/metrics > $3 2>&1
}
newdb() {
  psql -q postgres://postgres@127.0.0.1:5432/postgres -c "DROP DATABASE IF EXISTS amtsbote_bench WITH (FORCE)" -c "CREATE DATABASE amtsbote_bench"
}
DB=postgres://postgres@127.0.0.1:5432/amtsbote_bench?sslmode=disable
for round in $(seq 1 $ROUNDS); do
  for setup in bolt pg1 pg2; do
    for n in "${!BINS[@]}"; do
      B=${BINS[$n]}; out=r$round-$n
      case $setup in
      bolt) rm -rf data-bolt; start bolt 18080 && load 18080 $CLIENTS $out-bolt.txt; stop bolt;;
      pg1) # one node on PostgreSQL
        newdb; rm -rf data-p1 data-p2; start p1 18090 $DB && load 18090 $CLIENTS $out-pg1.txt; stop p1;;
      pg2) # two nodes on PostgreSQL (same key), half the citizens each
        newdb; rm -rf data-p1 data-p2; start p1 18090 $DB && mkdir -p data-p2 && cp data-p1/portal-key* data-p2/ && start p2 18100 $DB
        load 18090 $((CLIENTS/2)) $out-pg2a.txt & l1=$!
        load 18100 $((CLIENTS/2)) $out-pg2b.txt & l2=$!
        wait $l1 $l2
        stop p1; stop p2;;
      esac
    done
  done
done
psql -q postgres://postgres@127.0.0.1:5432/postgres -c "DROP DATABASE IF EXISTS amtsbote_bench WITH (FORCE)"
echo finished
