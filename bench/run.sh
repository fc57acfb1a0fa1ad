#!/usr/bin/env bash
# Times `okrlint nrr` against the same computation in DuckDB SQL and in pandas, on the same
# generated CSV, in one run; checks the three agree; prints times, ratios and peak memory.
# Usage: bench/run.sh [ROWS ...]   (default: 100000 1000000 10000000)
# Needs python3 and the package registries (duckdb and pandas go into a throwaway venv).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000 10000000)
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
