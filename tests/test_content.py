"""Content checks (scripts/text_checks.py) on the real pages, and on fixtures that prove each check
can fail: tests/fixtures/content/docs is a small, correct two-language site; each case copies it
and breaks one thing."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kb.checks import text as tc
from kb.site import ROOT

FIXTURE = Path(__file__).parent / "fixtures" / "content"
FIXTURE_QUESTIONS = 5


def show(problems) -> str:
    return "\n".join(str(p) for p in problems)


# --- the real site ---------------------------------------------------------------------------------


def test_both_languages_have_the_same_pages_sections_and_questions():
    problems = tc.check_languages()
    assert problems == [], show(problems)


def test_no_lookalike_or_simplified_characters():
    problems = tc.check_characters(tc.docs_files(ROOT / "docs", ROOT / "overrides"))
    assert problems == [], show(problems)


def test_every_page_has_content_and_the_faq_index_is_complete():
    problems = tc.check_pages()
    assert problems == [], show(problems)


def test_there_are_at_least_40_questions_in_each_language():
    for lang in tc.LANGS:
        questions = tc.faq_questions(ROOT / "docs", lang)
        assert sum(len(q) for q in questions.values()) >= tc.MIN_QUESTIONS, lang


def test_make_check_runs_every_fast_check():
    """`make check` = `kb.py check`: data, contacts, languages, characters, pages."""
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "kb.py"), "check"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    for line in (
        "data/channels.yml:",
        "no contact value typed",
        "same pages, sections and questions",
        "no look-alike",
        "FAQ indexes list every question",
    ):
        assert line in result.stdout


# --- fixtures: each check can fail -----------------------------------------------------------------


@pytest.fixture
def site(tmp_path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "site")
    return tmp_path / "site"


def edit(root: Path, rel: str, old: str, new: str) -> int:
    """Replace ``old`` by ``new`` in docs/REL; return the 1-based line where ``old`` started."""
    path = root / "docs" / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def languages(root: Path) -> list[str]:
    return [str(p) for p in tc.check_languages(root / "docs", root)]


def characters(root: Path) -> list[str]:
    return [str(p) for p in tc.check_characters(tc.docs_files(root / "docs"), root)]


def pages(root: Path, min_questions: int = FIXTURE_QUESTIONS) -> list[str]:
    return [str(p) for p in tc.check_pages(root / "docs", root, min_questions)]


def test_the_fixture_site_passes_every_check(site):
    assert languages(site) == []
    assert characters(site) == []
    assert pages(site) == []


def test_a_page_missing_in_zh_hant(site):
    (site / "docs" / "zh-Hant" / "faq" / "beta.md").unlink()
    found = languages(site)
    assert found[0].startswith("docs/zh-Hant/faq/beta.md:1: missing page: docs/zh-Hans/faq/beta.md has no zh-Hant version")
    assert "python scripts/kb.py new-page faq/beta.md" in found[0]


def test_a_page_missing_in_zh_hans(site):
    (site / "docs" / "zh-Hans" / "index.md").unlink()
    assert languages(site) == [
        "docs/zh-Hans/index.md:1: missing page: docs/zh-Hant/index.md has no zh-Hans version; "
        "add the zh-Hans page (the default language) or remove the zh-Hant one"
    ]


def test_a_missing_question(site):
    text = (site / "docs/zh-Hant/faq/alpha.md").read_text(encoding="utf-8")
    block = re.search(r"### 退款多久入帳？ \{ #how-long \}\n.*?(?=\n## )", text, re.S).group(0)
    edit(site, "zh-Hant/faq/alpha.md", block, "")
    line = (site / "docs/zh-Hant/faq/alpha.md").read_text(encoding="utf-8").split("\n").index("## 爭議 { #disputes }") + 1
    found = languages(site)
    assert len(found) == 1
    assert found[0].startswith(f"docs/zh-Hant/faq/alpha.md:{line}: missing heading: docs/zh-Hans/faq/alpha.md:")
    assert "{ #how-long }" in found[0] and "add the translated heading before this line" in found[0]


def test_a_different_id(site):
    line = edit(site, "zh-Hant/faq/alpha.md", "{ #refused }", "{ #refuse }")
    found = languages(site)
    assert len(found) == 1
    assert found[0].startswith(
        f"docs/zh-Hant/faq/alpha.md:{line}: “### 賣家不同意怎麼辦？ {{ #refuse }}” does not match docs/zh-Hans/faq/alpha.md:"
    )
    assert "use { #refused } here" in found[0]


def test_a_different_level(site):
    line = edit(site, "zh-Hant/faq/beta.md", "### 怎麼查物流？", "## 怎麼查物流？")
    assert languages(site) == [
        f"docs/zh-Hant/faq/beta.md:{line}: “## 怎麼查物流？ {{ #tracking }}” is level 2 here but level 3 in docs/zh-Hans/faq/beta.md:{line}: use ### in both"
    ]


def test_a_heading_without_id(site):
    line = edit(site, "zh-Hans/index.md", "## 怎样使用 { #how }", "## 怎样使用")
    found = languages(site)
    assert (
        f"docs/zh-Hans/index.md:{line}: “## 怎样使用” has no explicit id: add {{ #some-id }} at the end of the heading, the same in both languages (its counterpart uses {{ #how }})"
        in found
    )


def test_a_duplicate_id(site):
    line = edit(site, "zh-Hans/faq/alpha.md", "{ #how-long }", "{ #apply }")
    found = languages(site)
    assert any(f.startswith(f"docs/zh-Hans/faq/alpha.md:{line}: id #apply is used twice in this page") for f in found), found


def test_an_extra_heading_in_zh_hant(site):
    line = edit(site, "zh-Hant/index.md", "## 怎樣使用 { #how }", "## 附錄 { #appendix }\n\n一段文字。\n\n## 怎樣使用 { #how }")
    found = languages(site)
    assert found == [
        f"docs/zh-Hant/index.md:{line}: “## 附錄 {{ #appendix }}” has no counterpart in docs/zh-Hans/index.md: add it there with the same id and position, or remove it here"
    ]


def test_headings_in_another_order(site):
    path = site / "docs/zh-Hant/faq/beta.md"
    text = path.read_text(encoding="utf-8")
    a = re.search(r"### 怎麼查物流？.*?(?=### )", text, re.S).group(0)
    b = re.search(r"### 包裹丟了怎麼辦？.*", text, re.S).group(0)
    path.write_text(text.replace(a + b, b.rstrip("\n") + "\n\n" + a.rstrip("\n") + "\n"), encoding="utf-8")
    found = languages(site)
    assert found and all(f.startswith("docs/zh-Hant/faq/beta.md:") for f in found), found


def test_a_kangxi_radical(site):
    line = edit(site, "zh-Hans/index.md", "内容检查用的", "内容检查用\u2f1d的")  # ⼝ KANGXI RADICAL MOUTH
    assert characters(site) == [
        f"docs/zh-Hans/index.md:{line}: “\u2f1d” (U+2F1D) is a Kangxi radical that looks like a character: replace it with “口” (U+53E3)"
    ]


def test_a_cjk_radical(site):
    line = edit(site, "zh-Hant/index.md", "測試首頁", "測試首頁\u2ed4")  # ⻔ C-SIMPLIFIED GATE
    assert characters(site) == [
        f"docs/zh-Hant/index.md:{line}: “\u2ed4” (U+2ED4) is a CJK radical that looks like a character: replace it with “门” (U+95E8)"
    ]


def test_a_compatibility_ideograph(site):
    line = edit(site, "zh-Hans/faq/beta.md", "# 物流", "# 物流\uf91b")  # CJK COMPATIBILITY IDEOGRAPH-F91B, a copy of 亂
    assert characters(site) == [
        f"docs/zh-Hans/faq/beta.md:{line}: “\uf91b” (U+F91B) is a CJK compatibility ideograph that looks like a character: replace it with “亂” (U+4E82)"
    ]


def test_simplified_characters_in_zh_hant(site):
    line = edit(site, "zh-Hant/faq/alpha.md", "先在售後單裡補充證據", "先联系卖家，在售後單裡補充證據")
    found = characters(site)
    assert (
        f'docs/zh-Hant/faq/alpha.md:{line}: “联” is a Simplified character in a zh-Hant page: write “聯” (“先联系卖家” → “先聯絡賣家” with OpenCC s2twp); a quoted Simplified name goes in <span lang="zh-Hans">…</span>'
        in found
    )
    assert any(f.startswith(f"docs/zh-Hant/faq/alpha.md:{line}: “卖” is a Simplified character") for f in found)
    assert len(found) == 2


def test_simplified_text_that_is_allowed_in_zh_hant(site):
    edit(
        site,
        "zh-Hant/index.md",
        "## 為什麼要有這一頁",
        (
            "語言選單寫著简体中文。程式碼 `联系客服` 不檢查，[[ch:taobao-hotline]] 也不檢查。"
            "[來源](https://github.com/metowolf/vCards/blob/master/data/电商购物/淘宝.yaml)，"
            '<span lang="zh-Hans">长江日报</span> 的原標題。\n\n```\n简体的程式碼区块\n```\n\n## 為什麼要有這一頁'
        ),
    )
    assert characters(site) == []


def test_a_zh_hant_template_is_checked_too(site):
    template = site / "overrides" / "partials" / "languages" / "zh-Hant.html"
    template.parent.mkdir(parents=True)
    template.write_text('{#- 注释里的简体字不算 -#}\n<p title="x">防诈铁则</p>\n', encoding="utf-8")
    found = [str(p) for p in tc.check_characters([template], site)]
    assert found == [
        "overrides/partials/languages/zh-Hant.html:2: “诈” is a Simplified character in a zh-Hant page: write “詐” "
        '(“防诈铁则” → “防詐鐵則” with OpenCC s2twp); a quoted Simplified name goes in <span lang="zh-Hans">…</span>',
        "overrides/partials/languages/zh-Hant.html:2: “铁” is a Simplified character in a zh-Hant page: write “鐵” "
        '(“防诈铁则” → “防詐鐵則” with OpenCC s2twp); a quoted Simplified name goes in <span lang="zh-Hans">…</span>',
        "overrides/partials/languages/zh-Hant.html:2: “则” is a Simplified character in a zh-Hant page: write “則” "
        '(“防诈铁则” → “防詐鐵則” with OpenCC s2twp); a quoted Simplified name goes in <span lang="zh-Hans">…</span>',
    ]


def test_simplified_characters_are_fine_in_zh_hans(site):
    assert characters(site) == []  # the zh-Hans fixture is full of them


def test_a_stub_page(site):
    for lang, title in (("zh-Hans", "# 物流"), ("zh-Hant", "# 物流")):
        path = site / "docs" / lang / "faq" / "beta.md"
        text = path.read_text(encoding="utf-8")
        head = text[: text.index(title) + len(title)]
        questions = re.findall(r"^### .*$", text, re.M)
        path.write_text(
            head + "\n\n## 包裹 { #parcels }\n\n" + "\n\n".join(q + "\n\n待补充。" for q in questions) + "\n", encoding="utf-8"
        )
    found = pages(site)
    assert [f.split(": too short:")[0] for f in found] == ["docs/zh-Hans/faq/beta.md:1", "docs/zh-Hant/faq/beta.md:1"]
    assert "(at least 300): write the page's content (in both languages)" in found[0]


def test_the_faq_index_short_prose(site):
    edit(site, "zh-Hans/faq/index.md", "这里按主题列出测试页面里的全部问题。", "")
    edit(site, "zh-Hans/faq/index.md", "这一段文字本身就是总目录的正文，用来满足最短长度的要求，清单不计入长度。", "")
    found = pages(site)
    assert len(found) == 1 and found[0].startswith("docs/zh-Hans/faq/index.md:1: too short:")
    assert "characters of prose besides the question list (at least 150)" in found[0]


def test_a_question_missing_from_the_faq_index(site):
    line = edit(site, "zh-Hans/faq/index.md", "- [退款多久到账？](alpha.md#how-long)\n", "")
    found = pages(site)
    assert found == [
        f"docs/zh-Hans/faq/index.md:{line}: the question list is out of date: expected “- [退款多久到账？](alpha.md#how-long)” here; run `python scripts/kb.py faq-index` to rewrite the lists"
    ]


def test_a_link_to_no_question(site):
    line = edit(site, "zh-Hant/faq/index.md", "(beta.md#lost)", "(beta.md#missing)")
    found = pages(site)
    assert (
        f"docs/zh-Hant/faq/index.md:{line}: beta.md#missing is not a question: beta.md has no ### {{ #missing }}; run `python scripts/kb.py faq-index`"
        in found
    )


def test_a_faq_page_without_a_section_in_the_index(site):
    path = site / "docs/zh-Hans/faq/index.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("## 物流 { #beta }")].rstrip("\n") + "\n", encoding="utf-8")
    found = pages(site)
    assert any("no section for beta.md: add “## <its title> { #beta }”" in f for f in found), found


def test_too_few_questions(site):
    found = pages(site, min_questions=40)
    assert (
        "docs/zh-Hans/faq/index.md:1: only 5 questions (### headings) in zh-Hans/faq/*.md, at least 40 are needed: add questions to the FAQ pages"
        in found
    )
    assert any(f.startswith("docs/zh-Hant/faq/index.md:1: only 5 questions") for f in found)


def test_faq_index_rewrites_the_lists_and_check_mode_reports_stale_output(site):
    docs = site / "docs"
    before = {lang: (docs / lang / "faq/index.md").read_text(encoding="utf-8") for lang in tc.LANGS}
    # a new question in both languages, and a list item removed by hand
    edit(
        site,
        "zh-Hans/faq/beta.md",
        "## 包裹 { #parcels }\n",
        "## 包裹 { #parcels }\n\n### 可以改地址吗？ { #change-address }\n\n发货前可以在订单里修改。\n",
    )
    edit(
        site,
        "zh-Hant/faq/beta.md",
        "## 包裹 { #parcels }\n",
        "## 包裹 { #parcels }\n\n### 可以改地址嗎？ { #change-address }\n\n出貨前可以在訂單裡修改。\n",
    )
    edit(site, "zh-Hant/faq/index.md", "- [退款多久入帳？](alpha.md#how-long)\n", "")
    status, messages = tc.write_faq_index(docs, check=True, root=site)
    assert status == 1 and "docs/zh-Hans/faq/index.md is out of date: run `python scripts/kb.py faq-index`" in messages
    assert pages(site)  # the check agrees
    status, messages = tc.write_faq_index(docs, check=False, root=site)
    assert status == 0
    assert tc.write_faq_index(docs, check=True, root=site)[0] == 0
    assert pages(site, min_questions=6) == []
    after = (docs / "zh-Hans/faq/index.md").read_text(encoding="utf-8")
    assert after == before["zh-Hans"].replace(
        "- [怎么查物流？](beta.md#tracking)", "- [可以改地址吗？](beta.md#change-address)\n- [怎么查物流？](beta.md#tracking)"
    )
    assert (docs / "zh-Hant/faq/index.md").read_text(encoding="utf-8") == before["zh-Hant"].replace(
        "- [怎麼查物流？](beta.md#tracking)", "- [可以改地址嗎？](beta.md#change-address)\n- [怎麼查物流？](beta.md#tracking)"
    )


def test_faq_index_adds_a_list_to_an_empty_section(site):
    path = site / "docs/zh-Hans/faq/index.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"- \[[^\n]*\]\(beta\.md#[^\n]*\)\n?", "", text), encoding="utf-8")
    tc.write_faq_index(site / "docs", root=site)
    assert pages(site) == []
    assert "关于包裹的问题。\n\n- [怎么查物流？](beta.md#tracking)\n- [包裹丢了怎么办？](beta.md#lost)" in path.read_text(
        encoding="utf-8"
    )


def test_every_message_names_file_line_and_fix(site):
    edit(site, "zh-Hant/faq/alpha.md", "{ #refused }", "{ #refuse }")
    edit(site, "zh-Hans/index.md", "内容检查用的", "内容检查用\u2f1d的")
    edit(site, "zh-Hans/faq/index.md", "(alpha.md#apply)", "(alpha.md#nope)")
    found = languages(site) + characters(site) + pages(site)
    assert len(found) >= 3
    for line in found:
        assert re.match(r"^docs/zh-Han[st]/[\w/.-]+\.md:\d+: .+: .+", line), line


def test_mainland_wording_in_zh_hant_is_reported_with_the_taiwan_form(tmp_path):
    page = tmp_path / "docs" / "zh-Hant" / "faq" / "x.md"
    page.parent.mkdir(parents=True)
    page.write_text(
        "---\nkeywords: [網銀]\n---\n# 標題\n\n如果拿不準，先別付款。\n\n"
        '引用<span lang="zh-Hans">《关于网银拿不準的通知》</span>和 `網銀` 都不算。\n\n開啟網銀。\n',
        encoding="utf-8",
    )
    wording = [{"avoid": "拿不準", "use": "不確定"}, {"avoid": "網銀", "use": "網路銀行", "note": "mainland abbreviation"}]
    found = [str(p) for p in tc.check_wording(tmp_path / "docs", tmp_path, wording)]
    assert found == [
        "docs/zh-Hant/faq/x.md:6: “拿不準” is not Taiwan wording: write “不確定”",
        "docs/zh-Hant/faq/x.md:10: “網銀” is not Taiwan wording: write “網路銀行” (mainland abbreviation)",
    ]


def test_the_wording_list_is_well_formed_and_the_site_follows_it():
    items = tc.load_wording()
    assert len(items) >= 60
    assert len({i["avoid"] for i in items}) == len(items), "data/wording.yml lists a form twice"
    assert all(i["avoid"] != i["use"] for i in items)
    assert tc.check_wording() == []


def _data_names(text: str) -> set[str]:
    """The data entries and generated tables a page shows: [[ch:ID]] / [[ch:ID:name]] and markers."""
    return {f"[[ch:{m}]]" for m in re.findall(r"\[\[ch:([a-z]+(?:-[a-z]+)*)(?::name)?\]\]", text)} | set(
        re.findall(r"<!-- generated:[a-z-]+ -->", text)
    )


def test_each_page_pair_shows_the_same_data_values():
    """A mainland reader helping a parent in Taipei needs the same numbers: both languages of a page
    name the same data entries and generated tables (only the wording and the order differ)."""
    docs = ROOT / "docs"
    problems = []
    for hans in sorted((docs / "zh-Hans").rglob("*.md")):
        rel = hans.relative_to(docs / "zh-Hans")
        hant = docs / "zh-Hant" / rel
        if not hant.exists():
            continue  # reported by the parity check
        a, b = _data_names(hans.read_text(encoding="utf-8")), _data_names(hant.read_text(encoding="utf-8"))
        if a - b:
            problems.append(f"docs/zh-Hant/{rel}: add {', '.join(sorted(a - b))} (the zh-Hans page shows them)")
        if b - a:
            problems.append(f"docs/zh-Hans/{rel}: add {', '.join(sorted(b - a))} (the zh-Hant page shows them)")
    assert problems == [], "\n".join(problems)


def test_the_pair_check_notices_a_number_shown_in_one_language_only():
    assert _data_names("打 [[ch:tw-anti-fraud]] 或看 [[ch:hk-anti-scam:name]]\n<!-- generated:phones -->") == {
        "[[ch:tw-anti-fraud]]",
        "[[ch:hk-anti-scam]]",
        "<!-- generated:phones -->",
    }
