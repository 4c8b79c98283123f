"""Facts about the site that every part of the code shares: where things are, which languages.

Nothing here reads a file at import time; ``page_map()`` reads mkdocs.yml with MkDocs' own loader.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
DATA_FILE = ROOT / "data" / "channels.yml"
CONFIG_FILE = ROOT / "mkdocs.yml"
CACHE = ROOT / ".cache"

# The languages, in build order; the first is the default, served at the site root.
LANGS = ("zh-Hans", "zh-Hant")
DEFAULT_LANG = LANGS[0]
# The JSON export of the data file that the number checker and tests read (one per site).
EXPORT_PATH = "assets/data/channels.json"


def lang_prefix(lang: str) -> str:
    """The URL prefix of a language's pages relative to the site root: "" or "zh-Hant/"."""
    return "" if lang == DEFAULT_LANG else f"{lang}/"


def lang_of_src(src_uri: str) -> str:
    """The language of a page from its path under docs/ (``zh-Hant/faq/refund.md``)."""
    first = src_uri.split("/", 1)[0]
    return first if first in LANGS else DEFAULT_LANG


def display_path(path: Path) -> str:
    """A path as a contributor would type it: relative to the repository root when inside it."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


@lru_cache(maxsize=1)
def page_map() -> dict[str, dict[str, str]]:
    """Each language's nav as {page path under docs/<lang>/: nav title}, read from mkdocs.yml."""
    from mkdocs.config import load_config  # MkDocs is only needed by callers that ask for this

    config = load_config(str(CONFIG_FILE))
    out: dict[str, dict[str, str]] = {}
    for language in config.plugins["i18n"].config.languages:
        out[language.locale] = dict(_nav_titles(language.nav or []))
    return out


def _nav_titles(items):
    """(path under the language folder, nav title) for every page of a static-i18n nav."""
    for item in items:
        if isinstance(item, str):
            yield item.split("/", 1)[1], ""
            continue
        for title, value in item.items():
            if isinstance(value, list):
                yield from _nav_titles(value)
            else:
                yield value.split("/", 1)[1], title
