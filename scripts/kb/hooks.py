"""MkDocs hooks: the only glue between the project's scripts and MkDocs.

- on_config: validate data/channels.yml (a bad file stops the build before anything is written).
- on_page_markdown: fill in [[ch:ID]] values and <!-- generated:NAME --> tables from the data.
- on_page_content: FAQPage structured data; labels for checklist boxes.
- on_post_build: keep each language's 404 page; after the last language, publish the JSON export
  that the number checker reads and build the search index (Pagefind, one per language).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import Abort
from mkdocs.plugins import CombinedEvent, event_priority

from kb.data import channels
from kb.render import number_checker, structured_data, tables
from kb.search import pagefind_index
from kb.site import lang_of_src

_data: channels.DataFile | None = None
_data_key: tuple | None = None
_not_found: dict[str, bytes] = {}


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
    try:
        load_data(data_file(config))
    except channels.DataError as exc:
        raise Abort(f"{exc}\nThe data file is invalid; nothing was built.") from None
    parts = urlsplit(config.site_url or "")
    config.extra["site_origin"] = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    # The search box names a number's status the way the tables do (overrides/partials/search.html).
    config.extra["kb_status_labels"] = {lang: strings["status"] for lang, strings in tables.T.items()}
    return config


@event_priority(50)
def on_page_markdown(markdown, page, config, files):
    lang = page_language(page)
    where = f"docs/{page.file.src_uri}"
    target = tables.Page(lang, page.url)
    extra = {"number-checker": number_checker.render}
    try:
        markdown = tables.expand_markers(markdown, _data, target, where, extra)
        markdown = tables.expand_shortcodes(markdown, _data, target, where)
    except KeyError as exc:
        raise Abort(exc.args[0]) from None
    return markdown


def on_page_content(html, page, config, files):
    """FAQPage JSON-LD from the rendered FAQ questions (scripts/structured_data.py).

    Checklist boxes (pymdownx.tasklist) are disabled decoration with no label of their own:
    hide them from screen readers, which read the item's text (axe: label)."""
    structured_data.apply(html, page, page_language(page))
    return html.replace('<input type="checkbox" disabled/>', '<input type="checkbox" disabled aria-hidden="true" tabindex="-1"/>')


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


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every language
def _post_build_once(config):
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # an inner, per-language build: the rest is written once, after the last language
    site = Path(config.site_dir)
    export = site / tables.EXPORT_PATH
    export.parent.mkdir(parents=True, exist_ok=True)
    export.write_text(tables.export_json(_data), encoding="utf-8")
    pagefind_index.build(site, export, [(t.zh_Hans, t.zh_Hant) for t in _data.terms])


on_post_build = CombinedEvent(_post_build_404, _post_build_once)
