// Runs axe-core on local HTML files in Debian's headless Chromium and prints one JSON object:
// {"<file>": [{"id", "impact", "help", "targets": [...]}, ...], ...}. Used by tests/site_checkers.py.
// Usage: node axe-run.js CHROMIUM_PATH FILE...   (no browser is downloaded: puppeteer-core drives the given one)
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { pathToFileURL } = require("url");
const puppeteer = require("puppeteer-core");

const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync"];

async function main() {
  const [chromium, ...files] = process.argv.slice(2);
  if (!chromium || files.length === 0) {
    console.error("usage: node axe-run.js CHROMIUM_PATH FILE...");
    process.exit(2);
  }
  const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "axe-profile-"));
  const browser = await puppeteer.launch({
    executablePath: chromium, pipe: true, ignoreDefaultArgs: true,
    args: [...FLAGS, `--user-data-dir=${profile}`, "about:blank"],
  });
  const report = {};
  try {
    for (const file of files) {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: "load", timeout: 60000 });
      await page.evaluate(axeSource);
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
      report[file] = result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.map((n) => n.target.join(" ")),
      }));
      await page.close();
    }
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(report) + "\n");
}

main().catch((err) => { console.error(String(err && err.stack || err)); process.exit(1); });
