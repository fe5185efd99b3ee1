"""Writes the language benchmark's section of docs/benchmarks.md from Criterion's results."""
import json, os, sys

sys.path.insert(0, os.path.dirname(__file__))
from bench_sections import machine, write_section

rows = []
for name in ["parse 1000 steps", "check 1000 steps", "parse and check 1000 steps", "print 1000 steps"]:
    with open(os.path.join("target/criterion", name, "new/estimates.json")) as f:
        mean = json.load(f)["mean"]
    point = mean["point_estimate"] / 1e6
    lo = mean["confidence_interval"]["lower_bound"] / 1e6
    hi = mean["confidence_interval"]["upper_bound"] / 1e6
    rows.append(f"| {name} | {point:.2f} ms | {lo:.2f} – {hi:.2f} ms |")
body = "\n".join([
    "Target: parse and check together in under 10 ms. The recipe (generated in",
    "`dsl/benches/parse_check.rs`) uses expressions, patterns, regexes, windows and splits,",
    "and checks clean. Criterion, release build, mean with 95% confidence interval.",
    "",
    "| benchmark | mean | 95% interval |",
    "| --- | --- | --- |",
    *rows,
    "",
    machine(),
])
write_section("Language: parse and check a 1,000-step recipe", body)
print(body)
