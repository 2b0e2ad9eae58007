"""Imports every built-in reader so that each registers itself. `SNIFF_ORDER` is the order they sniff in
(third-party readers after them): it is fixed here, not by which module happened to be imported first —
with the import order, a test that imported `qq_txt` early made a QQ .mht read as qq-txt."""

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

SNIFF_ORDER: tuple[str, ...] = (
    "jsonl",
    "csv",
    "html",
    "qq-json",
    "qq-mht",
    "qq-txt",
    "telegram",
    "warc",
    "wechat",
    "whatsapp",
)
