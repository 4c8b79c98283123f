"""Structured data for search engines: FAQPage JSON-LD on the FAQ pages.

Every FAQ answer on this site is a ``###`` heading holding the question (DESIGN.md), so the
JSON-LD is computed from the rendered page: each ``<h3>`` is a question, and its answer is the
text that follows it up to the next heading of any level. ``faq_jsonld(html, lang)`` returns the
JSON text (safe to put inside ``<script type="application/ld+json">``), or None when the page
holds no question. overrides/main.html emits ``page.meta.kb_jsonld`` in the page head.

hreflang alternates, the canonical URL and Open Graph tags are in overrides/main.html.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Elements whose text is not part of what a reader reads as the answer.
SKIP = {"script", "style", "template", "noscript", "svg", "button", "form"}
# Elements that separate blocks of text (a line break in the answer).
BLOCKS = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "table",
    "blockquote",
    "details",
    "summary",
    "pre",
    "br",
    "hr",
    "section",
    "article",
    "figure",
    "figcaption",
}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _QuestionParser(HTMLParser):
    """Collect (question, answer) pairs: h3 text and the text up to the next heading."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pairs: list[list[str]] = []
        self._stack: list[str] = []  # open elements
        self._skip_at: int | None = None  # stack depth of the element whose text is ignored
        self._in_heading = False
        self._in_h3 = False
        self._question: list[str] = []
        self._answer: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        void = tag in VOID
        if not void:
            self._stack.append(tag)
        if self._skip_at is not None:
            return
        if tag in SKIP or "headerlink" in classes or "kb-checker" in classes:
            if not void:
                self._skip_at = len(self._stack)
            return
        if tag in HEADINGS:
            self._close_answer()
            self._in_heading, self._in_h3, self._question = True, tag == "h3", []
        elif tag in BLOCKS and self._answer is not None:
            self._answer.append("\n")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID or tag not in self._stack:
            return
        # Pop up to the matching open element (tolerates unclosed <p>, <li>).
        while self._stack and self._stack.pop() != tag:
            pass
        if self._skip_at is not None:
            if len(self._stack) < self._skip_at:
                self._skip_at = None
            return
        if tag in HEADINGS and self._in_heading:
            if self._in_h3:
                question = _clean("".join(self._question))
                if question:
                    self.pairs.append([question, ""])
                    self._answer = []
            self._in_heading = self._in_h3 = False
        elif tag in BLOCKS and self._answer is not None:
            self._answer.append("\n")

    def handle_data(self, data):
        if self._skip_at is not None:
            return
        if self._in_heading:
            if self._in_h3:
                self._question.append(data)
        elif self._answer is not None:
            self._answer.append(data)

    def _close_answer(self):
        if self._answer is not None and self.pairs:
            self.pairs[-1][1] = _clean_block("".join(self._answer))
        self._answer = None

    def close(self):
        super().close()
        self._close_answer()


def _clean(text: str) -> str:
    text = text.replace("\u200b", "").replace("\xa0", " ")
    return re.sub(r"\s+", " ", text).strip()


def _clean_block(text: str) -> str:
    lines = [_clean(line) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def questions(html: str) -> list[tuple[str, str]]:
    """The page's (question, answer text) pairs, in order; answers may be empty."""
    parser = _QuestionParser()
    parser.feed(html)
    parser.close()
    return [(q, a) for q, a in parser.pairs]


def _json_for_script(value) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def faq_jsonld(html: str, lang: str, url: str | None = None) -> str | None:
    pairs = [(q, a) for q, a in questions(html) if a]
    if not pairs:
        return None
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "inLanguage": lang,
        "mainEntity": [{"@type": "Question", "name": q, "acceptedAnswer": {"@type": "Answer", "text": a}} for q, a in pairs],
    }
    if url:
        data["url"] = url
    return _json_for_script(data)


def is_faq_page(url: str, meta: dict) -> bool:
    """A question-and-answer page of the FAQ section (not its index, which only lists questions)."""
    if "faq" in meta:  # front matter `faq: true|false` decides where the path does not
        return bool(meta["faq"])
    path = url.removeprefix("zh-Hant/")
    return path.startswith("faq/") and path != "faq/"


def apply(html: str, page, lang: str) -> None:
    """Set page.meta['kb_jsonld'] for an FAQ page (overrides/main.html prints it)."""
    if not is_faq_page(page.url, page.meta or {}):
        return
    jsonld = faq_jsonld(html, lang, getattr(page, "canonical_url", None))
    if jsonld:
        page.meta["kb_jsonld"] = jsonld
