"""Linking posts to one another: pure rules over messages (no store, no I/O).

`thread`: which request a reply in the same chat answers, and which offer a bid is made under;
`photos`: which photos of a scanned export the review needs.
Personas, templates, reused photos and group risk will join it.
"""
