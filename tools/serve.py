"""Start the dashboard: `python tools/serve.py [streamlit run options…]`.

Why not plain `streamlit run app.py`: with a `pages/` folder next to app.py,
Streamlit runs the very first session after a server start through its
legacy pages-folder navigation, which cannot resolve our url paths and shows a
spurious "Page not found" dialog on a shared deep link. We use st.navigation
only, so we switch the legacy discovery off before the server starts. Plain
`streamlit run app.py` still works; it just shows that dialog once.

Streamlit has no public setting for this: `disable_legacy_pages_folder` sets
a class attribute of its private PagesManager. This module is the one place
that does; tests/test_streamlit_contracts.py fails, naming the Streamlit
version, when an upgrade moves or ignores that attribute.
"""
from __future__ import annotations

import sys
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"


def disable_legacy_pages_folder() -> None:
    """Make every session use app.py's st.navigation, never the legacy pages/ discovery (private API)."""
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


def main(argv: list[str]) -> int:
    disable_legacy_pages_folder()
    from streamlit.web import cli

    return cli.main(args=["run", str(APP), *argv], prog_name="streamlit")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
