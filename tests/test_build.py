"""The bilingual foundation: strict build, same pages in both languages, no other host, lang, 404."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import yaml

from conftest import html_pages, source_pages
from kb.site import LANGS, ROOT


def test_both_languages_have_the_same_source_pages():
    hans, hant = set(source_pages("zh-Hans")), set(source_pages("zh-Hant"))
    assert hans - hant == set(), f"pages missing in docs/zh-Hant/: {sorted(hans - hant)} (start one with scripts/kb.py new-page)"
    assert hant - hans == set(), f"pages missing in docs/zh-Hans/: {sorted(hant - hans)}"


def test_both_languages_built_the_same_pages(site):
    hans, hant = html_pages(site, "zh-Hans"), html_pages(site, "zh-Hant")
    assert len(hans) >= 30
    assert hans == hant, (
        f"built pages differ: only zh-Hans {sorted(set(hans) - set(hant))}, only zh-Hant {sorted(set(hant) - set(hans))}"
    )


def _i18n_languages():
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    plugin = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    return {lang["locale"]: lang for lang in plugin["languages"]}


def _nav_files(nav) -> list[str]:
    out = []
    for item in nav:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                out.extend(_nav_files(value) if isinstance(value, list) else [value])
    return out


def test_both_languages_have_the_same_nav_entries():
    langs = _i18n_languages()
    hans = [f.removeprefix("zh-Hans/") for f in _nav_files(langs["zh-Hans"]["nav"])]
    hant = [f.removeprefix("zh-Hant/") for f in _nav_files(langs["zh-Hant"]["nav"])]
    assert hans == hant, "mkdocs.yml: the zh-Hans and zh-Hant nav must list the same pages in the same order"
    assert sorted(hans) == source_pages("zh-Hans"), "mkdocs.yml nav must list every page under docs/zh-Hans/ exactly once"


def test_html_lang_says_which_script(site):
    for lang in LANGS:
        for page in html_pages(site, lang):
            path = (site if lang == "zh-Hans" else site / "zh-Hant") / page
            found = re.search(r'<html lang="([^"]+)"', path.read_text(encoding="utf-8")).group(1)
            assert found == lang, f"{path.relative_to(site)}: <html lang={found!r}>, expected {lang!r}"


class _Resources(HTMLParser):
    """Collect every URL a page would load (not links a reader clicks)."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and a.get("src"):
            self.urls.append(a["src"])
        if (
            tag == "link"
            and a.get("href")
            and (a.get("rel") or "")
            in ("stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch", "preconnect", "dns-prefetch")
        ):
            self.urls.append(a["href"])
        if a.get("srcset"):
            self.urls.extend(part.split()[0] for part in a["srcset"].split(","))
        if a.get("style"):
            self.urls.extend(re.findall(r"url\(['\"]?([^'\")]+)", a["style"]))


def test_no_page_loads_anything_from_another_host(site):
    offenders = []
    for path in site.rglob("*.html"):
        parser = _Resources()
        text = path.read_text(encoding="utf-8")
        parser.feed(text)
        urls = parser.urls + re.findall(r"@import\s+url\(['\"]?([^'\")]+)", text)
        offenders += [f"{path.relative_to(site)}: {u}" for u in urls if re.match(r"^(https?:)?//", u)]
    for path in site.rglob("*.css"):
        urls = re.findall(r"url\(['\"]?((?:https?:)?//[^'\")]+)", path.read_text(encoding="utf-8"))
        offenders += [f"{path.relative_to(site)}: {u}" for u in urls]
    assert offenders == [], "resources from another host (readers in mainland China may not reach them):\n" + "\n".join(
        offenders[:20]
    )


def test_404_page_for_each_language(site):
    for lang, path in (("zh-Hans", site / "404.html"), ("zh-Hant", site / "zh-Hant" / "404.html")):
        assert path.exists(), f"{path.relative_to(site)} is missing"
        text = path.read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in text, f"{path.relative_to(site)} is not in {lang}"


def test_sitemap_lists_both_languages(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/zh-Hant/contact/" in sitemap and 'hreflang="zh-Hant"' in sitemap


def test_edit_link_opens_the_page_in_its_language_folder(site):
    text = (site / "zh-Hant" / "faq" / "refund" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="[^"]+/edit/main/docs/zh-Hant/faq/refund\.md"', text), (
        "edit link must open docs/zh-Hant/faq/refund.md"
    )


class _Shown(HTMLParser):
    """Headings of the article in order, and the text of attributes a browser shows or reads out."""

    SHOWN = ("title", "aria-label", "alt", "placeholder")

    def __init__(self):
        super().__init__()
        self.headings: list[tuple[int, str]] = []
        self.attributes: list[str] = []
        self._article = 0
        self._heading: list | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.attributes += [f"{tag}@{k}={attrs[k]!r}" for k in self.SHOWN if attrs.get(k)]
        if tag == "article":
            self._article += 1
        elif self._article and re.fullmatch(r"h[1-6]", tag):
            self._heading = [int(tag[1]), attrs.get("id", "")]

    def handle_endtag(self, tag):
        if tag == "article":
            self._article -= 1
        elif self._heading and re.fullmatch(r"h[1-6]", tag):
            self.headings.append(tuple(self._heading))
            self._heading = None


def _shown(site, lang, rel) -> _Shown:
    base = site if lang == "zh-Hans" else site / "zh-Hant"
    parser = _Shown()
    parser.feed((base / rel).read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_skips_a_heading_level(site, lang):
    skips = []
    for rel in html_pages(site, lang):
        previous = 1
        for level, anchor in _shown(site, lang, rel).headings:
            if level > previous + 1:
                skips.append(
                    f"{lang}/{rel}: h{previous} is followed by h{level} (#{anchor}): add the missing level or lift the heading"
                )
            previous = level
    assert skips == [], "\n".join(skips[:40])


@pytest.mark.parametrize("lang", LANGS)
def test_no_english_ui_strings_on_chinese_pages(site, lang):
    """Every title, aria-label, alt and placeholder a reader meets is Chinese (or empty, for decoration)."""
    english = []
    for rel in html_pages(site, lang):
        english += [
            f"{lang}/{rel}: {a}"
            for a in _shown(site, lang, rel).attributes
            if not re.search(r"[\u3400-\u9fff]", a.split("=", 1)[1])
        ]
    assert english == [], "English UI strings (translate them in overrides/ or mkdocs.yml):\n" + "\n".join(
        sorted(set(english))[:40]
    )


def test_make_serve_serves_both_languages():
    """The README's first command: `mkdocs serve` (what `make serve` runs) builds with the dev
    server's address as site_url, and every check of a build still passes."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(__import__("os").environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "--no-livereload", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline, page = time.monotonic() + 120, ""
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/zh-Hant/", timeout=5).read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.5)
        if not page:
            proc.terminate()
            output = proc.communicate(timeout=30)[0]
            raise AssertionError(f"mkdocs serve did not serve /zh-Hant/:\n{output[-4000:]}")
        assert '<html lang="zh-Hant"' in page and "淘寶客服指南" in page
        home = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read().decode("utf-8")
        assert '<html lang="zh-Hans"' in home
    finally:
        proc.terminate()
        proc.wait(timeout=30)
