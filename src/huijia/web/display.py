"""What the templates do to every piece of text they show: bidirectional controls are made visible and
harmless (`huijia.text.bidi`) in everything a template prints, and `|bdi` isolates a name (author,
handle, chat, file, account) so that a right-to-left one cannot reorder the text around it; `|exact`
marks a value a form sends back, which must stay as stored."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from huijia.text.bidi import neutralise_bidi, neutralise_hidden


class Exact(str):
    """A value a form sends back as it is (a field refilled, a filter's choice, a hidden key): escaped
    like any text, but not given markers, which would be stored or compared as if typed."""


def exact(value: Any) -> Exact:
    return Exact("" if value is None else str(value))


def finalize(value: Any) -> Any:
    """Applied by Jinja to the value of every `{{ … }}` before it is escaped."""
    if isinstance(value, Exact):
        return str(value)
    if isinstance(value, Markup):
        return Markup(neutralise_bidi(str(value)))  # the markers add no markup
    if isinstance(value, str):
        return neutralise_bidi(value)
    return value


def bdi(value: Any) -> Markup:
    """A name isolated from the text around it: `<bdi>name</bdi>`, its bidi controls and its invisible
    characters (zero-width, tags, blank fillers: two different handles must not look the same) shown."""
    if value is None or value == "":
        return Markup("")
    return Markup("<bdi>%s</bdi>") % escape(neutralise_hidden(neutralise_bidi(str(value))))


def segment(value: Any) -> str:
    """A value as one segment of a URL path (a `/`, `?` or `#` in a username cannot break the route)."""
    return quote("" if value is None else str(value), safe="")


def setup(templates: Jinja2Templates) -> Jinja2Templates:
    templates.env.finalize = finalize
    templates.env.filters["bdi"] = bdi
    templates.env.filters["exact"] = exact
    templates.env.filters["segment"] = segment
    return templates
