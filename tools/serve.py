"""Start the dashboard: `python tools/serve.py [streamlit run options…]`.

Why not plain `streamlit run app.py`: with a `pages/` folder next to app.py,
Streamlit 1.67 runs the very first session after a server start through its
legacy pages-folder navigation, which cannot resolve our url paths and shows a
spurious "Page not found" dialog on a shared deep link. We use st.navigation
only, so we switch the legacy discovery off before the server starts. Plain
`streamlit run app.py` still works; it just shows that dialog once.
"""
from __future__ import annotations

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager

APP = Path(__file__).resolve().parent.parent / "app.py"


def main(argv: list[str]) -> int:
    PagesManager.uses_pages_directory = False
    from streamlit.web import cli

    return cli.main(args=["run", str(APP), *argv], prog_name="streamlit")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
