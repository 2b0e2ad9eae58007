"""The audit log under attack and under load: appends that race, a tail cut off, a wiped or rehashed log,
a forged entry, a missing table — each found by `huijia audit verify` against signed checkpoints."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from huijia.cli import main
from huijia.report.signing import load_or_create_key
from huijia.store import audit, connect
from huijia.store.audit import entry_hash, verify_chain


def _logged(url: str, n: int, sealed: bool = True) -> sa.engine.Engine:
    """A store with `n` audit entries, sealed with this test's installation key as the CLI and the web
    app seal theirs."""
    engine = connect(url)
    if sealed:
        audit.seal_with(engine, load_or_create_key(Path(os.environ["HUIJIA_SIGNING_KEY"])).audit_key)
    for i in range(n):
        with engine.begin() as conn:
            audit.append(conn, f"reviewer{i % 3}", "case.view", f"key{i}")
    return engine


def _verify(url: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["audit", "verify", "--db", url])
    return result.exit_code, result.stderr


def _checkpoint(url: str) -> None:
    made = CliRunner().invoke(main, ["audit", "checkpoint", "--db", url])
    assert made.exit_code == 0, made.output


def test_appends_that_race_still_form_one_chain(db_url: str) -> None:
    """Two hundred appends from eight threads at once (a page with many photos, many reviewers)."""
    engine = connect(db_url)
    start = threading.Barrier(8)
    failures: list[BaseException] = []

    def views(worker: int) -> None:
        start.wait()
        try:
            for i in range(25):
                with engine.begin() as conn:
                    audit.append(conn, f"reviewer{worker}", "photo.view", f"sha{worker}-{i}")
        except BaseException as exc:  # reported below
            failures.append(exc)

    threads = [threading.Thread(target=views, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    check = verify_chain(engine)
    assert check.intact and check.entries == 200


def test_a_cut_tail_a_wiped_log_and_a_rehashed_log_are_found(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    engine = _logged(url, 30)
    code, said = _verify(url)
    assert code == 0 and "no trusted checkpoint" in said  # and says what it cannot see
    _checkpoint(url)
    code, said = _verify(url)
    assert code == 0 and "intact: 30 entries, 30 sealed; 1 checkpoint(s) hold" in said
    # a cut tail: the last entry, the last 20, all of them (in the store itself, after a checkpoint)
    store, backup = tmp_path / "h.db", tmp_path / "backup.db"
    _copy(store, backup)
    for sql in (
        "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",
        "DELETE FROM audit_log WHERE id > 10",
        "DELETE FROM audit_log",
    ):
        _copy(backup, store)
        with sa.create_engine(url).begin() as conn:
            conn.execute(sa.text(sql))
        code, said = _verify(url)
        assert code == 1 and (
            "entries are missing: the checkpoint" in said or "log was replaced or wiped" in said
        )
    _copy(backup, store)
    # every photo view removed and the chain recomputed with the public algorithm
    with sa.create_engine(url).begin() as conn:
        conn.execute(sa.text("DELETE FROM audit_log WHERE actor = 'reviewer1'"))
        _rehash(conn)
    code, said = _verify(url)
    assert code == 1 and "its seal does not hold" in said  # the seals alone catch a rehash
    _copy(backup, store)
    with sa.create_engine(url).begin() as conn:  # the same without seals: the checkpoint catches it
        conn.execute(sa.text("UPDATE audit_log SET seal = NULL"))
        conn.execute(sa.text("DELETE FROM audit_log WHERE actor = 'reviewer1'"))
        _rehash(conn)
    code, said = _verify(url)
    assert code == 1 and "entries are missing" in said
    # the last entry replaced by a forged one with a correct hash: same count, another head (seals
    # removed, to show that the checkpoint alone catches it)
    _copy(backup, store)
    with sa.create_engine(url).begin() as conn:
        conn.execute(sa.text("UPDATE audit_log SET seal = NULL"))
        conn.execute(sa.text("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)"))
        _forge_append(conn, "reviewer0", "decision.dismiss", "key29")
    code, said = _verify(url)
    assert code == 1 and "the log was rewritten: entry 30" in said
    del engine


def test_a_forged_append_past_every_checkpoint_is_caught_by_its_seal(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    _logged(url, 5)
    with sa.create_engine(url).begin() as conn:
        _forge_append(conn, "reviewer0", "decision.dismiss", "key4")
    code, said = _verify(url)
    assert code == 1 and "BROKEN at entry 6" in said and "has no seal" in said
    with sa.create_engine(url).begin() as conn:
        conn.execute(sa.text("UPDATE audit_log SET seal = :s WHERE id = 6"), {"s": "ab" * 32})
    code, said = _verify(url)
    assert code == 1 and "BROKEN at entry 6" in said and "its seal does not hold" in said
    with sa.create_engine(url).begin() as conn:
        conn.execute(sa.text("DELETE FROM audit_log WHERE id = 6"))
    code, said = _verify(url)
    assert code == 0 and "5 sealed" in said


def test_entries_from_before_seals_need_a_checkpoint_that_vouches_for_them(tmp_path: Path) -> None:
    """A store upgraded from before seals, and the same log with every seal stripped, look alike: only a
    checkpoint that recorded where sealing began tells them apart."""
    url = f"sqlite:///{tmp_path / 'h.db'}"
    _logged(url, 3, sealed=False)  # an older store
    _logged(url, 2)
    code, said = _verify(url)
    assert code == 1 and "entries 1 to 3 carry no seal, and no checkpoint vouches" in said
    allowed = CliRunner().invoke(main, ["audit", "verify", "--db", url, "--allow-unsealed"])
    assert allowed.exit_code == 0 and "2 sealed" in allowed.stderr
    _checkpoint(url)  # anchors: sealed from entry 4
    code, said = _verify(url)
    assert code == 0 and "3 entries from before seals carry none" in said
    with sa.create_engine(url).begin() as conn:  # the seals stripped wholesale
        conn.execute(sa.text("UPDATE audit_log SET seal = NULL"))
    code, said = _verify(url)
    assert code == 1 and "entries 4 to 5 carry no seal" in said


def test_a_forged_checkpoint_file_is_named(tmp_path: Path, evidence_paths: Path) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    _logged(url, 3)
    _checkpoint(url)
    (path,) = (evidence_paths / "checkpoints").glob("audit-*.json")
    document = json.loads(path.read_text())
    document["entries"] = 2  # "it only ever had two"
    path.write_text(json.dumps(document))
    code, said = _verify(url)
    assert code == 1 and "its signature does not match its contents" in said


def test_a_store_without_its_audit_table_is_a_clear_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    _logged(url, 2)
    with sa.create_engine(url).begin() as conn:
        conn.execute(sa.text("DROP TABLE audit_log"))
    code, said = _verify(url)
    assert code == 1 and "no audit_log table" in said and "Traceback" not in said
    made = CliRunner().invoke(main, ["audit", "checkpoint", "--db", url])
    assert made.exit_code == 2 and "no audit_log table" in made.stderr


def _copy(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite store (its WAL included), through SQLite's backup API."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def _rehash(conn: sa.Connection) -> None:
    prev = audit.GENESIS
    rows = conn.execute(
        sa.text("SELECT id, at, actor, action, target, detail FROM audit_log ORDER BY id")
    ).all()
    for row in rows:
        digest = entry_hash(prev, row.at, row.actor, row.action, row.target, row.detail)
        conn.execute(
            sa.text("UPDATE audit_log SET prev_hash = :p, hash = :h WHERE id = :i"),
            {"p": prev, "h": digest, "i": row.id},
        )
        prev = digest


def _forge_append(conn: sa.Connection, actor: str, action: str, target: str) -> None:
    prev = conn.execute(sa.text("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")).scalar_one()
    at, detail = "2026-12-02T10:00:00.000000+00:00", "{}"
    conn.execute(
        sa.text(
            "INSERT INTO audit_log (at, actor, action, target, detail, prev_hash, hash) "
            "VALUES (:at, :actor, :action, :target, :detail, :prev, :hash)"
        ),
        {
            "at": at, "actor": actor, "action": action, "target": target, "detail": detail, "prev": prev,
            "hash": entry_hash(prev, at, actor, action, target, detail),
        },
    )  # fmt: skip


def test_a_scan_is_audited_by_the_file_hash_never_its_name(tmp_path: Path) -> None:
    from .conftest import ROWS, chat, scan

    url = f"sqlite:///{tmp_path / 'h.db'}"
    export = chat(tmp_path / "湖南宝妈的群.jsonl", ROWS)
    scan(url, export)
    with sa.create_engine(url).connect() as conn:
        ((actor, target, detail),) = conn.execute(
            sa.text("SELECT actor, target, detail FROM audit_log WHERE action = 'source.ingest'")
        ).all()
    digest = hashlib.sha256(export.read_bytes()).hexdigest()
    assert actor == "tester" and target == digest and json.loads(detail)["messages"] == len(ROWS)
    assert "湖南" not in detail


def test_a_command_without_the_installations_key_is_refused_not_sealed_with_a_new_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    monkeypatch.setenv("HUIJIA_SIGNING_KEY", str(tmp_path / "first" / "huijia-signing.key"))  # a new one
    add = ["user", "add", "--role", "reviewer", "--db", url, "--password-stdin"]
    made = CliRunner().invoke(main, [*add, "wang"], input="correct horse battery\n")
    assert made.exit_code == 0 and "made the installation's signing key" in made.stderr
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setenv("HUIJIA_SIGNING_KEY", str(elsewhere / "huijia-signing.key"))  # run from another folder
    refused = CliRunner().invoke(main, [*add, "li"], input="correct horse battery\n")
    assert refused.exit_code == 2 and "but this store's audit entries are sealed" in refused.stderr
    assert not (elsewhere / "huijia-signing.key").exists()
    load_or_create_key(elsewhere / "huijia-signing.key")  # another installation's key
    refused = CliRunner().invoke(main, [*add, "li"], input="correct horse battery\n")
    assert refused.exit_code == 2 and "sealed with another key" in refused.stderr
    checked = CliRunner().invoke(main, ["audit", "verify", "--db", url])  # reads it, says what it sees
    assert checked.exit_code == 1 and "its seal does not hold" in checked.stderr


def test_checkpoints_follow_the_log_not_the_spelling_of_its_url(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    _logged(url, 4)
    _checkpoint(url)
    with sa.create_engine(url).begin() as conn:
        conn.execute(sa.text("DELETE FROM audit_log WHERE id = 4"))
    code, said = _verify(f"{url}?timeout=30")  # the same file, spelt another way
    assert code == 1 and "entries are missing" in said
    moved = tmp_path / "moved.db"
    _copy(tmp_path / "h.db", moved)  # the store restored elsewhere: its log is still its log
    code, said = _verify(f"sqlite:///{moved}")
    assert code == 1 and "entries are missing" in said


def test_a_private_key_others_can_read_is_warned_of_and_a_checkpoint_path_that_is_a_file_is_named(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    key = tmp_path / "own.key"
    runner = CliRunner()
    env = {"HUIJIA_SIGNING_KEY": str(key)}
    export = tmp_path / "chat.jsonl"
    export.write_text('{"text": "早上好"}\n', encoding="utf-8")
    made = runner.invoke(main, ["scan", "--no-link", "--db", url, str(export)], env=env)  # makes the key
    assert made.exit_code == 0, made.output
    assert oct(key.stat().st_mode & 0o777) == "0o600" and "warning" not in made.stderr
    key.chmod(0o644)
    shared = runner.invoke(main, ["audit", "checkpoint", "--db", url], env=env)
    assert f"warning: the signing key {key.resolve()} can be read by other users" in shared.stderr
    a_file = tmp_path / "checkpoints.txt"
    a_file.write_text("not a folder", encoding="utf-8")
    named = runner.invoke(
        main, ["audit", "verify", "--db", url], env={**env, "HUIJIA_CHECKPOINTS": str(a_file)}
    )
    assert (
        named.exit_code == 2 and f"HUIJIA_CHECKPOINTS names {a_file}, which is not a folder" in named.stderr
    )
