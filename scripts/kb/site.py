"""Facts about the site that every part of the code shares: where things are, which languages.

Nothing here reads a file.
"""

from __future__ import annotations

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
