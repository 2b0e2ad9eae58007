"""The case store from the command line: `scan` exports into it, `reanalyse` what it holds, and its
`user` and `source` groups."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from huijia.cli.options import (
    EXIT_NOTHING_READ,
    EXIT_OK,
    db_option,
    engine_or_exit,
    fail,
    format_option,
    operator,
    progress_option,
    reading_options,
    second_reading_option,
    tz_option,
)
from huijia.cli.output import Progress, report
from huijia.engines.jsonl import streaming_gc
from huijia.ingest import UnknownFormatError
from huijia.model import ACCOUNT_ROLES

if TYPE_CHECKING:
    from sqlalchemy.exc import DBAPIError


@click.command("scan")
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@db_option
@format_option
@tz_option
@click.option("--user", "user", default=None, help="Who ingests (recorded with each source; default: login).")
@progress_option
@second_reading_option
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
    from sqlalchemy.exc import DBAPIError

    from huijia.engines.pipeline import build_pipeline

    engine = engine_or_exit(db_url)
    show = sys.stderr.isatty() if progress is None else progress
    scanner = build_pipeline(second_reading=second_reading).scanner(engine, user)
    with Progress(inputs, show) as bar, streaming_gc():
        options = reading_options(tz, bar.advance if bar.bar is not None else None)
        try:
            stats = scanner.scan(inputs, fmt, options, on_problem=lambda event: report(event, sys.stderr))
        except UnknownFormatError as exc:
            raise click.BadParameter(str(exc), param_hint="--format") from exc
        except DBAPIError as exc:  # a full disk, a lost server: the batches before are kept
            fail(f"the store could not be written ({_reason(exc)}); {RESUME}")
        except OSError as exc:
            fail(f"a file could not be written ({exc.strerror or exc}); {RESUME}")
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


RESUME = (
    "everything stored before it is kept: free space or fix the cause and run the same scan again to resume"
)


def _reason(exc: DBAPIError) -> str:
    """What the database said, without the statement or its values (hide_parameters keeps them out of
    the exception; the statement is left out here too)."""
    return str(exc.orig).splitlines()[0] if exc.orig is not None else type(exc).__name__


@click.command("reanalyse")
@db_option
def reanalyse_command(db_url: str | None) -> None:
    """Analyse every stored message again with the current model and lexicon (after an upgrade)."""
    from huijia.engines.pipeline import build_pipeline
    from huijia.engines.reanalyse import reanalyse

    engine = engine_or_exit(db_url)
    analyser = build_pipeline().analyser
    stats = reanalyse(engine, analyser)
    for key, what in stats.failed:  # the message's key, never its text
        click.echo(f"message {key}: {what}", err=True)
    changes = ", ".join(f"{old} → {new} {n:,}" for (old, new), n in sorted(stats.changed.items()))
    counted = f"findings {stats.findings_before:,} → {stats.findings_after:,}"
    click.echo(
        f"reanalysed {stats.messages:,} messages with {analyser.version}: {counted}"
        + (f"; changed: {changes}" if changes else "; no label changed"),
        err=True,
    )


@click.group("user")
def user_group() -> None:
    """Accounts for the review UI (argon2id password hashes; every change is audited)."""


@user_group.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(ACCOUNT_ROLES))
@db_option
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
def user_add_command(username: str, role: str, db_url: str | None, password_stdin: bool) -> None:
    """Create an account; the password is asked for twice (or read from stdin)."""
    from huijia.store.users import UserError, add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("password", hide_input=True, confirmation_prompt=True, err=True)
    engine = engine_or_exit(db_url)
    try:
        add_user(engine, username, role, password, by=operator())
    except UserError as exc:
        fail(exc)
    click.echo(f"user {username} ({role}) added", err=True)


@click.group("source")
def source_group() -> None:
    """Stored source files."""


@source_group.command("delete")
@click.argument("sha256")
@click.option("--reason", required=True, help="Why (kept in the audit log).")
@db_option
def source_delete_command(sha256: str, reason: str, db_url: str | None) -> None:
    """Remove a source file's record and everything derived from it (audited)."""
    from huijia.store.sources import SourceError, delete_source

    try:
        removed = delete_source(engine_or_exit(db_url), sha256, operator(), reason)
    except SourceError as exc:
        fail(exc)
    click.echo(
        f"removed {removed.file_name}: {removed.messages} message(s) seen only there, "
        f"{removed.findings} finding(s), {removed.decisions} decision(s)",
        err=True,
    )
