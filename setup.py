"""Builds huijia's one compiled module, `huijia.ingest._qq_scan` (Cython), beside the pure-Python package.

Everything else lives in pyproject.toml. The module is optional: where it cannot be built (no C compiler,
no Cython), huijia installs without it and the qq-txt reader uses its pure-Python parser alone, which
gives the same messages, about seven times slower (7.8 against 53–56 MB/s). The module carries the
SHA-256 of the source it was built from, and huijia refuses a build older than its source
(huijia.ingest.native).
"""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path

from setuptools import Extension, setup

SOURCE = Path("src/huijia/ingest/_qq_scan.pyx")


def extensions() -> list[Extension]:
    try:
        from Cython.Build import cythonize
    except ImportError:
        warnings.warn("no Cython: huijia is built without its compiled qq-txt scanner", stacklevel=1)
        return []
    digest = hashlib.sha256(SOURCE.read_bytes()).hexdigest()
    extension = Extension(
        "huijia.ingest._qq_scan",
        [str(SOURCE)],
        define_macros=[("HUIJIA_SOURCE_SHA256", f'"{digest}"')],
        optional=True,  # a failed compile leaves the pure-Python reader, it does not fail the install
    )
    try:
        return cythonize([extension], language_level=3, quiet=True)
    except Exception as exc:  # Cython's CompileError: report it, install the pure-Python reader
        warnings.warn(f"{SOURCE} did not compile ({exc}): huijia is built without it", stacklevel=1)
        return []


setup(ext_modules=extensions())
