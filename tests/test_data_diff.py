"""python scripts/data_diff.py REF: every entry whose value, status, kind, region or sources
changed since REF, one line each, old → new."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kb.data import diff
from kb.site import ROOT

OLD = """channels:
  - id: mo-police
    kind: phone
    value: "993"
    status: official
    regions: [mo]
    sources:
      - url: https://www.pj.gov.mo/a
        title: {zh-Hans: 司法警察局, zh-Hant: 司法警察局}
        date: undated
  - id: old-line
    kind: phone
    value: "9510212"
    status: unverified
    regions: [cn]
    sources: [{url: https://a.example-a.cn/x, title: {zh-Hans: a, zh-Hant: a}, date: undated}]
references:
  - {id: news, url: https://news.example-e.cn/a.html, title: {zh-Hans: 新闻, zh-Hant: 新聞}, date: undated}
"""
ALLOW = "official_hosts: [taobao.com]\nbenign: []\nbinaries: {}\n"


def git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "channels.yml").write_text(OLD, encoding="utf-8")
    (tmp_path / "data" / "allowlist.yml").write_text(ALLOW, encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qam", "x", "--allow-empty")
    git(tmp_path, "add", "-A")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "data")
    return tmp_path


def edit(repo, old: str, new: str, name: str = "channels.yml") -> None:
    path = repo / "data" / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def test_a_one_digit_change_shows_up(repo):
    edit(repo, 'value: "993"', 'value: "997"')
    assert diff.changes("HEAD", repo) == ["channel mo-police: value 993 → 997"]


def test_status_kind_region_and_source_changes_show_up(repo):
    edit(repo, "status: unverified", "status: official")
    edit(repo, "regions: [mo]", "regions: [mo, hk]")
    edit(repo, "https://a.example-a.cn/x", "https://www.taobao.com.evil.cn/x")
    lines = diff.changes("HEAD", repo)
    assert "channel old-line: status unverified → official" in lines
    assert "channel mo-police: regions [mo] → [mo, hk]" in lines
    assert "channel old-line: sources [https://a.example-a.cn/x] → [https://www.taobao.com.evil.cn/x]" in lines


def test_added_and_removed_entries_show_up(repo):
    edit(repo, "  - id: old-line\n", "  - id: new-line\n")
    lines = diff.changes("HEAD", repo)
    assert "channel old-line: removed (was 9510212, unverified)" in lines
    assert any(line.startswith("channel new-line: added: value 9510212") for line in lines), lines


def test_a_title_rewording_is_not_a_data_change(repo):
    edit(repo, "title: {zh-Hans: 司法警察局", "title: {zh-Hans: 澳门司法警察局")
    assert diff.changes("HEAD", repo) == []


def test_reference_and_allowlist_changes_show_up(repo):
    edit(repo, "https://news.example-e.cn/a.html", "https://news.example-e.cn/b.html")
    edit(repo, "official_hosts: [taobao.com]", "official_hosts: [taobao.com, taobao-help.cn]", "allowlist.yml")
    lines = diff.changes("HEAD", repo)
    assert "reference news: url https://news.example-e.cn/a.html → https://news.example-e.cn/b.html" in lines
    assert "allowlist official_hosts: added taobao-help.cn" in lines


def test_the_cli_runs_on_this_repository():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "data_diff.py"), "HEAD"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
