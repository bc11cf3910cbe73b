"""Requests from other sites are refused: DNS rebinding (``Host``), cross-site requests
(``Origin``, ``Sec-Fetch-Site``) and forged form posts (a CSRF token in every form).

- Every request must name an allowed host (``Settings.allowed_hosts``) in ``Host``, as
  ``name``, ``name:port`` or ``[ipv6]:port`` and nothing else: a page of ``evil.example``
  whose name is rebound to 127.0.0.1 still sends ``Host: evil.example`` and is refused
  (400), and so is a malformed one such as ``[127.0.0.1]evil.example``.
- A request that changes something (any method but GET, HEAD, OPTIONS) coming from a
  browser page of another origin is refused (403): its ``Origin`` must be the dashboard's
  own, scheme included (``https://127.0.0.1:8000`` is another origin than the
  ``http://127.0.0.1:8000`` an http server is; RFC 6454), and ``Sec-Fetch-Site`` may not be
  ``cross-site`` or ``same-site`` (another port or subdomain). Programs that send no
  ``Origin`` (scripts, ``curl``) are not concerned; the JSON API also keeps requiring
  ``application/json`` bodies, which a page of another site cannot send without asking.
- Every form of the pages carries a token (``csrf_token``), random per server run, that
  another site cannot read; a form post without it is refused (403).
- The API's one form-encoded route, the upload ``POST /api/scenarios`` (a body any page
  can send without asking), needs the same token in the ``X-CSRF-Token`` header
  (``GET /api/token`` gives it; another site cannot read the answer) unless it carries
  the dashboard's own ``Origin``.
"""

from __future__ import annotations

import hmac
import ipaddress
import re
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

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


#: ``Host``: ``[ipv6]`` or a name (no brackets, colons, slashes, spaces or @), then an
#: optional ``:port`` (RFC 9110, section 7.2; RFC 3986, section 3.2.2).
_HOST = re.compile(
    r"(?:\[(?P<v6>[0-9a-f:.]+)\]|(?P<name>[^\[\]:/\\@\s]+))(?::(?P<port>[0-9]{1,5}))?"
)

#: Tokens are sent in this header where no form carries them (``POST /api/scenarios``).
TOKEN_HEADER = "x-csrf-token"

#: Routes that accept a form-encoded body (which any page can post) and so need the token
#: or the dashboard's own ``Origin``; the pages' forms carry the token in their fields.
TOKEN_ROUTES = frozenset({("POST", "/api/scenarios")})


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _split_host(host: str) -> tuple[str, int | None] | None:
    """``example.org:8000`` -> ``("example.org", 8000)``; ``[::1]`` -> ``("::1", None)``;
    ``None`` for anything else (``[127.0.0.1]evil.example``, ``a:b:c``, an empty host)."""
    m = _HOST.fullmatch(host.strip().lower())
    if m is None:
        return None
    name = m["name"]
    if m["v6"] is not None:
        try:
            name = str(ipaddress.IPv6Address(m["v6"]))
        except ValueError:
            return None
    port = int(m["port"]) if m["port"] else None
    if port is not None and port > 65535:
        return None
    return str(name), port


def _host_name(host: str) -> str | None:
    """The name a ``Host`` header gives (see :func:`_split_host`), ``None`` if malformed."""
    found = _split_host(host)
    return None if found is None else found[0]


def _origin(scheme: str, host: str) -> tuple[str, str, int] | None:
    """An origin as ``(scheme, host name, port)``, the port defaulted by the scheme;
    ``None`` for a malformed host or a scheme that is not http(s)."""
    found = _split_host(host)
    if found is None or scheme not in _DEFAULT_PORTS:
        return None
    name, port = found
    return scheme, name, _DEFAULT_PORTS[scheme] if port is None else port


class OriginGuard:
    """ASGI middleware: the ``Host`` and ``Origin`` checks of the module doc."""

    def __init__(self, app: ASGIApp, allowed_hosts: tuple[str, ...], token: str = "") -> None:
        self.app = app
        names = (h.strip().strip("[]") for h in allowed_hosts)
        self.allowed = frozenset(
            n for n in (_host_name(f"[{h}]" if ":" in h else h) for h in names) if n
        )
        self.token = token

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
                ours = _origin(scope.get("scheme", "http"), host)
                scheme, sep, netloc = origin.partition("://")  # RFC 6454: scheme://host[:port]
                theirs = _origin(scheme.lower(), netloc) if sep and "/" not in netloc else None
                if origin == "null" or theirs is None or theirs != ours:
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
            if origin is None and (scope["method"], scope["path"]) in TOKEN_ROUTES:
                sent = headers.get(TOKEN_HEADER, "")
                if not self.token or not hmac.compare_digest(sent.encode(), self.token.encode()):
                    await _refuse(
                        scope,
                        receive,
                        send,
                        403,
                        f"{scope['method']} {scope['path']} needs this server's token in the "
                        "X-CSRF-Token header (GET /api/token gives it), or the dashboard's own "
                        "Origin",
                    )
                    return
        await self.app(scope, receive, send)


async def _refuse(scope: Scope, receive: Receive, send: Send, status: int, message: str) -> None:
    await JSONResponse({"error": message}, status_code=status)(scope, receive, send)


__all__ = ["TOKEN_HEADER", "CsrfGuard", "Forbidden", "OriginGuard"]
