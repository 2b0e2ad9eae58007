"""Registry records: validation that names the field (never the value), CSV / JSON / JSONL import with
bad rows reported and the rest kept, export that reads back in, the protected family contact, audit."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from huijia.cli import main
from huijia.registry.records import FieldError, parse_report, parse_sighting

HEADER = (
    "id,name,sex,born,lost_at,lost_place,lost_lat,lost_lon,height_cm,marks,dna_given,family_contact,status"
)
FIRST = (
    "r-001,小明,male,2016-04-02,2019-08-11T15:20+08:00,郑州火车站,34.746,113.625,105,左耳后有痣,是,"
    "父亲 13800000000,verified"
)
REPORTS_CSV = f"""\ufeff{HEADER}
{FIRST}
r-002,,female,2021-01-09,2023-02-01T09:00+08:00,佛山,23.02,113.12,,,no,,
r-003,不要导入,boy,2016-04-02,2019-08-11T15:20+08:00,,,,,,,,
r-004,不要导入,male,2020-01-01,2019-08-11T15:20+08:00,,,,,,,,
r-005,不要导入,male,,last week,,,,,,,,
r-006,不要导入,male,,2019-08-11T15:20+08:00,,95,,,,,,
"""


@pytest.mark.parametrize(
    ("raw", "field", "reason"),
    [
        ({"lost_at": ""}, "lost_at", "required"),
        ({"lost_at": "2019-08-11", "sex": "boy"}, "sex", "one of female, male"),
        ({"lost_at": "2019-08-11", "born": "2020-01-01"}, "born", "after the child was lost"),
        ({"lost_at": "2019-08-11", "lost_lat": "95"}, "lost_lat", "outside -90…90"),
        ({"lost_at": "2019-08-11", "height_cm": "tall"}, "height_cm", "not a number"),
        ({"lost_at": "2019-08-11", "dna_given": "maybe"}, "dna_given", "yes or no"),
        ({"lost_at": "2019-08-11", "marks": "痣" * 2001}, "marks", "longer than 2000"),
        ({"lost_at": "2019-08-11", "name": "小明\x00\x1b[31m"}, "name", "control characters"),
    ],
)
def test_a_bad_report_field_is_named_with_the_reason(raw: dict[str, str], field: str, reason: str) -> None:
    with pytest.raises(FieldError) as caught:
        parse_report(raw)
    assert caught.value.field == field and reason in caught.value.reason


def test_a_sighting_needs_a_time_and_a_source_and_keeps_gps_only_with_consent() -> None:
    seen = parse_sighting({"seen_at": "2026-11-20T18:05+08:00", "source": "Street", "lat": "34.7",
                           "lon": "113.6", "age_estimate": "7", "gps_consent": "yes"})  # fmt: skip
    assert seen.source == "street" and seen.gps_consent and seen.status == "new" and seen.age_estimate == 7
    with pytest.raises(FieldError, match="source: required"):
        parse_sighting({"seen_at": "2026-11-20T18:05+08:00"})
    dated = parse_sighting({"seen_at": "2026-11-20", "source": "other"})
    assert dated.gps_consent is False
    assert dated.seen_at == "2026-11-20T00:00:00+08:00"  # a time without a zone is read as China time


def test_import_keeps_the_good_rows_names_the_bad_ones_and_export_reads_back(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    source = tmp_path / "reports.csv"
    source.write_text(REPORTS_CSV, encoding="utf-8")
    result = CliRunner().invoke(main, ["registry", "import", str(source), "--kind", "report", "--db", url])
    assert result.exit_code == 0, result.output
    assert "reports: 2 added, 0 already stored, 4 refused" in result.stderr
    for line, field in ((4, "sex"), (5, "born"), (6, "lost_at"), (7, "lost_lat")):
        assert f"reports.csv:{line}: {field}:" in result.stderr
    assert "不要导入" not in result.stderr and "last week" not in result.stderr  # values never echoed
    again = CliRunner().invoke(main, ["registry", "import", str(source), "--kind", "report", "--db", url])
    assert "0 added, 2 already stored" in again.stderr

    exported = CliRunner().invoke(main, ["registry", "export", "--kind", "report", "--db", url])
    rows = json.loads(exported.stdout)
    assert [r["id"] for r in rows] == ["r-001", "r-002"] and "family_contact" not in rows[0]
    assert rows[0]["dna_given"] is True and rows[0]["lost_at"] == "2019-08-11T15:20:00+08:00"
    with_contact = CliRunner().invoke(
        main, ["registry", "export", "--kind", "report", "--with-contact", "--format", "csv", "--db", url,
               "-o", str(tmp_path / "out.csv")],
    )  # fmt: skip
    assert with_contact.exit_code == 0 and "13800000000" in (tmp_path / "out.csv").read_text(encoding="utf-8")
    url2 = f"sqlite:///{tmp_path / 'other.db'}"
    back = CliRunner().invoke(main, ["registry", "import", str(tmp_path / "out.csv"), "--kind", "report",
                                     "--db", url2])  # fmt: skip
    assert "2 added, 0 already stored, 0 refused" in back.stderr
    with sa.create_engine(url).connect() as conn:
        actions = conn.execute(sa.text("SELECT action, detail FROM audit_log ORDER BY id")).all()
    assert [a for a, _ in actions] == ["registry.import.report", "registry.import.report",
                                       "registry.export.report", "registry.export.report"]  # fmt: skip
    assert '"contact":true' in actions[-1][1] and "小明" not in " ".join(d for _, d in actions)


def test_csv_exports_show_bidi_controls_json_keeps_them(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    source = tmp_path / "reports.json"
    spoof = "小明\u202e31000008831"  # shown reversed after the override: a phone number read backwards
    source.write_text(json.dumps([{"id": "r-9", "name": spoof, "lost_at": "2019-08-11"}]), encoding="utf-8")
    assert (
        CliRunner()
        .invoke(main, ["registry", "import", str(source), "--kind", "report", "--db", url])
        .exit_code
        == 0
    )
    as_csv = CliRunner().invoke(
        main, ["registry", "export", "--kind", "report", "--format", "csv", "--db", url]
    )
    assert "小明[U+202E]31000008831" in as_csv.stdout and "\u202e" not in as_csv.stdout
    as_json = CliRunner().invoke(main, ["registry", "export", "--kind", "report", "--db", url])
    assert json.loads(as_json.stdout)[0]["name"] == spoof


def test_json_and_jsonl_sightings_and_files_that_cannot_be_read(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    listed = tmp_path / "sightings.json"
    listed.write_text(json.dumps([
        {"seen_at": "2026-11-20T18:05+08:00", "source": "street", "place": "二七广场", "age_estimate": 7},
        "not an object",
    ], ensure_ascii=False), encoding="utf-8")  # fmt: skip
    result = CliRunner().invoke(main, ["registry", "import", str(listed), "--kind", "sighting", "--db", url])
    assert "sightings: 1 added, 0 already stored, 1 refused" in result.stderr
    assert "sightings.json:2: not an object" in result.stderr
    lines = tmp_path / "sightings.jsonl"
    lines.write_text('{"seen_at": "2026-11-21T08:00+08:00", "source": "welfare_home"}\n{broken\n', "utf-8")
    result = CliRunner().invoke(main, ["registry", "import", str(lines), "--kind", "sighting", "--db", url])
    assert "1 added" in result.stderr and "sightings.jsonl:2: not valid JSON" in result.stderr
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    failed = CliRunner().invoke(main, ["registry", "import", str(broken), "--kind", "sighting", "--db", url])
    assert failed.exit_code == 2 and "broken.json:1: not valid JSON" in failed.stderr
    assert "no sighting could be read" in failed.stderr


def test_photos_are_stored_with_their_faces_and_a_sighting_finds_its_report_first(tmp_path: Path) -> None:
    import numpy as np
    import skimage.data as skimage_data
    from PIL import Image

    folder = tmp_path / "import"
    folder.mkdir()
    astronaut = Image.fromarray(skimage_data.astronaut())
    astronaut.save(folder / "astronaut.jpg", quality=92)
    Image.fromarray(np.stack([skimage_data.camera()] * 3, axis=-1)).save(folder / "cameraman.jpg")
    astronaut.transpose(Image.Transpose.FLIP_LEFT_RIGHT).resize((400, 400)).save(folder / "seen.jpg")
    (tmp_path / "secret.jpg").write_bytes((folder / "astronaut.jpg").read_bytes())
    (folder / "reports.csv").write_text(
        "id,sex,born,lost_at,lost_lat,lost_lon,photos\n"
        "r-astro,female,1990-01-01,2000-06-01T10:00+08:00,34.75,113.63,astronaut.jpg@10\n"
        "r-camera,male,1990-01-01,2000-06-01T10:00+08:00,34.75,113.63,"
        "cameraman.jpg@10; mother:astronaut.jpg\n"
        "r-missing,male,,2000-06-01T10:00+08:00,,,nowhere.jpg\n"
        "r-escape,male,,2000-06-01T10:00+08:00,,,../secret.jpg\n",
        encoding="utf-8",
    )
    (folder / "sightings.jsonl").write_text(
        '{"id": "s-1", "seen_at": "2026-11-20T18:05+08:00", "source": "street", "sex": "female",'
        ' "age_estimate": 33, "lat": 34.7, "lon": 113.6, "photos": "seen.jpg"}\n',
        encoding="utf-8",
    )
    url = f"sqlite:///{tmp_path / 'h.db'}"
    runner = CliRunner()
    reports = runner.invoke(main, ["registry", "import", str(folder / "reports.csv"), "--kind", "report",
                                   "--db", url])  # fmt: skip
    assert reports.exit_code == 0, reports.output
    # three photos for two reports; the astronaut's photo (a child photo and a mother photo) is embedded once
    assert "reports: 2 added, 0 already stored, 2 refused; 3 photos, 2 faces" in reports.stderr
    assert "reports.csv:4: photos: nowhere.jpg: no such photo" in reports.stderr
    assert "reports.csv:5: photos: ../secret.jpg: no such photo" in reports.stderr  # never left the folder
    sightings = str(folder / "sightings.jsonl")
    runner.invoke(main, ["registry", "import", sightings, "--kind", "sighting", "--db", url])
    with sa.create_engine(url).connect() as conn:
        query = "SELECT count(*), count(DISTINCT media_sha256) FROM registry_photos"
        stored = conn.execute(sa.text(query)).one()
        assert tuple(stored) == (4, 3)  # the astronaut's photo is stored once for two reports
        assert conn.execute(sa.text("SELECT count(*) FROM media WHERE pdq IS NOT NULL")).scalar_one() == 3

    searched = runner.invoke(main, ["registry", "search", "s-1", "--db", url])
    assert searched.exit_code == 0, searched.output
    lines = [json.loads(line) for line in searched.stdout.splitlines()]
    # the cameraman, in profile, is searched too (turned faces are), far below; the astronaut as the
    # mother of r-camera is not searched (not a child photo)
    assert [line["report"] for line in lines] == ["r-astro", "r-camera"]
    assert lines[0]["similarity"] > 0.8 and lines[0]["plausible"] and lines[1]["similarity"] < 0.5
    assert any(reason.startswith("sex fits") for reason in lines[0]["reasons"])
    assert not lines[1]["plausible"]  # a boy reported, a woman seen
    with sa.create_engine(url).begin() as conn:  # as if the vectors were made by an older backend
        conn.execute(sa.text("UPDATE face_vectors SET backend = 'sface-old'"))
    redone = runner.invoke(main, ["registry", "reembed", "--db", url])
    assert redone.exit_code == 0 and "3 registry photos examined, 3 faces stored" in redone.stderr
    again = runner.invoke(main, ["registry", "search", "s-1", "--db", url])
    assert [json.loads(line)["report"] for line in again.stdout.splitlines()] == ["r-astro", "r-camera"]
    nothing = runner.invoke(main, ["registry", "search", "s-404", "--db", url])
    assert nothing.exit_code == 2 and "no sighting s-404" in nothing.stderr
    with sa.create_engine(url).connect() as conn:
        searches = sa.text("SELECT count(*) FROM audit_log WHERE action = 'registry.search'")
        assert conn.execute(searches).scalar() == 2  # before and after the re-embedding


def _import(path: Path, kind: str, url: str) -> str:
    return CliRunner().invoke(main, ["registry", "import", str(path), "--kind", kind, "--db", url]).stderr


def test_csv_exports_cannot_run_as_formulas_and_read_back_as_they_were(tmp_path: Path) -> None:
    """A name or place a spreadsheet would run (=HYPERLINK…, +…, -…, @…) is written with an apostrophe
    before it; import takes it off, so the record reads back unchanged. A plain negative number keeps its
    sign, and so does a longitude."""
    url = f"sqlite:///{tmp_path / 'h.db'}"
    source = tmp_path / "reports.json"
    names = ['=HYPERLINK("http://evil.example","x")', "+1+2", "-2+3", "@SUM(A1)", "\t=1+1", "王-小明", "'=x"]
    records = [
        {"id": f"r-{n}", "name": name, "lost_at": "2019-08-11", "lost_lon": -70.5}
        for n, name in enumerate(names)
    ]
    source.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    assert "7 added" in _import(source, "report", url)
    as_csv = (
        CliRunner()
        .invoke(main, ["registry", "export", "--kind", "report", "--format", "csv", "--db", url])
        .stdout
    )
    cells = [cell for row in csv.reader(io.StringIO(as_csv)) for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t") or (c[:1] == "-" and c != "-70.5")]
    assert "-70.5" in cells and "王-小明" in cells
    back = tmp_path / "back.csv"
    back.write_text(as_csv, encoding="utf-8")
    other = f"sqlite:///{tmp_path / 'other.db'}"
    assert "7 added" in _import(back, "report", other)
    reread = CliRunner().invoke(main, ["registry", "export", "--kind", "report", "--db", other]).stdout
    assert sorted(r["name"] for r in json.loads(reread)) == sorted(n.strip() for n in names)


@pytest.mark.parametrize(
    ("rows", "said"),
    [
        ("id,Name,lost_at,height\nr-1,小明,2019-08-11,105\n", ":1: unknown columns height"),
        ("id,name,lost_at,name\nr-1,小明,2019-08-11,小红\n", ":1: the header names `name` more than once"),
        ("lost_at,name,\n2019-08-11,小明,105\n", ":2: a value under a column with no name"),
        (
            'id,lost_at,name\nr-1,2019-08-11,"小明\nr-2,2019-08-11,小红\n',
            ":2: a quoted field of this row is never",
        ),
        ("id,lost_at,name\nr-1,2019-08-11,小明,105,extra\n", ":2: row has 5 values, the header 3"),
        # refused by the csv module's field limit or by the name's own, whichever the process has set
        ("id,lost_at,name\nr-1,2019-08-11," + "长" * 140_000 + "\n", ":2: (unreadable CSV row|name: longer)"),
    ],
)
def test_a_csv_whose_columns_or_quotes_would_lose_data_is_named_not_read_silently(
    tmp_path: Path, rows: str, said: str
) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    source = tmp_path / "reports.csv"
    source.write_text(rows, encoding="utf-8")
    told = _import(source, "report", url)
    assert re.search(f"reports.csv{said}", told) and "Traceback" not in told


def test_field_names_in_any_case_are_read_and_a_repeated_id_or_an_object_value_is_named(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    source = tmp_path / "reports.csv"
    source.write_text("ID,Name,Lost_At\nr-1,小明,2019-08-11\nr-1,小明的哥哥,2019-08-12\n", encoding="utf-8")
    told = _import(source, "report", url)
    assert "1 added, 0 already stored, 1 refused" in told and "reports.csv:3: id: also the id of" in told
    exported = json.loads(
        CliRunner().invoke(main, ["registry", "export", "--kind", "report", "--db", url]).stdout
    )
    assert [r["name"] for r in exported] == ["小明"]
    lines = tmp_path / "sightings.jsonl"
    lines.write_bytes(
        b"\xef\xbb\xbf"
        + json.dumps({"seen_at": "2026-11-21", "source": "street", "note": {"a": 1}}).encode()
        + b"\n"
        + json.dumps({"seen_at": "2026-11-21", "source": "street", "Note": "a boy"}).encode()
        + b"\n"
    )
    told = _import(lines, "sighting", url)
    assert "sightings.jsonl:1: note: must be text" in told and "1 added" in told


def test_what_spreadsheets_write_still_imports_whole(tmp_path: Path) -> None:
    """Trailing commas (a column with no name, no values), a stray quote inside a field of a row that spans
    lines, CRLF and a byte order mark: every row goes in."""
    url = f"sqlite:///{tmp_path / 'h.db'}"
    source = tmp_path / "reports.csv"
    rows = '\ufefflost_at,name,marks,\r\n2019-08-11,"Zhang" Wei,"scar\r\non arm",\r\n2019-08-12,小明,,\r\n'
    source.write_text(rows, encoding="utf-8")
    told = _import(source, "report", url)
    assert "2 added, 0 already stored, 0 refused" in told, told


def test_an_export_that_cannot_be_written_is_neither_made_nor_audited(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    source = tmp_path / "reports.csv"
    source.write_text("lost_at,name\n2019-08-11,小明\n", encoding="utf-8")
    assert "1 added" in _import(source, "report", url)
    target = tmp_path / "no such folder" / "reports.csv"
    told = CliRunner().invoke(
        main, ["registry", "export", "--kind", "report", "-o", str(target), "--db", url]
    )
    assert told.exit_code == 2 and f"cannot write {target}" in told.stderr
    with sa.create_engine(url).connect() as conn:
        actions = conn.execute(sa.text("SELECT action FROM audit_log")).scalars().all()
    assert not [a for a in actions if a.startswith("registry.export")]
