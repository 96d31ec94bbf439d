#!/usr/bin/env bash
# Load: the home, a search and a listing page of the demo catalogue under gunicorn (4 workers)
# on PostgreSQL, beside a Flask hello-world under the same gunicorn, all on 127.0.0.1.
# Prints requests/s and p99 per page and each page's share of hello-world (target: listing and
# search >= 50%). Bounded: DURATION seconds per page (default 15), CONNECTIONS (default 32).
# Usage: bench/load.sh        (needs root for PostgreSQL's cluster and `su postgres`)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=$ROOT/.venv/bin
DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-4}
WORKERS=${WORKERS:-4}
APP_PORT=${APP_PORT:-8431}
HELLO_PORT=${HELLO_PORT:-8432}
DB=bazaar_load

command -v wrk >/dev/null || { apt-get install -y -q wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }; }

# PostgreSQL on 127.0.0.1, started here if it is not running (as .ci/run does).
pg_version=$(ls /usr/lib/postgresql | sort -n | tail -1)
pg_ctlcluster "$pg_version" main start 2>/dev/null || pg_ctlcluster "$pg_version" main status >/dev/null
for _ in $(seq 30); do su postgres -c "pg_isready -q -h 127.0.0.1" && break; sleep 1; done
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='bazaar'\"" | grep -q 1 \
  || su postgres -c "psql -q -c \"CREATE ROLE bazaar LOGIN PASSWORD 'bazaar' CREATEDB\""
su postgres -c "dropdb --if-exists $DB" && su postgres -c "createdb -O bazaar $DB"

WORK=$(mktemp -d /tmp/bazaar-load.XXXXXX)
# Production refuses the demo's secrets (S38): a fresh key, and Stripe values that are not the demo's.
export FLASK_APP=wsgi BAZAAR_ENV=production \
  SECRET_KEY="$("$BIN/python" -c "import secrets; print(secrets.token_urlsafe(48))")" \
  STRIPE_SECRET_KEY=sk_test_load_bench STRIPE_PUBLISHABLE_KEY=pk_test_load_bench \
  STRIPE_WEBHOOK_SECRET=whsec_load_bench \
  DATABASE_URL="postgresql+psycopg://bazaar:bazaar@127.0.0.1:5432/$DB" \
  BAZAAR_INSTANCE_DIR=$WORK BAZAAR_SEARCH_DRAIN_AFTER_COMMIT=0 MAIL_BACKEND=file
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT INT TERM

echo "== seeding the demo into $DB"
make -s translations  # Persian pages need the compiled catalogue
"$BIN/flask" db upgrade >/dev/null 2>&1
"$BIN/flask" seed-demo >/dev/null
"$BIN/flask" search reindex >/dev/null 2>&1
listing=$(su postgres -c "psql -qtA -d $DB -c \"SELECT id FROM listing WHERE status='active' ORDER BY id LIMIT 1\"")

"$BIN/gunicorn" --workers "$WORKERS" --bind "127.0.0.1:$APP_PORT" --access-logfile /dev/null \
  --error-logfile "$WORK/app.log" --chdir "$ROOT" --pythonpath bench wsgi_bench:app \
  2>>"$WORK/app.log" & pids+=($!)
"$BIN/gunicorn" --workers "$WORKERS" --bind "127.0.0.1:$HELLO_PORT" --access-logfile /dev/null \
  --error-logfile "$WORK/hello.log" --chdir "$ROOT/bench" hello:app & pids+=($!)
for port in "$APP_PORT" "$HELLO_PORT"; do
  for _ in $(seq 60); do curl -fs -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.5; done
done

declare -A URLS=(
  [hello]="http://127.0.0.1:$HELLO_PORT/"
  [home]="http://127.0.0.1:$APP_PORT/"
  [search]="http://127.0.0.1:$APP_PORT/search?q=%DA%AF%D9%84%DB%8C%D9%85"
  [listing]="http://127.0.0.1:$APP_PORT/listings/$listing"
)
# A returning visitor: the session cookie static/js/csrf.js got them when they sent a form.
session_cookie=$(curl -s -D - -o /dev/null "http://127.0.0.1:$APP_PORT/account/csrf-token" \
  | sed -n 's/^[Ss]et-[Cc]ookie: \(session=[^;]*\).*/\1/p')
test -n "$session_cookie" || { echo "no session cookie from /account/csrf-token" >&2; exit 1; }
URLS[returning]=${URLS[listing]}
declare -A HEADERS=([returning]="Cookie: $session_cookie")
ORDER=(hello home search listing returning)
declare -A RPS P99
for name in "${ORDER[@]}"; do
  url=${URLS[$name]}
  header=(-H "${HEADERS[$name]:-X-Bench: 1}")
  test "$(curl -s "${header[@]}" -o /dev/null -w '%{http_code}' "$url")" = 200 || { echo "$url is not 200" >&2; exit 1; }
  wrk -t"$THREADS" -c"$CONNECTIONS" -d2s "${header[@]}" "$url" >/dev/null  # warm every worker
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "${header[@]}" "$url")
  grep -q "Non-2xx" <<<"$out" && { echo "$name: non-2xx answers" >&2; echo "$out" >&2; exit 1; }
  RPS[$name]=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  P99[$name]=$(awk '$1 == "99%" {print $2}' <<<"$out")
done

echo
echo "gunicorn ${WORKERS} workers (sync), wrk ${THREADS} threads ${CONNECTIONS} connections ${DURATION}s, PostgreSQL $pg_version, $(nproc) CPUs"
printf "%-9s %10s %10s %9s  %s\n" page "req/s" p99 "vs hello" url
for name in "${ORDER[@]}"; do
  ratio=$(awk -v a="${RPS[$name]}" -v b="${RPS[hello]}" 'BEGIN {printf "%.0f%%", 100 * a / b}')
  printf "%-9s %10s %10s %9s  %s %s\n" "$name" "${RPS[$name]}" "${P99[$name]}" "$ratio" "${URLS[$name]}" "${HEADERS[$name]:+(with a session cookie)}"
done
