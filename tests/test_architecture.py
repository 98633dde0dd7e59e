"""The layering holds: builders import no Streamlit, only the data layer reads files, tests stay in tests/.

Read from the source with `ast` (nothing is imported or run), so this is a
fast unit test that names the file, line and rule a change breaks:
- chart and map builders, the row logic behind each page and (as they
  appear) the view models import no Streamlit, not even through another
  module of ours;
- only the data layer (components/data/data_layer.py, components/data/datasets.py)
  opens, lists or reads files, or names the data folder;
- the app (app.py, pages/, components/, tools/) never uses Streamlit's test
  harness (AppTest) and never parses source code; bench/ and tools/ import
  nothing from tests/.

PENDING lists what breaks a rule today and is being removed (nothing now);
a pending entry that no longer breaks its rule fails too, so the list only
shrinks.
"""
from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

import pytest

from tests.conftest import ROOT

# Modules that must never import Streamlit, directly or through another module of ours. New
# sub-packages for view models, charts and maps are covered by the globs as they are created.
STREAMLIT_FREE = [
    "components/data/schemas.py", "components/data/datasets.py", "components/data/source_names.py",
    "components/theme.py", "components/pages.py", "components/format.py",
]
# Whole sub-packages that must stay Streamlit-free: view models, domain logic, chart and map builders, the export.
STREAMLIT_FREE_GLOBS = ["components/views/**/*.py", "components/domain/**/*.py", "components/charts/**/*.py",
                        "components/geo/**/*.py", "components/export/**/*.py"]

DATA_LAYER = {"components/data/data_layer.py", "components/data/datasets.py"}
APP_CODE_GLOBS = ["app.py", "pages/**/*.py", "components/**/*.py"]
PRODUCTION_GLOBS = [*APP_CODE_GLOBS, "tools/**/*.py"]   # bench/profile_pages.py profiles pages with AppTest on purpose

# Calls that read or list files. `open(...)` as a plain name is the builtin; `X.open` is left alone
# (PIL's Image.open reads the bytes it is given).
FILE_METHODS = {"read_text", "read_bytes", "iterdir", "glob", "rglob", "listdir", "scandir", "walk", "load",
                "loadtxt", "read_csv", "read_json", "read_excel", "read_parquet", "read_table", "read_fwf"}
FILE_MODULES = {"os", "json", "pd", "pandas", "np", "numpy", "Path", "pathlib", "glob", "shutil"}

# rule -> {file: why it is allowed for now}
PENDING: dict[str, dict[str, str]] = {}


def _files(patterns: list[str]) -> list[Path]:
    found = {path for pattern in patterns for path in ROOT.glob(pattern) if path.is_file()}
    return sorted(found)


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@lru_cache(maxsize=None)
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imports(path: Path) -> list[tuple[str, int]]:
    """Every module `path` imports (at any depth of the file), absolute, with its line."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    out = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            out += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            out.append((base, node.lineno))
            out += [(f"{base}.{alias.name}", node.lineno) for alias in node.names]
    return out


def _our_file(module: str) -> Path | None:
    for candidate in (ROOT / (module.replace(".", "/") + ".py"), ROOT / module.replace(".", "/") / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _streamlit_chain(path: Path, seen: set[Path] | None = None) -> list[str] | None:
    """The import chain from `path` to Streamlit (['a.py:3 components.b', 'b.py:7 streamlit']), or None."""
    seen = set() if seen is None else seen
    if path in seen:
        return None
    seen.add(path)
    for module, line in _imports(path):
        step = f"{_rel(path)}:{line} imports {module}"
        if module == "streamlit" or module.startswith("streamlit."):
            return [step]
        target = _our_file(module) if module.split(".")[0] == "components" else None
        if target is not None:
            rest = _streamlit_chain(target, seen)
            if rest:
                return [step, *rest]
    return None


def test_the_streamlit_free_list_names_real_files():
    missing = [name for name in STREAMLIT_FREE if not (ROOT / name).is_file()]
    assert not missing, f"listed as Streamlit-free but not found (renamed? update the list): {missing}"


@pytest.mark.parametrize("path", _files(STREAMLIT_FREE + STREAMLIT_FREE_GLOBS), ids=_rel)
def test_builders_and_view_logic_import_no_streamlit(path):
    chain = _streamlit_chain(path)
    assert chain is None, "reaches Streamlit: " + " -> ".join(chain)


def test_the_rules_see_what_they_look_for():
    """The checks are not vacuous: they find Streamlit in layout.py and the reads in the data layer."""
    assert _streamlit_chain(ROOT / "components" / "ui" / "layout.py")
    data = ROOT / "components" / "data"
    reads = _file_reads(data / "data_layer.py") + _file_reads(data / "datasets.py")
    assert any("read_bytes" in r for r in reads) and any("data folder" in r for r in reads)


def _file_reads(path: Path) -> list[str]:
    return _reads_in(_tree(path), _rel(path))


def _reads_in(tree: ast.Module, name: str) -> list[str]:
    """Where the code opens, lists or reads files, or names the data folder."""
    found = []
    for node in ast.walk(tree):
        where = f"{name}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "open":
                found.append(f"{where} open()")
            elif isinstance(func, ast.Attribute) and func.attr in FILE_METHODS:
                receiver = func.value.id if isinstance(func.value, ast.Name) else None
                if func.attr in ("read_text", "read_bytes", "iterdir", "glob", "rglob") or receiver in FILE_MODULES:
                    found.append(f"{where} .{func.attr}()")
        if _names_data_folder(node):
            found.append(f"{where} names the data folder")
    return found


def _is_data(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip("/") == "data"


def _names_data_folder(node: ast.AST) -> bool:
    """`… / "data"`, `Path(…, "data")`, `os.path.join(…, "data")`, or the data-folder setting."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        return _is_data(node.left) or _is_data(node.right)
    if isinstance(node, ast.Call):
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        return name in ("Path", "PurePath", "join") and any(_is_data(arg) for arg in node.args)
    return isinstance(node, ast.Constant) and node.value == "HCAI_DATA_DIR"


def _offenders(patterns: list[str], check) -> dict[str, list[str]]:
    return {name: hits for name, hits in ((_rel(p), check(p)) for p in _files(patterns)) if hits}


def _assert_only_pending(rule: str, offenders: dict[str, list[str]]) -> None:
    pending = PENDING.get(rule, {})
    new = {name: hits for name, hits in offenders.items() if name not in pending}
    assert not new, f"{rule} outside where it belongs: {new}"
    fixed = sorted(set(pending) - set(offenders))
    assert not fixed, f"no longer {rule}: remove {fixed} from PENDING[{rule!r}] in {_rel(Path(__file__))}"


def test_only_the_data_layer_reads_files():
    offenders = _offenders(APP_CODE_GLOBS, lambda p: [] if _rel(p) in DATA_LAYER else _file_reads(p))
    _assert_only_pending("reads files", offenders)


def test_the_file_read_rule_sees_each_way_of_reading():
    sample = ast.parse("import json, pandas as pd\nfrom pathlib import Path\n"
                       "a = open('x')\nb = Path('x').read_text()\nc = pd.read_csv('x')\nd = json.load(a)\n"
                       "e = Path(__file__).parent / 'data'\nrow = {'data': 1}\nf = PIL.Image.open(io.BytesIO(b''))\ng = json.loads('1')\n")
    hits = sorted(_reads_in(sample, "sample.py"), key=lambda h: int(h.split(":")[1].split()[0]))
    assert [h.split(" ", 1)[1] for h in hits] == ["open()", ".read_text()", ".read_csv()", ".load()",
                                                  "names the data folder"]


def _uses_apptest(path: Path) -> list[str]:
    return [f"{_rel(path)}:{node.lineno}" for node in ast.walk(_tree(path))
            if (isinstance(node, ast.Name) and node.id == "AppTest")
            or (isinstance(node, ast.Attribute) and node.attr == "AppTest")
            or (isinstance(node, ast.alias) and node.name.split(".")[-1] == "AppTest")]


def test_no_apptest_outside_tests():
    _assert_only_pending("uses AppTest", _offenders(PRODUCTION_GLOBS, _uses_apptest))


def _parses_source(path: Path) -> list[str]:
    return [f"{_rel(path)}:{node.lineno}" for node in ast.walk(_tree(path))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "ast" and node.func.attr == "parse"]


def test_the_app_does_not_parse_source_code():
    _assert_only_pending("parses source code", _offenders(APP_CODE_GLOBS, _parses_source))


def test_bench_and_tools_import_nothing_from_tests():
    offenders = {_rel(p): [f"line {line}: {module}" for module, line in _imports(p) if module.split(".")[0] == "tests"]
                 for p in _files(["bench/**/*.py", "tools/**/*.py"])}
    assert not {name: hits for name, hits in offenders.items() if hits}
