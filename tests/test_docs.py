"""The README documents every reader and command the code has (docs that drift fail the build)."""

from __future__ import annotations

from pathlib import Path

from huijia.cli import main
from huijia.ingest.base import registered_readers

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
FORMATS_DOC = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")


def test_every_reader_is_in_the_readme_table_and_the_formats_doc() -> None:
    for name in registered_readers():
        assert f"| `{name}` |" in README, name
        assert f"## {name} " in FORMATS_DOC or f"## {name}\n" in FORMATS_DOC or f" {name} " in FORMATS_DOC, (
            name
        )


def test_every_command_is_in_the_readme() -> None:
    for command in main.commands:
        assert f"huijia {command}" in README, command


def test_readme_shows_the_two_commands() -> None:
    assert "make demo" in README and "make test" in README


def test_every_corpus_family_is_in_the_datasheet() -> None:
    from huijia.training.generate import FAMILIES

    datasheet = (ROOT / "docs" / "datasheet.md").read_text(encoding="utf-8")
    for family in FAMILIES:
        assert family.name in datasheet, family.name


def test_the_permission_table_in_the_docs_is_the_one_the_code_checks() -> None:
    from huijia.web.permissions import markdown_table

    assert markdown_table() in (ROOT / "docs" / "web.md").read_text(encoding="utf-8")


def test_every_quoted_page_is_listed_in_the_datasheet() -> None:
    """Every page the quoted real posts were copied from is named in docs/datasheet.md."""
    import json

    datasheet = (ROOT / "docs" / "datasheet.md").read_text(encoding="utf-8")
    for path in sorted((ROOT / "data" / "quoted").glob("*.jsonl")):
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if raw.strip():
                assert f"<{json.loads(raw)['url']}>" in datasheet, f"{path.name}:{number}"
