"""The web dashboard (DESIGN.md, layer ``web``): FastAPI, server-rendered pages, a little
plain JavaScript served from the package, and a JSON API under ``/api``."""

from accord.web.app import create_app
from accord.web.settings import Settings

__all__ = ["Settings", "create_app"]
