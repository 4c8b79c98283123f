"""Every page of both languages in headless Chromium (Debian's /usr/bin/chromium, never a download).

One pass per language visits every built page, in both palettes, and records what these tests check:

- no request to any host but the site's own (the test server; requests for the production
  site_url are answered from the build, as the real host would answer them);
- no console error and no uncaught exception;
- at 390 x 844, no horizontal scroll of the page (tables scroll in their own box or stack);
- the language switcher lands on the same page in the other language;
- axe-core (axe-playwright-python, bundled, offline) finds no serious or critical violation,
  light palette at 390 px and dark palette at 1280 px.

The site's palette follows the system, so the palette is chosen with the color scheme.
"""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

from conftest import html_pages
from kb.site import LANGS

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SCHEMES = {"light": ("light", PHONE), "dark": ("dark", DESKTOP)}
AXE = Axe()  # axe-playwright-python bundles axe-core: nothing is downloaded

# Where to look when a check fails.
WHY_SITEMAP = (
    "Material's bundle.js asks for sitemap.xml next to every <link rel=alternate> (mkdocs-material#6582); "
    "hreflang belongs in sitemap.xml (kb/hooks.py), never in the head: a page-level <link rel=alternate> "
    "makes Material ask for PAGE/sitemap.xml, which does not exist"
)

OVERFLOW_JS = """() => {
  const vw = window.innerWidth, out = [];
  const clipped = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const ox = getComputedStyle(p).overflowX;
      if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= vw + 1 || clipped(el)) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none' || style.position === 'fixed') continue;
    let sel = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      [...el.classList].slice(0, 3).map(c => '.' + c).join('');
    const parent = el.parentElement;
    if (parent) sel = (parent.tagName.toLowerCase() + [...parent.classList].slice(0, 2).map(c => '.' + c).join('')) + ' > ' + sel;
    out.push(sel + ' (right edge ' + Math.round(r.right) + 'px) "' + (el.textContent || '').trim().slice(0, 40) + '"');
    if (out.length >= 5) break;
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: vw, culprits: out};
}"""


@dataclass
class Findings:
    foreign: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    overflow: list[str] = field(default_factory=list)
    switcher: list[str] = field(default_factory=list)
    axe: list[tuple[str, str, str]] = field(default_factory=list)  # (problem, page, palette)
    pages: int = 0


def page_url(server: str, lang: str, page: str) -> str:
    path = page.removesuffix("index.html")
    return server + ("/" if lang == "zh-Hans" else "/zh-Hant/") + path


def production_url(site: Path) -> str:
    """The site_url the build was made for (the home page's canonical URL)."""
    html = (site / "index.html").read_text(encoding="utf-8")
    return re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)


def serve_as_production(site: Path, site_url: str):
    """A route handler that answers requests for the production site_url from the build."""
    base = urlsplit(site_url).path  # "/" unless the site lives in a sub-folder

    def handler(route):
        path = unquote(urlsplit(route.request.url).path)
        rel = path[len(base) :] if path.startswith(base) else path.lstrip("/")
        target = site / rel
        if target.is_dir():
            target = target / "index.html"
        if target.is_file():
            ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            route.fulfill(status=200, body=target.read_bytes(), content_type=ctype)
        else:
            route.fulfill(status=404, body=b"not found", content_type="text/plain")

    return handler


NO_TRANSITIONS = """document.addEventListener("DOMContentLoaded", () => {
  const style = document.createElement("style");
  style.textContent = "*, *::before, *::after { transition: none !important; animation: none !important; }";
  document.head.appendChild(style);
});"""
START_AXE = "() => { window.__kbAxe = axe.run(document, {resultTypes: ['violations']}).then(r => r.violations); }"


class Visitor:
    """One browser context and tab for one language, visiting the built pages one by one.

    Each page is loaded once, in the light palette at 390 px (the quick checks and axe), then
    switched in place to the dark palette at 1280 px (the site's palette follows the system, and
    Material follows a change at once) for axe again, and left through the language switcher.
    Every step that waits for axe only starts it; two visitors take turns, so Chromium runs axe
    for one language while Python collects the other's answer.
    """

    def __init__(self, browser, site: Path, server: str, lang: str):
        self.site, self.server, self.lang = site, server, lang
        self.other = "zh-Hant" if lang == "zh-Hans" else "zh-Hans"
        self.found = {scheme: Findings() for scheme in SCHEMES}
        self.current = ""
        self.context = browser.new_context(
            viewport=SCHEMES["light"][1], color_scheme="light", locale="zh-CN" if lang == "zh-Hans" else "zh-TW"
        )
        # Requests for the production host are answered from the build, as that host would answer.
        site_url = production_url(site)
        production = "{0.scheme}://{0.netloc}/".format(urlsplit(site_url))
        self.context.route(lambda url: url.startswith(production), serve_as_production(site, site_url))
        self.context.route(
            lambda url: url.startswith(("http://", "https://")) and not url.startswith((server + "/", production)),
            self._other_host,
        )
        self.context.add_init_script(AXE.axe_script)  # axe-core in every page, not sent page by page
        self.context.add_init_script(NO_TRANSITIONS)  # colours are final when axe reads them
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.found["light"].console.append(f"{self.current}: uncaught exception: {exc}"))

    def _other_host(self, route):
        request = route.request
        self.found["light"].foreign.append(f"{self.current}: {request.method} {request.url} ({request.resource_type})")
        route.abort()

    def _console(self, msg):
        if msg.type == "error":
            where = msg.location.get("url") or ""
            hint = f" → {WHY_SITEMAP}" if where.endswith("sitemap.xml") else ""
            self.found["light"].console.append(f"{self.current}: console error: {msg.text} [{where}]{hint}")

    def _palette(self, scheme: str) -> None:
        color_scheme, viewport = SCHEMES[scheme]
        self.page.emulate_media(color_scheme=color_scheme)
        self.page.set_viewport_size(viewport)
        wanted = "slate" if scheme == "dark" else "default"
        try:
            self.page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{wanted}'", timeout=5000)
        except PlaywrightError:
            got = self.page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            raise AssertionError(
                f"{self.current}: the {color_scheme} system scheme did not select the {wanted} palette (got {got!r})"
            ) from None

    def _collect_axe(self, scheme: str) -> None:
        for v in self.page.evaluate("window.__kbAxe"):
            if v.get("impact") in ("serious", "critical"):
                targets = sorted({" ".join(map(str, n.get("target", []))) for n in v.get("nodes", [])})
                problem = f"{v['impact']} {v['id']}: {v['help']} — {', '.join(targets[:4])}" + (" …" if len(targets) > 4 else "")
                self.found[scheme].axe.append((problem, self.current, scheme))

    def open(self, rel: str, axe: bool = True) -> None:
        """Load the page (light, 390 px), check sideways scroll, start axe (when asked)."""
        url = page_url(self.server, self.lang, rel)
        self.current = url[len(self.server) :]
        self.found["light"].pages += 1
        page = self.page
        page.goto(url, wait_until="load")
        self._palette("light")
        o = page.evaluate(OVERFLOW_JS)
        if o["scrollWidth"] > o["innerWidth"]:
            self.found["light"].overflow.append(
                f"{self.current}: page is {o['scrollWidth']}px wide at {o['innerWidth']}px; wider elements: "
                + ("; ".join(o["culprits"]) or "(none found outside scroll boxes)")
            )
        if axe:
            page.evaluate(START_AXE)

    def dark(self, rel: str) -> None:
        """Collect the light answer; switch to the dark palette at 1280 px and start axe again."""
        self.found["dark"].pages += 1
        self._collect_axe("light")
        self._palette("dark")
        self.page.evaluate(START_AXE)

    def finish(self, rel: str, dark: bool = True, click: bool = True) -> None:
        """Collect the last axe answer, then check the language switcher (at 390 px, light): follow
        it when CLICK, else read where its link leads (the same link; a click costs a page load)."""
        if dark:
            self._collect_axe("dark")
            self._palette("light")
        page = self.page
        expected = page_url(self.server, self.other, rel)
        link = page.locator(f"a.md-select__link[hreflang={self.other}]")
        if link.count() != 1:
            self.found["light"].switcher.append(
                f"{self.current}: {link.count()} language-switcher links to {self.other} (overrides/, mkdocs-static-i18n)"
            )
            return
        if not click:
            target = link.evaluate("a => a.href").split("#")[0]
            if target != expected:
                self.found["light"].switcher.append(
                    f"{self.current}: the switcher to {self.other} links to {target[len(self.server) :]}, expected {expected[len(self.server) :]}"
                )
            return
        try:
            page.hover(".md-header .md-select")
            with page.expect_navigation(wait_until="commit", timeout=10000):
                link.click()
        except PlaywrightError as exc:
            self.found["light"].switcher.append(
                f"{self.current}: clicking the switcher to {self.other} failed: {str(exc).splitlines()[0]}"
            )
            return
        if page.url.split("#")[0] != expected:
            self.found["light"].switcher.append(
                f"{self.current}: the switcher to {self.other} landed on {page.url[len(self.server) :]}, expected {expected[len(self.server) :]}"
            )

    def close(self) -> dict[str, Findings]:
        self.page.wait_for_timeout(300)  # late console messages of the last page
        self.context.close()
        return self.found


# axe costs about a second a page on this machine, which would double the test run. It checks one
# page of each kind, in both palettes: the home page, each section's index, every page with a
# generated table, the number checker, the card and the contacts file, a long FAQ page and the scam
# catalogue (every kind of markup the site makes). Every page of both languages gets the other
# checks: other hosts, console errors, sideways scroll at 390 px, the language switcher; the build
# tests check every page's heading levels and shown attributes.
AXE_SAMPLE = {
    "index.html",
    "contact/index.html",
    "contact/phone/index.html",
    "contact/choose/index.html",
    "contact/escalation/index.html",
    "faq/index.html",
    "faq/refund/index.html",
    "safety/index.html",
    "safety/fake-customer-service/index.html",
    "safety/verify/index.html",
    "safety/if-scammed/index.html",
    "safety/card/index.html",
    "safety/contacts/index.html",
    "about/sources/index.html",
}


@pytest.fixture(scope="module")
def visits(site, server, browser):
    """Findings for every (language, palette): every page of both languages in the light palette
    (axe only on AXE_SAMPLE), the AXE_SAMPLE pages in the dark one too."""
    visitors = [Visitor(browser, site, server, lang) for lang in LANGS]
    pages = {lang: html_pages(site, lang) for lang in LANGS}
    for i in range(max(len(v) for v in pages.values())):
        turn = [(v, pages[v.lang][i]) for v in visitors if i < len(pages[v.lang])]
        for visitor, rel in turn:
            visitor.open(rel, axe=rel in AXE_SAMPLE)
        for visitor, rel in turn:
            if rel in AXE_SAMPLE:
                visitor.dark(rel)
        for visitor, rel in turn:
            visitor.finish(rel, dark=rel in AXE_SAMPLE, click=rel in AXE_SAMPLE)
    out = {}
    for visitor in visitors:
        for scheme, findings in visitor.close().items():
            out[(visitor.lang, scheme)] = findings
    return out


def _report(visits, attr: str, what: str, fix: str) -> None:
    problems = [line for findings in visits.values() for line in getattr(findings, attr)]
    unique = list(dict.fromkeys(problems))
    assert unique == [], f"{len(unique)} {what} ({fix}):\n" + "\n".join(unique[:60]) + ("\n…" if len(unique) > 60 else "")


def test_every_page_of_both_languages_was_visited(visits, site):
    for lang in LANGS:
        expected = len(html_pages(site, lang))
        assert expected >= 30
        assert visits[(lang, "light")].pages == expected
        dark = len([p for p in html_pages(site, lang) if p in AXE_SAMPLE])
        assert dark == len(AXE_SAMPLE), "a page of AXE_SAMPLE is not built: update the list"
        assert visits[(lang, "dark")].pages == dark


def test_no_page_asks_another_host(visits):
    _report(
        visits,
        "foreign",
        "request(s) to another host",
        "no web fonts, CDN, analytics or external images: theme.font: false, no extra.analytics, self-host assets",
    )


def test_no_console_errors(visits):
    _report(visits, "console", "console error(s)", "see each message; Material's sitemap.xml requests are explained inline")


def test_no_horizontal_scroll_on_a_390px_phone(visits):
    _report(
        visits,
        "overflow",
        "page(s) scroll sideways at 390 x 844",
        "let the named element wrap (overflow-wrap: anywhere) or scroll inside its own box; generated tables stack via docs/assets/site.css",
    )


def test_language_switcher_lands_on_the_same_page(visits):
    _report(visits, "switcher", "language-switcher problem(s)", "mkdocs-static-i18n alternates / overrides")


def test_axe_finds_no_serious_or_critical_violation(visits):
    """One line per problem, with the pages (and palettes) where axe found it."""
    where: dict[str, dict[str, set[str]]] = {}
    for findings in visits.values():
        for problem, page, scheme in findings.axe:
            where.setdefault(problem, {}).setdefault(page, set()).add(scheme)
    lines = []
    for problem, pages in sorted(where.items(), key=lambda kv: -len(kv[1])):
        shown = [f"{page} ({'/'.join(sorted(schemes))})" for page, schemes in sorted(pages.items())]
        lines.append(f"{problem}\n    on {len(pages)} page(s): " + "; ".join(shown[:8]) + (" …" if len(shown) > 8 else ""))
    assert lines == [], (
        f"{len(lines)} serious or critical axe-core problem(s) (light palette at 390 px, dark at 1280 px; "
        "theme colours are fixed in docs/assets/site.css, templates in overrides/, content in docs/):\n" + "\n".join(lines)
    )
