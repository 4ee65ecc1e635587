#!/usr/bin/python3
"""Real-browser test of a package's metadata/risk-report.html with Debian's chromium +
chromedriver driven by python3-selenium (tests/e2e/risk_models.sh drives it).

  test_risk_report.py --package DIR --out DIR

Opens the report as file:// at a phone's width (375 px) and a desktop's (1200 px):
it must render without a horizontal scroll bar on the phone, carry its charts as inline
SVG, fetch nothing (no script, no external URL, a Content-Security-Policy of
default-src 'none'), and show the figures of the package's report.json (rows, models
required / reached / classes failing, levels chosen). Screenshots go to --out. A
missing browser, driver or selenium is a failure, never a skip.
"""
import argparse
import json
import os
import re
import sys
import tempfile

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
except ImportError as e:
    sys.exit("FAIL: python3-selenium is not installed (apt-get install python3-selenium): %s" % e)

CHROMIUM = "/usr/bin/chromium"
DRIVER = "/usr/bin/chromedriver"


def browser(tmp, width, height):
    for p in (CHROMIUM, DRIVER):
        if not os.access(p, os.X_OK):
            sys.exit("FAIL: %s missing (apt-get install chromium chromium-driver)" % p)
    o = webdriver.ChromeOptions()
    o.binary_location = CHROMIUM
    for a in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--no-first-run",
              "--disable-default-apps", "--disable-extensions",
              "--window-size=%d,%d" % (width, height)):
        o.add_argument(a)
    o.add_argument("--user-data-dir=" + tempfile.mkdtemp(prefix="chromium-", dir=tmp))
    d = webdriver.Chrome(service=Service(DRIVER), options=o)
    d.set_page_load_timeout(30)
    return d


def num(text):
    text = text.strip().replace("\u2265", "").replace("\u2264", "").replace("c >", "")
    m = re.search(r"-?[0-9.]+(e-?[0-9]+)?", text)
    return float(m.group(0)) if m else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--package", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    html_path = os.path.abspath(os.path.join(a.package, "metadata", "risk-report.html"))
    rep = json.load(open(os.path.join(a.package, "report.json")))
    priv = rep["privacy"]
    src = open(html_path, encoding="utf-8").read()
    assert "<script" not in src.lower(), "the report must hold no script"
    assert not re.search(r"(src|href)\s*=\s*\"?(https?:|//)", src, re.I), "external URL"
    assert "default-src 'none'" in src, "no Content-Security-Policy"
    os.makedirs(a.out, exist_ok=True)
    checks = 0
    for width, name in ((375, "phone"), (1200, "desktop")):
        d = browser(a.out, width, 2400)
        try:
            d.get("file://" + html_path)
            # no horizontal scrolling on the page itself (tables scroll in their box)
            sw = d.execute_script("return document.documentElement.scrollWidth")
            iw = d.execute_script("return window.innerWidth")
            assert sw <= iw, "%s: page is %d px wide in a %d px window" % (name, sw, iw)
            svgs = d.find_elements(By.CSS_SELECTOR, "svg")
            assert len(svgs) >= 2, "charts missing"
            for s in svgs:
                assert s.size["width"] <= iw and s.size["height"] > 20, s.size
            cards = {c.text.split("\n")[0]: c.text.split("\n")[1]
                     for c in d.find_elements(By.CSS_SELECTOR, "#summary .card")}
            assert int(cards["rows in"]) == rep["rows"]["in"], cards
            assert int(cards["rows published"]) == rep["rows"]["out"], cards
            assert int(cards["suppressed"]) == rep["rows"]["suppressed"], cards
            rows = d.find_elements(By.CSS_SELECTOR, "#models tr")[1:]
            names = {"k-anonymity": "k_anonymity", "l-diversity": "l_diversity",
                     "t-closeness": "t_closeness", "k-map": "k_map"}
            seen = set()
            for r in rows:
                tds = r.find_elements(By.TAG_NAME, "td")
                key = names[tds[0].text.split("\n")[0]]
                m = priv["models"][key]
                seen.add(key)
                assert abs(num(tds[1].text) - m["required"]) < 1e-3 * (1 + m["required"]), (key, tds[1].text)
                assert abs(num(tds[2].text) - m["reached"]) < 1e-3 * (1 + abs(m["reached"])), (key, tds[2].text)
                assert int(tds[4].text) == m["classes_failing"], (key, tds[4].text)
                assert int(tds[5].text) == m["rows_failing"], (key, tds[5].text)
                checks += 4
            assert seen == set(priv["models"]), (seen, priv["models"].keys())
            if "generalization" in priv:
                lv = priv["generalization"]["levels"]
                for r in d.find_elements(By.CSS_SELECTOR, "#columns tr")[1:]:
                    tds = r.find_elements(By.TAG_NAME, "td")
                    assert int(tds[1].text.split()[0]) == lv[tds[0].text], (tds[0].text, tds[1].text)
                    checks += 1
                assert d.find_elements(By.CSS_SELECTOR, "#search"), "search table missing"
            d.save_screenshot(os.path.join(a.out, "risk-report-%s.png" % name))
            checks += 6
        finally:
            d.quit()
    print("risk report browser test: %d checks ok" % checks)


if __name__ == "__main__":
    main()
