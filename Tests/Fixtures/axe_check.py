#!/usr/bin/env python3
"""axe-core (bundled by the axe-selenium-python package) over pages of a built site, in headless
Chromium through chromedriver. Prints one JSON line per serious or critical violation:

    axe_check.py SITE_DIR PAGE...        (pages relative to SITE_DIR, opened from file://)
"""
import json, pathlib, sys
from axe_selenium_python import Axe
from chromium_driver import chromium

root = pathlib.Path(sys.argv[1]).resolve()
driver = chromium()
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
