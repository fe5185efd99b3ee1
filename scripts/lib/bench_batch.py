"""The batch benchmark: a 10-step cleaning recipe over flights replicated to 10M rows as
CSV, run by `wrangle run` and, as the same work written by hand, by DataFusion SQL.
Wall time and peak memory (maximum resident set) of each, the median of three runs, and
a check that both give the same rows. Writes its section of docs/benchmarks.md."""
import os, statistics, sys

sys.path.insert(0, os.path.dirname(__file__))
from bench_data import ROWS, flights_10m
from bench_sections import machine, write_section
from bench_timing import timed

RUNS = 3
OUT = "target/bench-out"
RECIPE = "executor/benches/batch/clean_flights.wrangle"
SQL = "executor/benches/batch/clean_flights.sql"
WRANGLE = "target/release/wrangle"
BASELINE = "target/release/examples/sql_baseline"


def main():
    DATA = flights_10m()
    os.makedirs(OUT, exist_ok=True)
    size = os.path.getsize(DATA)
    runs = {"wrangle run (recipe)": [], "DataFusion SQL (by hand)": []}
    for _ in range(RUNS):
        runs["wrangle run (recipe)"].append(timed([
            WRANGLE, "run", RECIPE, "--input", DATA, "--output", f"{OUT}/recipe.csv",
            "--overwrite", "--no-progress",
        ]))
        runs["DataFusion SQL (by hand)"].append(timed([
            BASELINE, SQL, DATA, f"{OUT}/sql.csv",
        ]))
    recipe_rows = open(f"{OUT}/recipe.csv").read()
    sql_rows = open(f"{OUT}/sql.csv").read()
    same = recipe_rows == sql_rows
    medians = {
        name: (statistics.median(s for s, _ in r), statistics.median(m for _, m in r))
        for name, r in runs.items()
    }
    recipe_s = medians["wrangle run (recipe)"][0]
    sql_s = medians["DataFusion SQL (by hand)"][0]
    ratio = recipe_s / sql_s
    table = [
        "| | wall time (median of 3) | all runs | peak memory |",
        "| --- | --- | --- | --- |",
    ]
    for name, r in runs.items():
        seconds, mib = medians[name]
        all_runs = ", ".join(f"{s:.2f}" for s, _ in r)
        table.append(f"| {name} | {seconds:.2f} s | {all_runs} | {mib:.0f} MiB |")
    verdict = "within" if ratio <= 1.10 else "NOT within"
    body = "\n".join([
        f"Target: the recipe within 10% of the same work written by hand as DataFusion SQL.",
        f"Input: `flights` replicated to {ROWS:,} rows as one CSV ({size / 2**20:,.0f} MiB), "
        "read from local disk. The recipe is `executor/benches/batch/clean_flights.wrangle` "
        "(string cleanup, type conversion with mismatch counts, a filter, derived columns, "
        "dedup, aggregate, sort); the SQL is `clean_flights.sql` beside it, run by "
        "`executor/examples/sql_baseline.rs` (plain DataFusion, default session). The recipe "
        "run also counts every step's rows and writes a manifest. Release builds, wall time "
        "and maximum resident set from `/usr/bin/time`.",
        "",
        *table,
        "",
        f"Recipe / SQL: **{ratio:.3f}** ({verdict} 10%). Same output rows: "
        f"{'yes' if same else 'NO'} ({recipe_rows.count(chr(10)) - 1} groups).",
        "",
        machine(),
        "",
        "History:",
        "",
        "- 2026-11-29, first measurement: recipe 6.96 s against SQL 6.10 s (1.141, target",
        "  missed). The reader turned `NA`-style cells into nulls with `CASE WHEN x IN (…)`",
        "  on every text column, which copies each string; a UDF (`udf/null_markers.rs`) now",
        "  only changes the validity bitmap. Then 0.994.",
    ])
    write_section("Batch: a 10-step cleaning recipe on 10M flights", body)
    print(body)
    if not same:
        sys.exit("the recipe and the SQL gave different rows")


main()
