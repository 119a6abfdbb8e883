"""How the browser tests and the benchmark start Chromium: Debian's, with no network outside localhost.

Playwright never downloads a browser here; `make chromium` installs Debian's package.
"""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
]
