"""The dashboard's public address as the viewer reached it, for links the app writes into files.

Why: behind a load balancer the replica runs on some internal address, and a
link built from that (say http://10.0.3.7:8501/) is useless to the colleague
who receives an exported deck. The viewer's browser reached the dashboard at
the public origin, and the proxy tells the app which one: `X-Forwarded-Host`
(HAProxy sets it from the Host the browser sent; other proxies rewrite Host
itself), `X-Forwarded-Proto`, or plain `Host` when nothing sits in between.
The sub-path is the app's own `server.baseUrlPath`: every replica serves under
the same prefix, so paths pass through the proxy unchanged.

Headers come from outside, so each one is checked: only a bare host name or IP
address with an optional port, only http or https. A header that fails is
ignored and the next source is tried; with none left the caller gets None and
writes a relative link instead. A crafted header can only ever change the link
in the requester's own export, never the page.

`public_base` is pure (tested without Streamlit); `current_base` reads the
headers of this session's websocket request.
"""
from __future__ import annotations

import re
from typing import Mapping
from urllib.parse import quote

# A DNS name (labels of letters, digits and inner hyphens), an IPv4 address or a bracketed IPv6
# address, then an optional port. Nothing else: no user info, path, spaces or markup.
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST = re.compile(rf"^(?P<name>{_LABEL}(?:\.{_LABEL})*\.?|\[[0-9A-Fa-f:.]{{2,45}}\])(?::(?P<port>[0-9]{{1,5}}))?$")
_PATH_SEGMENT = re.compile(r"^[A-Za-z0-9._~-]+$")
SCHEMES = ("http", "https")


def _first(value: str | None) -> str:
    """The first entry of a comma-separated header (the hop nearest the viewer), trimmed."""
    return (value or "").split(",", 1)[0].strip()


def clean_host(value: str | None) -> str | None:
    """`value` if it is a plain host[:port] (port 1-65535), lower-cased; otherwise None."""
    host = _first(value)
    match = _HOST.match(host) if len(host) <= 260 else None
    if not match:
        return None
    port = match.group("port")
    if port is not None and not 0 < int(port) <= 65535:
        return None
    return host.lower()


def clean_base_path(base_path: str | None) -> str:
    """server.baseUrlPath as '/seg/seg' ('' at the root); unsafe segments are percent-encoded."""
    segments = [s for s in (base_path or "").split("/") if s]
    return "".join("/" + (s if _PATH_SEGMENT.match(s) else quote(s, safe="")) for s in segments)


def public_base(headers: Mapping[str, str], base_path: str | None) -> str | None:
    """'https://intranet.example/china-ai/' from the request headers, or None if no host can be trusted.

    `headers` maps header names to values (any case). X-Forwarded-Host wins over
    Host (a proxy may have rewritten Host to the replica's address); the first
    entry of a list is the one the viewer's browser sent. The scheme defaults to
    http when X-Forwarded-Proto is missing or not http/https.
    """
    lower = {str(k).lower(): str(v) for k, v in headers.items()}
    host = clean_host(lower.get("x-forwarded-host")) or clean_host(lower.get("host"))
    if host is None:
        return None
    scheme = _first(lower.get("x-forwarded-proto")).lower()
    scheme = scheme if scheme in SCHEMES else "http"
    return f"{scheme}://{host}{clean_base_path(base_path)}/"


def page_url(base: str | None, url_path: str) -> str | None:
    """The address of one page ('' for the default page, which is the base itself)."""
    if base is None:
        return None
    return base + quote(url_path.strip("/"), safe="/-_.~")


def current_base() -> str | None:
    """public_base for this session (None without a browser session, e.g. in AppTest)."""
    import streamlit as st

    try:
        headers = st.context.headers.to_dict()
    except Exception:  # noqa: BLE001 - no session context: the caller writes a relative link
        return None
    return public_base(headers, st.get_option("server.baseUrlPath"))
