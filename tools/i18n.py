#!/usr/bin/env python3
"""The translation workflow, with Babel's own tooling: extract, update, compile, check.

    python3 tools/i18n.py update    # extract _()/N_()/ngettext() strings -> messages.pot, merge into zh's .po, compile
    python3 tools/i18n.py compile   # .po -> .mo (the app reads the compiled catalogue; both ship)
    python3 tools/i18n.py check     # fail if a string lacks a translation, is fuzzy, or the .mo is stale

Why shipped .mo files: the quick start stays two commands; tests check the
.mo matches its .po, so a forgotten compile fails CI instead of showing English.
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from components.i18n import DOMAIN, LOCALE_DIR  # noqa: E402

POT = LOCALE_DIR / f"{DOMAIN}.pot"
SOURCES = ["app.py", "pages", "components"]
KEYWORDS = ["-k", "_", "-k", "N_", "-k", "ngettext:1,2"]


def po_path(lang: str = "zh") -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _babel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract() -> None:
    _babel("extract", "--no-default-keywords", *KEYWORDS, "--sort-by-file", "--no-wrap",
           "--project", "healthcare-ai-china", "-o", str(POT), *[str(ROOT / s) for s in SOURCES])
    # Locations relative to the repo, so the file does not change with the checkout's path.
    text = POT.read_text(encoding="utf-8").replace(str(ROOT) + "/", "")
    POT.write_text(text, encoding="utf-8")


def update() -> None:
    extract()
    if po_path().exists():
        _babel("update", "--no-wrap", "--ignore-obsolete", "--no-fuzzy-matching", "-i", str(POT), "-d", str(LOCALE_DIR), "-D", DOMAIN,
               "-l", "zh")
    else:
        _babel("init", "--no-wrap", "-i", str(POT), "-d", str(LOCALE_DIR), "-D", DOMAIN, "-l", "zh")


def compiled_bytes(lang: str = "zh") -> bytes:
    with po_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def compile_catalogues() -> None:
    po_path().with_suffix(".mo").write_bytes(compiled_bytes())


def problems(lang: str = "zh") -> list[str]:
    """Untranslated or fuzzy strings, and a .mo that does not match its .po."""
    with po_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    found = []
    for message in catalog:
        if not message.id:
            continue
        text = message.string if isinstance(message.string, str) else "".join(message.string)
        if not text:
            found.append(f"untranslated: {message.id!r} ({', '.join(f'{f}:{n}' for f, n in message.locations)})")
        elif message.fuzzy:
            found.append(f"fuzzy: {message.id!r}")
    mo = po_path(lang).with_suffix(".mo")
    if not mo.exists() or mo.read_bytes() != compiled_bytes(lang):
        found.append(f"{mo.relative_to(ROOT)} is stale: run python3 tools/i18n.py compile")
    return found


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "update":
        update()
        compile_catalogues()
    elif command == "compile":
        compile_catalogues()
    elif command == "check":
        found = problems()
        print("\n".join(found) or "catalogue complete")
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
