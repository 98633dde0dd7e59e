"""The public address the app writes into links: from proxy headers, checked, with a safe fallback."""
from __future__ import annotations

import pytest

from components.ui import export_ui, public_url

BASE = "/china-ai"


def test_plain_host_without_a_proxy():
    assert public_url.public_base({"Host": "127.0.0.1:8501"}, "") == "http://127.0.0.1:8501/"


def test_forwarded_host_and_proto_win_over_the_replicas_host():
    headers = {"host": "10.0.3.7:8501", "x-forwarded-host": "intranet.example",
               "x-forwarded-proto": "https"}
    assert public_url.public_base(headers, BASE) == "https://intranet.example/china-ai/"


def test_header_names_are_case_insensitive_and_lists_use_the_first_hop():
    headers = {"HOST": "app1:8501", "X-Forwarded-Host": "intranet.example:8443, proxy.internal",
               "X-Forwarded-Proto": "HTTPS, http"}
    assert public_url.public_base(headers, BASE) == "https://intranet.example:8443/china-ai/"


def test_a_host_with_another_port_is_kept_as_the_viewer_sent_it():
    assert public_url.public_base({"Host": "dash.example:8080"}, "china-ai/") == "http://dash.example:8080/china-ai/"


@pytest.mark.parametrize("hostile", [
    "evil.com/<script>", "evil.com/path", "user@evil.com", "evil.com:99999", "evil.com:0", "evil.com:80:81",
    "<script>alert(1)</script>", "evil.com\r\nSet-Cookie: x=1", "evil .com", "-evil.com", "evil.com?x=1",
    "javascript:alert(1)", "", " ", "a" * 300, "[::1", "%65vil.com",
])
def test_a_hostile_forwarded_host_falls_back_to_host(hostile):
    headers = {"Host": "dash.example", "X-Forwarded-Host": hostile}
    assert public_url.public_base(headers, BASE) == "http://dash.example/china-ai/"


def test_hostile_host_and_forwarded_host_give_no_base():
    assert public_url.public_base({"Host": "evil.com/<script>", "X-Forwarded-Host": "a b"}, BASE) is None


def test_missing_headers_give_no_base():
    assert public_url.public_base({}, BASE) is None


@pytest.mark.parametrize("proto", ["javascript", "ftp", "https://evil.com", "", "<b>"])
def test_an_unknown_scheme_becomes_http(proto):
    assert public_url.public_base({"Host": "dash.example", "X-Forwarded-Proto": proto}, "") == "http://dash.example/"


def test_ipv6_and_ipv4_hosts():
    assert public_url.public_base({"Host": "[::1]:8501"}, "") == "http://[::1]:8501/"
    assert public_url.public_base({"Host": "192.168.1.20"}, BASE) == "http://192.168.1.20/china-ai/"


def test_the_base_path_is_normalised_and_cannot_inject_markup():
    assert public_url.clean_base_path("/a//b/") == "/a/b"
    assert public_url.clean_base_path(None) == ""
    assert public_url.clean_base_path("x/<script>") == "/x/%3Cscript%3E"


def test_page_url_and_the_reopen_link_under_a_sub_path():
    base = public_url.public_base({"Host": "intranet.example"}, BASE)
    assert public_url.page_url(base, "market-size") == "http://intranet.example/china-ai/market-size"
    assert public_url.page_url(None, "market-size") is None
    params = {"region": ["East"]}
    assert export_ui.view_link(public_url.page_url(base, ""), "", params) == \
        "http://intranet.example/china-ai/?region=East"
    assert export_ui.view_link(public_url.page_url(base, "market-size"), "market-size", params) == \
        "http://intranet.example/china-ai/market-size?region=East"


def test_current_base_without_a_session_is_none():
    assert public_url.current_base() is None
