#!/usr/bin/env python3
"""Write the list of pages that data/quoted/ was copied from into docs/datasheet.md (between the
`<!-- quoted-pages -->` markers), one line per page: address, title, and how many texts of each label.

Usage: python scripts/datasheet_sources.py [--check]   (--check: exit 1 when the datasheet is stale)
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATASHEET = ROOT / "docs" / "datasheet.md"
BEGIN, END = "<!-- quoted-pages -->", "<!-- /quoted-pages -->"


def page_lines() -> list[str]:
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    titles: dict[str, str] = {}
    for path in sorted((ROOT / "data" / "quoted").glob("*.jsonl")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            if not raw.strip():
                continue
            record = json.loads(raw)
            labels[record["url"]][record["label"]] += 1
            titles.setdefault(record["url"], str(record.get("title") or "").replace("|", "/"))
    lines = []
    for url in sorted(labels):
        counts = ", ".join(f"{label} {n}" for label, n in sorted(labels[url].items()))
        lines.append(f"- <{url}> — {titles[url] or '(no title)'} ({counts})")
    return lines


def main() -> int:
    text = DATASHEET.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    updated = text[:start] + "\n" + "\n".join(page_lines()) + "\n" + text[end:]
    if "--check" in sys.argv:
        return 0 if updated == text else 1
    DATASHEET.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
