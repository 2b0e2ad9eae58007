"""`huijia verify`: which kind of evidence package a ZIP is — a referral or a takedown notice — and the
checks of its kind (`huijia.report.package.verify_package`)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from huijia.report.package import Verification, verify_package
from huijia.report.referral import REFERRAL
from huijia.report.takedown import TAKEDOWN_NOTICE

KINDS = (REFERRAL, TAKEDOWN_NOTICE)


def verify_any(
    path: Path, originals: Iterable[Path] = (), trusted: dict[str, str] | None = None, partial: bool = False
) -> Verification:
    """Check a referral or a takedown notice; raises PackageError when it cannot be read at all."""
    return verify_package(path, KINDS, originals, trusted, partial)
