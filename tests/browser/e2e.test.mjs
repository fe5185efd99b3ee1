// End to end: `wrangle serve` on a new store (seeded with the demo dataset), the browser
// app in Debian's headless Chromium driven by playwright-core. Opens the demo flights,
// adds steps through the menus, a selection and the command line, checks the grid's
// cells, undoes a step, saves, reloads the page, opens the recipe again and finds the
// same steps; then opens the demo recipe (comments, a lookup of another dataset) and saves
// it again unchanged; then reads a CSV whose header is on its third row. Screenshots go to
// target/e2e-artifacts/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { launchChromium, root, startServer } from "./harness.mjs";

const artifacts = path.join(root, "target/e2e-artifacts");
// A debug build of the app does everything slowly; nothing here waits for a time, only
// for what the page shows, with this as the limit.
const patience = 120_000;
let server, base, browser;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  server = await startServer("debug");
  base = server.base;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

const stepTexts = (page) => page.locator('[data-testid="step-text"]').allTextContents();
const cell = (page, row, column) =>
  page.locator(`.row[data-row="${row}"] .cell[data-column="${column}"]`);

async function addPreviewed(page, summaryPart) {
  await page.locator('[data-testid="preview-summary"]', { hasText: summaryPart }).waitFor({ timeout: patience });
  const before = (await stepTexts(page)).length;
  await page.click('[data-testid="add-step"]');
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="step-text"]').length === n,
    before + 1,
    { timeout: patience },
  );
}

test("open the demo, add steps by menu, selection and typing, undo, save, reload, reopen", { timeout: 900_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(base);

  // The demo dataset: the working set is the first 20,000 of 336,776 flights.
  await page.click('[data-testid="folder-demo"]', { timeout: patience });
  await page.click('[data-testid="dataset-flights.csv.gz"]', { timeout: patience });
  await page.locator('[data-testid="grid"][data-rows="20000"]').waitFor({ timeout: patience });
  assert.match(await page.textContent('[data-testid="rows-loaded"]'), /first 20000 of 336776 rows/);
  await page.screenshot({ path: path.join(artifacts, "1-opened.png") });

  // 1. A column menu: remove tailnum.
  await page.click('[data-testid="menu-tailnum"]');
  await page.click('[data-testid="menu-item-drop"]');
  await addPreviewed(page, "removes tailnum");

  // 2. A selection: click UA among carrier's top values, keep those rows.
  await page.click('.col-header[data-column="carrier"] .top-value[data-value="UA"]', { timeout: patience });
  await page.click('[data-testid="keep-selected"]');
  await addPreviewed(page, "removes");

  // 3. A column menu: delete the rows whose arrival delay is missing.
  await page.click('[data-testid="menu-arr_delay"]', { timeout: patience });
  await page.click('[data-testid="menu-item-delete-missing"]');
  await addPreviewed(page, "removes");

  // 4. A column menu: the longest departure delays first.
  await page.click('[data-testid="menu-dep_delay"]', { timeout: patience });
  await page.click('[data-testid="menu-item-sort-desc"]');
  await addPreviewed(page, "");

  // 5. A column menu's form: rename origin.
  await page.click('[data-testid="menu-origin"]', { timeout: patience });
  await page.click('[data-testid="menu-item-rename"]');
  await page.fill('[data-testid="form-name"]', "origin airport");
  await page.click('[data-testid="form-preview"]');
  await addPreviewed(page, "renames origin to `origin airport`");

  // 6. Typed, with the live preview.
  await page.fill("#command", "derive total_delay = dep_delay + arr_delay");
  await page.locator('[data-testid="preview-summary"]', { hasText: "adds total_delay" }).waitFor({ timeout: patience });
  await page.screenshot({ path: path.join(artifacts, "2-previewing-a-typed-step.png") });
  await page.press("#command", "Enter");
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="step-text"]').length === 6, null, { timeout: patience });

  assert.deepEqual(await stepTexts(page), [
    "drop tailnum",
    'keep rows where carrier = "UA"',
    "delete rows where is_missing(arr_delay)",
    "sort by dep_delay desc",
    "rename origin to `origin airport`",
    "derive total_delay = dep_delay + arr_delay",
  ]);
  // The grid shows the last step's table.
  await cell(page, 0, "total_delay").waitFor({ timeout: patience });
  assert.equal(await page.locator('.col-header[data-column="tailnum"]').count(), 0);
  assert.match(await cell(page, 0, "origin airport").textContent(), /^(EWR|JFK|LGA)$/);
  for (const row of [0, 1, 2]) {
    assert.equal(await cell(page, row, "carrier").textContent(), "UA");
    const dep = Number(await cell(page, row, "dep_delay").textContent());
    const arr = Number(await cell(page, row, "arr_delay").textContent());
    assert.equal(Number(await cell(page, row, "total_delay").textContent()), dep + arr);
  }
  const first = Number(await cell(page, 0, "dep_delay").textContent());
  const second = Number(await cell(page, 1, "dep_delay").textContent());
  assert.ok(first >= second, `sorted descending: ${first} then ${second}`);
  await page.screenshot({ path: path.join(artifacts, "3-six-steps.png") });

  // Undo the typed step with the keyboard (focus outside the command line).
  await page.click('[data-testid="recipe-panel"] h2');
  await page.keyboard.press("Control+z");
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="step-text"]').length === 5, null, { timeout: patience });
  await page.locator('.col-header[data-column="total_delay"]').waitFor({ state: "detached", timeout: patience });

  // Save, reload, open the recipe again.
  await page.fill('[data-testid="recipe-name"]', "e2e flights");
  await page.click('[data-testid="save"]');
  await page.locator('[data-testid="notice"]', { hasText: "Saved e2e flights as version 1" }).waitFor({ timeout: patience });
  const saved = await stepTexts(page);
  assert.equal(saved.length, 5);

  // The address now names the dataset and the saved recipe: a reload reopens both.
  assert.match(page.url(), /dataset=demo%2Fflights\.csv\.gz|dataset=demo\/flights\.csv\.gz/);
  assert.match(page.url(), /recipe=e2e(%20|\+)flights/);
  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="step-text"]').length === 5, null, { timeout: patience });
  assert.deepEqual(await stepTexts(page), saved);
  await cell(page, 0, "carrier").waitFor({ timeout: patience });
  assert.equal(await cell(page, 0, "carrier").textContent(), "UA");
  await page.screenshot({ path: path.join(artifacts, "4-reopened.png") });

  // The saved version is a recipe file in the store, as the API serves it.
  const answer = await (await fetch(`${base}api/recipes/${encodeURIComponent("e2e flights")}`)).json();
  assert.equal(answer.version, 1);
  assert.equal(answer.text, saved.join("\n") + "\n");
  assert.deepEqual(errors, [], "the page raised no errors");
});

test("the demo recipe: its comments kept, the dataset it looks up bound, every step run in the browser", { timeout: 600_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const recipe = `${base}api/recipes/${encodeURIComponent("delays by carrier")}`;
  const original = await (await fetch(`${recipe}?version=1`)).json();

  await page.goto(`${base}?dataset=demo/flights.csv.gz`);
  await page.locator('[data-testid="grid"][data-rows="20000"]').waitFor({ timeout: patience });
  await page.click('[data-testid="recipe-delays by carrier"]', { timeout: patience });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="step-text"]').length === 9, null, { timeout: patience });

  // The file's comments are shown with the steps they sit above.
  await page.locator(".step-comment", { hasText: "cancelled flights have no departure time" }).waitFor({ timeout: patience });
  // `airlines` is read from the dataset of that name beside the flights.
  await page.locator('[data-testid="input-airlines"]', { hasText: "demo/airlines.csv" }).waitFor({ timeout: patience });

  // After the last step: delays per airline (a name from the lookup) and month, the most
  // often late first, and no step failed.
  await cell(page, 0, "airline").waitFor({ timeout: patience });
  assert.match(await cell(page, 0, "airline").textContent(), /[A-Za-z]{3,}/);
  const shares = [];
  for (const row of [0, 1, 2]) shares.push(Number(await cell(page, row, "late_share").textContent()));
  assert.ok(shares[0] >= shares[1] && shares[1] >= shares[2], `sorted: ${shares}`);
  assert.equal(await page.locator(".step.failed").count(), 0);
  await page.screenshot({ path: path.join(artifacts, "5-demo-recipe.png") });

  // Saved again: a new version, the same file, comments and all.
  await page.click('[data-testid="save"]');
  await page.locator('[data-testid="notice"]', { hasText: "as version 2" }).waitFor({ timeout: patience });
  const saved = await (await fetch(recipe)).json();
  assert.equal(saved.version, 2);
  assert.equal(saved.text, original.text);
  assert.deepEqual(errors, [], "the page raised no errors");
});

test("a header on a later row: typed as a step, the working set is read again with it", { timeout: 600_000 }, async () => {
  const report = "Quarterly report,\nmade 2026-01-01,\nid,name\n1,ann\n2,bob\n3,cy\n";
  const put = await fetch(`${base}api/datasets?path=uploads/report.csv`, { method: "PUT", body: report });
  assert.equal(put.status, 200);
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${base}?dataset=uploads/report.csv`);
  await page.locator('[data-testid="grid"]').waitFor({ timeout: patience });

  await page.fill("#command", "header row 3");
  // Not previewed, but it can be added: a warning says what happens.
  await page.locator('[data-testid="problems"] .problem.warning', { hasText: "read again" }).waitFor({ timeout: patience });
  await page.press("#command", "Enter");
  await page.locator('[data-testid="grid"][data-rows="3"] .col-header[data-column="name"]').waitFor({ timeout: patience });
  assert.deepEqual(await stepTexts(page), ["header row 3"]);
  assert.equal(await cell(page, 0, "id").textContent(), "1");
  assert.equal(await cell(page, 2, "name").textContent(), "cy");
  assert.equal(await page.locator(".step.failed").count(), 0);

  // A step after it runs on the columns it named.
  await page.fill("#command", 'keep rows where name != "bob"');
  await page.press("#command", "Enter");
  await page.locator('[data-testid="grid"][data-rows="2"]').waitFor({ timeout: patience });
  assert.deepEqual(await stepTexts(page), ["header row 3", 'keep rows where name != "bob"']);
  assert.deepEqual(errors, [], "the page raised no errors");
});

test("samples of the whole dataset: random, drawn again, stratified, by a condition, with anomalies, collected before", { timeout: 600_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${base}?dataset=demo/flights.csv.gz&rows=1000`);
  await page.locator('[data-testid="grid"][data-rows="1000"]').waitFor({ timeout: patience });
  const loaded = () => page.textContent('[data-testid="rows-loaded"]');
  // The bars of the month column's histogram that hold rows.
  const months = async () =>
    new Set(await page.locator('.col-header[data-column="month"] .bar').evaluateAll(
      (bars) => bars.map((b) => b.title).filter((t) => !t.endsWith(": 0 rows")),
    ));
  // The first 1,000 rows of the file are all of January.
  assert.equal((await months()).size, 1);

  // Random rows of the whole year, said so in the header.
  await page.selectOption('[data-testid="sample-kind"]', "random");
  await page.locator('[data-testid="rows-loaded"]', { hasText: "random rows (seed 1)" }).waitFor({ timeout: patience });
  assert.match(await loaded(), /^1000 random rows \(seed 1\), of 336776 rows \(0\.3%\)$/);
  await page.locator('[data-testid="grid"][data-rows="1000"]').waitFor({ timeout: patience });
  assert.ok((await months()).size > 1, "rows of several months");
  await page.screenshot({ path: path.join(artifacts, "6-random-sample.png") });
  const firstFlight = await cell(page, 0, "flight").textContent();
  await page.click('[data-testid="sample-redraw"]');
  await page.locator('[data-testid="rows-loaded"]', { hasText: "seed 2" }).waitFor({ timeout: patience });
  await page.waitForFunction(
    (before) => document.querySelector('.row[data-row="0"] .cell[data-column="flight"]')?.textContent !== before,
    firstFlight,
    { timeout: patience },
  );

  // Stratified by carrier: every carrier, even the smallest.
  await page.selectOption('[data-testid="sample-kind"]', "stratified");
  await page.selectOption('[data-testid="sample-by"]', "carrier");
  await page.locator('[data-testid="rows-loaded"]', { hasText: "stratified by carrier" }).waitFor({ timeout: patience });
  const carriers = page.locator('.col-header[data-column="carrier"]');
  await carriers.waitFor({ timeout: patience });
  await page.screenshot({ path: path.join(artifacts, "7-stratified-sample.png") });

  // By a condition, checked like a step.
  await page.selectOption('[data-testid="sample-kind"]', "filter");
  await page.fill('[data-testid="sample-where"]', 'carrier = "OO"');
  await page.click('[data-testid="sample-take"]');
  await page.locator('[data-testid="rows-loaded"]', { hasText: 'rows where carrier = "OO"' }).waitFor({ timeout: patience });
  assert.match(await loaded(), /^32 rows where carrier = "OO", of 336776 rows \(under 0\.1%\)$/);
  const shown = await page.locator('.row .cell[data-column="carrier"]').allTextContents();
  assert.ok(shown.length > 0 && shown.every((c) => c === "OO"), `only OO: ${shown}`);
  await page.screenshot({ path: path.join(artifacts, "8-filter-sample.png") });

  // The rows with an anomaly after the steps: a speed that cannot be computed.
  await page.fill("#command", "derive speed = distance / air_time * 60");
  await page.press("#command", "Enter");
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="step-text"]').length === 1, null, { timeout: patience });
  await page.selectOption('[data-testid="sample-kind"]', "anomaly");
  await page.selectOption('[data-testid="sample-columns"]', ["speed"]);
  await page.click('[data-testid="sample-take-anomaly"]');
  await page.locator('[data-testid="rows-loaded"]', { hasText: "missing or mismatched in speed" }).waitFor({ timeout: patience });
  assert.match(await loaded(), /^1000 rows missing or mismatched in speed after the steps, of 336776 rows/);
  await page.locator('[data-testid="grid"][data-rows="1000"]').waitFor({ timeout: patience });
  const speeds = await page.locator('.row .cell[data-column="speed"]').evaluateAll(
    (cells) => cells.map((c) => c.classList.contains("missing") || c.classList.contains("mismatched")),
  );
  assert.ok(speeds.length > 0 && speeds.every(Boolean), `every speed is missing: ${speeds}`);
  await page.screenshot({ path: path.join(artifacts, "8b-anomaly-sample.png") });

  // The samples collected before are picked again from the store at once.
  const collected = page.locator('[data-testid="sample-collected"]');
  await collected.waitFor({ timeout: patience });
  const options = await collected.locator("option").allTextContents();
  const random = options.findIndex((o) => o.startsWith("random rows (seed 1)"));
  assert.ok(options.length >= 5 && random > 0, `collected: ${options}`);
  await collected.selectOption({ index: random });
  await page.locator('[data-testid="rows-loaded"]', { hasText: "random rows (seed 1)" }).waitFor({ timeout: patience });
  assert.deepEqual(errors, [], "the page raised no errors");
});

test("a recipe belongs to its data: kept across a reload, saved with it, opened with it", { timeout: 600_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${base}?dataset=demo/flights.csv.gz&rows=1000`);
  await page.locator('[data-testid="grid"][data-rows="1000"]').waitFor({ timeout: patience });
  await page.fill("#command", "drop tailnum");
  await page.press("#command", "Enter");
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="step-text"]').length === 1, null, { timeout: patience });

  // Unsaved steps survive a reload.
  await page.reload();
  await page.locator('[data-testid="grid"][data-rows="1000"]').waitFor({ timeout: patience });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="step-text"]').length === 1, null, { timeout: patience });
  assert.deepEqual(await stepTexts(page), ["drop tailnum"]);
  await page.locator('[data-testid="recipe-panel"]', { hasText: "not saved" }).waitFor({ timeout: patience });

  // Saved: the address names the recipe and its version.
  await page.fill('[data-testid="recipe-name"]', "no tail numbers");
  await page.click('[data-testid="save"]');
  await page.locator('[data-testid="notice"]', { hasText: "as version 1" }).waitFor({ timeout: patience });
  await page.waitForFunction(() => location.search.includes("recipe=no+tail+numbers") && location.search.includes("version=1"), null, { timeout: patience });
  const saved = await (await fetch(`${base}api/recipes/${encodeURIComponent("no tail numbers")}`)).json();
  assert.equal(saved.data.dataset, "demo/flights.csv.gz");

  // Another dataset starts a new recipe; the saved one opens with its dataset again.
  await page.click('[data-testid="dataset-airlines.csv"]', { timeout: patience });
  await page.locator('[data-testid="grid"][data-rows="16"]').waitFor({ timeout: patience });
  assert.deepEqual(await stepTexts(page), []);
  await page.click('[data-testid="recipe-no tail numbers"]', { timeout: patience });
  await page.locator('[data-testid="dataset-name"]', { hasText: "demo/flights.csv.gz" }).waitFor({ timeout: patience });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="step-text"]').length === 1, null, { timeout: patience });
  await page.screenshot({ path: path.join(artifacts, "9-recipe-with-its-data.png") });

  // Back returns to the dataset opened before, with no recipe; forward to the recipe.
  await page.goBack();
  await page.locator('[data-testid="dataset-name"]', { hasText: "demo/airlines.csv" }).waitFor({ timeout: patience });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="step-text"]').length === 0, null, { timeout: patience });
  await page.goForward();
  await page.locator('[data-testid="dataset-name"]', { hasText: "demo/flights.csv.gz" }).waitFor({ timeout: patience });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="step-text"]').length === 1, null, { timeout: patience });

  // A link to it opens both.
  const link = page.url();
  const other = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  await other.goto(link);
  await other.locator('[data-testid="dataset-name"]', { hasText: "demo/flights.csv.gz" }).waitFor({ timeout: patience });
  await other.waitForFunction(() => document.querySelectorAll('[data-testid="step-text"]').length === 1, null, { timeout: patience });

  // New: an empty recipe.
  await page.click('[data-testid="new-recipe"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="step-text"]').length === 0, null, { timeout: patience });
  assert.deepEqual(errors, [], "the page raised no errors");
});

test("a job from the browser: the saved recipe over all the flights, followed to its end, its output opened", { timeout: 600_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${base}?recipe=${encodeURIComponent("delays by carrier")}`);
  // The recipe opens with the flights it was saved with.
  await page.locator('[data-testid="dataset-name"]', { hasText: "demo/flights.csv.gz" }).waitFor({ timeout: patience });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="step-text"]').length === 9, null, { timeout: patience });

  await page.selectOption('[data-testid="job-format"]', "csv");
  const before = await page.locator('[data-testid="job"]').count();
  await page.click('[data-testid="run-job"]');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="job"]').length === n + 1, before, { timeout: patience });
  const job = page.locator('[data-testid="job"]').first();
  // Followed live to its end: every flight read, the rows it wrote.
  await page.locator('[data-testid="job"][data-state="succeeded"]').first().waitFor({ timeout: patience });
  assert.match(await job.locator('[data-testid="job-figures"]').textContent(), /^336776 rows in → \d+ rows out$/);
  await job.click();
  await job.locator('[data-testid="job-details"]').waitFor({ timeout: patience });
  await page.screenshot({ path: path.join(artifacts, "10-job-succeeded.png") });

  // The jobs page lists it with its figures; a row opens to each step's rows; the page has
  // its address (a reload keeps it) and back returns to the recipe.
  await page.click('[data-testid="show-jobs-page"]');
  const row = page.locator('[data-testid="jobs-page-row"]').first();
  await row.waitFor({ timeout: patience });
  assert.ok(page.url().endsWith("#jobs"), page.url());
  assert.equal(await row.getAttribute("data-state"), "succeeded");
  assert.match(await row.locator('[data-testid="job-figures"]').textContent(), /^336776 rows in → \d+ rows out$/);
  assert.match(await row.locator('[data-testid="job-took"]').textContent(), /^\d+(\.\d)? s$|min/);
  assert.match(await page.locator('[data-testid="jobs-count"]').textContent(), /\b1 succeeded\b/);
  assert.equal(await page.locator('[data-testid="step-text"]').first().isVisible(), false, "the editor is hidden");
  await row.click();
  await page.locator('[data-testid="jobs-page"] [data-testid="job-details"]').waitFor({ timeout: patience });
  await page.screenshot({ path: path.join(artifacts, "10b-jobs-page.png") });
  await page.selectOption('[data-testid="jobs-state-filter"]', "failed");
  assert.equal(await page.locator('[data-testid="jobs-page-row"]').count(), 0);
  await page.selectOption('[data-testid="jobs-state-filter"]', "succeeded");
  assert.equal(await page.locator('[data-testid="jobs-page-row"]').count(), 1);
  await page.reload();
  await page.locator('[data-testid="jobs-page-row"]').first().waitFor({ timeout: patience });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="step-text"]').length === 9, null, { timeout: patience });
  // Once the recipe's dataset is open again (the address names it).
  await page.locator('[data-testid="dataset-name"]', { hasText: "demo/flights.csv.gz" }).waitFor({ timeout: patience });
  await page.waitForFunction(() => location.search.includes("dataset="), null, { timeout: patience });
  await page.goBack();
  await page.locator('[data-testid="jobs-page"]').waitFor({ state: "detached", timeout: patience });
  await page.locator('[data-testid="step-text"]').first().waitFor({ state: "visible", timeout: patience });

  // Its output opens as a dataset (a new recipe on it, since the saved one is unchanged).
  await job.locator('[data-testid="open-output"]').click();
  await page.locator('[data-testid="dataset-name"]', { hasText: /^outputs\/delays by carrier\/.*\.csv$/ }).waitFor({ timeout: patience });
  await cell(page, 0, "airline").waitFor({ timeout: patience });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="step-text"]').length === 0, null, { timeout: patience });
  await page.screenshot({ path: path.join(artifacts, "11-job-output-opened.png") });
  assert.deepEqual(errors, [], "the page raised no errors");
});

test("the analyst's hands: a form says what is wrong, focus and keys, a file dropped on the grid, more values", { timeout: 600_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${base}?dataset=demo/flights.csv.gz&rows=1000`);
  await page.locator('[data-testid="grid"][data-rows="1000"]').waitFor({ timeout: patience });
  // What fails only before a fix fails fast.
  const soon = 15_000;

  // A column is made wider by dragging the right edge of its header, and back by a
  // double-click; its cells follow.
  const monthHeader = page.locator('.col-header[data-column="month"]');
  const before = await monthHeader.boundingBox();
  const edge = await page.locator('[data-testid="resize-month"]').boundingBox();
  await page.mouse.move(edge.x + edge.width / 2, edge.y + 30);
  await page.mouse.down();
  await page.mouse.move(edge.x + edge.width / 2 + 100, edge.y + 30, { steps: 5 });
  await page.mouse.up();
  const wider = await monthHeader.boundingBox();
  assert.ok(Math.abs(wider.width - (before.width + 100)) <= 2, `${before.width} → ${wider.width}`);
  assert.ok(Math.abs((await cell(page, 0, "month").boundingBox()).width - wider.width) <= 2);
  await page.dblclick('[data-testid="resize-month"]');
  await page.waitForFunction(() => Math.abs(document.querySelector('.col-header[data-column="month"]').getBoundingClientRect().width - 150) <= 1, null, { timeout: soon });

  // The cell cursor: a click puts it on a cell, the arrows move it, Enter opens the
  // column's menu.
  await cell(page, 0, "month").click();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.locator('.row[data-row="2"] .cell.cursor[data-column="day"]').waitFor({ timeout: soon });
  await page.keyboard.press("Enter");
  await page.locator('[data-testid="column-menu"] .menu-title', { hasText: "Column day" }).waitFor({ timeout: soon });
  await page.keyboard.press("Escape");
  await page.locator('[data-testid="column-menu"]').waitFor({ state: "detached", timeout: soon });

  // The split form takes a whole number of columns and says so when it is not one.
  await page.click('[data-testid="menu-tailnum"]');
  await page.click('[data-testid="menu-item-split"]');
  const parts = page.locator('[data-testid="form-parts"]');
  assert.equal(await parts.getAttribute("type"), "number");
  await parts.fill("1");
  await page.click('[data-testid="form-preview"]');
  await page.locator('[data-testid="form-error"]', { hasText: "a whole number from 2 to 100" }).waitFor({ timeout: soon });
  assert.equal(await page.inputValue("#command"), "");
  assert.equal(await parts.inputValue(), "1", "what was typed stays to be corrected");
  await page.screenshot({ path: path.join(artifacts, "13-split-form-says-what-is-wrong.png") });
  await parts.fill("3");
  await page.click('[data-testid="form-preview"]');
  assert.match(await page.inputValue("#command"), /^split tailnum on "," limit 2 into tailnum_1, tailnum_2, tailnum_3$/);
  await page.fill("#command", "");

  // The entries of the datasets panel are in the order Tab follows.
  const entries = page.locator('[data-testid="datasets"] .entries li[tabindex="0"]');
  assert.ok((await entries.count()) > 0);
  const entry = await entries.last().textContent();
  await entries.last().focus();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), entry);

  // The rename form's field has the focus; Escape closes the form, and the menu.
  await page.click('[data-testid="menu-origin"]');
  await page.click('[data-testid="menu-item-rename"]');
  await page.waitForFunction(() => document.activeElement?.dataset.testid === "form-name", null, { timeout: soon });
  await page.keyboard.press("Escape");
  await page.locator('[data-testid="column-menu"]').waitFor({ state: "detached", timeout: soon });
  // The menu from the keyboard: the first item focused, arrows move, Enter takes one.
  await page.click('[data-testid="menu-carrier"]');
  await page.waitForFunction(() => document.activeElement?.dataset.testid === "menu-item-rename", null, { timeout: soon });
  await page.keyboard.press("ArrowDown");
  await page.waitForFunction(() => document.activeElement?.dataset.testid === "menu-item-drop", null, { timeout: soon });
  await page.keyboard.press("Escape");
  await page.locator('[data-testid="column-menu"]').waitFor({ state: "detached", timeout: soon });
  await page.click('[data-testid="menu-carrier"]');
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  assert.equal(await page.inputValue("#command"), "drop carrier");
  await page.fill("#command", "");

  // A wide table: the list of columns finds one by part of its name and scrolls to it.
  await page.click('[data-testid="columns-button"]');
  await page.locator('[data-testid="column-list"] li[data-column="time_hour"]').waitFor({ timeout: soon });
  await page.fill('[data-testid="column-filter"]', "HOUR");
  assert.deepEqual(
    await page.locator('[data-testid="column-list"] li').evaluateAll((lis) => lis.map((li) => li.dataset.column)),
    ["hour", "time_hour"],
  );
  await page.press('[data-testid="column-filter"]', "Enter");
  await page.locator('[data-testid="column-list"]').waitFor({ state: "detached", timeout: soon });
  await page.waitForFunction(() => document.activeElement?.dataset.testid === "menu-hour", null, { timeout: soon });
  const hourBox = await page.locator('.col-header[data-column="hour"]').boundingBox();
  assert.ok(hourBox.x >= 0 && hourBox.x + hourBox.width <= 1500, `hour is in view: ${JSON.stringify(hourBox)}`);

  // A hint that names a function opens its reference; one that knows none lists them all.
  await page.fill("#command", "derive x = uper(carrier)");
  await page.click('[data-testid="doc-link-upper"]', { timeout: soon });
  await page.locator('[data-testid="function-reference"] [data-function="upper"]').waitFor({ timeout: soon });
  await page.fill("#command", "derive x = frobnicate(carrier)");
  await page.click('[data-testid="doc-link-functions"]', { timeout: soon });
  assert.ok((await page.locator('[data-testid="function-reference"] .function-doc').count()) > 100);
  await page.fill("#command", "");

  // `carrier = UA`: the hint writes the quotes.
  await page.fill("#command", "keep rows where carrier = UA");
  await page.locator(".problem .hint", { hasText: 'a text value is written in quotes: "UA"' }).waitFor({ timeout: soon });
  await page.fill("#command", "");

  // A number's menu offers what fits numbers, not text tools or dates.
  await page.click('[data-testid="menu-dep_delay"]');
  await page.locator('[data-testid="menu-item-round"]').waitFor({ timeout: soon });
  assert.equal(await page.locator('[data-testid="menu-item-split"]').count(), 0);
  assert.equal(await page.locator('[data-testid="menu-item-settype-date"]').count(), 0);
  await page.click('[data-testid="menu-item-bin"]');
  await page.fill('[data-testid="form-width"]', "15");
  await page.click('[data-testid="form-preview"]');
  assert.equal(await page.inputValue("#command"), "derive dep_delay_bin = floor(dep_delay / 15) * 15");
  await page.locator('[data-testid="preview-summary"]', { hasText: "adds dep_delay_bin" }).waitFor({ timeout: patience });
  await page.fill("#command", "");

  // A comment typed is no step: it goes above the step after it, as in the file.
  await page.fill("#command", "# the years are all 2013");
  await page.press("#command", "Enter");
  await page.locator('[data-testid="trailing-comments"]', { hasText: "the years are all 2013" }).waitFor({ timeout: soon });
  assert.deepEqual(await stepTexts(page), []);

  // Ctrl+Z straight after a step is added in the command line undoes it.
  await page.fill("#command", "drop year");
  await page.locator('[data-testid="preview-summary"]').waitFor({ timeout: patience });
  await page.press("#command", "Enter");
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="step-text"]').length === 1, null, { timeout: patience });
  await page.locator('[data-testid="step"] .step-comment', { hasText: "the years are all 2013" }).waitFor({ timeout: soon });
  assert.equal(await page.locator('[data-testid="trailing-comments"]').count(), 0);
  await page.press("#command", "Control+z");
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="step-text"]').length === 0, null, { timeout: soon });
  await page.press("#command", "Control+z");
  await page.locator('[data-testid="trailing-comments"]').waitFor({ state: "detached", timeout: soon });

  // A text column's header shows its "N distinct" line whole; it lists more values, and
  // one picked there selects its rows.
  const header = page.locator('.col-header[data-column="dest"]');
  const more = page.locator('[data-testid="values-dest"]');
  const h = await header.boundingBox();
  const m = await more.boundingBox();
  assert.ok(m.y + m.height <= h.y + h.height + 0.5, `the distinct count shows: ${JSON.stringify({ h, m })}`);
  await more.click();
  const list = page.locator('[data-testid="values-list"]');
  await list.waitFor({ timeout: soon });
  assert.ok((await list.locator("li[data-value]").count()) > 5);
  await page.screenshot({ path: path.join(artifacts, "14-values-list.png") });
  const last = list.locator("li[data-value]").last();
  const value = await last.getAttribute("data-value");
  await last.click();
  await page.locator('[data-testid="selection-bar"]', { hasText: `dest = "${value}"` }).waitFor({ timeout: soon });

  // Ctrl-click adds a value to the selection.
  const origins = page.locator('.col-header[data-column="origin"] .top-value');
  await origins.nth(0).click();
  await origins.nth(1).click({ modifiers: ["Control"] });
  const both = [await origins.nth(0).getAttribute("data-value"), await origins.nth(1).getAttribute("data-value")];
  await page.locator('[data-testid="selection-bar"] code', { hasText: `origin in ("${both[0]}", "${both[1]}")` }).waitFor({ timeout: soon });
  assert.equal(await page.locator('.col-header[data-column="origin"] .top-value.selected').count(), 2);

  // A bar of a histogram brings the rows it selects into view (the longest delays are
  // far down the day).
  await page.click('[data-testid="clear-selection"]');
  await page.locator('.col-header[data-column="dep_delay"] .histogram .bar').last().click();
  await page.locator(".row.selected").first().waitFor({ timeout: soon });
  await page.screenshot({ path: path.join(artifacts, "14b-selected-rows-in-view.png") });

  // A file dropped on the grid opens, with the page saying where it goes while dragged.
  const dataTransfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(["id,name\n1,ann\n2,bob\n"], "people.csv", { type: "text/csv" }));
    return dt;
  });
  await page.dispatchEvent('[data-testid="grid"]', "dragenter", { dataTransfer });
  await page.dispatchEvent('[data-testid="grid"]', "dragover", { dataTransfer });
  await page.locator('[data-testid="drop-overlay"]').waitFor({ timeout: soon });
  await page.screenshot({ path: path.join(artifacts, "15-file-dragged-over-the-grid.png") });
  await page.dispatchEvent('[data-testid="grid"]', "drop", { dataTransfer });
  await page.locator('[data-testid="dataset-name"]', { hasText: "people.csv" }).waitFor({ timeout: patience });
  await page.locator('[data-testid="grid"][data-rows="2"]').waitFor({ timeout: patience });
  assert.equal(await cell(page, 1, "name").textContent(), "bob");
  assert.equal(await page.locator('[data-testid="drop-overlay"]').count(), 0);
  assert.deepEqual(errors, [], "the page raised no errors");
});

test("values that do not fit a type: shown with what they held, told apart from missing ones, a conversion that empties most of a column warned", { timeout: 600_000 }, async () => {
  const csv = "id,amount,name\n1,abc,ann\n2,,bob\n3,10,cy\n4,12,dee \n";
  const put = await fetch(`${base}api/datasets?path=uploads/amounts.csv`, { method: "PUT", body: csv });
  assert.equal(put.status, 200);
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${base}?dataset=uploads/amounts.csv`);
  await page.locator('[data-testid="grid"][data-rows="4"]').waitFor({ timeout: patience });
  const soon = 15_000;

  // White space at the end of a value is shown.
  await cell(page, 3, "name").locator(".edge-space").waitFor({ timeout: soon });

  // A conversion that empties most of a column warns, and can still be added.
  await page.fill("#command", "settype name integer");
  await page.locator(".problem.warning", { hasText: "4 of 4 values of `name` (100%) do not fit integer" }).waitFor({ timeout: soon });
  await page.locator('[data-testid="preview-summary"]').waitFor({ timeout: soon });
  await page.screenshot({ path: path.join(artifacts, "16-conversion-warned.png") });
  // One between unrelated types is refused.
  await page.fill("#command", "settype id date");
  await page.locator(".problem:not(.warning)").waitFor({ timeout: soon });
  assert.equal(await page.isDisabled('[data-testid="add-step"]'), true);

  await page.fill("#command", "settype amount float");
  await addPreviewed(page, "");
  // The cell that did not fit shows, dimmed, the text it held.
  const abc = cell(page, 0, "amount");
  await abc.locator(".was").waitFor({ timeout: soon });
  assert.equal(await abc.getAttribute("data-was"), "abc");
  assert.match(await abc.getAttribute("title"), /"abc" did not fit float/);
  await page.screenshot({ path: path.join(artifacts, "17-mismatched-cell-shows-its-text.png") });

  // The red part of the bar selects the value that did not fit, and its step goes before
  // the settype, where the text is there to test.
  await page.click('.col-header[data-column="amount"] .q-mismatched');
  const bar = page.locator('[data-testid="selection-bar"]');
  await bar.locator("code", { hasText: 'not is_missing(amount) and not is_valid(amount, "float")' }).waitFor({ timeout: soon });
  assert.match(await bar.locator('[data-testid="selection-before"]').textContent(), /before step 1: settype amount float/);
  await page.click('[data-testid="delete-selected"]');
  await addPreviewed(page, "removes");
  assert.deepEqual(await stepTexts(page), [
    'delete rows where not is_missing(amount) and not is_valid(amount, "float")',
    "settype amount float",
  ]);
  await page.locator('[data-testid="grid"][data-rows="3"]').waitFor({ timeout: patience });
  assert.equal(await cell(page, 0, "id").textContent(), "2");

  // The grey part selects the missing value only: another step.
  await page.press("#command", "Control+z");
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="step-text"]').length === 1, null, { timeout: soon });
  await page.click('.col-header[data-column="amount"] .q-missing');
  await bar.locator("code", { hasText: "is_missing(amount)" }).waitFor({ timeout: soon });
  await page.click('[data-testid="delete-selected"]');
  await addPreviewed(page, "removes");
  assert.deepEqual(await stepTexts(page), ["delete rows where is_missing(amount)", "settype amount float"]);
  await page.locator('[data-testid="grid"][data-rows="3"]').waitFor({ timeout: patience });
  assert.deepEqual(
    [await cell(page, 0, "id").textContent(), await cell(page, 1, "id").textContent()],
    ["1", "3"],
  );
  await page.screenshot({ path: path.join(artifacts, "18-missing-deleted-before-the-settype.png") });

  // The steps from the keyboard: arrows go between them, Alt+arrow moves one, Ctrl+Z undoes.
  const steps = page.locator('[data-testid="step"]');
  await steps.first().focus();
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.evaluate(() => document.activeElement?.querySelector('[data-testid="step-text"]')?.textContent), "settype amount float");
  await page.keyboard.press("Alt+ArrowUp");
  await page.waitForFunction(() => document.querySelector('[data-testid="step-text"]')?.textContent === "settype amount float", null, { timeout: soon });
  await page.keyboard.press("Control+z");
  await page.waitForFunction(() => document.querySelector('[data-testid="step-text"]')?.textContent === "delete rows where is_missing(amount)", null, { timeout: soon });
  assert.deepEqual(errors, [], "the page raised no errors");
});

test("a join from a column's menu: the dataset, the keys, the kind, the columns to bring, and what matches", { timeout: 600_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${base}?dataset=demo/flights.csv.gz&rows=1000`);
  await page.locator('[data-testid="grid"][data-rows="1000"]').waitFor({ timeout: patience });
  const soon = 15_000;

  await page.click('[data-testid="menu-carrier"]');
  await page.click('[data-testid="join-airlines.csv"]');
  const dialog = page.locator('[data-testid="join-dialog"]');
  await dialog.waitFor({ timeout: patience });
  // Every flight's carrier is among the airlines; some airlines fly none of these flights.
  await dialog.locator('[data-testid="join-matches"]', { hasText: /^1000 of 1000 rows find a match in airlines; 0 do not\. \d+ of its 16 rows match no row here\.$/ }).waitFor({ timeout: soon });
  assert.equal(await dialog.locator('[data-testid="join-right"]').inputValue(), "carrier");
  assert.equal(await dialog.locator('[data-testid="join-bring-name"]').isChecked(), true);
  assert.equal(await dialog.locator('[data-testid="join-bring-carrier"]').isChecked(), false, "the key is not brought again");
  await page.screenshot({ path: path.join(artifacts, "19-join-dialog.png") });
  await dialog.locator('[data-testid="join-preview"]').click();
  assert.equal(await page.inputValue("#command"), "lookup airlines on carrier = airlines.carrier columns name");
  await addPreviewed(page, "adds name");
  assert.equal(await page.locator('.col-header[data-column="carrier_airlines"]').count(), 0);
  await cell(page, 0, "name").waitFor({ timeout: patience });
  assert.match(await cell(page, 0, "name").textContent(), /[A-Za-z]{3,}/);

  // Another kind writes a join; a lookup with nothing to bring says so.
  await page.click('[data-testid="menu-origin"]');
  await page.click('[data-testid="join-airlines.csv"]');
  await dialog.waitFor({ timeout: patience });
  await dialog.locator('[data-testid="join-matches"]', { hasText: /^0 of 1000 rows find a match/ }).waitFor({ timeout: soon });
  await dialog.locator('[data-testid="join-bring-name"]').uncheck();
  await dialog.locator('[data-testid="join-preview"]').click();
  await dialog.locator('[data-testid="form-error"]', { hasText: "Pick at least one column to bring." }).waitFor({ timeout: soon });
  await dialog.locator('[data-testid="join-kind"]').selectOption("anti");
  await dialog.locator('[data-testid="join-preview"]').click();
  assert.equal(await page.inputValue("#command"), "join airlines on origin = airlines.carrier kind anti");
  assert.deepEqual(errors, [], "the page raised no errors");
});
