"""Benchmark of the time map (issue 22): how long writing the page takes, how large it is, and how long one
slider step takes in Debian's headless Chromium — the page looking question 3's answers up for every place and
recolouring them, and the layout that causes — for each seed, every source side by side and all sources together.

Run: python -m hadrut_kg.benchmark.timemap [--dataset dist] [--steps 200]

The steps are random days (fixed seed) set on the slider as a user's drag does (an `input` event); each is timed
from the event to the end of the layout it causes. Medians and 95th percentiles; nothing is asserted (the aim
is under 100 ms a step and under 1 MB a page).
"""

from __future__ import annotations

import argparse
import html
import json
import re
import subprocess
import tempfile
import time
from pathlib import Path

from hadrut_kg.paths import DEFAULT_OUT, REGIONS_FILE

PROBE = """<script>
(function () {
  var slider = document.getElementById("slider"), select = document.getElementById("source"), out = {};
  var seed = 22; function random() { seed = (seed * 16807) % 2147483647; return seed / 2147483647; }
  ["wikimapia", "wikipedia", "all", "together"].forEach(function (source) {
    select.value = source; select.dispatchEvent(new Event("change"));
    var times = [];
    for (var i = 0; i < __STEPS__; i += 1) {
      slider.value = String(Math.floor(random() * (+slider.max + 1)));
      var t0 = performance.now();
      slider.dispatchEvent(new Event("input"));
      document.body.getBoundingClientRect().width;  // the layout the step causes
      times.push(performance.now() - t0);
    }
    times.sort(function (a, b) { return a - b; });
    out[source] = {median: times[Math.floor(times.length / 2)], p95: times[Math.floor(times.length * 0.95)],
                   max: times[times.length - 1]};
  });
  var pre = document.createElement("pre"); pre.id = "bench"; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}());
</script>"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the time map: writing it, its size, a slider step.")
    parser.add_argument("--dataset", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--steps", type=int, default=200)
    opts = parser.parse_args(argv)
    from hadrut_kg.exports.map import CHROMIUM_FLAGS, chromium, read_regions
    from hadrut_kg.queries.embedded import open_store
    from hadrut_kg.timemap.data import page_data
    from hadrut_kg.timemap.page import WINDOW, html as page_html

    store = open_store(opts.dataset)
    t0 = time.perf_counter()
    data = page_data(store, read_regions(REGIONS_FILE))
    text = page_html(data)
    written = time.perf_counter() - t0
    with tempfile.TemporaryDirectory(prefix="hadrut-kg-timemap-") as tmp:
        page = Path(tmp) / "map.html"
        page.write_text(text.replace("</body>", PROBE.replace("__STEPS__", str(opts.steps)) + "</body>"),
                        encoding="utf-8")
        done = subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile",
                               f"--window-size={WINDOW}", "--dump-dom", page.as_uri()],
                              capture_output=True, text=True, timeout=300)
    found = re.search(r'<pre id="bench">(.*?)</pre>', done.stdout, re.S)
    if not found:
        print(f"Chromium gave no measurement: {done.stderr[-800:]}")
        return 1
    steps = json.loads(html.unescape(found.group(1)))
    print(f"time map of {opts.dataset}: {len(text.encode()) / 1024:.0f} KiB, {len(data['units'])} places and areas, "
          f"{len(data['days'])} change points; written in {written:.2f} s")
    print(f"one slider step in headless Chromium, {opts.steps} random days (ms):")
    print("| source | median | 95th percentile | max |\n|---|---:|---:|---:|")
    for source, t in steps.items():
        print(f"| {source} | {t['median']:.1f} | {t['p95']:.1f} | {t['max']:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
