"""Headless Chromium driven by Debian's chromedriver (selenium), for the site's browser checks."""
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service


def chromium(window="1280,1000"):
    options = Options()
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
                 f"--window-size={window}"]:
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
