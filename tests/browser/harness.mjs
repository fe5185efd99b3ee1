// What the browser tests and the benchmark share: `wrangle serve` on a new store (seeded
// with the demo dataset) on a free loopback port, and Debian's headless Chromium.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

export const root = path.resolve(import.meta.dirname, "../..");

/** Starts `wrangle serve` (the given build) and resolves once it prints its address. */
export async function startServer(build) {
  const store = mkdtempSync(path.join(tmpdir(), "wrangle-browser-"));
  const server = spawn(
    path.join(root, `target/${build}/wrangle`),
    ["serve", "--store", store, "--addr", "127.0.0.1:0", "--ui", path.join(root, "target/ui-dist")],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const base = await new Promise((resolve, reject) => {
    let out = "";
    server.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/ at (http:\/\/\S+)/);
      if (m) resolve(m[1]);
    });
    server.on("exit", (code) => reject(new Error(`wrangle serve exited with ${code}`)));
  });
  return {
    base,
    stop() {
      server.kill("SIGINT");
      rmSync(store, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless, with nothing reaching for the network. */
export function launchChromium() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
      "--no-first-run", "--disable-background-networking", "--disable-component-update",
      "--disable-sync",
    ],
  });
}
