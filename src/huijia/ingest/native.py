"""The compiled qq-txt scanner (`_qq_scan`, built from Cython by setup.py), when it is there and current.

It is optional: without it the qq-txt reader reads everything with its pure-Python parser, which gives the
same messages, slower. A build older than its source is refused (in a checkout, after the .pyx changed
and before `make setup` rebuilt it), with one warning, so that nobody measures or tests a stale binary.
`HUIJIA_PURE_PYTHON=1` turns it off.
"""

from __future__ import annotations

import hashlib
import warnings
from functools import cache
from pathlib import Path
from types import ModuleType


@cache
def qq_scan() -> ModuleType | None:
    """The `_qq_scan` module, or None when it is not built, is stale, or is turned off."""
    from huijia.settings import Settings

    if Settings.from_environment().pure_python:
        return None
    try:
        from huijia.ingest import _qq_scan  # type: ignore[attr-defined]
    except ImportError:
        return None
    source = Path(__file__).with_name("_qq_scan.pyx")
    if source.exists():  # a checkout; an installed wheel carries only the built module
        with source.open("rb") as fh:
            digest = hashlib.file_digest(fh, "sha256").hexdigest()
        if digest != _qq_scan.SOURCE_SHA256:
            warnings.warn(
                "huijia's compiled qq-txt scanner is older than its source; run `make setup` to rebuild it "
                "(reading with the pure-Python parser meanwhile)",
                RuntimeWarning,
                stacklevel=2,
            )
            return None
    module: ModuleType = _qq_scan
    return module
