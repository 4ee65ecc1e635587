#!/usr/bin/python3
"""Real-browser test of an `odpub portal` site with Debian's chromium + chromedriver
driven by python3-selenium (run with /usr/bin/python3; tests/e2e/portal.sh drives it).

  test_portal.py --site SITE --packages DIR --tampered FILE --xss PKGNAME --out DIR

SITE is served from a thread of this process on 127.0.0.1 (a free port, stopped at the
end) and also opened as file://. Expectations come from the packages themselves (DIR
holds each archive extracted: metadata/portal.json, metadata/data-dictionary.csv), not
from the site. Screenshots go to --out. Any missing piece (browser, driver, selenium)
is a failure, never a skip.
"""
import argparse
import csv
import functools
import glob
import http.server
import json
import os
import sys
import tempfile
import threading
import time

try:
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException, SessionNotCreatedException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError as e:  # loud failure: the test must not skip
    sys.exit("FAIL: python3-selenium is not installed (apt-get install python3-selenium): %s" % e)

CHROMIUM = "/usr/bin/chromium"
DRIVER = "/usr/bin/chromedriver"
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        raise AssertionError(what)


def browser(tmp, js=True, width=1200, height=1600):
    for p in (CHROMIUM, DRIVER):
        if not os.access(p, os.X_OK):
            sys.exit("FAIL: %s missing (apt-get install chromium chromium-driver)" % p)
    o = webdriver.ChromeOptions()
    o.binary_location = CHROMIUM
    for a in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--no-first-run",
              "--disable-default-apps", "--disable-extensions", "--window-size=%d,%d" % (width, height)):
        o.add_argument(a)
    o.add_argument("--user-data-dir=" + tempfile.mkdtemp(prefix="chromium-", dir=tmp))
    if not js:
        o.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    # Starting chromium is the one step retried: on a loaded 2-core CI machine the driver
    # can give up before the browser is up ("session not created"). Assertions never retry.
    for attempt in range(3):
        try:
            d = webdriver.Chrome(service=Service(DRIVER), options=o)
            break
        except SessionNotCreatedException as e:
            if attempt == 2:
                raise
            print("browser: chromium did not start (%s), retrying" % str(e).splitlines()[0],
                  file=sys.stderr)
            time.sleep(2)
    d.set_page_load_timeout(60)
    return d


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass


def serve(site):
    h = functools.partial(QuietHandler, directory=site)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), h)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    return srv


def visible_items(d):
    return [li for li in d.find_elements(By.CSS_SELECTOR, "#catalog > li.ds") if li.is_displayed()]


def wait_state(d, states, timeout=60):
    el = d.find_element(By.ID, "verify-result")
    WebDriverWait(d, timeout).until(lambda _: el.get_attribute("data-state") in states)
    return el.get_attribute("data-state"), el.text


def no_alert(d, what):
    try:
        d.switch_to.alert
    except NoAlertPresentException:
        return
    raise AssertionError("an alert opened on " + what)


def load_packages(pkgdir):
    """The newest release of each dataset, keyed by its stable identifier (the policy
    name): the site has one page per dataset, datasets/ID.html."""
    pk = {}
    for bag in sorted(glob.glob(os.path.join(pkgdir, "*", "*", "metadata", "portal.json"))):
        root = os.path.dirname(os.path.dirname(bag))
        report = json.load(open(os.path.join(root, "report.json"), encoding="utf-8"))
        name = report["policy"]
        if name in pk and pk[name]["date"] >= report["release_date"]:
            continue
        portal = json.load(open(bag, encoding="utf-8"))
        with open(os.path.join(root, "metadata", "data-dictionary.csv"), newline="",
                  encoding="utf-8") as f:
            dic = list(csv.DictReader(f))
        with open(glob.glob(os.path.join(root, "data", "*.csv"))[0], newline="",
                  encoding="utf-8") as f:
            header = next(csv.reader(f))
        archive = os.path.basename(os.path.dirname(root))  # DIR/<archive>/<bag>
        pk[name] = {"portal": portal, "dict": dic, "header": header, "archive": archive,
                    "date": report["release_date"]}
    return pk


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--site", required=True)
    ap.add_argument("--packages", required=True)
    ap.add_argument("--tampered", required=True)
    ap.add_argument("--xss", help="dataset whose strings are all markup (checked as text)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--versions", help="ID:N: dataset ID has N releases on the site")
    a = ap.parse_args()
    site = os.path.abspath(a.site)
    pk = load_packages(a.packages)
    check(len(pk) >= 2, "expected at least two packages, found %d" % len(pk))
    tmp = tempfile.mkdtemp(prefix="browser-", dir=a.out)
    srv = serve(site)
    base = "http://127.0.0.1:%d/" % srv.server_address[1]
    d = browser(tmp)
    try:
        # ---- catalog over http: every dataset, search and filters narrow it ----
        d.get(base + "index.html")
        items = d.find_elements(By.CSS_SELECTOR, "#catalog > li.ds")
        titles = sorted(li.find_element(By.CSS_SELECTOR, "h2").text for li in items)
        check(titles == sorted(p["portal"]["name"] for p in pk.values()),
              "catalog lists every dataset: %r" % titles)
        check(d.find_element(By.ID, "filters").is_displayed(), "filters shown with JS on")
        check(d.find_element(By.ID, "count").text == "%d of %d datasets shown" % (len(pk), len(pk)),
              "count line: " + d.find_element(By.ID, "count").text)
        d.save_screenshot(os.path.join(a.out, "catalog.png"))
        first = sorted(pk)[0]
        agency = pk[first]["portal"]["attribution"]
        Select(d.find_element(By.ID, "agency")).select_by_value(agency)
        vis = visible_items(d)
        want = [p for p in pk.values() if p["portal"]["attribution"] == agency]
        check(0 < len(vis) == len(want) < len(pk), "agency filter narrows to %d" % len(vis))
        Select(d.find_element(By.ID, "agency")).select_by_value("")
        cat = pk[first]["portal"]["category"]
        Select(d.find_element(By.ID, "category")).select_by_value(cat)
        check(len(visible_items(d)) == len([p for p in pk.values() if p["portal"]["category"] == cat])
              < len(pk), "category filter narrows")
        Select(d.find_element(By.ID, "category")).select_by_value("")
        q = d.find_element(By.ID, "q")
        q.send_keys(pk[first]["portal"]["name"])
        vis = visible_items(d)
        check(len(vis) == 1 and vis[0].find_element(By.CSS_SELECTOR, "h2").text == pk[first]["portal"]["name"],
              "search by title finds exactly that dataset")
        q.clear()
        q.send_keys("no-such-dataset-zzz")
        check(len(visible_items(d)) == 0 and d.find_element(By.ID, "none").is_displayed(),
              "a search without match shows the 'no dataset' line")
        q.clear()
        q.send_keys(" ")
        check(len(visible_items(d)) == len(pk), "clearing the search shows every dataset")

        # ---- each dataset page: every column's treatment, preview header ----
        for name, p in sorted(pk.items()):
            d.get(base + "datasets/%s.html" % name)
            no_alert(d, name)
            for row in p["dict"]:
                cells = d.find_elements(By.CSS_SELECTOR, "td.treatment")
                cell = [c for c in cells if c.get_attribute("data-column") == row["column"]]
                check(len(cell) == 1, "%s: column %r in the dictionary" % (name, row["column"]))
                check(row["treatment"] in cell[0].text,
                      "%s: treatment of %r shown (%r)" % (name, row["column"], cell[0].text))
                tr = cell[0].find_element(By.XPATH, "..")
                th = tr.find_element(By.CSS_SELECTOR, "th[scope=row]")
                check(th.text == row["column"], "%s: row header %r" % (name, th.text))
                if row["treatment"].startswith("dropped"):
                    check("dropped" in tr.get_attribute("class"), "%s: dropped row marked" % name)
                    dropped = [e.text for e in d.find_elements(By.CSS_SELECTOR, "code.dropped-col")]
                    check(row["column"] in dropped, "%s: %r listed as not published" % (name, row["column"]))
            head = [th.text for th in d.find_elements(By.CSS_SELECTOR, "table.preview thead th")]
            check(head == p["header"], "%s: preview header %r" % (name, head))
            check(len(d.find_elements(By.CSS_SELECTOR, "table.preview tbody tr")) > 0,
                  "%s: preview has rows" % name)

        # ---- Verify: valid for the real package (fetched), invalid for a tampered copy ----
        name = first
        d.get(base + "datasets/%s.html" % name)
        sigtext = open(os.path.join(site, "downloads", pk[name]["archive"] + ".minisig"),
                       encoding="utf-8").read().split("\n")[2][len("trusted comment: "):]
        d.find_element(By.ID, "verify-btn").click()
        state, text = wait_state(d, ("valid", "invalid", "error"))
        check(state == "valid", "Verify of the published package: %s %r" % (state, text))
        check(sigtext in text, "the trusted comment is shown after Verify")
        d.execute_script("document.getElementById('verify-result').scrollIntoView()")
        d.save_screenshot(os.path.join(a.out, "dataset-verify-valid.png"))
        d.find_element(By.ID, "pick-archive").send_keys(os.path.abspath(a.tampered))
        d.find_element(By.ID, "verify-files").click()
        state, text = wait_state(d, ("valid", "invalid", "error"))
        check(state == "invalid", "Verify of a copy with one byte changed: %s %r" % (state, text))
        d.save_screenshot(os.path.join(a.out, "dataset-verify-invalid.png"))
        d.find_element(By.ID, "pick-archive").clear()
        d.find_element(By.ID, "pick-archive").send_keys(
            os.path.join(site, "downloads", pk[name]["archive"]))
        d.find_element(By.ID, "pick-sig").send_keys(
            os.path.join(site, "downloads", pk[name]["archive"] + ".minisig"))
        d.find_element(By.ID, "verify-files").click()
        state, text = wait_state(d, ("valid", "invalid", "error"))
        check(state == "valid", "Verify of the picked real files: %s %r" % (state, text))
        d.execute_script("window.scrollTo(0, 0)")
        d.save_screenshot(os.path.join(a.out, "dataset.png"))

        # ---- every other package verifies too ----
        for other in sorted(pk):
            d.get(base + "datasets/%s.html" % other)
            d.find_element(By.ID, "verify-btn").click()
            state, text = wait_state(d, ("valid", "invalid", "error"))
            check(state == "valid", "%s: Verify says %s (%r)" % (other, state, text))

        # ---- hostile strings stay text ----
        if a.xss:
            d.get(base + "datasets/%s.html" % a.xss)
            no_alert(d, "the hostile page")
            scripts = [s.get_attribute("src") for s in d.find_elements(By.TAG_NAME, "script")]
            check(len(scripts) == 2 and all(s.endswith(("/assets/blake2b.js", "/assets/verify.js")) for s in scripts),
                  "only the site's own scripts: %r" % scripts)
            check(not d.find_elements(By.CSS_SELECTOR, "[onerror], main img, main b, main i, main em, main u"),
                  "no markup from package strings became elements")
            check("<script>" in d.find_element(By.TAG_NAME, "h1").text, "title shown literally")
            check(any("<script>alert(1)</script>" == td.text for td in
                      d.find_elements(By.CSS_SELECTOR, "table.preview td")), "CSV cell shown literally")
            check(len(d.find_elements(By.TAG_NAME, "h1")) == 1, "a cell cannot add headings")

        # ---- narrow screen: no sideways scrolling of the page ----
        d.set_window_size(375, 800)
        for page in ("index.html", "datasets/%s.html" % first):
            d.get(base + page)
            over = d.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            check(over <= 1, "%s fits a 375 px screen (overflow %d px)" % (page, over))
        d.get(base + "index.html")
        d.save_screenshot(os.path.join(a.out, "catalog-narrow.png"))

        # ---- a phone (390 px wide): the dictionary becomes cards, so every column's
        # privacy treatment is on screen without sideways scrolling; download at the top ----
        d.set_window_size(390, 844)
        for name, p in sorted(pk.items()):
            d.get(base + "datasets/%s.html" % name)
            vw = d.execute_script("return document.documentElement.clientWidth")
            over = d.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            check(over <= 1, "%s fits 390 px (overflow %d px)" % (name, over))
            for c in d.find_elements(By.CSS_SELECTOR, "td.treatment"):
                r = d.execute_script("var r = arguments[0].getBoundingClientRect();"
                                     "return [r.left, r.right, r.width];", c)
                check(c.is_displayed() and r[0] >= 0 and r[1] <= vw + 1 and r[2] > 0,
                      "%s at 390 px: treatment of %r within the screen (%r, width %d)"
                      % (name, c.get_attribute("data-column"), r, vw))
            label = d.execute_script(
                "return getComputedStyle(document.querySelector('td.treatment'), '::before').content")
            check("Privacy treatment" in label, "%s at 390 px: cells labelled (%r)" % (name, label))
            top = d.execute_script("return document.querySelector('#download a.button')"
                                   ".getBoundingClientRect().top")
            check(top < 844, "%s at 390 px: download on the first screen (top %d)" % (name, top))
        d.save_screenshot(os.path.join(a.out, "dataset-390.png"))
        d.set_window_size(1280, 900)
        d.get(base + "datasets/%s.html" % first)
        top = d.execute_script("return document.querySelector('#download a.button').getBoundingClientRect().top")
        check(top < 900 - 40, "download on the first screen at 1280x900 (top %d)" % top)
        d.set_window_size(1200, 1600)

        # ---- a dataset with several releases: one entry, versions newest first ----
        if a.versions:
            vid, want = a.versions.split(":")
            d.get(base + "index.html")
            entries = [li for li in d.find_elements(By.CSS_SELECTOR, "#catalog > li.ds")
                       if li.find_element(By.CSS_SELECTOR, "h2 a").get_attribute("href").endswith(
                           "/datasets/%s.html" % vid)]
            check(len(entries) == 1, "%s: one catalog entry (%d)" % (vid, len(entries)))
            check(entries[0].find_element(By.CSS_SELECTOR, ".versions-count").text == want,
                  "%s: catalog says %s versions" % (vid, want))
            d.get(base + "datasets/%s.html" % vid)
            vs = d.find_elements(By.CSS_SELECTOR, "#versions > li.version")
            dates = [v.get_attribute("data-release") for v in vs]
            check(len(vs) == int(want) and dates == sorted(dates, reverse=True),
                  "%s: %s versions, newest first: %r" % (vid, want, dates))
            check("latest" in vs[0].find_element(By.TAG_NAME, "h3").text.lower(), "newest marked latest")
            check("What changed:" in vs[0].text and "first release" in vs[-1].text,
                  "what changed shown per version")
            for v in vs:
                btn = v.find_element(By.CSS_SELECTOR, ".verifier-mini button")
                check(btn.is_displayed(), "a Verify button per version")
                d.execute_script("arguments[0].scrollIntoView()", btn)
                btn.click()
                res = v.find_element(By.CSS_SELECTOR, ".verifier-mini .result")
                t0 = time.time()
                while res.get_attribute("data-state") in (None, "", "busy") and time.time() - t0 < 60:
                    time.sleep(0.1)
                check(res.get_attribute("data-state") == "valid",
                      "version %s verifies: %r" % (v.get_attribute("data-release"), res.text))
            d.save_screenshot(os.path.join(a.out, "dataset-versions.png"))

        # ---- file:// : filters work, fetch is blocked, the file picker verifies ----
        d.get("file://" + os.path.join(site, "index.html"))
        Select(d.find_element(By.ID, "agency")).select_by_value(agency)
        check(len(visible_items(d)) == len(want), "filter works from file://")
        d.get("file://" + os.path.join(site, "datasets", first + ".html"))
        d.find_element(By.ID, "verify-btn").click()
        state, text = wait_state(d, ("valid", "invalid", "error"))
        check(state in ("valid", "error"), "file:// Verify button: %s %r" % (state, text))
        d.find_element(By.ID, "pick-archive").send_keys(
            os.path.join(site, "downloads", pk[first]["archive"]))
        d.find_element(By.ID, "verify-files").click()
        state, text = wait_state(d, ("valid", "invalid", "error"))
        check(state == "valid", "file:// picker with the page's signature: %s %r" % (state, text))
        d.find_element(By.ID, "pick-archive").clear()
        d.find_element(By.ID, "pick-archive").send_keys(os.path.abspath(a.tampered))
        d.find_element(By.ID, "verify-files").click()
        state, text = wait_state(d, ("valid", "invalid", "error"))
        check(state == "invalid", "file:// picker, tampered copy: %s %r" % (state, text))
        errors = [e for e in d.get_log("browser") if e.get("level") == "SEVERE"
                  and "Failed to fetch" not in e.get("message", "")
                  and "file:" not in e.get("message", "")]
        check(not errors, "no console errors: %r" % errors)
    finally:
        d.quit()
        srv.shutdown()
        srv.server_close()

    # ---- JavaScript off: the content is all there ----
    d = browser(tmp, js=False)
    try:
        d.get("file://" + os.path.join(site, "index.html"))
        check(len(visible_items(d)) == len(pk), "JS off: every dataset listed")
        check(not d.find_element(By.ID, "filters").is_displayed(), "JS off: no dead filter form")
        d.get("file://" + os.path.join(site, "datasets", first + ".html"))
        check(len(d.find_elements(By.CSS_SELECTOR, "td.treatment")) == len(pk[first]["dict"]),
              "JS off: dictionary complete")
        check(not d.find_element(By.ID, "verifier").is_displayed(), "JS off: no dead Verify button")
        check(any("minisign -V" in e.text for e in d.find_elements(By.TAG_NAME, "pre")),
              "JS off: command-line check shown")
        check(not any(e.is_displayed() for e in d.find_elements(By.CSS_SELECTOR, ".verifier-mini")),
              "JS off: no dead per-version Verify buttons")
        d.save_screenshot(os.path.join(a.out, "dataset-nojs.png"))
    finally:
        d.quit()
    print("browser: %d checks passed, screenshots in %s" % (checks, a.out))


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        sys.exit("FAIL: %s" % e)
