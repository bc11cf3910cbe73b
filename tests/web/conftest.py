"""Shared fixtures of the dashboard tests: the app, an HTTP client, the screenshot folder."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from accord.web import Settings, create_app
from datapaths import GENIUS

ROOT = Path(__file__).resolve().parents[2]
ITEX = GENIUS / "anac" / "y2010" / "ItexvsCypress"
ARTIFACTS = ROOT / "tests-artifacts"


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """``tests-artifacts/`` (kept by CI, ignored by git through its own .gitignore)."""
    (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / ".gitignore").write_text("*\n", encoding="utf-8")
    return ARTIFACTS


@pytest.fixture
def app() -> FastAPI:
    return create_app(Settings(max_upload_bytes=200_000, max_outcomes=50_000))


class PageClient(TestClient):
    """A client that posts the pages' forms as a browser does: to the dashboard's own host,
    with the token the forms carry (``csrf_token``)."""

    def __init__(self, app: FastAPI, **kwargs: Any) -> None:
        token = app.state.csrf.token
        headers = {"X-CSRF-Token": token, **kwargs.pop("headers", {})}  # for API uploads
        super().__init__(app, base_url="http://127.0.0.1", headers=headers, **kwargs)
        self.csrf: str = token

    def post(self, url: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if not str(url).startswith("/api") and "json" not in kwargs and "content" not in kwargs:
            data = kwargs.get("data")
            kwargs["data"] = {**(data or {}), "csrf_token": self.csrf}
        return super().post(url, *args, **kwargs)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with PageClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="session")
def genius_zip() -> bytes:
    """The ANAC 2010 Itex-vs-Cypress GENIUS domain and its profiles, zipped."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for f in sorted(ITEX.iterdir()):
            zf.write(f, f"ItexvsCypress/{f.name}")
    return buf.getvalue()
