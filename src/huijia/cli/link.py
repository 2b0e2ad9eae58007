"""`huijia link`: read and analyse exports like `huijia analyse`, then write the links between posts —
actors, template clusters, reused photos and group risk — as JSON lines (ARCHITECTURE.md §3.4)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from huijia.cli.options import (
    EXIT_NOTHING_READ,
    EXIT_OK,
    fail,
    open_output,
    read_options,
    reading_options,
    second_reading_option,
)
from huijia.cli.output import Progress, closing_line, report
from huijia.engines.jsonl import streaming_gc
from huijia.ingest.inputs import UnknownFormatError

if TYPE_CHECKING:
    from huijia.engines.link import Linker, Links
    from huijia.model import Message


@click.command("link")
@read_options
@second_reading_option
def link_command(
    inputs: tuple[str, ...],
    fmt: str,
    tz: str,
    output: str | None,
    progress: bool | None,
    second_reading: bool,
) -> None:
    """Link posts: actors (shared senders and contacts), template clusters, reused photos and the risk of
    every chat, one JSON object per line (ARCHITECTURE.md §3.4; docs/link.md)."""
    import orjson

    out = open_output(output)  # opened first: a path that cannot be written is said before minutes of reading
    try:
        _, links = read_and_link(inputs, fmt, tz, progress, second_reading)
        lines = [orjson.dumps(item.to_dict(), option=orjson.OPT_APPEND_NEWLINE) for item in links.records()]
        out.write(b"".join(lines))
        out.flush()
    except OSError as exc:
        fail(f"cannot write {output or 'the output'}: {exc.strerror or exc}")
    finally:
        if output:
            out.close()
    click.echo(closing_line(links.stats) + ", " + links.summary(), err=True)
    sys.exit(EXIT_OK if links.stats.messages else EXIT_NOTHING_READ)


def read_and_link(
    inputs: tuple[str, ...],
    fmt: str,
    tz: str,
    progress: bool | None,
    second_reading: bool,
    keep: Callable[[Message], bool] | None = None,
) -> tuple[Linker, Links]:
    """Read, analyse and link the inputs as `huijia link` does, problems on stderr as they come; the
    messages `keep` accepts are kept whole (`Linker.kept`)."""
    from huijia.engines.link import Linker
    from huijia.engines.pipeline import build_pipeline

    analyser = build_pipeline(None, second_reading).analyser
    show = sys.stderr.isatty() if progress is None else progress
    linker = Linker(
        analyser,
        on_problem=lambda event: report(event, sys.stderr),
        on_error=lambda text: click.echo(text, err=True),
        keep=keep,
    )
    with Progress(inputs, show) as bar, streaming_gc():
        options = reading_options(tz, bar.advance if bar.bar is not None else None)
        try:
            linker.read(inputs, fmt, options)
        except UnknownFormatError as exc:
            raise click.BadParameter(str(exc), param_hint="--format") from exc
    return linker, linker.links()
