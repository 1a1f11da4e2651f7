#!/usr/bin/env bash
# The benchmark, in one command: builds Stagedoor and the load tool, creates two empty databases on a PostgreSQL
# server, runs pgbench (the baseline) and every scenario against the standalone (started as a separate process), and
# writes docs/performance/report.md, summary.json and the SVG charts (or into --out), comparing with the last report's
# summary.json (--previous).
#
#   deploy/load/benchmark.sh [--scenarios=floor,many,... --rates=500,1000,... --step-seconds=10 --jvm="-Xmx1g"
#                             --out=/tmp/bench --previous=docs/performance/summary.json]
#
# Needs a PostgreSQL server and its pgbench and psql: PGHOST, PGPORT, PGUSER (allowed to create databases),
# PGPASSWORD, PGBENCH (default: pgbench on the PATH, else /usr/lib/postgresql/*/bin/pgbench). The server's own
# durability settings apply to both Stagedoor and pgbench; keep fsync and synchronous_commit on.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PGHOST=${PGHOST:-localhost} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-stagedoor} PGPASSWORD=${PGPASSWORD:-stagedoor}
PGBENCH=${PGBENCH:-$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | tail -n 1)}
PSQL="$(dirname "$PGBENCH")/psql"
./mvnw -q -B -DskipTests -pl deploy/standalone,deploy/load -am package
for database in stagedoor_bench stagedoor_pgbench; do
  "$PSQL" -q -d postgres -c "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database"
done
exec java -Xmx1g -jar deploy/load/target/stagedoor-load.jar \
  --jdbc-url="jdbc:postgresql://$PGHOST:$PGPORT/stagedoor_bench" --user="$PGUSER" --password="$PGPASSWORD" \
  --pg-host="$PGHOST" --pg-port="$PGPORT" --pgbench="$PGBENCH" --out=docs/performance "$@"
