"""The engines: where readers, the analyser, linking and the store are wired together into a job.

Everything below them is a library of its own (ingest reads, analyse judges one message, link relates
messages, store keeps); an engine runs the stream through them. `jsonl` writes what `huijia read` and
`huijia analyse` print; `scan` reads, analyses and stores (`huijia scan`); `reanalyse` runs the current
analyser over what is stored.
"""
