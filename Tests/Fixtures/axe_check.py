#!/usr/bin/env python3
"""axe-core (bundled by the axe-selenium-python package) over pages of a built site, in headless
Chromium through chromedriver. Prints one JSON line per serious or critical violation:

    axe_check.py SITE_DIR PAGE...        (pages relative to SITE_DIR, opened from file://)
"""
import json, pathlib, sys
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from axe_selenium_python import Axe

root = pathlib.Path(sys.argv[1]).resolve()
options = Options()
for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files"]:
    options.add_argument(flag)
options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
try:
    for page in sys.argv[2:]:
        driver.get((root / page).as_uri())
        axe = Axe(driver)
        axe.inject()
        result = axe.run()
        print(json.dumps({"page": page, "checked": len(result["passes"]) + len(result["violations"])}))
        for violation in result["violations"]:
            if violation["impact"] in ("serious", "critical"):
                print(json.dumps({"page": page, "id": violation["id"], "impact": violation["impact"],
                                  "nodes": [node["html"][:200] for node in violation["nodes"][:3]]}))
finally:
    driver.quit()
