"""Requests from other sites are refused: DNS rebinding (``Host``), cross-site requests
(``Origin``, ``Sec-Fetch-Site``) and forged form posts (a CSRF token in every form).

- Every request must name an allowed host (``Settings.allowed_hosts``) in ``Host``: a page
  of ``evil.example`` whose name is rebound to 127.0.0.1 still sends ``Host: evil.example``
  and is refused (400).
- A request that changes something (any method but GET, HEAD, OPTIONS) coming from a
  browser page of another origin is refused (403): its ``Origin`` must be the dashboard's
  own, and ``Sec-Fetch-Site`` may not be ``cross-site`` or ``same-site`` (another port or
  subdomain). Programs that send no ``Origin``
  (scripts, ``curl``) are not concerned; the JSON API also keeps requiring
  ``application/json`` bodies, which a page of another site cannot send without asking.
- Every form of the pages carries a token (``csrf_token``), random per server run, that
  another site cannot read; a form post without it is refused (403).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from fastapi.responses import JSONResponse
from starlette.datastructures import FormData

from accord.errors import AccordError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Forbidden(AccordError):
    """A request from another site, or a form post without the page's token (403)."""


class CsrfGuard:
    """The token every form of the pages carries, and its check."""

    def __init__(self) -> None:
        self.token = secrets.token_urlsafe(32)

    def check(self, form: FormData) -> None:
        """Accept a form post that carries this server's token in ``csrf_token``.

        Raises :class:`Forbidden` (403) when the token is missing or differs (compared in
        constant time).
        """
        sent = form.get("csrf_token")
        if not isinstance(sent, str) or not hmac.compare_digest(sent, self.token):
            raise Forbidden(
                "the form lacks this page's token (csrf_token): reload the page and try "
                "again; forms of other sites are refused"
            )


def _host_name(host: str) -> str:
    """``example.org:8000`` -> ``example.org``; ``[::1]:8000`` -> ``::1``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class OriginGuard:
    """ASGI middleware: the ``Host`` and ``Origin`` checks of the module doc."""

    def __init__(self, app: ASGIApp, allowed_hosts: tuple[str, ...]) -> None:
        self.app = app
        self.allowed = frozenset(h.lower().strip("[]") for h in allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        if _host_name(host) not in self.allowed:
            await _refuse(
                scope,
                receive,
                send,
                400,
                f"this dashboard does not answer to the host {host[:60]!r} (allowed: "
                f"{', '.join(sorted(self.allowed))}; accord serve --host adds one)",
            )
            return
        if scope["method"] not in SAFE_METHODS:
            origin = headers.get("origin")
            site = headers.get("sec-fetch-site", "")
            # a page sending no referrer sends "Origin: null"; the browser's own
            # Sec-Fetch-Site (no page can set it) then says whether it is ours
            if origin == "null" and site == "same-origin":
                origin = None
            if origin is not None:
                parts = urlsplit(origin)
                if origin == "null" or parts.netloc.lower() != host.lower():
                    await _refuse(
                        scope,
                        receive,
                        send,
                        403,
                        f"requests from another site ({origin[:80]}) are refused",
                    )
                    return
            if site in {"cross-site", "same-site"}:
                await _refuse(scope, receive, send, 403, "requests from another site are refused")
                return
        await self.app(scope, receive, send)


async def _refuse(scope: Scope, receive: Receive, send: Send, status: int, message: str) -> None:
    await JSONResponse({"error": message}, status_code=status)(scope, receive, send)


__all__ = ["CsrfGuard", "Forbidden", "OriginGuard"]
