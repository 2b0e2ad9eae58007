"""What the templates do to every piece of text they show: bidirectional controls are made visible and
harmless (`huijia.text.bidi`) in everything a template prints, and `|bdi` isolates a name (author,
handle, chat, file, account) so that a right-to-left one cannot reorder the text around it."""

from __future__ import annotations

from typing import Any

from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from huijia.text.bidi import neutralise_bidi


def finalize(value: Any) -> Any:
    """Applied by Jinja to the value of every `{{ … }}` before it is escaped."""
    if isinstance(value, Markup):
        return Markup(neutralise_bidi(str(value)))  # the markers add no markup
    if isinstance(value, str):
        return neutralise_bidi(value)
    return value


def bdi(value: Any) -> Markup:
    """A name isolated from the text around it: `<bdi>name</bdi>`, its controls neutralised."""
    if value is None or value == "":
        return Markup("")
    return Markup("<bdi>%s</bdi>") % escape(neutralise_bidi(str(value)))


def setup(templates: Jinja2Templates) -> Jinja2Templates:
    templates.env.finalize = finalize
    templates.env.filters["bdi"] = bdi
    return templates
