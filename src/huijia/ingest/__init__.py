"""Reading exports: one registered `Reader` per format (`base`), and the entry point that turns files and
folders into a stream of messages (`inputs.read_inputs`: expands folders, hashes each file, picks the
reader by sniffing, contains each file's failures)."""

from huijia.ingest.base import Reader, ReadOptions, SourceFile, register
from huijia.ingest.inputs import (
    MEDIA_SUFFIXES,
    UnknownFormatError,
    choose_reader,
    format_names,
    read_input_batches,
    read_inputs,
)

__all__ = [
    "MEDIA_SUFFIXES",
    "ReadOptions",
    "Reader",
    "SourceFile",
    "UnknownFormatError",
    "choose_reader",
    "format_names",
    "read_input_batches",
    "read_inputs",
    "register",
]
