"""Translation chores (scripts/translation.py): a zh-Hant draft from a zh-Hans page, and the status
report (missing pages, zh-Hant pages older than their zh-Hans page in git), in a temporary repo."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kb import translation as tr
from kb.checks import text as tc
from kb.data import channels
from kb.site import ROOT

PAGE = """---
description: 退款多久到账，找不到客服怎么办。
keywords: [退款, 联系客服, 二维码]
---

# 退款与投诉

退款按原路退回。有人发来“二维码”或链接，说能帮你加快到账，那是诈骗。平台介入以后仍不满意，可以投诉。

## 到账时间 { #refund-time }

### 退款多久能到账？ { #how-long }

通常几个工作日。也可以打 [[ch:taobao-hotline]] 问[[ch:alipay-hotline:name]]，见[电话客服](../contact/phone.md#numbers-by-region)。

```sh
echo "代码里的简体字不转换"
```

行内代码 `联系客服` 也不转换；链接 <https://github.com/metowolf/vCards/blob/master/data/电商购物/淘宝.yaml> 保持原样。
在台湾的用户，共享屏幕之前先挂断。

## 来源 { #sources }

- [metowolf/vCards：淘宝.yaml](https://github.com/metowolf/vCards/blob/master/data/电商购物/淘宝.yaml)，2019-06-20
"""


def make_source(root: Path, name: str = "faq/refund.md", text: str = PAGE) -> Path:
    path = root / "docs" / "zh-Hans" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_new_page_converts_to_taiwan_wording_and_keeps_the_markup(tmp_path):
    make_source(tmp_path)
    target = tr.new_page("faq/refund.md", root=tmp_path)
    assert target == tmp_path / "docs" / "zh-Hant" / "faq" / "refund.md"
    out = target.read_text(encoding="utf-8")
    # s2twp, then the data file's terms and the site's house style
    assert "# 退款與申訴" in out  # 投诉 → 申訴 (terms)
    assert "「QR Code」" in out  # 二维码 → QR Code, “” → 「」
    assert "平台介入" in out and "在台灣的使用者" in out  # house style 台灣, 平台; s2twp 用户 → 使用者
    assert "分享螢幕" in out  # 共享屏幕 → 分享螢幕 (terms)
    assert "工作天" in out
    # untouched: shortcodes, ids, link targets, code, URLs
    assert "[[ch:taobao-hotline]]" in out and "[[ch:alipay-hotline:name]]" in out
    assert "{ #refund-time }" in out and "{ #how-long }" in out and "## 來源 { #sources }" in out
    assert "(../contact/phone.md#numbers-by-region)" in out
    assert 'echo "代码里的简体字不转换"' in out and "`联系客服`" in out
    assert out.count("data/电商购物/淘宝.yaml") == 2
    assert "keywords: [退款, 聯絡客服, QR Code]" in out


def test_the_draft_passes_the_content_checks(tmp_path):
    make_source(tmp_path)
    tr.new_page("faq/refund.md", root=tmp_path)
    assert tc.check_characters(tc.docs_files(tmp_path / "docs"), tmp_path) == []
    assert tc.check_languages(tmp_path / "docs", tmp_path) == []


def test_new_page_accepts_any_way_of_naming_the_page(tmp_path):
    for arg in ("faq/refund.md", "faq/refund", "docs/zh-Hans/faq/refund.md", "zh-Hans/faq/refund.md"):
        assert tr.page_name(arg) == "faq/refund.md"


def test_new_page_never_overwrites_without_force(tmp_path):
    make_source(tmp_path)
    target = tr.new_page("faq/refund.md", root=tmp_path)
    target.write_text("edited by hand\n", encoding="utf-8")
    with pytest.raises(FileExistsError, match="already exists: edit it, or pass --force"):
        tr.new_page("faq/refund.md", root=tmp_path)
    assert target.read_text(encoding="utf-8") == "edited by hand\n"
    tr.new_page("faq/refund.md", root=tmp_path, force=True)
    assert target.read_text(encoding="utf-8").startswith("---\ndescription: 退款多久入帳")


def test_new_page_needs_the_zh_hans_page(tmp_path):
    with pytest.raises(FileNotFoundError, match="write the zh-Hans page first"):
        tr.new_page("faq/nothing.md", root=tmp_path)


def test_the_glossary_comes_from_the_data_file():
    pairs = dict(tr.glossary())
    terms = {t.zh_Hant for t in channels.load().terms}
    assert set(pairs.values()) <= terms
    assert pairs.get("投訴") == "申訴" and pairs.get("二維碼") == "QR Code"


# --- the status report, in a temporary git repository -----------------------------------------------


def git(root: Path, *args: str, when: str | None = None) -> str:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.com",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.com",
    )
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    return subprocess.run(["git", "-C", str(root), *args], env=env, check=True, capture_output=True, text=True).stdout.strip()


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    for lang in ("zh-Hans", "zh-Hant"):
        write(root, f"docs/{lang}/index.md", f"# {lang}\n")
        write(root, f"docs/{lang}/faq/refund.md", f"# refund {lang}\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "both languages", when="2026-01-01T10:00:00Z")
    return root


def test_status_is_clean_when_both_languages_change_together(repo):
    assert tr.status(repo) == ([], [])


def test_a_zh_hans_change_after_the_zh_hant_page_is_reported(repo):
    first = git(repo, "rev-parse", "HEAD")
    write(repo, "docs/zh-Hans/faq/refund.md", "# refund zh-Hans, with a new answer\n")
    git(repo, "commit", "-q", "-am", "New refund answer", when="2026-02-01T10:00:00Z")
    second = git(repo, "rev-parse", "HEAD")
    missing, outdated = tr.status(repo)
    assert missing == []
    assert outdated == [
        f"docs/zh-Hant/faq/refund.md:1: outdated: docs/zh-Hans/faq/refund.md changed 2026-02-01 10:00 UTC ({second[:7]} New refund answer) "
        f"after this page (2026-01-01 10:00 UTC, {first[:7]}); see `git diff {first[:7]} HEAD -- docs/zh-Hans/faq/refund.md` and update the translation"
    ]
    # translating it clears the report
    write(repo, "docs/zh-Hant/faq/refund.md", "# refund zh-Hant, with the new answer\n")
    git(repo, "commit", "-q", "-am", "Translate the refund answer", when="2026-02-02T10:00:00Z")
    assert tr.status(repo) == ([], [])


def test_a_zh_hant_change_alone_is_not_outdated(repo):
    write(repo, "docs/zh-Hant/index.md", "# zh-Hant, reworded\n")
    git(repo, "commit", "-q", "-am", "Wording", when="2026-03-01T10:00:00Z")
    assert tr.status(repo) == ([], [])


def test_missing_pages_in_either_language(repo):
    write(repo, "docs/zh-Hans/faq/orders.md", "# orders\n")
    write(repo, "docs/zh-Hant/guides/extra.md", "# extra\n")
    missing, outdated = tr.status(repo)
    assert missing == [
        "docs/zh-Hant/faq/orders.md:1: missing: start it with `python scripts/kb.py new-page faq/orders.md`",
        "docs/zh-Hans/guides/extra.md:1: missing: docs/zh-Hant/guides/extra.md has no zh-Hans page",
    ]
    text, n_missing, n_outdated = tr.report(repo)
    assert (n_missing, n_outdated) == (2, 0)
    assert text.endswith(
        "translation status: 3 zh-Hans pages, 2 missing in one language, 0 zh-Hant pages older than their zh-Hans page"
    )


def test_status_outside_git_reports_only_missing_pages(tmp_path):
    make_source(tmp_path)
    missing, outdated = tr.status(tmp_path)
    assert missing == ["docs/zh-Hant/faq/refund.md:1: missing: start it with `python scripts/kb.py new-page faq/refund.md`"]
    assert outdated == []


def test_the_cli_commands_run_on_the_project():
    kb = [sys.executable, str(ROOT / "scripts" / "kb.py")]
    result = subprocess.run(kb + ["translation-status"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0 and "translation status:" in result.stdout
    result = subprocess.run(kb + ["new-page", "index.md"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1 and "docs/zh-Hant/index.md already exists" in result.stderr
