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
RESULTS = "#kb-search-results"
SEARCH_BOX = "input.md-search__input"
RESULT_LINKS = "li.md-search-result__item:not(.kb-search-way) > a"  # the results, not the way-on links
MAGNIFIER = 'label.md-header__button[for="__search"]'  # the header's search button, on phones


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def open_search(page) -> None:
    """Open the search box as a reader does: the magnifier on a phone (the box is there but
    covered until it is tapped), the box itself on a desktop."""
    magnifier = page.locator(MAGNIFIER).first
    if magnifier.is_visible():
        magnifier.click()
    page.locator(SEARCH_BOX).click()


def search(page, query: str, timeout_ms: int = 8000) -> tuple[list[str], float, str]:
    """Type a query the way a reader does; return the top result pages (site paths), the ms from
    the last key press to rendered results, and the meta line ("找到 3 个…", "没有找到…").

    The box renders on every input event and marks the query it rendered in data-query (and the
    ms since that key event in data-ms), so the clock runs from the last character typed to the
    results of the whole query."""
    box = page.locator(SEARCH_BOX)
    box.fill(query[:-1])
    start = time.perf_counter()
    page.keyboard.insert_text(query[-1])
    page.wait_for_function(
        "([sel, q]) => { const r = document.querySelector(sel); return r && r.dataset.query === q; }",
        arg=[RESULTS, query],
        timeout=timeout_ms,
    )
    elapsed = (time.perf_counter() - start) * 1000
    # The page's own clock, from the key event to the rendered results, when it has one: the
    # wall clock above also counts Playwright's round trips and its polling interval.
    measured = page.locator(RESULTS).get_attribute("data-ms")
    if measured:
        elapsed = float(measured)
    meta = page.locator(".md-search-result__meta").inner_text()
    hrefs = page.locator(RESULT_LINKS).evaluate_all("els => els.map(e => e.href)")
    return _pages(hrefs), elapsed, meta


def _pages(hrefs: list[str]) -> list[str]:
    """The site paths of result links, each page once, in order (a page and its sections)."""
    pages: list[str] = []
    for href in hrefs:
        path = urlsplit(href).path.lstrip("/")
        if path not in pages:
            pages.append(path)
    return pages


TYPE_ALL_JS = """async ([queries, boxSel, resultsSel, linksSel, split, gapMs, timeoutMs]) => {
  const input = document.querySelector(boxSel);
  const box = document.querySelector(resultsSel);
  const type = (text) => {
    input.value = text;
    input.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText", data: text.slice(-1) }));
  };
  const drawn = async (text) => {
    const start = performance.now();
    while (box.dataset.query !== text) {
      if (performance.now() - start > timeoutMs) throw new Error("no results rendered for " + text);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  };
  const out = [];
  for (const q of queries) {
    if (split) {
      type(q.slice(0, -1));
      if (gapMs === null) await drawn(q.slice(0, -1));
      else await new Promise((resolve) => setTimeout(resolve, gapMs));
    }
    type(q);
    await drawn(q);
    out.push({
      hrefs: Array.from(document.querySelectorAll(linksSel), (a) => a.href),
      ms: parseFloat(box.dataset.ms || "NaN"),
      meta: document.querySelector(".md-search-result__meta").innerText,
    });
  }
  return out;
}"""


def _type_all(page, queries: list[str], split: bool, gap_ms: float | None, timeout_ms: int) -> list[dict]:
    return page.evaluate(TYPE_ALL_JS, [queries, SEARCH_BOX, RESULTS, RESULT_LINKS, split, gap_ms, timeout_ms])


def search_all(page, queries: list[str], timeout_ms: int = 8000) -> list[tuple[list[str], float, str]]:
    """search() for many queries in one round trip: each is put into the box whole and announced
    with the input event the box listens to, the way a paste or an IME commit arrives; the page
    answers when its results are drawn. The same (pages, ms, meta) per query as search(), without
    Playwright's round trips and polling per query (the whole query set in seconds)."""
    answers = _type_all(page, queries, False, None, timeout_ms)
    return [(_pages(a["hrefs"]), a["ms"], a["meta"]) for a in answers]


def typing_latency(page, queries: list[str], gap_ms: float | None = None, timeout_ms: int = 8000) -> list[float]:
    """For each query, the ms from its last character's input event to its rendered results (the
    box's own clock, data-ms), in one round trip to the page. The query but its last character
    goes in first; the last character follows once those results are drawn (GAP_MS None: a
    reader who types, or whose IME commits, word by word), or GAP_MS after it, while that search
    may still run (the box answers the newest query once Pagefind is done with the one before)."""
    return [a["ms"] for a in _type_all(page, queries, True, gap_ms, timeout_ms)]
