"""Accounts, decisions and the hash-chained audit log, on SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from huijia.cli import main
from huijia.store import connect
from huijia.store.audit import verify_chain
from huijia.store.decisions import DecisionError, decide, labelled_examples
from huijia.store.users import UserError, add_user, authenticate, set_password

from .conftest import ROWS, chat, sale_offer_key, scan

PASSWORD = "correct horse battery"


def test_passwords_are_argon2_hashes_and_wrong_ones_fail(db_url: str) -> None:
    engine = connect(db_url)
    add_user(engine, "li.reviewer", "reviewer", PASSWORD, by="test")
    with engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT password_hash FROM users")).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert authenticate(engine, "li.reviewer", PASSWORD) is not None
    assert authenticate(engine, "li.reviewer", "wrong password!!") is None
    assert authenticate(engine, "nobody", PASSWORD) is None
    set_password(engine, "li.reviewer", "another long password", by="admin")
    assert authenticate(engine, "li.reviewer", PASSWORD) is None
    assert authenticate(engine, "li.reviewer", "another long password") is not None


@pytest.mark.parametrize(
    ("username", "role", "password", "why"),
    [
        ("a b", "reviewer", PASSWORD, "without spaces"),
        ("x", "boss", PASSWORD, "role must be"),
        ("x", "analyst", "short", "at least 12"),
    ],
)
def test_bad_account_requests_are_refused(
    tmp_path: Path, username: str, role: str, password: str, why: str
) -> None:
    engine = connect(f"sqlite:///{tmp_path / 'h.db'}")
    with pytest.raises(UserError, match=why):
        add_user(engine, username, role, password, by="test")


def test_decisions_need_a_reason_and_a_deciding_role_and_become_labelled_examples(
    db_url: str,
    tmp_path: Path,
) -> None:
    scan(db_url, chat(tmp_path / "group.jsonl", ROWS))
    engine = connect(db_url)
    reviewer = add_user(engine, "reviewer1", "reviewer", PASSWORD, by="test")
    analyst = add_user(engine, "analyst1", "analyst", PASSWORD, by="test")
    offer = sale_offer_key(engine)
    with pytest.raises(DecisionError, match="reason"):
        decide(engine, reviewer, offer, "confirm", "   ")
    with pytest.raises(DecisionError, match="analyst role"):
        decide(engine, analyst, offer, "confirm", "clear offer")
    decide(engine, reviewer, offer, "escalate", "price and documents")
    decide(engine, reviewer, offer, "dismiss", "a journalist's test post")
    examples = list(labelled_examples(engine))
    assert [(e["id"], e["label"]) for e in examples] == [(offer, "none")]  # the latest decision counts
    assert "营养费" in examples[0]["text"]
    # the same decision sent twice at once (a double click) is recorded once; a changed one is another
    first = decide(engine, reviewer, offer, "refer", "clear offer, price stated")
    assert decide(engine, reviewer, offer, "refer", "clear offer, price stated ") == first
    assert decide(engine, reviewer, offer, "refer", "clear offer, price and place stated") != first
    with engine.connect() as conn:
        refers = conn.execute(sa.text("SELECT count(*) FROM audit_log WHERE action = 'decision.refer'"))
        assert refers.scalar_one() == 2


def test_the_audit_chain_holds_and_detects_a_changed_or_removed_entry(db_url: str) -> None:
    engine = connect(db_url)
    for i in range(4):
        add_user(engine, f"user{i}", "reviewer", PASSWORD, by="admin")
    assert verify_chain(engine).intact and verify_chain(engine).entries == 4
    with engine.begin() as conn:
        conn.execute(sa.text('UPDATE audit_log SET detail = \'{"role":"admin"}\' WHERE id = 2'))
    assert verify_chain(engine).first_broken == 2
    with engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM audit_log WHERE id = 2"))
    assert verify_chain(engine).first_broken == 3


def test_user_and_audit_commands(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    runner = CliRunner()
    added = runner.invoke(main, ["user", "add", "wang", "--role", "admin", "--db", url, "--password-stdin"],
                          input=PASSWORD + "\n")  # fmt: skip
    assert added.exit_code == 0, added.output
    again = runner.invoke(main, ["user", "add", "wang", "--role", "admin", "--db", url, "--password-stdin"],
                          input=PASSWORD + "\n")  # fmt: skip
    assert again.exit_code == 2 and "exists" in again.stderr
    # a password piped from a Windows file ends in CR LF: the CR is no part of it (a real pipe: the test
    # runner's input would turn CR LF into LF itself)
    crlf = subprocess.run(
        [sys.executable, "-m", "huijia.cli", "user", "add", "li", "--role", "reviewer", "--db", url,
         "--password-stdin"], input=(PASSWORD + "\r\n").encode(), capture_output=True, check=False,
    )  # fmt: skip
    assert crlf.returncode == 0 and authenticate(connect(url), "li", PASSWORD) is not None
    verified = runner.invoke(main, ["audit", "verify", "--db", url])
    assert verified.exit_code == 0 and "intact: 2 entries" in verified.stderr
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE audit_log SET actor = 'someone else'"))
    broken = runner.invoke(main, ["audit", "verify", "--db", url])
    assert broken.exit_code == 1 and "BROKEN at entry 1" in broken.stderr


def test_deleting_a_source_removes_what_only_it_holds_and_is_audited(db_url: str, tmp_path: Path) -> None:
    from huijia.store.sources import SourceError, delete_source

    older = chat(tmp_path / "may.jsonl", ROWS[:4])
    newer = chat(tmp_path / "june.jsonl", ROWS[2:])
    scan(db_url, older, newer)
    engine = connect(db_url)
    reviewer = add_user(engine, "rev", "reviewer", PASSWORD, by="test")
    offer = sale_offer_key(engine)
    with engine.connect() as conn:
        sha = conn.execute(sa.text("SELECT sha256 FROM sources WHERE file_name = 'may.jsonl'")).scalar_one()
    decide(engine, reviewer, offer, "confirm", "offer")
    with pytest.raises(SourceError, match="reason"):
        delete_source(engine, sha, "admin", " ")
    removed = delete_source(engine, sha, "admin", "uploaded by mistake")
    assert removed.messages == 2 and removed.findings == 1 and removed.decisions == 1  # 早上好 and the offer
    with engine.connect() as conn:
        texts = {row[0] for row in conn.execute(sa.text("SELECT text FROM messages"))}
        left = conn.execute(sa.text("SELECT count(*) FROM occurrences")).scalar_one()
        last = conn.execute(sa.text("SELECT action, detail FROM audit_log ORDER BY id DESC LIMIT 1")).one()
    assert "早上好" not in texts and "有" in texts and left == 4  # the two bids are still seen in june.jsonl
    assert last.action == "source.delete" and "营养费" not in last.detail
    assert verify_chain(engine).intact


@pytest.mark.slow
def test_train_learns_from_reviewers_decisions(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    scan(url, chat(tmp_path / "group.jsonl", ROWS))
    engine = connect(url)
    reviewer = add_user(engine, "rev", "reviewer", PASSWORD, by="test")
    offer = sale_offer_key(engine)
    decide(engine, reviewer, offer, "confirm", "clear offer")
    model = tmp_path / "model.json"
    result = CliRunner().invoke(
        main,
        # the second reading is left out: it would read ~10,000 real texts with the sentence encoder on a
        # fresh clone (its vector cache is not committed) and has nothing to do with reviewers' decisions
        [
            "train",
            "--size",
            "1500",
            "--folds",
            "2",
            "--no-second-reading",
            "--with-decisions",
            url,
            "-o",
            str(model),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "learning from 1 reviewed post(s)" in result.stderr
    assert '"reviewed_examples": 1' in model.read_text(encoding="utf-8").replace("\n", "")


def test_a_new_password_a_disabled_account_or_a_new_role_ends_every_session(db_url: str) -> None:
    from huijia.store import sessions
    from huijia.store.users import set_active, set_role

    engine = connect(db_url)
    user = add_user(engine, "zhao", "reviewer", PASSWORD, by="test")
    for change, why in (
        (lambda: set_password(engine, "zhao", "another long password", by="admin"), "password"),
        (lambda: set_role(engine, "zhao", "analyst", by="admin"), "role"),
        (lambda: set_active(engine, "zhao", False, by="admin"), "disabled"),
    ):
        set_active(engine, "zhao", True, by="admin")
        token, _ = sessions.start(engine, user.id, "192.0.2.1")
        assert sessions.find(engine, token, 3600) is not None
        change()
        assert sessions.find(engine, token, 3600) is None, why
        with engine.connect() as conn:
            ended = conn.execute(sa.select(sa.text("ended_why")).select_from(sa.text("sessions"))).scalars()
            assert why in set(ended)
    assert authenticate(engine, "zhao", "another long password") is None  # disabled
    with engine.connect() as conn:
        actions = conn.execute(sa.text("SELECT action FROM audit_log WHERE target = 'zhao'")).scalars().all()
    assert {"user.password", "user.role", "user.disable", "user.enable"} <= set(actions)


def test_rate_events_are_counted_per_key_in_the_window_and_cleared_by_key(db_url: str) -> None:
    from huijia.store import limits

    engine = connect(db_url)
    limits.record(engine, "login:account:a", "login:address:192.0.2.1")
    limits.record(engine, "login:account:b", "login:address:192.0.2.1")
    assert len(limits.recent(engine, "login:address:192.0.2.1", 60)) == 2
    assert len(limits.recent(engine, "login:account:a", 60)) == 1
    assert limits.locked_keys(engine, "login:", 2, 60) == [("login:address:192.0.2.1", 2)]
    assert limits.clear(engine, "login:account:a") == 1  # a success of a clears a's count only
    assert len(limits.recent(engine, "login:address:192.0.2.1", 60)) == 2


def test_the_audit_log_is_read_and_filtered(db_url: str) -> None:
    from huijia.store.audit import entries

    engine = connect(db_url)
    add_user(engine, "qian", "reviewer", PASSWORD, by="admin")
    set_password(engine, "qian", "another long password", by="admin")
    assert [e.action for e in entries(engine, target="qian")] == ["user.password", "user.add"]
    assert [e.action for e in entries(engine, action="user", limit=1)] == ["user.password"]
    assert entries(engine, actor="nobody") == []
    assert entries(engine, since="2999-01-01") == [] and len(entries(engine, until="2999-01-01")) == 2


def test_account_commands_disable_enable_role_sessions_unlock_and_totp(tmp_path: Path) -> None:
    import pyotp

    from huijia.store import limits, sessions
    from huijia.store.users import get_user

    url = f"sqlite:///{tmp_path / 'h.db'}"
    engine = connect(url)
    user = add_user(engine, "sun", "reviewer", PASSWORD, by="test")
    token, _ = sessions.start(engine, user.id, "192.0.2.5")
    runner = CliRunner()
    listed = runner.invoke(main, ["user", "sessions", "--db", url])
    assert listed.exit_code == 0 and "\tsun\treviewer\t192.0.2.5\t" in listed.output
    assert runner.invoke(main, ["user", "disable", "sun", "--db", url]).exit_code == 0
    assert sessions.find(engine, token, 3600) is None and not get_user(engine, "sun").active  # type: ignore[union-attr]
    assert runner.invoke(main, ["user", "enable", "sun", "--db", url]).exit_code == 0
    assert runner.invoke(main, ["user", "role", "sun", "registrar", "--db", url]).exit_code == 0
    assert get_user(engine, "sun").role == "registrar"  # type: ignore[union-attr]
    missing = runner.invoke(main, ["user", "role", "nobody", "admin", "--db", url])
    assert (
        missing.exit_code == 2 and "no user 'nobody'" in missing.stderr and "Traceback" not in missing.output
    )
    limits.record(engine, "login:account:sun", "login:address:192.0.2.5")
    assert runner.invoke(main, ["user", "unlock", "sun", "--db", url]).exit_code == 0
    assert limits.recent(engine, "login:account:sun", 900) == []
    enrolled = runner.invoke(main, ["user", "totp", "sun", "--db", url])
    secret = enrolled.output.split("secret: ")[1].split()[0]
    assert pyotp.TOTP(secret).now() and get_user(engine, "sun").second_factor  # type: ignore[union-attr]
    assert len(enrolled.output.split("recovery codes (each works once): ")[1].split()) == 10
    assert runner.invoke(main, ["user", "totp", "sun", "--remove", "--db", url]).exit_code == 0
    assert not get_user(engine, "sun").second_factor  # type: ignore[union-attr]
    with engine.connect() as conn:
        actions = set(conn.execute(sa.text("SELECT action FROM audit_log")).scalars())
    assert {
        "user.disable",
        "user.enable",
        "user.role",
        "login.unlock",
        "user.totp",
        "user.totp_remove",
    } <= actions
