// Opens one URL in Debian's headless Chromium, waits until the page's own script sets window.__results, and prints
// them as JSON. Used by tests/test_serve_http.py to run fetch() from a page on another origin (CORS as a browser
// enforces it). Usage: node page-run.js CHROMIUM_PATH URL   (puppeteer-core drives the given browser)
"use strict";
const { withBrowser, run } = require("./browser");

async function main() {
  const [chromium, url] = process.argv.slice(2);
  if (!chromium || !url) {
    console.error("usage: node page-run.js CHROMIUM_PATH URL");
    process.exit(2);
  }
  await withBrowser(chromium, async (browser) => {
    const page = await browser.newPage();
    const console_lines = [];
    page.on("console", (m) => console_lines.push(m.text()));
    await page.goto(url, { waitUntil: "load", timeout: 60000 });
    await page.waitForFunction(() => window.__results !== undefined, { timeout: 60000 });
    const results = await page.evaluate(() => window.__results);
    process.stdout.write(JSON.stringify({ origin: await page.evaluate(() => location.origin), results,
      console: console_lines }) + "\n");
  });
}

run(main);
