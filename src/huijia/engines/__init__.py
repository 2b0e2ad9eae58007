"""The engines: where readers, the analyser and the store are wired together into a job.

Everything below them is a library of its own (ingest reads, analyse judges one message, store keeps);
an engine runs the stream through them. `jsonl` writes what `huijia read` and `huijia analyse` print.
"""
