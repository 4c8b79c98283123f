"""Chinese search in both scripts, through Material's own search box in headless Chromium."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from kb import browser as searchlib

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text(encoding="utf-8"))


def test_query_set_is_large_and_covers_both_scripts():
    assert sum(len(v) for v in QUERIES.values()) >= 60
    assert len(QUERIES["zh-Hans"]) >= 25 and len(QUERIES["zh-Hant"]) >= 25


def test_each_language_has_its_own_index(site):
    for lang, index_path in (
        ("zh-Hans", site / "search" / "search_index.json"),
        ("zh-Hant", site / "zh-Hant" / "search" / "search_index.json"),
    ):
        docs = json.loads(index_path.read_text(encoding="utf-8"))["docs"]
        assert docs, f"{index_path} is empty"
        leaked = [d["location"] for d in docs if d["location"].startswith("zh-Hant/")]
        assert leaked == [], f"{index_path.relative_to(site)} holds zh-Hant pages: {leaked[:5]}"
        assert "\u200b" in "".join(d["text"] for d in docs), f"{lang}: text is not segmented (jieba missing?)"


def test_search_uses_the_worker_wrapper_and_keeps_the_separator(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    config = json.loads(html.split('<script id="__config" type="application/json">')[1].split("</script>")[0])
    worker = config["search"].split("?")[0]
    assert (site / worker.lstrip("./")).exists() or (site / "assets/javascripts/workers/search-kb.js").exists()
    material_worker = config["search"].split("w=")[1].split("&")[0]
    assert (site / "assets" / "javascripts" / "workers" / material_worker).exists(), (
        f"overrides/main.html names Material's worker {material_worker}, which this Material version does not ship: "
        "copy the new file name from material/templates/base.html"
    )
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "\\u200b" in index["config"]["separator"], "a custom search separator must keep \\u200b"


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_every_query_finds_its_page_in_the_top_3(browser, server, lang):
    page = browser.new_page()
    home = server + ("/" if lang == "zh-Hans" else "/zh-Hant/")
    page.goto(home)
    searchlib.open_search(page)
    misses, wrong_language = [], []
    for item in QUERIES[lang]:
        results, _, meta = searchlib.search(page, str(item["q"]))
        top = results[:3]
        expected = [(e if lang == "zh-Hans" else "zh-Hant/" + e) for e in item["expect"]]
        if not any(e in top for e in expected):
            misses.append(f"  {item['q']!r}: expected one of {expected} in the top 3, got {top} ({meta})")
        if lang == "zh-Hant":
            wrong_language += [f"  {item['q']!r} → {r}" for r in results if not r.startswith("zh-Hant/")]
        else:
            wrong_language += [f"  {item['q']!r} → {r}" for r in results if r.startswith("zh-Hant/")]
    page.close()
    total = len(QUERIES[lang])
    print(f"{lang}: top-3 hit rate {total - len(misses)}/{total}")
    assert wrong_language == [], f"{lang} readers got results in the other language:\n" + "\n".join(wrong_language[:20])
    assert misses == [], (
        f"{lang}: {len(misses)}/{total} queries missed their page (add the words to that page's front-matter keywords):\n"
        + "\n".join(misses)
    )


def test_the_index_is_not_downloaded_before_the_reader_searches(browser, server):
    page = browser.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server + "/faq/refund/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in requests if "search_index.json" in u or "/workers/search." in u], requests
    searchlib.open_search(page)
    results, _, _ = searchlib.search(page, "退款")
    assert results and any("search_index.json" in u for u in requests)
    page.close()
