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
in the browser, then diffed and profiled), timed by the app from the first keystroke's
effect to the table ready to draw. The steps, three rounds each: {steps}. Target: under
100 ms at 100,000 rows.

The app's wasm module: {mib(r['wasm']['raw'])} raw, {mib(r['wasm']['gzip'])} gzipped."""
write_section("Browser: first grid and step previews", body)
print(body)
