"""Search: Pagefind behind the theme's search box, one complete index per language.

Without a browser: the query set's shape, per-language index parity, no hashed asset names in
overrides/. In Chromium: the bundle is not fetched before search opens, keyboard navigation,
FAQ questions as their own results, highlight on the target page, typing slips (read, and said;
never read in the site's own words), the zero-result state, the number checker's prefill, and
the query set's top-3 rate (>= 95 %, misses printed).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import hanzidentifier
import pytest
import yaml

from conftest import ENV, MKDOCS
from kb import browser as searchlib
from kb.checks.text import pages_of, read_page
from kb.search import pagefind_index
from kb.site import LANGS, ROOT

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text(encoding="utf-8"))
HOME = {"zh-Hans": "/", "zh-Hant": "/zh-Hant/"}
# A full question: a question word or particle anywhere in it (退款多久到账, 香港怎么联系淘宝客服,
# 网购被呃 点算), not a bare keyword (退款, 客服电话).
QUESTION = re.compile(
    r"吗|嗎|呢|\?|？|怎么|怎麼|如何|请问|請問|为什么|為什麼|为啥|為啥|能不能|可不可以|是不是|有没有|有沒有"
    r"|什么|什麼|哪|几|幾|多少|多久|谁|誰|点算|點算|點解|点解|咩|冇"
)
MIN_RATE = 0.95


def sections(record: dict) -> list[str]:
    """The sub-results a page has in the index: its headings' ids (h1 ids are titles, so their
    text differs between languages; they are counted, not compared)."""
    return [a["id"] if a["element"] != "h1" else "h1" for a in record["anchors"] if re.fullmatch(r"h[1-6]", a["element"])]


# --- without a browser -----------------------------------------------------------------------


def test_query_set_is_written_the_way_people_ask():
    everything = [(lang, str(q["q"])) for lang, items in QUERIES.items() for q in items]
    questions = [q for _, q in everything if QUESTION.search(q)]
    cross = [
        q
        for lang, q in everything
        if hanzidentifier.identify(q) == (hanzidentifier.TRADITIONAL if lang == "zh-Hans" else hanzidentifier.SIMPLIFIED)
    ]
    assert len(everything) >= 150
    assert len(questions) * 3 >= len(everything), f"only {len(questions)} full questions"
    assert len(cross) >= 30, f"only {len(cross)} queries in the other script"
    assert len(QUERIES["zh-Hant"]) >= 40
    for lang, items in QUERIES.items():
        for item in items:
            for path in item["expect"]:
                base = ROOT / "docs" / lang / path.rstrip("/")
                assert base.with_suffix(".md").exists() or (base / "index.md").exists(), f"{lang} {item['q']}: no page {path}"


def test_each_language_has_a_complete_index_with_the_same_sections(site):
    counts = {}
    for lang in LANGS:  # each language its own bundle, holding that language only
        entry = json.loads((pagefind_index.bundle_dir(site, lang) / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert set(entry["languages"]) == {lang.lower()}, f"{lang}'s bundle holds {sorted(entry['languages'])}"
        counts[lang] = entry["languages"][lang.lower()]["page_count"]
    records = pagefind_index.records(site)
    hans = {url: sections(r) for url, r in records.items() if not url.startswith("/zh-Hant/")}
    hant = {url[len("/zh-Hant") :]: sections(r) for url, r in records.items() if url.startswith("/zh-Hant/")}
    assert counts["zh-Hans"] == counts["zh-Hant"] == len(hans)
    assert sorted(hans) == sorted(hant), "pages indexed in one language only"
    differ = [f"  {url}: zh-Hans {hans[url]} / zh-Hant {hant[url]}" for url in sorted(hans) if hans[url] != hant[url]]
    assert differ == [], "sections indexed differently per language:\n" + "\n".join(differ)
    assert len(hans) >= 30
    for url, record in records.items():
        assert "¶" not in record["content"] and "编辑此页" not in record["content"], f"{url}: theme noise indexed"


def test_every_pair_token_is_indexed_as_a_word_of_its_own(site):
    """Pagefind cuts words at whitespace only: a pair token glued to a mark or a neighbour
    (⸢qj1tdb, qj1tdb⸣) is indexed as another word, which the query's qj1tdb never finds. And a
    token that is not in the index (a typo's pair) is answered with the longest indexed word that
    begins it: no word of the pages may begin the tokens' prefix (q, qj). A record's content is
    the words Pagefind indexed, joined by spaces."""
    prefix = pagefind_index.TOKEN_PREFIX
    beginnings = {prefix[:n] for n in range(1, len(prefix) + 1)}
    for url, record in pagefind_index.records(site).items():
        words = record["content"].split()
        glued = [w for w in words if pagefind_index.PAIR_TOKEN.search(w) and not pagefind_index.PAIR_TOKEN.fullmatch(w)]
        assert glued == [], f"{url}: pair tokens glued to other characters, so no query finds them: {glued[:5]}"
        clashes = {
            w
            for w in words
            if re.sub(r"[^\w]", "", w).lower() in beginnings
            or (w.lower().startswith(prefix) and not pagefind_index.PAIR_TOKEN.fullmatch(w))
        }
        assert not clashes, (
            f"{url}: the words {sorted(clashes)} begin like the pair tokens ({prefix}…): a query pair that is not in "
            "the index would find them. Change TOKEN_PREFIX in scripts/kb/search/pagefind_index.py and pairToken in search.js"
        )


def test_a_dirty_build_keeps_every_page_in_the_index(site, tmp_path):
    """mkdocs build --dirty (not strict: MkDocs warns about --dirty) renders only the changed
    pages; the index jobs add the others from disk."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    before = sorted(pagefind_index.records(copy))
    result = subprocess.run(
        MKDOCS + ["build", "--dirty", "--no-strict", "-d", str(copy)], cwd=ROOT, env=ENV, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    after = sorted(pagefind_index.records(copy))
    assert after == before, f"pages lost from the index by a --dirty build: {sorted(set(before) - set(after))}"


def test_each_faq_question_is_its_own_result(site):
    record = pagefind_index.records(site)["/faq/refund/"]
    ids = sections(record)
    assert "refund-time" in ids and "seller-refuses" in ids


def test_overrides_name_no_hashed_asset_and_patch_no_search():
    hashed = re.compile(r"\.[0-9a-f]{8}\.min\.(js|css)")
    for path in (ROOT / "overrides").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not hashed.search(text), f"{path.relative_to(ROOT)} names a hashed theme asset"
        assert "search_index" not in text and "importScripts" not in text, f"{path.relative_to(ROOT)} patches Material's search"


# --- in Chromium -----------------------------------------------------------------------------


@pytest.fixture
def page(browser):
    p = browser.new_page()
    yield p
    p.close()


def test_the_bundle_is_fetched_only_when_search_opens(page, server):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server + "/faq/refund/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in requests if "/pagefind/" in u], requests
    searchlib.open_search(page)
    results, _, _ = searchlib.search(page, "退款")
    assert results[0] == "faq/refund/"
    assert any("/pagefind/pagefind.js" in u for u in requests)


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_keyboard_opens_moves_enters_and_closes(page, server, lang):
    page.goto(server + HOME[lang])
    box = page.locator(searchlib.SEARCH_BOX)
    page.keyboard.press("/")
    assert page.evaluate("document.getElementById('__search').checked")
    page.wait_for_function("document.activeElement && document.activeElement.classList.contains('md-search__input')")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    page.keyboard.press("s")
    page.wait_for_function("document.activeElement && document.activeElement.classList.contains('md-search__input')")
    assert box.input_value() == ""
    results, _, _ = searchlib.search(page, "转人工")
    assert results[0].endswith("contact/assistant/")
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("ArrowDown")
    second = page.evaluate("document.activeElement.getAttribute('href')")
    assert first and second and first != second
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.getAttribute('href')") == first
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "contact/assistant/" in page.url


def test_a_faq_question_result_points_at_its_anchor_and_the_page_highlights_the_words(page, server):
    page.goto(server + "/")
    searchlib.open_search(page)
    searchlib.search(page, "退款多久到账")
    link = page.locator('a.md-search-result__link[href*="#refund-time"]').first
    assert link.count() == 1
    href = link.get_attribute("href")
    assert "?h=" in href
    with page.expect_navigation():
        link.click()
    assert page.url.endswith("#refund-time")
    marks = page.locator("article.md-content__inner mark[data-md-highlight]")
    assert marks.count() > 0
    assert "退款" in marks.all_inner_texts()


def test_on_a_phone_the_magnifier_opens_search_and_a_result_leads_to_the_answer(browser, server):
    """At 390 px the box is behind the header's magnifier: tap it, ask in Cantonese, tap the
    first result, land on the page with the words highlighted."""
    phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        phone.goto(server + "/zh-Hant/")
        assert phone.locator(searchlib.MAGNIFIER).first.is_visible(), "no search button in the phone header"
        phone.locator(searchlib.MAGNIFIER).first.tap()
        phone.locator(searchlib.SEARCH_BOX).tap()
        results, _, _ = searchlib.search(phone, "淘寶客服電話幾多號")
        assert results[0] == "zh-Hant/contact/phone/", results
        first = phone.locator(searchlib.RESULT_LINKS).first
        assert first.is_visible() and first.bounding_box()["width"] <= 390
        with phone.expect_navigation():
            first.tap()
        assert "/zh-Hant/contact/phone/" in phone.url
        assert phone.locator("article.md-content__inner mark[data-md-highlight]").count() > 0
    finally:
        phone.close()


def test_a_query_typed_in_the_other_script_finds_the_page(page, server):
    page.goto(server + "/zh-Hant/")
    searchlib.open_search(page)
    results, _, _ = searchlib.search(page, "账户被盗怎么办")
    assert "zh-Hant/faq/account/" in results[:3]
    page.goto(server + "/")
    searchlib.open_search(page)
    results, _, _ = searchlib.search(page, "帳戶被盜怎麼辦")
    assert "faq/account/" in results[:3]


# Stories whose side words (两个星期, 吹風機, 風扇) are on pages about something else: asked for all
# at once, no page holds every word but the wrong ones; word by word, the page on the topic leads.
STORIES = [
    ("zh-Hans", "客服一直说已经反馈了让我等，两个星期也没结果，还能去哪里投诉", ["faq/unresolved/", "contact/escalation/"]),
    ("zh-Hant", "在淘寶買了一台吹風機，收到插電就壞了，賣家說簽收就代表品質合格不給退貨", ["faq/product/"]),
    ("zh-Hant", "喺淘寶買咗部風扇兩個禮拜都未出貨，問賣家又唔覆，就嚟自動確認收貨，點算", ["faq/orders/"]),
]


@pytest.mark.parametrize(("lang", "story", "expect"), STORIES, ids=[s[1][:8] for s in STORIES])
def test_a_long_story_finds_the_page_on_its_topic(page, server, lang, story, expect):
    page.goto(server + HOME[lang])
    searchlib.open_search(page)
    results, _, _ = searchlib.search(page, story)
    prefix = HOME[lang].lstrip("/")
    assert any(prefix + e in results[:3] for e in expect), (
        f"{story!r} on {lang}: top 3 {results[:3]}, expected one of {expect}. search.js ranks a question of "
        "LONG words or more word by word (soft); check that path and the pages' keywords"
    )


def test_a_long_storys_result_shows_the_sections_on_its_question(page, server):
    # The page was found by many words; its sections are ranked by all of them, not by the first.
    page.goto(server + HOME["zh-Hant"])
    searchlib.open_search(page)
    story = STORIES[2][1]
    searchlib.search(page, story)
    first = page.locator("li.md-search-result__item").first
    titles = first.locator("article:not(.md-search-result__article--document) h2").all_inner_texts()
    assert titles and "確認收貨" in titles[0], (
        f"{story!r}: the first result's sections are {titles}; the first should be about 確認收貨 "
        "(search.js storySections ranks a story's sections by the words they hold)"
    )


# Typing slips: pairs on no page (人公, 聯洛, 店話), each one character from a word of the site
# that sounds the same.
SLIPS = [
    ("zh-Hans", "淘宝人公客服", ["contact/assistant/", "faq/unresolved/"], "“人公”当作“人工”"),
    ("zh-Hant", "淘寶客服點樣聯洛", ["contact/", "contact/online/"], "「聯洛」當作「聯絡」"),
    ("zh-Hant", "淘寶客服店話", ["contact/phone/"], "「店話」當作「電話」"),
]


@pytest.mark.parametrize(("lang", "query", "expect", "said"), SLIPS, ids=[s[1] for s in SLIPS])
def test_a_typing_slip_is_read_as_the_word_and_the_count_says_so(page, server, lang, query, expect, said):
    page.goto(server + HOME[lang])
    searchlib.open_search(page)
    results, _, meta = searchlib.search(page, query)
    prefix = HOME[lang].lstrip("/")
    assert any(prefix + e in results[:3] for e in expect), f"{query!r} on {lang}: top 3 {results[:3]}, expected one of {expect}"
    assert said in meta, (
        f"{query!r}: the result count should say {said}, it says {meta!r} "
        "(assets/javascripts/slips.js reads the slip; its table is pagefind/sounds.json, scripts/kb/search/sounds.py)"
    )


def page_words(lang: str) -> list[str]:
    """Every title, heading and keyword of LANG's pages: words the site holds, never slips."""
    out = []
    for path in pages_of(ROOT / "docs", lang).values():
        page = read_page(path)
        meta = yaml.safe_load("\n".join(page.lines[1 : page.front_matter_end - 1])) if page.front_matter_end else {}
        out += [str(k) for k in (meta or {}).get("keywords") or []]
        out += [h.title for h in page.headings]
    return out


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_no_slip_is_read_in_words_the_site_holds_or_in_plain_grammar(page, server, lang):
    page.goto(server + HOME[lang])
    searchlib.open_search(page)
    page.wait_for_function("window.kbSlips !== undefined")
    # Real words and grammar around a word of the site: 出事, 又關店 (有關),
    # 該用 (改用), 騙去 (騙取), 打錯 (答錯), 補繳 (補交).
    plain = {"zh-Hans": ["出事了找谁", "卖家又关店了", "该用哪个渠道", "被骗去报警", "地址打错了", "要补缴关税吗"],
             "zh-Hant": ["出事了找誰", "賣家又關店了", "該用哪個管道", "被騙去報警", "地址打錯了", "要補繳關稅嗎"]}[lang]  # fmt: skip
    read = page.evaluate(
        """async ([url, texts]) => {
            const table = window.kbSlips.prepare(await (await fetch(url)).json());
            return texts.map(t => [t, window.kbSlips.read(t, table)]).filter(x => x[1].length);
        }""",
        [server + HOME[lang] + "pagefind/sounds.json", page_words(lang) + plain],
    )
    assert read == [], (
        "slips read in words that are not slips (assets/javascripts/slips.js's rules, or the known "
        f"pairs of scripts/kb/search/sounds.py): {read[:20]}"
    )


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_no_result_shows_the_way_on(page, server, lang):
    page.goto(server + HOME[lang])
    searchlib.open_search(page)
    results, _, meta = searchlib.search(page, "zzqxjv")
    assert results == []
    assert ("沒有" if lang == "zh-Hant" else "没有") in meta
    hrefs = page.locator(".kb-search-way > a").evaluate_all(
        "els => els.map(e => new URL(e.href).pathname + new URL(e.href).hash)"
    )
    prefix = "/zh-Hant/" if lang == "zh-Hant" else "/"
    assert any(h.startswith(prefix + "contact/assistant/") and h.endswith("#reach-human") for h in hrefs), hrefs
    assert prefix + "safety/verify/" in hrefs and prefix + "faq/" in hrefs, hrefs


def test_a_number_with_no_result_gets_the_checkers_answer(page, server):
    page.goto(server + "/")
    searchlib.open_search(page)
    results, _, _ = searchlib.search(page, "0571-1234 5678")
    assert results == []
    answer = page.locator(".kb-search-answer")
    answer.wait_for(state="visible")
    assert answer.get_attribute("data-status") == "unknown"
    href = answer.locator("a").get_attribute("href")
    assert "safety/verify/?n=" in href
    with page.expect_navigation():
        answer.locator("a").click()
    page.wait_for_function("document.querySelector('#number-check-result').dataset.status === 'unknown'")
    assert page.locator("#number-check-input").input_value() == "0571-1234 5678"


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_the_query_set_finds_a_right_page_in_the_top_3(page, server, lang):
    page.goto(server + HOME[lang])
    searchlib.open_search(page)
    prefix = "" if lang == "zh-Hans" else "zh-Hant/"
    misses, wrong_language = [], []
    answers = searchlib.search_all(page, [str(item["q"]) for item in QUERIES[lang]])
    for item, (results, _, meta) in zip(QUERIES[lang], answers):
        expected = [prefix + e for e in item["expect"]]
        if not any(e in results[:3] for e in expected):
            misses.append(f"  {item['q']!r}: expected one of {item['expect']}, got {results[:3]} ({meta})")
        wrong_language += [f"  {item['q']!r} → {r}" for r in results if r.startswith("zh-Hant/") != (lang == "zh-Hant")]
    total = len(QUERIES[lang])
    rate = (total - len(misses)) / total
    print(f"\n{lang}: a right page in the top 3 for {total - len(misses)}/{total} ({rate:.1%})")
    print("\n".join(misses))
    assert wrong_language == [], f"{lang} readers got the other language's pages:\n" + "\n".join(wrong_language[:20])
    assert rate >= MIN_RATE, f"{lang}: {rate:.1%} < {MIN_RATE:.0%}; give those pages the readers' words in front-matter keywords"
