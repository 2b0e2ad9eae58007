"""The review web UI: `create_app(settings)` is the one composition root (FastAPI, Jinja2 templates,
server-rendered pages that work without JavaScript)."""

from huijia.web.app import WebSettings, create_app

__all__ = ["WebSettings", "create_app"]
