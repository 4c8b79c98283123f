"""MkDocs hooks: the only glue between the project's scripts and MkDocs.

- on_config: validate data/channels.yml (a bad file stops the build before anything is written).
- on_page_markdown: fill in [[ch:ID]] values and <!-- generated:NAME --> tables from the data.
- on_page_content: FAQPage structured data; labels for checklist boxes.
- on_post_page: hand each rendered page to its language's search index job (a child process).
- on_post_build: keep each language's 404 page and let its index job run Pagefind (beside the next
  language's pages); after the last language, publish the JSON export that the number checker
  reads; then
  the contact guard reads the whole built site (kb/checks/output.py) and fails the build on
  anything contact-like that the data file does not define.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import lxml.etree
from mkdocs.exceptions import Abort
from mkdocs.plugins import CombinedEvent, event_priority

from kb.checks import output
from kb.data import channels
from kb.render import card, number_checker, structured_data, tables
from kb.search import pagefind_index
from kb.site import LANGS, lang_of_src, lang_prefix

_data: channels.DataFile | None = None
_data_key: tuple | None = None
_not_found: dict[str, bytes] = {}
PERMALINK_TITLE = {"zh-Hans": "本节的固定链接", "zh-Hant": "本節的固定連結"}  # zh-Hans: as in mkdocs.yml
_slots: dict[str, tables.Slots] = {}  # per page: data HTML put back after Markdown
_serving = False  # set by on_startup: mkdocs serve rewrites site_url
_dirty = False  # set by on_startup: --dirty renders only the pages that changed
_index_jobs: list[pagefind_index.Job] = []  # each language's search index, building beside MkDocs


def data_file(config) -> Path:
    """The data file of the project being built (next to its mkdocs.yml)."""
    return Path(config.config_file_path).resolve().parent / "data" / "channels.yml"


def load_data(path: Path) -> channels.DataFile:
    """The data file, read again only when it changed (on_config runs once per language and
    again on every mkdocs serve rebuild). Raises channels.DataError."""
    global _data, _data_key
    key = (path, path.stat().st_mtime_ns if path.exists() else None)
    if _data is None or key != _data_key:
        _data = None  # never keep a stale copy when the new one is invalid
        _data = channels.load(path)
        _data_key = key
    return _data


def page_language(page) -> str:
    return lang_of_src(page.file.src_uri)


def on_config(config):
    if not _inner_build(config):
        _cancel_index_jobs()  # left over from a build that failed part way (mkdocs serve)
    try:
        load_data(data_file(config))
    except channels.DataError as exc:
        raise Abort(f"{exc}\nThe data file is invalid; nothing was built.") from None
    # The search box names a number's status the way the tables do (overrides/partials/search.html).
    config.extra["kb_status_labels"] = {lang: strings["status"] for lang, strings in tables.T.items()}
    return config


@event_priority(50)
def on_page_markdown(markdown, page, config, files):
    lang = page_language(page)
    where = f"docs/{page.file.src_uri}"
    target = tables.Page(lang, page.url)
    extra = {"number-checker": number_checker.render, "fraud-card": card.fraud_card, "contacts-file": card.contacts_file}
    slots = _slots[page.file.src_uri] = tables.Slots()
    try:
        markdown = tables.expand_markers(markdown, _data, target, where, extra, slots)
        markdown = tables.expand_shortcodes(markdown, _data, target, where, slots)
    except KeyError as exc:
        raise Abort(exc.args[0]) from None
    return markdown


def on_page_content(html, page, config, files):
    """FAQPage JSON-LD from the rendered FAQ questions (scripts/structured_data.py).

    Checklist boxes (pymdownx.tasklist) are disabled decoration with no label of their own:
    hide them from screen readers, which read the item's text (axe: label).

    The heading permalinks' title is set once in mkdocs.yml (toc: permalink_title), in zh-Hans;
    zh-Hant pages get theirs in Traditional wording."""
    lang = page_language(page)
    slots = _slots.pop(page.file.src_uri, None)
    if slots is not None:
        html = slots.fill(html)
    structured_data.apply(html, page, lang)
    html = html.replace('<input type="checkbox" disabled/>', '<input type="checkbox" disabled aria-hidden="true" tabindex="-1"/>')
    if lang == "zh-Hant":
        html = html.replace(f'title="{PERMALINK_TITLE["zh-Hans"]}"', f'title="{PERMALINK_TITLE["zh-Hant"]}"')
    return html


def _post_build_404(config):
    root = Path(config.site_dir)
    # mkdocs-static-i18n renders every language's 404.html at the root, each build overwriting
    # the last (mkdocs-static-i18n#349): move zh-Hant's to /zh-Hant/404.html (its links are
    # root-absolute) and put the default language's back at the root.
    not_found = root / "404.html"
    if config.theme["language"] == "zh-Hans" and not_found.exists():
        _not_found["zh-Hans"] = not_found.read_bytes()
    elif config.theme["language"] == "zh-Hant" and not_found.exists():
        (root / "zh-Hant").mkdir(exist_ok=True)
        (root / "zh-Hant" / "404.html").write_bytes(not_found.read_bytes())
        if "zh-Hans" in _not_found:
            not_found.write_bytes(_not_found["zh-Hans"])


def on_pre_build(config):
    """Start the search index job of the language about to be built: the child process is ready
    (Python and OpenCC loaded) by the time the first page is rendered."""
    export = json.loads(tables.export_json(_data))
    terms = [(t.zh_Hans, t.zh_Hant) for t in _data.terms]
    _index_jobs.append(pagefind_index.start(Path(config.site_dir), config.theme["language"], export, terms))


@event_priority(-200)  # the page as written, after every other plugin
def on_post_page(output, page, config):
    """Each page goes to its language's search index job as it is rendered: the job makes the
    page's searchable copy on the machine's other core (kb/search/pagefind_index.py)."""
    url = page.url.removeprefix(lang_prefix(page_language(page)))
    _index_jobs[-1].add("/" + url, output)
    return output


@event_priority(-50)  # before mkdocs-static-i18n (-100) goes on to build the next language
def _post_build_index(config):
    """This language's pages are all rendered: its index job runs Pagefind now, beside the next
    language's pages."""
    if _index_jobs and _index_jobs[-1].lang == config.theme["language"]:
        if _dirty:
            _index_jobs[-1].add_unchanged(Path(config.site_dir))
        _index_jobs[-1].finish()


def _cancel_index_jobs():
    while _index_jobs:
        _index_jobs.pop().cancel()


def _wait_index_jobs(bundle: Path | None = None):
    """Wait for the index job writing BUNDLE (a language's bundle folder), or for all of them."""
    try:
        for job in [j for j in _index_jobs if bundle is None or j.output == bundle.resolve()]:
            _index_jobs.remove(job)
            job.wait()
    except RuntimeError as exc:
        _cancel_index_jobs()
        raise Abort(str(exc)) from None


def _inner_build(config) -> bool:
    """True in mkdocs-static-i18n's builds of the other languages (inside the default one's)."""
    i18n = config.plugins.get("i18n")
    return i18n is not None and getattr(i18n, "building", False)


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every language
def _post_build_once(config):
    if _inner_build(config):
        return  # an inner, per-language build: the rest is written once, after the last language
    site = Path(config.site_dir)
    export = site / tables.EXPORT_PATH
    export.parent.mkdir(parents=True, exist_ok=True)
    export.write_text(tables.export_json(_data), encoding="utf-8")
    for lang in LANGS:  # the contacts file of official numbers, names in each language
        vcf = site / lang_prefix(lang) / card.CONTACTS_PATH
        vcf.parent.mkdir(parents=True, exist_ok=True)
        vcf.write_text(card.vcard(_data, lang), encoding="utf-8", newline="")
    _sitemap_x_default(site)
    # The contact guard on what readers get: default deny (kb/checks/output.py). It reads the
    # pages while the last index is still being written, and the search bundles after.
    if os.environ.get("KB_GUARD_DEFER") == "1":
        _wait_index_jobs()
        return  # python scripts/check_contacts.py builds this way and runs the same check itself
    root = Path(config.config_file_path).resolve().parent
    try:
        findings = output.check_output(
            site, root, _data, config.site_url or "", _published_site_url(config), wait=_wait_index_jobs
        )
    finally:
        _cancel_index_jobs()  # none are left unless the guard itself failed
    if findings:
        lines = "\n".join(str(f) for f in findings)
        raise Abort(
            f"{lines}\n\n{len(findings)} contact-like value(s) in the built site that data/channels.yml does not define "
            "and data/allowlist.yml does not allow (python scripts/check_contacts.py says the same; see CONTRIBUTING.md)."
        )


def on_startup(command, dirty):
    global _serving, _dirty
    _serving = command == "serve"
    _dirty = dirty


def _published_site_url(config) -> str:
    """site_url as mkdocs.yml sets it: mkdocs serve replaces config.site_url with the dev server's
    address, but the pages still name the published host (the clone URL in the contributing guide)."""
    if not _serving:
        return config.site_url or ""
    from mkdocs.utils.yaml import yaml_load

    with open(config.config_file_path, encoding="utf-8") as f:
        return yaml_load(f).get("site_url") or ""


def _sitemap_x_default(site: Path) -> None:
    """hreflang lives in sitemap.xml (mkdocs-static-i18n writes zh-Hans and zh-Hant for every
    page); add x-default = the zh-Hans page, and write sitemap.xml.gz from the same bytes."""
    path = site / "sitemap.xml"
    if not path.exists():
        return
    xhtml = "{http://www.w3.org/1999/xhtml}"
    tree = lxml.etree.parse(str(path))
    for url in tree.getroot():
        links = {link.get("hreflang"): link for link in url.iter(f"{xhtml}link")}
        if "zh-Hans" in links and "x-default" not in links:
            last = url[-1]
            default = lxml.etree.SubElement(
                url, f"{xhtml}link", rel="alternate", hreflang="x-default", href=links["zh-Hans"].get("href")
            )
            default.tail, last.tail = last.tail, links["zh-Hans"].tail
    data = lxml.etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
    path.write_bytes(data)
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(data, mtime=0))


on_post_build = CombinedEvent(_post_build_404, _post_build_index, _post_build_once)
