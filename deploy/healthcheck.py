"""Container health check: exit 0 when this replica's /_stcore/health answers 200 under its sub-path.

Why Python and not curl: the slim base image has no curl, and reading the
port and sub-path from the same STREAMLIT_* variables the server reads means
the check cannot drift from the server's configuration. The deployment test
runs this same module to wait for each replica it starts.
"""
from __future__ import annotations

import os
import sys
import urllib.request

from deploy import settings


def main() -> int:
    port = int(os.environ.get(settings.PORT_VAR, settings.PORT))
    url = settings.health_url("127.0.0.1", port, os.environ.get(settings.BASE_PATH_VAR, ""))
    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            return 0 if response.status == 200 else 1
    except OSError as err:
        print(f"unhealthy: {url}: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
