"""Links in the case store: a scan links as it stores (the actor grows when a later export brings another
of the broker's names), `huijia relink` rebuilds the same links, and rebuilding is audited."""

from __future__ import annotations

import shutil
from pathlib import Path

import sqlalchemy as sa
from click.testing import CliRunner

from huijia.analyse.pipeline import Analyser
from huijia.cli import main
from huijia.engines.scan import Scanner
from huijia.store import connect
from huijia.store.links import LINK_VERSION, links_of
from huijia.store.schema import audit_log, link_features, link_groups, link_sets

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "link"


def actors(url: str) -> list[dict[str, object]]:
    with connect(url).connect() as conn:
        rows = conn.execute(sa.select(link_sets.c.body).where(link_sets.c.kind == "actor")).all()
    return [row[0] for row in rows]


def test_a_scan_links_and_a_later_scan_grows_the_actor(db_url: str, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    shutil.copy(EXAMPLES / "湖南宝贝之家二群.txt", first)
    shutil.copy(EXAMPLES / "宝妈育儿交流.txt", second)
    engine = connect(db_url)
    Scanner(engine, Analyser(), "tester").scan([first])
    broker = next(a for a in actors(db_url) if "qq:48002" in a["authors"])  # type: ignore[operator]
    assert set(broker["authors"]) == {"qq:48002", "qq:48005"}  # type: ignore[arg-type]
    Scanner(engine, Analyser(), "tester").scan([second])
    broker = next(a for a in actors(db_url) if "qq:48002" in a["authors"])  # type: ignore[operator]
    assert set(broker["authors"]) == {"qq:48002", "qq:48005", "qq:58006"}  # type: ignore[arg-type]
    assert {link["why"] for link in broker["links"]} == {"wechat hnbb_8866"}  # type: ignore[attr-defined]
    with engine.connect() as conn:
        groups = dict(conn.execute(sa.select(link_groups.c.channel, link_groups.c.recommendation)).all())
        versions = set(conn.execute(sa.select(link_features.c.version)).scalars())
        signed = conn.execute(
            sa.select(sa.func.count())
            .select_from(link_features)
            .where(link_features.c.signature.is_not(None))
        ).scalar_one()
        rebuilt = conn.execute(
            sa.select(sa.func.count()).select_from(audit_log).where(audit_log.c.action == "links.rebuild")
        ).scalar_one()
    assert groups["湖南宝贝之家二群"] == "takedown"
    assert versions == {LINK_VERSION}
    assert 0 < signed < 12  # only the posts the gate examined are signed
    assert rebuilt == 2
    message = next(iter(broker["flagged"]))  # type: ignore[call-overload]
    kinds = {record["type"] for record in links_of(engine, message)}
    assert "actor" in kinds


def test_relink_rebuilds_the_same_links(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    engine = connect(url)
    scanner = Scanner(engine, Analyser(), "tester")
    scanner.link = False
    scanner.scan([EXAMPLES])
    assert actors(url) == []
    runner = CliRunner()
    first = runner.invoke(main, ["relink", "--db", url])
    assert first.exit_code == 0, first.stderr
    assert "3 actors, 1 template clusters, 1 reused photos, 3 groups (2 takedown, 1 watch)" in first.stderr
    before = actors(url)
    again = runner.invoke(main, ["relink", "--db", url])
    assert again.exit_code == 0 and actors(url) == before
