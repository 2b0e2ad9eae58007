"""Imports every built-in reader so that each registers itself. The import order is the sniffing order:
specific signatures first, the loosest (csv, jsonl) last."""

from __future__ import annotations

from huijia.ingest import (  # noqa: F401
    generic,
    html_page,
    qq_json,
    qq_mht,
    qq_txt,
    telegram,
    warc,
    wechat,
    whatsapp,
)
