#!/usr/bin/env python3
"""Opens the HTML report of `repro report --html` in headless Chromium and checks it.

Drives Chromium through chromedriver's WebDriver interface (Debian's chromium and
chromium-driver; the standard library only). For index.html and every spec page it
checks: no console message of level SEVERE; no request outside the site's folder; every
figure drawn (a dygraphs chart per figure with data, counted in the DOM). On each page
with a chart it clicks the first legend entry and checks that its curve is hidden, clicks
it again and checks that it is back, then clicks a point of the first curve and checks
that the runs behind it are listed. Writes a screenshot of one spec page.

Prints one JSON object on stdout (per page: load time, charts, checks, errors) and one
line per page on stderr. Exit 0 when every check holds, 1 when one fails, 77 when the
browser cannot be started (no chromium or chromedriver).
"""
import argparse
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


class WebDriver:
    """A minimal W3C WebDriver client over HTTP on the loopback interface."""

    def __init__(self, driver, browser):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.process = subprocess.Popen([driver, f"--port={self.port}"], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 20
        while True:
            try:
                if self.request("GET", "/status").get("ready"):
                    break
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            if time.time() > deadline or self.process.poll() is not None:
                self.process.kill()
                raise RuntimeError("chromedriver did not start")
            time.sleep(0.1)
        options = {"binary": browser,
                   "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            "--window-size=1280,1100", "--no-first-run", "--disable-extensions"]}
        capabilities = {"browserName": "chrome", "goog:chromeOptions": options,
                        "goog:loggingPrefs": {"browser": "ALL"}}
        try:
            value = self.request("POST", "/session", {"capabilities": {"alwaysMatch": capabilities}})
        except Exception:
            self.process.kill()
            raise
        self.session = f"/session/{value['sessionId']}"

    def request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=120) as response:
                return json.load(response)["value"]
        except urllib.error.HTTPError as error:
            detail = json.load(error).get("value", {})
            raise RuntimeError(f"{method} {path}: {detail.get('error')}: {detail.get('message', '')[:300]}") from None

    def call(self, method, path, body=None):
        return self.request(method, self.session + path, body)

    def run(self, script, *args):
        return self.call("POST", "/execute/sync", {"script": script, "args": list(args)})

    def find(self, selector):
        return [e[ELEMENT] for e in self.call("POST", "/elements", {"using": "css selector", "value": selector})]

    def click_element(self, element):
        self.call("POST", f"/element/{element}/click", {})

    def pointer(self, x, y, click):
        """A real mouse move to viewport coordinates (x, y) (from one pixel above, so the page
        sees a move), and a click there when `click`."""
        actions = [{"type": "pointerMove", "origin": "viewport", "x": int(x), "y": int(y) - 1, "duration": 0},
                   {"type": "pointerMove", "origin": "viewport", "x": int(x), "y": int(y), "duration": 50}]
        if click:
            actions += [{"type": "pointerDown", "button": 0}, {"type": "pointerUp", "button": 0}]
        pointer = {"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"}, "actions": actions}
        self.call("POST", "/actions", {"actions": [pointer]})
        self.call("DELETE", "/actions")

    def console(self):
        return self.call("POST", "/se/log", {"type": "browser"})

    def screenshot(self, path):
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.call("GET", "/screenshot")))

    def quit(self):
        try:
            self.request("DELETE", self.session)
        finally:
            self.process.kill()
            self.process.wait()


FACTS = """
const nav = performance.getEntriesByType('navigation')[0];
const resources = performance.getEntriesByType('resource').map(r => r.name);
const sections = Array.from(document.querySelectorAll('section.figure'));
return {
  loadMs: nav ? nav.loadEventEnd : null,
  resources: resources,
  figures: sections.length,
  drawn: sections.filter(s => s.dataset.drawn === 'true').length,
  empty: sections.filter(s => s.dataset.drawn === 'empty').length,
  canvases: document.querySelectorAll('section.figure .chart canvas').length,
  charts: (window.reproCharts || []).length,
  verdictRows: document.querySelectorAll('table.verdicts tbody tr').length,
};
"""

VISIBLE = "return window.reproCharts[0].visibility()[0];"

SELECTED = """
const g = window.reproCharts[0];
const p = (g.selPoints_ || []).find(p => isFinite(p.canvasx) && isFinite(p.canvasy));
if (!p) return null;
const box = g.graphDiv.getBoundingClientRect();
return {x: box.left + p.canvasx, y: box.top + p.canvasy};
"""

POINT = """
const section = document.querySelector('section.figure[data-drawn="true"]');
section.scrollIntoView({block: 'center'});
const g = window.reproCharts[0];
const rows = g.file_ || g.rawData_;
for (const row of g.rawData_) {
  const cell = row[1];
  const y = Array.isArray(cell) ? cell[1] : cell;
  if (cell === null || y === null || !isFinite(y)) continue;
  const [px, py] = g.toDomCoords(row[0], y);
  const [lo, hi] = g.xAxisRange();
  if (row[0] < lo || row[0] > hi) continue;
  const box = g.graphDiv.getBoundingClientRect();
  return {x: box.left + px, y: box.top + py, xval: row[0]};
}
return null;
"""


def check_page(wd, url, is_index):
    wd.call("POST", "/url", {"url": url})
    facts = wd.run(FACTS)
    result = {"page": os.path.basename(url), "loadMs": facts["loadMs"], "figures": facts["figures"],
              "drawn": facts["drawn"], "empty": facts["empty"], "canvasCharts": facts["canvases"],
              "verdictRows": facts["verdictRows"], "checks": {}, "errors": []}
    outside = [r for r in facts["resources"] if not r.startswith("file://")]
    result["checks"]["no request outside the site"] = not outside
    if outside:
        result["errors"].append("requests: " + ", ".join(outside))
    result["checks"]["every figure drawn"] = facts["drawn"] + facts["empty"] == facts["figures"] \
        and facts["charts"] == facts["drawn"]
    if is_index:
        result["checks"]["verdict table present"] = facts["verdictRows"] > 0
    if facts["drawn"] > 0:
        entry = wd.find('section.figure[data-drawn="true"] .legend-entry')[0]
        before = wd.run(VISIBLE)
        wd.click_element(entry)
        hidden = wd.run(VISIBLE) is False and wd.run(
            "return document.querySelector('section.figure[data-drawn=\"true\"] .legend-entry').classList.contains('off');")
        wd.click_element(entry)
        back = wd.run(VISIBLE) is True
        result["checks"]["legend click hides the curve, a second click shows it"] = before is True and hidden and back
        point = wd.run(POINT)
        listed = False
        if point is not None:
            # The chart selects the data row nearest the pointer's x; where rows are denser than
            # pixels that row may be a neighbour of the one aimed at, so the click goes to the
            # selected row's point.
            wd.pointer(point["x"], point["y"], click=False)
            point = wd.run(SELECTED) or point
            wd.pointer(point["x"], point["y"], click=True)
            listed = wd.run("""
                const p = document.querySelector('section.figure[data-drawn="true"] .provenance');
                return !p.hidden && p.querySelectorAll('tr[data-run]').length;""")
        result["runsListedOnClick"] = listed or 0
        result["checks"]["a click on a point lists its runs"] = bool(listed)
    severe = [e for e in wd.console() if e.get("level") == "SEVERE"]
    result["checks"]["no console error"] = not severe
    result["errors"] += [e.get("message", "")[:300] for e in severe]
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", help="the folder of index.html")
    parser.add_argument("--screenshot", help="where to write a PNG of one spec page")
    parser.add_argument("--screenshot-page", help="the page to photograph (file name; default: the first spec page)")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--chromedriver", default=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    args = parser.parse_args()

    index = os.path.join(os.path.abspath(args.site), "index.html")
    if not os.path.isfile(index):
        print(f"check-report: {index}: not found", file=sys.stderr)
        return 2
    for tool in (args.chromium, args.chromedriver):
        if not os.access(tool, os.X_OK):
            print(f"check-report: {tool} not found: install Debian's chromium and chromium-driver", file=sys.stderr)
            return 77
    try:
        wd = WebDriver(args.chromedriver, args.chromium)
    except Exception as error:  # the browser could not start here
        print(f"check-report: cannot start Chromium: {error}", file=sys.stderr)
        return 77
    pages = []
    try:
        wd.call("POST", "/url", {"url": "file://" + index})
        links = wd.run("return Array.from(document.querySelectorAll('section.spec h3 a')).map(a => a.href);")
        pages.append(check_page(wd, "file://" + index, True))
        shot = args.screenshot_page or (os.path.basename(links[0]) if links else None)
        for link in links:
            pages.append(check_page(wd, link, False))
            if args.screenshot and os.path.basename(link) == shot:
                wd.run("const f = document.querySelector('section.figure'); if (f) f.scrollIntoView(); else window.scrollTo(0, 0);")
                wd.screenshot(args.screenshot)
    finally:
        wd.quit()
    ok = all(all(p["checks"].values()) for p in pages)
    for p in pages:
        failed = [name for name, passed in p["checks"].items() if not passed]
        print(f"{p['page']}: {p['drawn']}/{p['figures']} charts, loaded in {p['loadMs']:.0f} ms"
              + (f"; FAILED: {', '.join(failed)} {p['errors']}" if failed else ""), file=sys.stderr)
    slowest = max(pages, key=lambda p: p["loadMs"] or 0)
    print(json.dumps({"ok": ok, "pages": pages, "screenshot": args.screenshot,
                      "slowestLoadMs": slowest["loadMs"], "slowestPage": slowest["page"]}))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
