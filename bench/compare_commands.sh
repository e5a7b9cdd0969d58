#!/usr/bin/env bash
# What the command line says of the demo, for comparing two versions of the code (beside compare_loads.py, which
# compares loads file by file):
#     bench/compare_commands.sh OUT_DIR          # from the root of the version to record
#     diff -r BEFORE_DIR AFTER_DIR               # nothing printed: no result changed
# The demo is built with this version's code into OUT_DIR, then every reading command's output, errors and exit code
# are recorded (statuses at five dates, actions, quality, city, 766, records, export, check-ins, the digest, users,
# two usage errors), with a fingerprint of every warehouse table. Times, dates of checking and OUT_DIR are masked;
# warehouse_info (which holds the models' fingerprint, changed by any edit of a model) is left out.
set -u
out=$(realpath -m "$1"); rm -rf "$out"; mkdir -p "$out"
py=${PYTHON:-.venv/bin/python}
export CCHC_WAREHOUSE=$out/wh.duckdb CCHC_APP_STORE=$out/app.sqlite
$py -m pipelines demo --out "$out/files" >"$out/demo.out" 2>/dev/null; echo "demo $?" >>"$out/codes"
run() { name=$1; shift; $py -m pipelines "$@" >"$out/$name.out" 2>"$out/$name.err"; echo "$name $?" >>"$out/codes"; }
for d in 2025-03-31 2025-06-30 2025-07-20 2025-09-30 2025-12-31; do run "status-$d" status --to "$d" --json; done
run status-txt status --to 2025-09-30
run actions actions --to 2025-12-31 --json
run quality quality --json
run quality-txt quality
run city city --to 2025-12-31 --json
run diem diem-766 --json
run rec1 records TTHC-07 --to 2025-12-31 --json
run rec2 records CQS-10 --to 2025-12-31 --all --json
run rec3 records TCCO-01 --to 2025-09-30
run export export --out "$out/sub.csv" --to 2025-12-31
run checkins checkins --json
run digest digest --week 2025-W52 --dry-run --json
run users users list
run bad status --to 2025-13-01
run bad2 records NOPE-01
$py - "$out" <<'PY' >"$out/tables.out"
import hashlib, sys, duckdb
con = duckdb.connect(f"{sys.argv[1]}/wh.duckdb", read_only=True)
tables = con.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
                 "AND table_type = 'BASE TABLE' AND table_name <> 'warehouse_info' ORDER BY 1").fetchall()
for (table,) in tables:
    columns = [r[0] for r in con.sql(f'DESCRIBE "{table}"').fetchall()
               if not any(k in r[0] for k in ("_at", "loaded", "time", "duration", "path"))]
    rows = con.sql(f'SELECT {", ".join(f"{chr(34)}{c}{chr(34)}" for c in columns)} FROM "{table}" ORDER BY ALL').fetchall()
    print(table, columns, len(rows), hashlib.sha1(str(rows).encode()).hexdigest())
PY
sed -i -E 's/"checked_at": "[^"]*"/"checked_at": X/' "$out"/*.out
sed -i "s#$out#OUT#g" "$out"/*.out "$out"/*.err
rm -rf "$out/files" "$out"/wh.duckdb* "$out"/app.sqlite*
