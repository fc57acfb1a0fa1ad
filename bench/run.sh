#!/usr/bin/env bash
# Times `okrlint nrr` against the same computation in DuckDB SQL and in pandas, on the same
# generated CSV, in one run; checks the three agree; prints times, ratios and peak memory.
# `dora` times `okrlint dora` against the same definitions in DuckDB SQL (bench/dora_duckdb.py)
# on generated deployments (N), changes (~3N) and incidents (N/20), and checks they agree.
# Usage: bench/run.sh [ROWS ...]        (default: 100000 1000000 10000000)
#        bench/run.sh dora [N ...]      (default: 1000000 deployments)
# Needs python3 and the package registries (duckdb and pandas go into a throwaway venv).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=nrr
if [ "${1:-}" = dora ]; then mode=dora; shift; fi
sizes=("$@")
if [ ${#sizes[@]} -eq 0 ]; then
  if [ $mode = dora ]; then sizes=(1000000); else sizes=(100000 1000000 10000000); fi
fi
venv=${BENCH_VENV:-${TMPDIR:-/tmp}/okrlint-bench-venv}
work=${BENCH_DIR:-${TMPDIR:-/tmp}/okrlint-bench}
mkdir -p "$work"
if ! "$venv/bin/python" -c "import duckdb, pandas" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q duckdb pandas
fi
cargo build --release -q
py="$venv/bin/python"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%Y-%m-%d)"
echo "versions: okrlint $(target/release/okrlint --version | cut -d' ' -f2), duckdb $($py -c 'import duckdb; print(duckdb.__version__)'), pandas $($py -c 'import pandas; print(pandas.__version__)')"

# best wall time of N runs, and that run's peak RSS in MiB
measure() {
  local runs=$1 out=$2; shift 2
  local best="" mem=""
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$out"
    read -r secs kib < "$work/time.txt"
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; mem=$((kib / 1024)); fi
  done
  echo "$best $mem"
}

if [ $mode = dora ]; then
  printf '\n%-10s %8s | %9s %7s | %9s %7s | %12s\n' deploys "CSV MiB" "okrlint s" MiB "duckdb s" MiB "duckdb/okr"
  for n in "${sizes[@]}"; do
    dir="$work/dora_$n"
    [ -f "$dir/incidents.csv" ] || python3 bench/gen_dora.py "$n" "$dir"
    size=$(stat -c %s "$dir"/{deployments,changes,incidents}.csv | awk '{s += $1} END {print int(s / 1048576)}')
    runs=3; [ "$n" -ge 5000000 ] && runs=1
    read -r t_okr m_okr < <(measure $runs "$work/dora_okrlint.csv" target/release/okrlint dora \
      --deployments "$dir/deployments.csv" --changes "$dir/changes.csv" --incidents "$dir/incidents.csv" --format csv)
    read -r t_duck m_duck < <(measure $runs /dev/null "$py" bench/dora_duckdb.py "$dir" "$work/dora_duckdb.csv")
    check=$("$py" bench/compare_dora.py "$work/dora_okrlint.csv" "$work/dora_duckdb.csv" || true)
    printf '%-10s %8s | %9s %7s | %9s %7s | %12s   %s\n' "$n" "$size" "$t_okr" "$m_okr" "$t_duck" "$m_duck" \
      "$(awk "BEGIN{printf \"%.2fx\", $t_duck/$t_okr}")" "$check"
  done
  exit 0
fi

printf '\n%-10s %8s | %9s %7s | %9s %7s | %9s %7s | %12s %12s\n' rows "CSV MiB" "okrlint s" MiB "duckdb s" MiB "pandas s" MiB "duckdb/okr" "pandas/okr"
for n in "${sizes[@]}"; do
  csv="$work/periods_$n.csv"
  [ -f "$csv" ] || python3 bench/gen_periods.py "$n" "$csv"
  size=$(( $(stat -c %s "$csv") / 1048576 ))
  runs=3; [ "$n" -ge 5000000 ] && runs=1
  read -r t_okr m_okr < <(measure $runs "$work/okrlint.csv" target/release/okrlint nrr "$csv" --format csv --top 5)
  read -r t_duck m_duck < <(measure $runs /dev/null "$py" bench/nrr_duckdb.py "$csv" "$work/duckdb.csv")
  read -r t_pd m_pd < <(measure $runs /dev/null "$py" bench/nrr_pandas.py "$csv" "$work/pandas.csv")
  check=$("$py" bench/compare.py "$work/okrlint.csv" "$work/duckdb.csv" "$work/pandas.csv")
  printf '%-10s %8s | %9s %7s | %9s %7s | %9s %7s | %12s %12s   %s\n' "$n" "$size" "$t_okr" "$m_okr" "$t_duck" "$m_duck" "$t_pd" "$m_pd" \
    "$(awk "BEGIN{printf \"%.2fx\", $t_duck/$t_okr}")" "$(awk "BEGIN{printf \"%.2fx\", $t_pd/$t_okr}")" "$check"
done
