"""Deprecations fail the tests: Python's (pytest.ini) and Streamlit's own, which it logs instead of warning."""
from __future__ import annotations

import warnings

import pytest

from tests.conftest import streamlit_deprecations


def test_a_deprecation_warning_is_an_error():
    with pytest.raises(DeprecationWarning):
        warnings.warn("this API goes away", DeprecationWarning, stacklevel=1)


def test_streamlit_deprecation_messages_are_seen(streamlit_deprecation_log):
    """If Streamlit moves its deprecation reporting, this fails, and the guard in conftest needs updating."""
    from streamlit import deprecation_util   # private: only to prove that the guard sees what it reports

    with streamlit_deprecations() as messages:
        deprecation_util.show_deprecation_warning("`st.example` will be removed", show_in_browser=False)
    assert messages == ["`st.example` will be removed"]
    assert streamlit_deprecation_log == messages   # what the autouse guard would fail this test on
    streamlit_deprecation_log.clear()
