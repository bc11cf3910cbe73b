"""The web dashboard (DESIGN.md, layer ``web``): FastAPI, server-rendered pages, a little
plain JavaScript served from the package, and a JSON API under ``/api``."""

from accord.errors import require_extra

for _module in ("fastapi", "uvicorn", "python_multipart", "jinja2", "matplotlib"):
    require_extra(_module, "the dashboard (accord serve)", "web")

from accord.web.app import create_app  # noqa: E402
from accord.web.settings import Settings  # noqa: E402

__all__ = ["Settings", "create_app"]
