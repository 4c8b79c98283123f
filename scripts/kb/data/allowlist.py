"""data/allowlist.yml: the one reviewed allowlist of the contact guard (official hosts, the site's
own URLs, named benign patterns, binary files by sha256)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kb.site import ROOT

ALLOWLIST_FILE = ROOT / "data" / "allowlist.yml"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Benign(Strict):
    name: Annotated[str, Field(pattern=r"^[a-z0-9-]+$")]
    pattern: str
    reason: Annotated[str, Field(min_length=3)]

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from None
        return value


class Allowlist(Strict):
    official_hosts: list[Annotated[str, Field(pattern=r"^[a-z0-9.-]+$")]]
    own_urls: list[Annotated[str, Field(pattern=r"^https://\S+$")]] = []
    benign: list[Benign] = []
    binaries: dict[str, Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]] = {}

    def is_official(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return any(host == h or host.endswith("." + h) for h in self.official_hosts)

    def is_own_url(self, url: str) -> bool:
        for u in self.own_urls:
            u = u.rstrip("/")
            if url == u or (url.startswith(u) and url[len(u)] in "/.?#"):
                return True
        return False

    def benign_regex(self) -> re.Pattern | None:
        return _combined(tuple(b.pattern for b in self.benign))


@lru_cache(maxsize=8)
def _combined(patterns: tuple[str, ...]) -> re.Pattern | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


class AllowlistError(ValueError):
    pass


@lru_cache(maxsize=4)
def load(path: Path = ALLOWLIST_FILE) -> Allowlist:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return Allowlist.model_validate(raw)
    except OSError as exc:
        raise AllowlistError(f"{path}: cannot read the allowlist ({exc.strerror})") from None
    except (yaml.YAMLError, ValidationError) as exc:
        raise AllowlistError(f"{path}: invalid allowlist: {exc}") from None
