// The browser app's benchmark (run by `scripts/bench ui`, not by the tests): in Debian's
// headless Chromium, the time from opening the page on the demo dataset to the first grid,
// and the time to preview one step, on working sets of 10,000 and 100,000 rows. Writes
// target/bench-ui.json; scripts/lib/bench_ui.py turns it into docs/benchmarks.md.
import { statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { launchChromium, root, startServer } from "./harness.mjs";

const ui = path.join(root, "target/ui-dist");
// `scripts/bench ui` measures the release builds; WRANGLE_BENCH_BUILD=debug measures what
// the tests build (to compare, not to quote).
const build = process.env.WRANGLE_BENCH_BUILD ?? "release";
const server = await startServer(build);
const base = server.base;
const browser = await launchChromium();

// Steps of every kind of work a preview does: a filter, an expression, a conversion, a
// projection and a sort.
const steps = [
  "keep rows where dep_delay > 10",
  "derive gain = dep_delay - arr_delay",
  "settype air_time float",
  "drop tailnum, flight",
  "sort by distance desc",
];
const rounds = 3;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const results = { sizes: [], wasm: {}, chromium: browser.version() };
for (const rows of [10_000, 100_000]) {
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  await page.goto(`${base}?dataset=demo/flights.csv.gz&rows=${rows}`);
  await page.locator(`[data-testid="grid"][data-rows="${rows}"] .row`).first().waitFor({ timeout: 300_000 });
  const firstGrid = await page.evaluate(() => performance.now());
  const previews = [];
  for (let r = 0; r < rounds; r++) {
    for (const step of steps) {
      await page.fill("#command", step);
      const timing = page.locator(`#timing[data-preview-text="${step.replaceAll('"', '\\"')}"]`);
      await timing.waitFor({ timeout: 300_000 });
      previews.push(Number(await timing.getAttribute("data-preview-ms")));
      await page.fill("#command", "");
    }
  }
  results.sizes.push({ rows, first_grid_ms: firstGrid, preview_ms: previews, median_preview_ms: median(previews) });
  await page.close();
}
results.wasm.raw = statSync(path.join(ui, "wrangle_ui_bg.wasm")).size;
results.wasm.gzip = statSync(path.join(ui, "wrangle_ui_bg.wasm.gz")).size;
results.steps = steps;
results.build = build;
writeFileSync(path.join(root, "target/bench-ui.json"), JSON.stringify(results, null, 2));
console.log(JSON.stringify(results, null, 2));
await browser.close();
server.stop();
