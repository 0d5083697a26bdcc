"""The layout of core/ holds: no import cycles (module-level or inside a function), no upward imports, no streamlit,
and a checkup on the command line loads none of the report or password libraries. See docs/architecture.md."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "core"

BASE = {"core.errors", "core.i18n", "core._version", "core.sheets", "core.vocab", "core.formatting", "core.datafiles"}
# What each part of core/ may import directly (besides itself). Lower layers never import upper ones.
ALLOWED = {
    "core._version": set(),
    "core.datafiles": set(),
    "core.sheets": set(),
    "core.vocab": set(),
    "core.formatting": {"core.vocab"},
    "core.i18n": {"core.vocab"},
    "core.errors": {"core.i18n", "core.formatting"},
    "core.inventory": BASE,
    "core.advice": BASE | {"core.inventory"},
    "core.reports": BASE | {"core.inventory", "core.advice"},
    "core.exports": BASE | {"core.inventory", "core.reports"},
    "core.storage": {"core.errors"},
    "core.accounts": BASE | {"core.inventory", "core.advice", "core.storage"},
    "core": BASE | {"core.inventory", "core.advice", "core.reports", "core.storage", "core.accounts"},
    "core.cli": BASE | {"core", "core.inventory", "core.advice", "core.reports", "core.exports", "core.storage", "core.accounts"},
    "core.__main__": {"core.cli"},
}
HEAVY = ("altair", "fpdf", "openpyxl", "argon2", "vl_convert", "streamlit", "sqlalchemy", "sqlmodel")
UI = ROOT / "ui"


def module_names(root: Path) -> dict[str, Path]:
    """``core.inventory.calc`` → its file, for every module and package of the tree at ``root``."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def import_graph(*roots: Path) -> dict[str, set[str]]:
    """Every import of one module of the trees by another, at module level and inside functions alike."""
    modules = {name: path for root in roots for name, path in module_names(root).items()}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    mod = ".".join(base + ([node.module] if node.module else []))
                else:
                    mod = node.module or ""
                targets = [f"{mod}.{a.name}" if f"{mod}.{a.name}" in modules else mod for a in node.names]
            for target in targets:
                while target and target not in modules:  # `import core.storage.tables` → that module
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def unit(module: str) -> str:
    """The part of core/ a module belongs to: its subpackage (``core.inventory``) or itself (``core.errors``)."""
    return ".".join(module.split(".")[:2])


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan), each a cycle of imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def package_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for a, targets in graph.items():
        out.setdefault(unit(a), set())
        for b in targets:
            if unit(a) != unit(b):
                out[unit(a)].add(unit(b))
    return out


GRAPH = import_graph(CORE)


def test_the_graph_sees_the_imports_it_should():
    assert "core.inventory.calc" in GRAPH["core.advice.measures"]  # module level
    assert "core.reports.template" in GRAPH["core.cli"]  # inside a function (openpyxl loaded only when needed)
    assert "core.storage.tables" in GRAPH["core.accounts.access"]


def test_no_import_cycle_between_modules():
    assert cycles(GRAPH) == []


def test_no_import_cycle_among_the_ui_helpers_and_core():
    graph = import_graph(CORE, UI)
    assert "ui.staff" in graph["ui.engine"] and "core.accounts.access" in graph["ui.engine"]  # the graph spans both
    assert cycles(graph) == []
    assert cycles(package_graph(graph)) == []


def test_no_import_cycle_between_packages():
    assert cycles(package_graph(GRAPH)) == []


def test_no_upward_imports():
    wrong = sorted(
        (a, b) for a, targets in package_graph(GRAPH).items() for b in targets if b not in ALLOWED.get(a, set())
    )
    assert wrong == []
    assert set(package_graph(GRAPH)) <= set(ALLOWED), "a new part of core/: give it its place in ALLOWED and docs/architecture.md"


# What a function may import (so that `import core` and the CLI start fast): heavy libraries, and the modules of
# ours that load them. Anything else inside a function would be an import placed there to dodge a cycle.
HEAVY_LATE = {"altair", "vl_convert", "pylopdf_fonts_zh_tw", "fontTools", "PIL", "argon2", "segno", "alembic",
              "openpyxl", "sqlalchemy", "fpdf", "tqdm"}  # tqdm: the batch's progress bar, on the command line only
LOADS_HEAVY = {"core.reports", "core.reports.pdf", "core.reports.workbook", "core.reports.template",
               "core.reports.batch", "core.exports", "core.exports.cost", "core.accounts.cli"}
LEFT_TO_OTHERS = {("core.accounts.workshops", "core.sheets"), ("ui.staff", "core.accounts.workshops")}  # core/accounts, staff UI


def late_imports(*roots: Path) -> list[tuple[str, str]]:
    """(module, what it imports) for every import inside a function of the trees."""
    modules = {name: path for root in roots for name, path in module_names(root).items()}
    out = []
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(fn):
                if isinstance(node, ast.Import):
                    out += [(name, a.name) for a in node.names]
                elif isinstance(node, ast.ImportFrom):
                    base = package.split(".")[: len(package.split(".")) - (node.level - 1)] if node.level else []
                    mod = ".".join(base + ([node.module] if node.module else []))
                    everything = set(modules) | LOADS_HEAVY
                    out += [(name, f"{mod}.{a.name}" if f"{mod}.{a.name}" in everything else mod) for a in node.names]
    return sorted(set(out))


def test_imports_inside_functions_are_for_heavy_libraries_only():
    dodges = [(m, target) for m, target in late_imports(CORE, UI)
              if target.split(".")[0] not in HEAVY_LATE | sys.stdlib_module_names
              and target not in LOADS_HEAVY and (m, target) not in LEFT_TO_OTHERS]
    assert dodges == []


def test_no_core_module_imports_streamlit():
    users = []
    for name, path in module_names(CORE).items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            mods = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            users += [name for m in mods if m.split(".")[0] == "streamlit"]
    assert users == []


def test_the_checker_catches_a_cycle_hidden_inside_a_function(tmp_path):
    pkg = tmp_path / "core"
    (pkg / "inventory").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "inventory" / "__init__.py").write_text("")
    (pkg / "inventory" / "calc.py").write_text("from ..advice import measures\n")
    (pkg / "advice").mkdir()
    (pkg / "advice" / "__init__.py").write_text("")
    (pkg / "advice" / "measures.py").write_text("def f():\n    from ..inventory.calc import x\n    return x\n")
    graph = import_graph(pkg)
    assert cycles(graph) == [["core.advice.measures", "core.inventory.calc"]]
    assert cycles(package_graph(graph)) == [["core.advice", "core.inventory"]]


def _loaded_after(code: str) -> list[str]:
    probe = code + f"\nimport json, sys\nprint(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})))"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("code", [
    "import core\nimport core.cli",
    "import contextlib, io\nfrom core.cli import main\n"
    "with contextlib.redirect_stdout(io.StringIO()):\n    assert main(['checkup', 'examples/screws.yaml']) == 0",
])
def test_a_checkup_does_not_load_reports_or_password_libraries(code):
    assert _loaded_after(code) == []


def test_docs_architecture_names_every_package_and_module():
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [str(p.relative_to(CORE)) for p in CORE.rglob("*.py")
               if p.name not in ("__init__.py", "__main__.py") and p.name not in doc]
    missing += [p.name + "/" for p in CORE.iterdir() if (p / "__init__.py").exists() and p.name + "/" not in doc]
    assert missing == []


def test_the_late_import_check_sees_an_import_placed_to_dodge_a_cycle(tmp_path):
    pkg = tmp_path / "ui"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "engine.py").write_text("def save():\n    from .staff import after_save\n    import altair\n")
    (pkg / "staff.py").write_text("from .engine import save\n")
    assert late_imports(pkg) == [("ui.engine", "altair"), ("ui.engine", "ui.staff")]


def test_the_apps_frame_loads_no_report_or_password_library():
    """What app.py loads on every first visit: the page helpers, not altair, fpdf, openpyxl or argon2."""
    loaded = _loaded_after("import ui.engine, ui.staff, ui.state, ui.widgets, ui.i18n")
    assert [m for m in loaded if m.split(".")[0] in ("altair", "fpdf", "openpyxl", "argon2", "vl_convert")] == []
