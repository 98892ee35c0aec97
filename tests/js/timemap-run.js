// Opens the time map at given views in Debian's headless Chromium (puppeteer-core, no browser download) and prints
// one JSON object: per view, the state the page itself shows for every place (data- attributes set by its script),
// the errors it raised, and (with an output folder) a PNG of the view; with --bench, the time one slider step
// takes. Used by tests/test_timemap.py and hadrut_kg/benchmark.
// Usage: node timemap-run.js CHROMIUM_PATH PAGE OUT_DIR|- [--bench] VIEW...   (VIEW: date=YYYY-MM-DD&source=ID)
"use strict";
const path = require("path");
const { pathToFileURL } = require("url");
const { withBrowser, run } = require("./browser");

async function main() {
  const args = process.argv.slice(2);
  const bench = args.includes("--bench"), interact = args.includes("--interact");
  const [chromium, file, outDir, ...views] = args.filter((a) => a !== "--bench" && a !== "--interact");
  const report = { views: {} };
  await withBrowser(chromium, async (browser) => {
    for (const view of views) {
      const page = await browser.newPage();
      await page.setViewport({ width: 1400, height: 1060 });
      const requests = [];
      page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url()); });
      await page.goto(pathToFileURL(path.resolve(file)).href + "#" + view, { waitUntil: "load", timeout: 60000 });
      await page.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
      report.views[view] = await page.evaluate(() => {
        const units = {};
        document.querySelectorAll("g.unit").forEach((g) => {
          const pieces = {};
          g.querySelectorAll("rect.piece").forEach((p) => {
            pieces[p.getAttribute("data-source")] = { state: p.getAttribute("data-state"), holders: p.getAttribute("data-holders") };
          });
          units[g.getAttribute("data-id")] = { state: g.getAttribute("data-state"), holders: g.getAttribute("data-holders"),
            outline: g.getAttribute("data-outline"), outlineState: g.getAttribute("data-outline-state"),
            fill: g.querySelector(".shape").getAttribute("fill"), contested: g.getAttribute("data-contested"),
            rings: Array.from(g.querySelectorAll(".rings .tie")).map((t) => t.getAttribute("stroke")),
            stroke: g.querySelector(".shape").getAttribute("stroke"), pieces };
        });
        document.querySelectorAll("text[data-for]").forEach((t) => {
          if (units[t.getAttribute("data-for")]) units[t.getAttribute("data-for")].label = t.textContent;
        });
        const events = {};
        document.querySelectorAll("#strip g.event").forEach((g) => {
          (events[g.getAttribute("data-id")] = events[g.getAttribute("data-id")] || []).push(
            Array.from(g.children).filter((c) => c.tagName !== "title").map((c) => c.tagName + (c.getAttribute("class") ? "." + c.getAttribute("class") : "")).join(" "));
        });
        const lanes = Array.from(document.querySelectorAll("#strip text.lane")).map((t) => t.textContent);
        return { events, lanes, date: document.body.dataset.date, source: document.body.dataset.source, errors: document.body.dataset.errors,
          hash: location.hash, units };
      });
      report.views[view].requests = requests;
      if (outDir !== "-") {
        const name = view.replace(/[^0-9a-z-]+/gi, "_") + ".png";
        await page.screenshot({ path: path.join(outDir, name) });
        report.views[view].png = name;
      }
      if (interact) {  // keys on the slider, an event of the strip, a place, the play button: the day after each
        const steps = [];
        const day = () => page.evaluate(() => [document.body.dataset.date, location.hash]);
        await page.focus("#slider");
        for (const key of ["ArrowRight", "ArrowLeft", "ArrowUp", "PageUp", "PageDown", "ArrowDown", "End", "Home"]) {
          await page.keyboard.press(key);
          steps.push([key, ...(await day())]);
        }
        await page.click('g.event[data-id="operation-ring"]');
        steps.push(["event operation-ring", ...(await day())]);
        await page.evaluate(() => document.querySelector('g.unit[data-id="hadrut"]').focus());
        await page.keyboard.press("Enter");
        steps.push(["place hadrut", ...(await day()), await page.evaluate(() => document.getElementById("info").innerText)]);
        await page.select("#source", "together");
        await page.evaluate(() => { location.hash = "#date=1995-01-01&source=together&place=hadrut"; });
        await page.waitForFunction(() => document.body.dataset.date === "1995-01-01");
        steps.push(["together hadrut", ...(await day()), await page.evaluate(() => document.getElementById("info").innerText)]);
        await page.click("#play");
        await new Promise((r) => setTimeout(r, 1200));
        await page.click("#play");
        steps.push(["play", ...(await day())]);
        report.views[view].steps = steps;
      }
      if (bench) {
        report.views[view].stepMs = await page.evaluate(() => {
          const slider = document.getElementById("slider"), times = [];
          for (let i = 0; i < 200; i += 1) {
            slider.value = String(Math.floor(Math.random() * (+slider.max + 1)));
            const t0 = performance.now();
            slider.dispatchEvent(new Event("input"));
            document.body.getBoundingClientRect();  // the layout the step causes, inside the measure
            times.push(performance.now() - t0);
          }
          times.sort((a, b) => a - b);
          return { median: times[100], p95: times[190], max: times[199] };
        });
      }
      await page.close();
    }
  });
  process.stdout.write(JSON.stringify(report) + "\n");
}

run(main);
