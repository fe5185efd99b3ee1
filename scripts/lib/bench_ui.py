"""Writes the browser app's benchmark (target/bench-ui.json, from tests/browser/bench.mjs)
into docs/benchmarks.md."""
import json

from bench_sections import machine, write_section

r = json.load(open("target/bench-ui.json"))
mib = lambda n: f"{n / 1024 / 1024:.1f} MiB"
rows = "\n".join(
    f"| {s['rows']:,} | {s['first_grid_ms']:.0f} ms | {s['median_preview_ms']:.1f} ms | "
    + ", ".join(f"{x:.0f}" for x in s["preview_ms"]) + " |"
    for s in r["sizes"]
)
steps = ", ".join(f"`{s}`" for s in r["steps"])
build = r.get("build", "release")
how = (
    "the app built by `scripts/build-ui --release`, `wrangle serve` (release)"
    if build == "release"
    else "**debug builds** (`scripts/build-ui`, `target/debug/wrangle`: what the tests run, not what users get)"
)
body = f"""{machine()} Headless Debian Chromium {r.get('chromium', '')}, {how}, on loopback, the demo
flights.

| working set | page open → first grid | median step preview | every preview (ms) |
| --- | --- | --- | --- |
{rows}

A preview is one step applied to the table shown (checked, compiled and run by DataFusion
in the browser, then diffed, and the columns it touched profiled), timed by the app from
the first keystroke's effect to the table ready to draw. `cargo run -p wrangle-ui
--example preview_phases` breaks a preview's time down natively (apply, diff, profile). The steps, three rounds each: {steps}. Target: under
100 ms at 100,000 rows.

The app's wasm module: {mib(r['wasm']['raw'])} raw, {mib(r['wasm']['gzip'])} gzipped.

History:

- 2026-12-01, first measurement (debug builds): median preview 144 ms at 10,000 rows and
  1,205 ms at 100,000 (target missed). Every preview compared every cell of every column
  through a boxed comparator and hash sets, and profiled every column again (a histogram's
  bounds were recomputed over all values for each bar; top values allocated a string per
  cell). Now the plan returns one batch, so unchanged columns are the same arrays and are
  skipped; rows are matched through a dense position vector, cells compared with Arrow's
  `distinct` kernel into bitmaps, and not at all for steps that only remove, reorder or
  rename; only the columns a step touched are profiled, and a filter's preview reuses the
  profiles shown. Debug builds then: 10.8 ms at 10,000 rows, 30.4 ms at 100,000.
- 2026-12-01, release builds: median 4.9 ms and 9.3 ms, but the first preview of a page
  took 105–111 ms whatever the size (the engine's first query). The app now runs a filter,
  an expression and a sort on 100 rows once the first grid is drawn; the first preview is
  then 16–19 ms.
- The module is not run through `wasm-opt` yet. Debian's binaryen (108) cannot read it;
  binaryen 132 (the npm package, itself wasm) takes it from 42.6 to 29.4 MiB raw and 8.7
  to 7.3 MiB gzipped, but takes 17 minutes here. A native binaryen of that age would make it
  worth adding to `scripts/build-ui --release`."""
write_section("Browser: first grid and step previews", body)
print(body)
