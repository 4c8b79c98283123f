"""Headless Chromium for tests and scripts/bench.py (Debian's, never a download), and Material's
search box driven the way a reader uses it."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PLACEHOLDERS = ("键入以开始搜索", "打字進行搜尋", "正在初始化", "初始化搜尋")


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def open_search(page) -> None:
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator('label[for="__search"]').first.click()
    box.click()


def search(page, query: str, timeout_ms: int = 8000) -> tuple[list[str], float, str]:
    """Type a query the way a reader does; return the top result pages (site paths), ms, meta text."""
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press("End")
    page.wait_for_function(
        "ph => { const m = document.querySelector('.md-search-result__meta'); return m && ph.some(p => m.textContent.includes(p)); }",
        arg=list(PLACEHOLDERS[:2]),
        timeout=timeout_ms,
    )
    box.fill(query)
    start = time.perf_counter()
    box.press("End")  # Material searches on keyup: fill() alone fires none
    page.wait_for_function(
        "ph => { const m = document.querySelector('.md-search-result__meta'); return m && !ph.some(p => m.textContent.includes(p)); }",
        arg=list(PLACEHOLDERS),
        timeout=timeout_ms,
    )
    elapsed = (time.perf_counter() - start) * 1000
    meta = page.locator(".md-search-result__meta").inner_text()
    hrefs = page.locator("li.md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
    pages = []
    for href in hrefs:
        path = urlsplit(href).path.lstrip("/")
        if path not in pages:
            pages.append(path)
    return pages, elapsed, meta
