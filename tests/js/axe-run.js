// Runs axe-core on local HTML files in Debian's headless Chromium and prints one JSON object:
// {"<file>": [{"id", "impact", "help", "targets": [...]}, ...], ...}. Used by tests/site_checkers.py.
// Usage: node axe-run.js CHROMIUM_PATH FILE...   (no browser is downloaded: puppeteer-core drives the given one)
"use strict";
const fs = require("fs");
const path = require("path");
const { pathToFileURL } = require("url");
const { withBrowser, run } = require("./browser");

async function main() {
  const [chromium, ...files] = process.argv.slice(2);
  if (!chromium || files.length === 0) {
    console.error("usage: node axe-run.js CHROMIUM_PATH FILE...");
    process.exit(2);
  }
  const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  const report = {};
  await withBrowser(chromium, async (browser) => {
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
  });
  process.stdout.write(JSON.stringify(report) + "\n");
}

run(main);
