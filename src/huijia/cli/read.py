"""Reading exports: `read` (messages as JSON lines), `analyse` (a finding per message), `summary`,
`formats`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial

import click

from huijia.cli.options import (
    EXIT_NOTHING_READ,
    EXIT_OK,
    format_checked,
    format_option,
    open_output,
    progress_option,
    read_options,
    reading_options,
    second_reading_option,
    tz_option,
)
from huijia.cli.output import Progress, closing_line, report
from huijia.engines.jsonl import streaming_gc, write_jsonl
from huijia.ingest import read_input_batches, read_inputs
from huijia.model import Message


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
    json_lines = encode is None
    if encode is None:
        encode = partial(orjson.dumps, option=orjson.OPT_APPEND_NEWLINE)
    with Progress(inputs, show) as bar, streaming_gc():
        options = reading_options(tz, bar.advance if bar.bar is not None else None, json_lines=json_lines)
        out = open_output(output)  # a path that cannot be written is said before the reading
        try:
            events = format_checked(read_input_batches(inputs, fmt, options))
            stats = write_jsonl(events, out, encode, lambda event: report(event, sys.stderr))
        finally:
            if output:
                out.close()
    click.echo(closing_line(stats), err=True)
    sys.exit(EXIT_OK if stats.messages else EXIT_NOTHING_READ)


@click.command("read")
@read_options
def read_command(
    inputs: tuple[str, ...], fmt: str, tz: str, output: str | None, progress: bool | None
) -> None:
    """Read exports and write one JSON object per message (ARCHITECTURE.md §3.0)."""
    _write_jsonl(inputs, fmt, tz, output, progress)


@click.command("analyse")
@read_options
@click.option(
    "--model",
    "model_path",
    type=click.Path(dir_okay=False, exists=True),
    help="A model file written by `huijia train` (default: the bundled model).",
)
@second_reading_option
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
    from huijia.analyse.classify import ModelError
    from huijia.analyse.encode import FindingEncoder
    from huijia.engines.pipeline import build_pipeline

    try:
        analyser = build_pipeline(model_path, second_reading).analyser
    except ModelError as exc:
        raise click.BadParameter(str(exc), param_hint="--model") from exc
    encoder = FindingEncoder(analyser, on_error=lambda text: click.echo(text, err=True))
    _write_jsonl(inputs, fmt, tz, output, progress, encoder.encode)


@click.command("summary")
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@format_option
@tz_option
@click.option(
    "--top",
    default=3,
    show_default=True,
    type=click.IntRange(min=0),
    help="How many most active authors to show per file.",
)
@progress_option
def summary_command(inputs: tuple[str, ...], fmt: str, tz: str, top: int, progress: bool | None) -> None:
    """Read exports and print a readable summary per file: format, chats, messages, time span, authors."""
    from huijia.summary import Summariser, render_summary

    show = sys.stderr.isatty() if progress is None else progress
    summariser = Summariser()
    with Progress(inputs, show) as bar, streaming_gc():
        options = reading_options(tz, bar.advance if bar.bar is not None else None)
        for event in format_checked(read_inputs(inputs, fmt, options)):
            summariser.add(event)
            if not isinstance(event, Message):
                report(event, sys.stderr)
    render_summary(summariser, top=top)
    click.echo(closing_line(summariser.stats), err=True)
    sys.exit(EXIT_OK if summariser.stats.messages else EXIT_NOTHING_READ)


@click.command("formats")
def formats_command() -> None:
    """List the export formats huijia can read."""
    from huijia.ingest.base import registered_readers

    for name, cls in registered_readers().items():
        click.echo(f"{name:10} {cls.description}")
