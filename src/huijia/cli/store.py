"""The case store from the command line: `scan` exports into it, `reanalyse` what it holds, and its
`user` and `source` groups."""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType
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
    from sqlalchemy.engine import Engine
    from sqlalchemy.exc import DBAPIError


@click.command("scan")
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@db_option
@format_option
@tz_option
@click.option("--user", "user", default=None, help="Who ingests (recorded with each source; default: login).")
@progress_option
@second_reading_option
@click.option(
    "--link/--no-link",
    "link",
    default=True,
    show_default=True,
    help="Link the store's posts again after the scan (actors, template clusters, group risk; docs/link.md).",
)
def scan_command(
    inputs: tuple[str, ...],
    db_url: str | None,
    fmt: str,
    tz: str,
    user: str | None,
    progress: bool | None,
    second_reading: bool,
    link: bool,
) -> None:
    """Read, analyse and store exports; files already stored are passed over, interrupted ones resumed."""
    from sqlalchemy.exc import DBAPIError

    from huijia.engines.pipeline import build_pipeline

    engine = engine_or_exit(db_url)
    show = sys.stderr.isatty() if progress is None else progress
    scanner = build_pipeline(second_reading=second_reading).scanner(engine, user)
    scanner.link = link
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
    skipped = f"{stats.records_skipped:,} record{'s' if stats.records_skipped != 1 else ''} skipped"
    notes = f"{stats.notices:,} note{'s' if stats.notices != 1 else ''}"
    linked = f"; links: {stats.links.line()}" if stats.links is not None else ""
    click.echo(
        f"{files}; messages: {stats.messages_seen:,} read, {stats.messages_new:,} new; {found}; "
        f"{skipped}, {notes}{kept}{linked}",
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


@click.command("relink")
@db_option
def relink_command(db_url: str | None) -> None:
    """Link every stored post again with the current rules: contacts and signatures made anew, then actors,
    template clusters and group risk (docs/link.md). Audited."""
    from huijia.engines.relink import fill_features, rebuild_links
    from huijia.store.links import LINK_VERSION

    engine = engine_or_exit(db_url)
    with engine.begin() as conn:
        made = fill_features(conn, only_missing=False)
        counts = rebuild_links(conn, operator())
    click.echo(
        f"relinked {counts.messages:,} messages ({made:,} rows made) with {LINK_VERSION}: {counts.line()}",
        err=True,
    )


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
        password = sys.stdin.readline().rstrip("\r\n")  # a line ended on Windows too
    else:
        password = click.prompt("password", hide_input=True, confirmation_prompt=True, err=True)
    engine = engine_or_exit(db_url)
    try:
        add_user(engine, username, role, password, by=operator())
    except UserError as exc:
        fail(exc)
    click.echo(f"user {username} ({role}) added", err=True)


@user_group.command("disable")
@click.argument("username")
@db_option
def user_disable_command(username: str, db_url: str | None) -> None:
    """Disable an account: it cannot sign in, and its sessions end at once."""
    _user_change(db_url, lambda engine, users: users.set_active(engine, username, False, by=operator()))
    click.echo(f"user {username} disabled; sessions ended", err=True)


@user_group.command("enable")
@click.argument("username")
@db_option
def user_enable_command(username: str, db_url: str | None) -> None:
    """Enable a disabled account again."""
    _user_change(db_url, lambda engine, users: users.set_active(engine, username, True, by=operator()))
    click.echo(f"user {username} enabled", err=True)


@user_group.command("role")
@click.argument("username")
@click.argument("role", type=click.Choice(ACCOUNT_ROLES))
@db_option
def user_role_command(username: str, role: str, db_url: str | None) -> None:
    """Give an account another role; its sessions end (the new role starts with a new sign-in)."""
    _user_change(db_url, lambda engine, users: users.set_role(engine, username, role, by=operator()))
    click.echo(f"user {username} is now {role}; sessions ended", err=True)


@user_group.command("password")
@click.argument("username")
@db_option
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
def user_password_command(username: str, db_url: str | None, password_stdin: bool) -> None:
    """Set an account's password; its sessions end."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")  # a line ended on Windows too
    else:
        password = click.prompt("password", hide_input=True, confirmation_prompt=True, err=True)
    _user_change(db_url, lambda engine, users: users.set_password(engine, username, password, by=operator()))
    click.echo(f"password of {username} set; sessions ended", err=True)


@user_group.command("sessions")
@db_option
@click.option("--end", "end_user", default=None, metavar="USERNAME", help="End every session of this user.")
def user_sessions_command(db_url: str | None, end_user: str | None) -> None:
    """List the live sessions of the review UI (or end one user's)."""
    from huijia.store import audit, sessions
    from huijia.store.sessions import SESSION_SECONDS
    from huijia.store.users import get_user

    engine = engine_or_exit(db_url)
    if end_user is not None:
        user = get_user(engine, end_user)
        if user is None:
            fail(f"no user {end_user!r}")
        with engine.begin() as conn:
            ended = sessions.end_for_user(conn, user.id, "admin")
            audit.append(conn, operator(), "session.end_all", end_user, {"sessions_ended": ended})
        click.echo(f"{ended} session(s) of {end_user} ended", err=True)
        return
    for found in sessions.live(engine, SESSION_SECONDS):
        click.echo(
            f"{found.id}\t{found.username}\t{found.role}\t{found.address}\t"
            f"{found.issued_at:%Y-%m-%d %H:%M}\t{found.seen_at:%Y-%m-%d %H:%M}"
        )


@user_group.command("unlock")
@click.argument("lock")
@db_option
def user_unlock_command(lock: str, db_url: str | None) -> None:
    """Lift a login lock: LOCK is a username, an address, or a key as the sessions page shows it."""
    from huijia.store import audit, limits

    engine = engine_or_exit(db_url)
    keys = (lock,) if lock.startswith("login:") else (f"login:account:{lock}", f"login:address:{lock}")
    cleared = limits.clear(engine, *keys)
    with engine.begin() as conn:
        audit.append(conn, operator(), "login.unlock", lock, {"failures_cleared": cleared})
    click.echo(f"{lock}: unlocked ({cleared} failure(s) forgotten)", err=True)


@user_group.command("totp")
@click.argument("username")
@db_option
@click.option("--remove", is_flag=True, help="Forget the account's second factor (a lost phone).")
def user_totp_command(username: str, db_url: str | None, remove: bool) -> None:
    """Enrol an account in two-factor sign-in: prints the TOTP secret, its otpauth URI and ten
    one-time recovery codes, once (or, with --remove, forget them)."""
    import pyotp

    from huijia.store import users

    if remove:
        _user_change(db_url, lambda engine, u: u.remove_totp(engine, username, by=operator()))
        click.echo(f"second factor of {username} removed; it enrols again at its next sign-in", err=True)
        return
    secret = pyotp.random_base32()
    engine = engine_or_exit(db_url)
    try:
        codes = users.enrol_totp(engine, username, secret, by=operator())
    except users.UserError as exc:
        fail(exc)
    click.echo(f"secret: {secret}")
    click.echo(f"uri: {pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name='huijia')}")
    click.echo("recovery codes (each works once): " + " ".join(codes))


def _user_change(db_url: str | None, change: Callable[[Engine, ModuleType], object]) -> None:
    """Run one account change, a refusal (no such user, a bad role) as a clear error."""
    from huijia.store import users

    engine = engine_or_exit(db_url)
    try:
        change(engine, users)
    except users.UserError as exc:
        fail(exc)


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
