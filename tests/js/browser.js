// Debian's headless Chromium driven by puppeteer-core (no browser download), in a throw-away profile: the one
// launch the runners of this folder share. withBrowser(chromium, fn) runs fn(browser) and always closes the browser
// and removes its profile; run(main) reports an error on stderr with exit status 1.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const puppeteer = require("puppeteer-core");

const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync"];

async function withBrowser(chromium, fn) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "hadrut-kg-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: chromium, pipe: true, ignoreDefaultArgs: true,
    args: [...FLAGS, `--user-data-dir=${profile}`, "about:blank"],
  });
  try {
    return await fn(browser);
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

function run(main) {
  main().catch((err) => { console.error(String(err && err.stack || err)); process.exit(1); });
}

module.exports = { withBrowser, run };
