"""Imports every built-in reader so that each registers itself. The import order is the sniffing order:
specific signatures first, the loosest (csv, jsonl) last."""

from __future__ import annotations

from huijia.ingest import qq_txt  # noqa: F401
from huijia.ingest import telegram  # noqa: F401
from huijia.ingest import whatsapp  # noqa: F401
