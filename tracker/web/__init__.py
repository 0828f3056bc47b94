"""The web interface: server-rendered pages, an Atom feed, a JSON API, health and metrics.

`create_app(settings)` builds the FastAPI application; `tracker serve` runs it with uvicorn.
"""

from tracker.web.app import create_app

__all__ = ["create_app"]
