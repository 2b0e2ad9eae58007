"""The `huijia` command: a thin layer over the library (one command, one library function).

stdout carries data only (JSONL); every message for people — problems, notes, progress, summaries — goes
to stderr. Problems never surface as tracebacks: a file that cannot be read is one line on stderr, and the
exit status says whether anything at all could be read (0) or not (2).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import click

from huijia import __version__
from huijia.ingest import ReadOptions, UnknownFormatError, format_names, read_inputs
from huijia.ingest.timeparse import DEFAULT_TZ, UnknownTimeZoneError
from huijia.model import Message, Notice, ReadEvent, ReadStats, Skip

EXIT_OK = 0
EXIT_NOTHING_READ = 2


def _format_choices() -> list[str]:
    return ["auto", *format_names()]


def _options(tz: str, on_bytes: Any = None) -> ReadOptions:
    try:
        return ReadOptions(tz=tz, on_bytes=on_bytes)
    except UnknownTimeZoneError as exc:
        raise click.BadParameter(str(exc), param_hint="--tz") from exc


def _events(inputs: tuple[str, ...], fmt: str, options: ReadOptions) -> Iterator[ReadEvent]:
    try:
        yield from read_inputs(inputs, fmt, options)
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


@main.command("read")
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "fmt",
    default="auto",
    show_default=True,
    type=click.Choice(_format_choices()),
    help="Export format; auto sniffs each file's first bytes.",
)
@click.option(
    "--tz",
    default=DEFAULT_TZ,
    show_default=True,
    envvar="HUIJIA_TZ",
    help="Zone of naive local times in the export (IANA name).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write JSONL here instead of stdout.",
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar on stderr (default: when a terminal)."
)
def read_command(
    inputs: tuple[str, ...], fmt: str, tz: str, output: str | None, progress: bool | None
) -> None:
    """Read exports and write one JSON object per message (ARCHITECTURE.md §3.0)."""
    import orjson

    show = sys.stderr.isatty() if progress is None else progress
    stats = ReadStats()
    with _Progress(inputs, show) as bar:
        options = _options(tz, bar.advance if bar.bar is not None else None)
        out = Path(output).open("wb") if output else sys.stdout.buffer  # noqa: SIM115
        try:
            write = out.write
            dumps = orjson.dumps
            for event in _events(inputs, fmt, options):
                if isinstance(event, Message):
                    write(dumps(event.to_dict()))
                    write(b"\n")
                    stats.messages += 1
                else:
                    _count_problem(event, stats)
                    report(event, sys.stderr)
            out.flush()
        finally:
            if output:
                out.close()
    click.echo(closing_line(stats), err=True)
    sys.exit(EXIT_OK if stats.messages else EXIT_NOTHING_READ)


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
    with _Progress(inputs, show) as bar:
        options = _options(tz, bar.advance if bar.bar is not None else None)
        for event in _events(inputs, fmt, options):
            summariser.add(event)
            if not isinstance(event, Message):
                report(event, sys.stderr)
    render_summary(summariser, top=top)
    click.echo(closing_line(summariser.stats), err=True)
    sys.exit(EXIT_OK if summariser.stats.messages else EXIT_NOTHING_READ)


@main.command("formats")
def formats_command() -> None:
    """List the export formats huijia can read."""
    from huijia.ingest.base import registered_readers

    for name, cls in registered_readers().items():
        click.echo(f"{name:10} {cls.description}")


if __name__ == "__main__":  # pragma: no cover
    main()
