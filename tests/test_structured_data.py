"""What search engines read: FAQPage JSON-LD, hreflang alternates, canonical URLs, Open Graph.

- Every FAQ page (faq/*/, both languages) carries FAQPage JSON-LD whose questions are exactly the
  page's ``###`` questions, each with its answer (scripts/structured_data.py, hooks.on_page_content).
- Every page has hreflang URLs in sitemap.xml, absolute and reciprocal (zh-Hans, zh-Hant and
  x-default = zh-Hans; kb/hooks.py adds x-default), and the counterpart links back.
- Every page has an absolute canonical URL under site_url, and og:title / og:description.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import html_pages
from kb.render import structured_data
from kb.site import LANGS, ROOT


def _site_url() -> str:
    import os

    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def env(loader, node):  # !ENV [NAME, default] or !ENV NAME: the default, as the build sees it
        return loader.construct_sequence(node)[-1] if isinstance(node, yaml.SequenceNode) else None

    Loader.add_constructor("!ENV", env)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    return os.environ.get("SITE_URL") or config["site_url"]


SITE_URL = _site_url()


class Head(HTMLParser):
    """The parts of a built page this file checks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.canonical: list[str] = []
        self.alternates: dict[str, list[str]] = {}
        self.meta: dict[str, list[str]] = {}
        self.jsonld: list[str] = []
        self.h3: list[str] = []
        self._in_jsonld = False
        self._h3: list[str] | None = None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical.append(a.get("href", ""))
        elif tag == "link" and a.get("rel") == "alternate" and a.get("hreflang"):
            self.alternates.setdefault(a["hreflang"], []).append(a.get("href", ""))
        elif tag == "meta" and (a.get("property") or a.get("name")):
            self.meta.setdefault(a.get("property") or a.get("name"), []).append(a.get("content") or "")
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in_jsonld = True
            self.jsonld.append("")
        elif tag == "h3":
            self._h3 = []
        elif self._h3 is not None and tag == "a" and "headerlink" in (a.get("class") or ""):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_jsonld = False
        elif tag == "a" and self._skip:
            self._skip -= 1
        elif tag == "h3" and self._h3 is not None:
            self.h3.append(" ".join("".join(self._h3).split()))
            self._h3 = None

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld[-1] += data
        elif self._h3 is not None and not self._skip:
            self._h3.append(data)


def parse(path: Path) -> Head:
    head = Head()
    head.feed(path.read_text(encoding="utf-8"))
    return head


def built(site: Path, lang: str, page: str) -> Path:
    return (site if lang == "zh-Hans" else site / "zh-Hant") / page


def url_of(lang: str, page: str) -> str:
    path = page.removesuffix("index.html")
    return SITE_URL + ("" if lang == "zh-Hans" else "zh-Hant/") + path


def faq_pages(site: Path, lang: str) -> list[str]:
    return [p for p in html_pages(site, lang) if p.startswith("faq/") and p != "faq/index.html"]


# --- FAQPage JSON-LD ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_faq_pages_carry_faqpage_jsonld_matching_their_questions(site, lang):
    pages = faq_pages(site, lang)
    assert len(pages) >= 9, f"{lang}: expected the nine FAQ pages, found {pages}"
    problems = []
    for page in pages:
        head = parse(built(site, lang, page))
        where = f"{lang} /{page.removesuffix('index.html')} (docs/{lang}/{page.removesuffix('/index.html')}.md)"
        if len(head.jsonld) != 1:
            problems.append(f"{where}: {len(head.jsonld)} JSON-LD blocks, expected 1 (scripts/structured_data.py)")
            continue
        try:
            data = json.loads(head.jsonld[0])
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: JSON-LD is not valid JSON ({exc})")
            continue
        if data.get("@context") != "https://schema.org" or data.get("@type") != "FAQPage":
            problems.append(f"{where}: JSON-LD is not a schema.org FAQPage: {str(data)[:120]}")
            continue
        if data.get("inLanguage") != lang:
            problems.append(f"{where}: inLanguage is {data.get('inLanguage')!r}")
        names = [q.get("name") for q in data.get("mainEntity", [])]
        if not head.h3:
            problems.append(f"{where}: no ### question on an FAQ page")
        if names != head.h3:
            problems.append(f"{where}: JSON-LD questions {names} differ from the ### questions {head.h3}")
        for q in data.get("mainEntity", []):
            answer = (q.get("acceptedAnswer") or {}).get("text", "")
            if q.get("@type") != "Question" or q["acceptedAnswer"].get("@type") != "Answer":
                problems.append(f"{where}: {q.get('name')!r} is not a Question with an Answer")
            if len(answer) < 10:
                problems.append(f"{where}: ### {q.get('name')} has no answer text under it (write the answer below the question)")
            if "¶" in q.get("name", "") or "¶" in answer:
                problems.append(f"{where}: the permalink sign leaked into {q.get('name')!r}")
    assert problems == [], "\n".join(problems)


def test_no_faqpage_jsonld_where_there_is_no_answer(site):
    for lang in LANGS:
        faq = set(faq_pages(site, lang))
        for page in html_pages(site, lang):
            if page in faq:
                continue
            head = parse(built(site, lang, page))
            types = [json.loads(block).get("@type") for block in head.jsonld]
            assert "FAQPage" not in types, f"{lang} /{page}: FAQPage JSON-LD belongs only on the FAQ question pages"


def test_jsonld_cannot_break_out_of_its_script_element():
    html = '<h3 id="q">What is </script><b>&amp; &lt;this&gt;?<a class="headerlink" href="#q">¶</a></h3><p>An answer, with &lt;/script&gt; in it &amp; more.</p><h2>Next</h2><p>not an answer</p>'
    text = structured_data.faq_jsonld(html, "zh-Hans")
    assert "<" not in text and ">" not in text
    data = json.loads(text)
    question = data["mainEntity"][0]
    assert question["name"] == "What is & <this>?"
    assert question["acceptedAnswer"]["text"] == "An answer, with </script> in it & more."


def test_the_answer_stops_at_the_next_heading_and_skips_scripts():
    html = (
        "<h2>Section</h2><p>intro</p>"
        '<h3 id="a">Q1？<a class="headerlink" href="#a">¶</a></h3><p>A1 <span class="kb-status"><svg><title>x</title></svg>'
        "<span>官方来源</span></span></p><ul><li>one</li><li>two</li></ul><script>var x = 1;</script>"
        "<h4>Sub</h4><p>not part of A1</p>"
        '<h3 id="b">Q2？</h3><div class="admonition"><p class="admonition-title">Note</p><p>A2</p></div>'
    )
    pairs = structured_data.questions(html)
    assert pairs == [("Q1？", "A1 官方来源\none\ntwo"), ("Q2？", "Note\nA2")]


# --- hreflang, canonical, Open Graph ---------------------------------------------------------


def _sitemap_alternates(site) -> dict[str, dict[str, str]]:
    """{<loc>: {hreflang: href}} from sitemap.xml, where the hreflang alternates live."""
    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    out = {}
    for url in ET.parse(site / "sitemap.xml").getroot().findall("s:url", ns):
        out[url.find("s:loc", ns).text] = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
    return out


def test_every_page_has_a_canonical_url_and_reciprocal_hreflang_in_the_sitemap(site):
    """Canonical URL in each page's head; hreflang (zh-Hans, zh-Hant, x-default) in sitemap.xml,
    absolute and reciprocal. The head carries no <link rel=alternate>: Material would fetch
    PAGE/sitemap.xml next to each one."""
    assert SITE_URL.startswith(("https://", "http://")) and SITE_URL.endswith("/")
    sitemap = _sitemap_alternates(site)
    problems = []
    for lang in LANGS:
        for page in html_pages(site, lang):
            head = parse(built(site, lang, page))
            where = f"{lang} /{page.removesuffix('index.html')}"
            expected = url_of(lang, page)
            if head.canonical != [expected]:
                problems.append(f"{where}: canonical {head.canonical}, expected [{expected!r}]")
            if head.alternates:
                problems.append(f"{where}: <link rel=alternate hreflang> in the head (hreflang belongs in sitemap.xml)")
            alternates = sitemap.get(expected)
            if alternates is None:
                problems.append(f"{where}: {expected} is not in sitemap.xml")
                continue
            if alternates.get(lang) != expected:
                problems.append(f"{where}: its own hreflang={lang} in sitemap.xml is {alternates.get(lang)!r}")
            other = "zh-Hant" if lang == "zh-Hans" else "zh-Hans"
            target = alternates.get(other, "")
            if not target.startswith(SITE_URL) or target not in sitemap:
                problems.append(f"{where}: hreflang={other} {target!r} is no page of the sitemap")
            elif sitemap[target].get(lang) != expected:
                problems.append(f"{where}: {target} does not link back")
            if alternates.get("x-default") != alternates.get("zh-Hans"):
                problems.append(f"{where}: x-default must be the zh-Hans page")
    assert problems == [], "\n".join(problems[:40])


def test_every_page_has_open_graph_title_and_description(site):
    problems = []
    names = {"zh-Hans": "淘宝客服指南", "zh-Hant": "淘寶客服指南"}
    for lang in LANGS:
        for page in html_pages(site, lang):
            head = parse(built(site, lang, page))
            where = f"{lang} /{page.removesuffix('index.html')}"
            title = head.meta.get("og:title", [""])
            description = head.meta.get("og:description", [""])
            if len(title) != 1 or not title[0].strip():
                problems.append(f"{where}: og:title missing or repeated")
            elif names[lang] not in title[0]:
                problems.append(f"{where}: og:title {title[0]!r} does not name the site ({names[lang]})")
            if len(description) != 1 or len(description[0].strip()) < 10:
                problems.append(f"{where}: og:description missing or empty (add description: to the page's front matter)")
            elif head.meta.get("description") != description:
                problems.append(f"{where}: og:description differs from <meta name=description>")
            if head.meta.get("og:url") != [url_of(lang, page)]:
                problems.append(f"{where}: og:url {head.meta.get('og:url')} is not the canonical URL")
            locale = {"zh-Hans": "zh_CN", "zh-Hant": "zh_TW"}[lang]
            if head.meta.get("og:locale") != [locale]:
                problems.append(f"{where}: og:locale {head.meta.get('og:locale')}, expected {locale}")
    assert problems == [], "\n".join(problems[:40])
