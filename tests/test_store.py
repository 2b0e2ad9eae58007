"""The store and `huijia scan`, against SQLite and a real PostgreSQL server: idempotent scans, overlapping
exports, resuming after a crash or kill -9, findings with their model version, clean errors."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from click.testing import CliRunner

from huijia.cli import main
from huijia.engines.scan import Scanner
from huijia.store import MIGRATIONS, connect, schema

from .conftest import ROWS, chat, scan


def counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        return {
            table: conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("sources", "messages", "occurrences", "findings")
        }


def test_a_new_database_is_created_at_the_newest_migration(db_url: str) -> None:
    engine = connect(db_url)
    with engine.connect() as conn:
        version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
    assert version == ScriptDirectory(str(MIGRATIONS)).get_current_head()
    with engine.connect() as conn:
        assert set(sa.inspect(conn).get_table_names()) >= set(schema.metadata.tables)
    assert counts(db_url) == {"sources": 0, "messages": 0, "occurrences": 0, "findings": 0}


def test_the_migrations_build_exactly_the_tables_schema_py_declares(db_url: str) -> None:
    """schema.py is what the queries are written against; the Alembic migrations are what builds a
    database. Alembic's own comparison (what autogenerate would write) finds nothing between them:
    no table, column, type, index or constraint missing, extra or different."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with connect(db_url).connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, schema.metadata) == []


def test_scanning_the_same_file_twice_adds_nothing(db_url: str, tmp_path: Path) -> None:
    export = chat(tmp_path / "group.jsonl", ROWS)
    scan(db_url, export)
    first = counts(db_url)
    assert first["messages"] == 6 and first["occurrences"] == 6 and first["sources"] == 1
    scan(db_url, export)
    assert counts(db_url) == first


def test_overlapping_exports_of_one_chat_store_each_message_once(db_url: str, tmp_path: Path) -> None:
    older = chat(tmp_path / "export-may.jsonl", ROWS[:4])
    newer = chat(
        tmp_path / "export-june.jsonl", [*ROWS[2:], ("2024-06-01T09:00:00+08:00", "阿华", "新的一天")]
    )
    scan(db_url, older, newer)
    stored = counts(db_url)
    assert stored["sources"] == 2
    assert stored["messages"] == 7  # 4 + 5 with 2 in common (the two identical bids included)
    assert stored["occurrences"] == 9  # every place each message was seen


def test_flagged_posts_are_stored_with_facts_evidence_and_model_version(db_url: str, tmp_path: Path) -> None:
    scan(db_url, chat(tmp_path / "group.jsonl", ROWS))
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT label, risk, facts, evidence, model FROM findings")).all()
    by_label = {row.label: row for row in rows}
    offer = by_label["sale_offer"]
    facts = offer.facts if isinstance(offer.facts, dict) else json.loads(offer.facts)
    assert facts["price"]["amount"] == 30000
    assert offer.risk >= 0.5
    assert offer.model.startswith("huijia-analyse ") and "lexicon" in offer.model
    assert "purchase_request" in by_label
    assert len(rows) < 6  # ordinary chat gets no finding row


def test_an_interrupted_scan_is_resumed_without_losses_or_duplicates(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [
        (f"2024-05-01T10:{i // 60:02d}:{i % 60:02d}+08:00", f"u{i % 7}", f"消息 {i}") for i in range(1200)
    ]
    export = chat(tmp_path / "big.jsonl", rows)
    import huijia.engines.scan as scan_module

    monkeypatch.setattr(scan_module, "BATCH", 100)
    flushes = 0
    real_flush = Scanner._flush

    def crash_after_three(self: Scanner) -> None:
        nonlocal flushes
        real_flush(self)
        flushes += 1
        if flushes == 3:
            raise KeyboardInterrupt  # the process dies between two batches

    monkeypatch.setattr(Scanner, "_flush", crash_after_three)
    with pytest.raises(KeyboardInterrupt):
        scan(db_url, export)
    partial = counts(db_url)
    assert 0 < partial["messages"] < 1200
    monkeypatch.setattr(Scanner, "_flush", real_flush)
    scan(db_url, export)
    assert counts(db_url)["messages"] == 1200
    assert counts(db_url)["occurrences"] == 1200
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT status FROM sources")).scalar_one() == "complete"


@pytest.mark.slow
def test_kill_9_in_the_middle_of_a_scan_then_scan_again(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'huijia.db'}"
    rows = [
        (f"2024-05-{1 + i // 86400:02d}T00:00:00+08:00", f"u{i % 50}", f"第{i}条消息") for i in range(40000)
    ]
    export = chat(tmp_path / "big.jsonl", rows)
    child = subprocess.Popen(
        [sys.executable, "-m", "huijia.cli", "scan", "--no-progress", "--db", url, str(export)],
        stderr=subprocess.DEVNULL,
    )
    engine = sa.create_engine(url)
    deadline = time.time() + 60
    while time.time() < deadline:
        time.sleep(0.05)
        try:
            with engine.connect() as conn:
                stored = conn.execute(sa.text("SELECT count(*) FROM messages")).scalar_one()
        except sa.exc.OperationalError:
            continue
        if stored >= 2000:
            break
    child.send_signal(signal.SIGKILL)
    child.wait()
    engine.dispose()
    assert counts(url)["messages"] < 40000
    result = CliRunner().invoke(main, ["scan", "--db", url, str(export)])
    assert result.exit_code == 0, result.output
    assert "1 resumed" in result.stderr
    assert counts(url)["messages"] == 40000 and counts(url)["occurrences"] == 40000


def test_scan_command_summary_and_a_bad_database_url(tmp_path: Path) -> None:
    export = chat(tmp_path / "group.jsonl", ROWS)
    url = f"sqlite:///{tmp_path / 'huijia.db'}"
    result = CliRunner().invoke(main, ["scan", "--db", url, str(export)])
    assert result.exit_code == 0, result.output
    assert "1 new" in result.stderr and "6 new" in result.stderr and "sale_offer 1" in result.stderr
    again = CliRunner().invoke(main, ["scan", "--db", url, str(export)])
    assert "1 already stored" in again.stderr and "0 read, 0 new" in again.stderr
    bad = CliRunner().invoke(main, ["scan", "--db", "nonsense://nowhere", str(export)])
    assert bad.exit_code == 2 and "not a database URL" in bad.stderr
    not_one = tmp_path / "photo.db"  # a file that is no database: one line, where it was a traceback
    not_one.write_bytes(bytes(range(256)) * 8)
    refused = CliRunner().invoke(main, ["scan", "--db", f"sqlite:///{not_one}", str(export)])
    assert refused.exit_code == 2 and "file is not a database" in refused.stderr


def test_a_file_scanned_with_the_wrong_format_is_read_by_the_next_scan(tmp_path: Path) -> None:
    """A CSV export scanned as JSONL yields no message, only skipped records: it is not stored as done, so
    the scan with the right format reads it instead of passing it over as already stored. A file that
    cannot be read at all is counted once, as unreadable, and the scan's exit status says nothing was read."""
    export = tmp_path / "group.csv"
    rows = "id,text\n1,本人湖南的，男宝刚满两个月，营养费3万，有意私聊\n2,今天天气不错\n"
    export.write_text(rows, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'huijia.db'}"
    wrong = CliRunner().invoke(main, ["scan", "--no-link", "--db", url, "--format", "jsonl", str(export)])
    assert "messages: 0 read, 0 new" in wrong.stderr and "3 records skipped" in wrong.stderr
    right = CliRunner().invoke(main, ["scan", "--no-link", "--db", url, str(export)])
    assert right.exit_code == 0, right.output
    assert "1 resumed, 0 already stored" in right.stderr and "2 read, 2 new" in right.stderr
    assert counts(url)["messages"] == 2
    with sa.create_engine(url).connect() as conn:  # the reader that read it, for a referral's re-reading
        assert conn.execute(sa.select(schema.sources.c.format)).scalar_one() == "csv"
    again = CliRunner().invoke(main, ["scan", "--no-link", "--db", url, str(export)])
    assert "1 already stored" in again.stderr

    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(bytes(range(256)) * 8)
    unread = CliRunner().invoke(main, ["scan", "--no-link", "--db", url, "--format", "jsonl", str(garbage)])
    assert "files: 0 new, 0 resumed, 0 already stored, 1 unreadable" in unread.stderr
    assert unread.exit_code != 0


def test_scan_closing_line_counts_notes_like_read(tmp_path: Path) -> None:
    """The notes printed above the closing line are counted in it, as `huijia read` counts them: the reader
    chosen (one per file) and a time that cannot be read; a record with no text is a skipped record."""
    export = chat(tmp_path / "group.jsonl", ROWS)
    with export.open("a", encoding="utf-8") as fh:
        late = {"author": "阿华", "sent_at": "昨天", "text": "晚上好"}
        fh.write(json.dumps(late, ensure_ascii=False) + "\n")
        fh.write(json.dumps({"author": "阿华", "sent_at": "2024-05-01T10:04:00+08:00"}) + "\n")
    url = f"sqlite:///{tmp_path / 'huijia.db'}"
    result = CliRunner().invoke(main, ["scan", "--db", url, str(export)])
    assert result.exit_code == 0, result.output
    lines = result.stderr.strip().splitlines()
    assert sum(": note: " in line for line in lines) == 2
    assert lines[-1] == (
        "files: 1 new, 0 resumed, 0 already stored, 0 unreadable; messages: 7 read, 7 new; "
        "flagged 4 (purchase_request 3, sale_offer 1); 1 record skipped, 2 notes; links: 3 actors, "
        "0 template clusters, 0 reused photos, 1 groups (1 takedown, 0 watch)"
    )


def test_a_bare_bid_under_a_flagged_offer_is_raised_and_names_the_offer(db_url: str, tmp_path: Path) -> None:
    rows = [
        ("2024-05-01T09:00:00+08:00", "小李", "有"),  # no offer yet: stays ordinary chat
        ("2024-05-01T10:00:05+08:00", "湖南宝妈", "本人湖南的，男宝刚满两个月，营养费3万，有意私聊"),
        ("2024-05-01T10:01:00+08:00", "小李", "有！"),
        ("2024-05-01T10:02:00+08:00", "阿华", "今天天气不错"),
        ("2024-05-03T10:02:00+08:00", "老王", "我要"),  # two days later: the offer is no longer open
    ]
    scan(db_url, chat(tmp_path / "group.jsonl", rows))
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        found = conn.execute(
            sa.text(
                "SELECT m.author_name, m.text, f.label, f.role, f.risk, f.raised_by, f.model "
                "FROM findings f JOIN messages m ON m.key = f.message_key ORDER BY m.sent_at"
            )
        ).all()
        offer_key = conn.execute(
            sa.text("SELECT key FROM messages WHERE author_name = '湖南宝妈'")
        ).scalar_one()
    assert [(row.author_name, row.label) for row in found] == [
        ("湖南宝妈", "sale_offer"),
        ("小李", "purchase_request"),
    ]
    bid = found[1]
    assert bid.raised_by == offer_key and bid.role == "buyer"
    assert bid.risk < found[0].risk and bid.model.endswith("+ thread context")


def test_a_reply_offering_a_child_under_a_request_is_raised_as_an_offer_naming_it(
    db_url: str, tmp_path: Path
) -> None:
    rows = [
        ("2024-05-01T09:00:00+08:00", "阿芳", "我有一个两个月的男宝"),  # no request yet: a mother's talk
        (
            "2024-05-01T10:00:05+08:00",
            "山东领妈",
            "求领养一个男宝，结婚多年没孩子，诚心，营养费可以给，有的私聊",
        ),
        ("2024-05-01T10:03:00+08:00", "小梅", "我这有一个刚生的男孩，私聊"),
        ("2024-05-01T10:04:00+08:00", "阿华", "今天天气不错"),
        (
            "2024-05-01T10:05:00+08:00",
            "老王",
            "我也想领养一个，有的联系我",
        ),  # another request, never an offer
    ]
    scan(db_url, chat(tmp_path / "group.jsonl", rows))
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        found = conn.execute(
            sa.text(
                "SELECT m.author_name, f.label, f.role, f.raised_by FROM findings f "
                "JOIN messages m ON m.key = f.message_key ORDER BY m.sent_at"
            )
        ).all()
        request_key = conn.execute(
            sa.text("SELECT key FROM messages WHERE author_name = '山东领妈'")
        ).scalar_one()
    labels = {row.author_name: row for row in found}
    assert labels["山东领妈"].label == "purchase_request"
    assert labels["小梅"].label == "sale_offer" and labels["小梅"].raised_by == request_key
    assert labels["小梅"].role == "birth_parent"
    assert "阿芳" not in labels or labels["阿芳"].label not in ("sale_offer", "purchase_request", "broker")
    assert "老王" not in labels or labels["老王"].label != "sale_offer"


def test_offering_replies_are_recognised_in_both_languages() -> None:
    from huijia.link.thread import offers_a_child

    offering = [
        "我这有一个刚生的男孩，私聊",
        "本人怀孕七个月了，要的话联系我",
        "I have a one-month-old, DM me",
        "I'm due in May, if you want the baby message me",
    ]
    assert all(offers_a_child(t) for t in offering)
    # having a child is not giving one (found in review: each of these was raised under a request)
    not_offering = [
        "我家有一个男宝了，想再要个女宝",
        "我有个女儿刚生，不过不卖",
        "我家宝宝也是两个月，好可爱",
        "Mine is 2 now",
        "I have a daughter too and I'd never give her up",
        "I'm due in March too! good luck",
        "I have a son, why don't you adopt from an agency?",
        "今天天气不错",
        "有没有人一起吃饭",
    ]
    assert not any(offers_a_child(t) for t in not_offering)


def test_bare_bids_are_recognised_with_punctuation_and_emoji() -> None:
    from huijia.link.thread import is_bare_bid

    assert all(is_bare_bid(t) for t in ["有", "有！", " 我要 ", "蹲🙏", "+1", "私聊。"])
    assert not any(is_bare_bid(t) for t in ["有没有人一起吃饭", "我要去上班了", "今天天气不错"])
    # asking whether the child is still there is a bid only under an offer (the analyser alone no longer
    # reads 还在吗 as a request: in chat it asks whether someone is still there)
    assert all(is_bare_bid(t) for t in ["还在吗？", "男宝还在吗", "这个宝宝还在么", "还有女宝吗?"])
    assert is_bare_bid("男寶還在嗎")  # in traditional characters too
    # without the question it is the seller's answer, not a bid
    assert not any(is_bare_bid(t) for t in ["还在吗，晚上一起吃饭", "宝宝还在睡觉", "还有作业吗", "宝宝还在"])


def test_asking_whether_someone_is_still_there_is_no_request() -> None:
    from huijia.analyse.pipeline import Analyser

    analyser = Analyser()
    for text in ["还在吗？帮我家男孩起个名字吧", "还有吗？我家宝宝也想试试这个玩具"]:
        examined = analyser.examine(text)
        assert examined is None or "seek" not in {c.category for c in examined.cues}, text
        assert analyser.analyse(text, "m1").label == "none", text


def test_reanalyse_replaces_findings_from_the_stored_messages(db_url: str, tmp_path: Path) -> None:
    scan(db_url, chat(tmp_path / "group.jsonl", ROWS))
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:  # pretend an older model labelled the offer differently
        conn.execute(
            sa.text(
                "UPDATE findings SET label = 'none', model = 'huijia-analyse 0.0.1' "
                "WHERE label = 'sale_offer'"
            )
        )
    before = counts(db_url)["findings"]
    result = CliRunner().invoke(main, ["reanalyse", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "none → sale_offer 1" in result.stderr
    with engine.connect() as conn:
        models = {row[0] for row in conn.execute(sa.text("SELECT model FROM findings"))}
        labels = [row[0] for row in conn.execute(sa.text("SELECT label FROM findings"))]
    assert counts(db_url)["findings"] == before
    assert "sale_offer" in labels and all("0.0.1" not in m for m in models)


def test_reanalyse_follows_the_analyse_rule_a_failure_is_named_and_kept(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`huijia reanalyse` analyses as `huijia scan` and `huijia analyse` do (huijia.analyse.message): the
    sender's name is read with the text, and a message that breaks the analyser is named by its key —
    never its text — and the others are analysed."""
    from huijia.analyse.pipeline import Analyser

    scan(db_url, chat(tmp_path / "group.jsonl", ROWS))
    real = Analyser.analyse_gated
    seen_authors: list[str | None] = []

    def breaks_on_the_request(self: Analyser, text: str, message_id: str, *args: object) -> object:
        seen_authors.append(args[1] if len(args) > 1 else None)  # type: ignore[arg-type]
        if "求领养" in text:
            raise RuntimeError("boom")
        return real(self, text, message_id, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Analyser, "analyse_gated", breaks_on_the_request)
    result = CliRunner().invoke(main, ["reanalyse", "--db", db_url])
    assert result.exit_code == 0, result.output
    failed = [line for line in result.stderr.splitlines() if "analysis failed (RuntimeError)" in line]
    assert len(failed) == 1 and "求领养" not in result.stderr
    assert "湖南宝妈" in seen_authors  # the sender's name went with the text
    with sa.create_engine(db_url).connect() as conn:
        labels = [row[0] for row in conn.execute(sa.text("SELECT label FROM findings"))]
    assert "sale_offer" in labels


def test_the_scan_analyses_outside_the_write_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the analyser reads a message, the scan holds no write lock: another writer (the review UI
    recording a decision) gets the database at once."""
    import sqlite3

    from huijia.analyse.pipeline import Analyser

    db = tmp_path / "h.db"
    real = Analyser.analyse_gated
    locked: list[bool] = []

    def meanwhile_another_writer(self: Analyser, *args: object) -> object:
        other = sqlite3.connect(db, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # fails at once while another connection holds a write lock
            other.execute("ROLLBACK")
            locked.append(False)
        except sqlite3.OperationalError:
            locked.append(True)
        finally:
            other.close()
        return real(self, *args)  # type: ignore[arg-type]

    connect(f"sqlite:///{db}")  # created and migrated before the scan starts
    monkeypatch.setattr(Analyser, "analyse_gated", meanwhile_another_writer)
    scan(f"sqlite:///{db}", chat(tmp_path / "group.jsonl", ROWS))
    assert locked and not any(locked)


def test_queue_pages_follow_the_risk_order_and_json_filters_reach_past_the_first_page(
    db_url: str, tmp_path: Path
) -> None:
    from huijia.store.queries import QueueFilter, queue

    places = ["湖南", "广西", "河南"]
    rows = [
        (
            f"2024-07-01T10:{i:02d}:00+08:00",
            f"卖家{i}",
            f"本人{places[i % 3]}的，男宝刚满{i % 5 + 1}个月，营养费{i + 2}万，有意私聊",
        )
        for i in range(30)
    ]
    scan(db_url, chat(tmp_path / "offers.jsonl", rows))
    engine = connect(db_url)
    everything = [r["key"] for r in queue(engine, QueueFilter(), limit=1000)]
    assert len(everything) == 30
    paged = [r["key"] for skip in range(0, 35, 7) for r in queue(engine, QueueFilter(), limit=7, skip=skip)]
    assert paged == everything
    hunan = [
        r["key"]
        for r in queue(engine, QueueFilter(), limit=1000)
        if any(p.get("province") == "湖南省" for p in r["facts"]["places"])
    ]
    assert len(hunan) == 10
    in_hunan = QueueFilter(province="湖南省")
    by_page = [[r["key"] for r in queue(engine, in_hunan, limit=3, skip=skip)] for skip in range(0, 15, 3)]
    assert [key for page in by_page for key in page] == hunan and by_page[-1] == []
    priced = queue(engine, QueueFilter(has_price=False), limit=5)
    assert priced == []  # every offer states a price


def test_notices_the_platform_wrote_are_not_posts(tmp_path: Path) -> None:
    """A recall notice quotes the nickname ("湖南送男宝撤回了一条消息"): no finding, not in the queue."""
    from .conftest import DATA

    url = f"sqlite:///{tmp_path / 'h.db'}"
    scan(url, DATA / "qq-txt/group-crlf-utf8bom.txt")
    with sa.create_engine(url).connect() as conn:
        notices = conn.execute(
            sa.text(
                "SELECT m.kind, f.label FROM messages m LEFT JOIN findings f ON f.message_key = m.key "
                "WHERE m.kind IN ('recall', 'system')"
            )
        ).all()
    assert notices and all(label is None for _, label in notices), notices
    assert any(kind == "recall" for kind, _ in notices)
    result = CliRunner().invoke(main, ["analyse", str(DATA / "qq-txt/group-crlf-utf8bom.txt")])
    labels = [json.loads(line)["label"] for line in result.stdout.splitlines()]
    assert labels.count("sale_offer") == 1  # the offer itself, not the recall notice under its nickname
