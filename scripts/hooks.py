"""MkDocs hooks: the only glue between the project's scripts and MkDocs.

- on_config: validate data/channels.yml (a bad file stops the build before anything is written).
- on_page_markdown: fill in [[ch:ID]] values and <!-- generated:NAME --> tables from the data.
- on_post_build: publish the JSON export that the number checker reads; after the last
  language, split the search index per language and write the cross-script query maps.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import Abort
from mkdocs.plugins import CombinedEvent, event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent))

import channels  # noqa: E402
import search_dict  # noqa: E402
import search_index  # noqa: E402
import tables  # noqa: E402

# The search plugin reads its jieba dictionaries before any hook event runs, so they are made
# when MkDocs loads this file. A bad data file is reported by on_config below.
search_dict.build_main_dict()
search_dict.load_dictionary_once()
try:
    search_dict.build_user_dict(channels.load())
except channels.DataError:
    pass

EXPORT_PATH = "assets/data/channels.json"
_data: channels.DataFile | None = None
_not_found: dict[str, bytes] = {}


def page_language(page) -> str:
    return "zh-Hant" if page.file.src_uri.startswith("zh-Hant/") else "zh-Hans"


_data_mtime = None


def on_config(config):
    # Runs once per language; the data is read again only when the file changed (mkdocs serve).
    global _data, _data_mtime
    mtime = channels.DATA_FILE.stat().st_mtime_ns if channels.DATA_FILE.exists() else None
    if _data is None or mtime != _data_mtime:
        try:
            _data = channels.load()
        except channels.DataError as exc:
            _data = None
            raise Abort(f"{exc}\nThe data file is invalid; nothing was built.") from None
        _data_mtime = mtime
    parts = urlsplit(config.site_url or "")
    config.extra["site_origin"] = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    return config


@event_priority(50)
def on_page_markdown(markdown, page, config, files):
    lang = page_language(page)
    where = f"docs/{page.file.src_uri}"
    target = tables.Page(lang, page.url)
    source = markdown
    extra = {"number-checker": lambda data, p: number_checker(p)}
    try:
        markdown = tables.expand_markers(markdown, _data, target, where, extra)
        markdown = tables.expand_shortcodes(markdown, _data, target, where)
    except KeyError as exc:
        raise Abort(exc.args[0]) from None
    # Search keywords from front matter become Material search "tags" (boosted, not shown);
    # the page with the number checker is also found by every phone number in the data file.
    keywords = [str(k) for k in page.meta.get("keywords") or []]
    if "<!-- generated:number-checker -->" in source:
        keywords += [ch.value for ch in _data.channels if ch.kind == "phone"]
    if keywords and "tags" not in page.meta:
        page.meta["tags"] = keywords
    return markdown


def number_checker(page: tables.Page) -> str:
    """The number checker widget (scripts/number_checker.py); works without JS as a plain explanation."""
    return checker_widget.render(_data, page)


def _post_build_export(config):
    root = Path(config.site_dir)
    out = root / EXPORT_PATH
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(tables.export_json(_data), encoding="utf-8")
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


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every language and merged search
def _post_build_search(config):
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # an inner, per-language build: the merged index is not complete yet
    site = Path(config.site_dir)
    if not (site / "search" / "search_index.json").exists():
        return
    indexes = search_index.split(site)
    search_index.write_query_maps(site, search_index.query_maps(indexes, _data))


on_post_build = CombinedEvent(_post_build_export, _post_build_search)


# Imported while MkDocs loads this file (scripts/ is on sys.path only then).
import number_checker as checker_widget  # noqa: E402
import structured_data  # noqa: E402


def on_page_content(html, page, config, files):
    """FAQPage JSON-LD from the rendered FAQ questions (scripts/structured_data.py).

    Checklist boxes (pymdownx.tasklist) are disabled decoration with no label of their own:
    hide them from screen readers, which read the item's text (axe: label)."""
    structured_data.apply(html, page, page_language(page))
    return html.replace('<input type="checkbox" disabled/>', '<input type="checkbox" disabled aria-hidden="true" tabindex="-1"/>')
