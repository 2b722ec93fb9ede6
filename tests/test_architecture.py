"""The folder listing is the architecture: imports run one way down the pipeline.

Every `import reportgen.…` in the package (at the top of a module or inside a
function, but not under `if TYPE_CHECKING:`) is an edge of the import graph.
A module may import only modules of its own stage or of earlier stages, and
the graph has no cycle at all.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "reportgen"

# Stages in pipeline order; a module belongs to the first prefix that matches it.
# Lint, the archive, the importer, the web editor and the command line stand beside
# the pipeline, over its library API (build), so they come after it.
STAGES = [
    ("foundations", ["reportgen", "reportgen.errors", "reportgen.typography", "reportgen.units",
                     "reportgen.layout", "reportgen.limits", "reportgen.cache"]),
    ("load", ["reportgen.load"]),
    ("validate", ["reportgen.schema", "reportgen.validate", "reportgen.numbering_check"]),
    ("figures", ["reportgen.catalogue", "reportgen.ledger", "reportgen.figures", "reportgen.stale"]),
    ("compose", ["reportgen.templates", "reportgen.compose", "reportgen.document"]),
    ("paginate", ["reportgen.fonts", "reportgen.calibration", "reportgen.paginate"]),
    ("render", ["reportgen.render"]),
    ("publish", ["reportgen.publish"]),
    ("build", ["reportgen.build"]),
    ("beside", ["reportgen.lint", "reportgen.calibrate", "reportgen.archive", "reportgen.importer",
                "reportgen.scaffold", "reportgen.batch", "reportgen.json_schema", "reportgen.web"]),
    ("command line", ["reportgen.cli", "reportgen.workflow_cli", "reportgen.__main__"]),
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage_of(module: str) -> int:
    best = None
    for rank, (_, prefixes) in enumerate(STAGES):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and (best is None or len(prefix) > best[1]):
                best = (rank, len(prefix))
    assert best is not None, f"{module} belongs to no stage: add it to STAGES in {__file__}"
    return best[0]


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports_of(path: Path, name: str | None = None) -> set[str]:
    """The reportgen modules and packages the module at `path` (named `name`, by default
    from where it stands) imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = name or module_name(path)
    package = name.rsplit(".", 1)[0] if path.name != "__init__.py" else name
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking_only(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("reportgen"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.startswith("reportgen"):
                found.add(target)
                # `from reportgen.figures import view` imports a module, `from reportgen import
                # figures` a package: not names.
                for alias in node.names:
                    where = PACKAGE.parent / Path(*f"{target}.{alias.name}".split("."))
                    if where.with_suffix(".py").exists() or (where / "__init__.py").exists():
                        found.add(f"{target}.{alias.name}")
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return {module_name(path): imports_of(path) for path in sorted(PACKAGE.rglob("*.py"))}


def test_every_module_belongs_to_a_stage(graph):
    for module in graph:
        stage_of(module)


def test_imports_run_one_way_down_the_pipeline(graph):
    upward = [
        f"{module} ({STAGES[stage_of(module)][0]}) imports {target} ({STAGES[stage_of(target)][0]})"
        for module, targets in graph.items()
        for target in targets
        if target in graph and stage_of(target) > stage_of(module)
    ]
    assert not upward, "\n".join(upward)


def test_the_import_graph_has_no_cycle(graph):
    # A module's package __init__ runs before it, so importing a.b also imports a.
    edges = {m: {t for t in ts if t in graph and t != m and not m.startswith(t + ".")} for m, ts in graph.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in sorted(edges[module]):
            if state.get(target) == 1:
                cycle = [*stack[stack.index(target):], target]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if target not in state:
                visit(target)
        stack.pop()
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module)


def test_the_checker_sees_function_level_imports():
    source = PACKAGE / "build.py"
    assert "reportgen.compose" in imports_of(source)
    assert any(t.startswith("reportgen.render") for t in imports_of(source))


def test_the_checker_sees_modules_and_packages_imported_by_name(tmp_path):
    source = tmp_path / "probe.py"
    source.write_text("from reportgen import figures, limits\nfrom . import paginate\nfrom .render import pdf\n",
                      encoding="utf-8")
    found = imports_of(source, "reportgen.probe")
    assert {"reportgen.figures", "reportgen.limits", "reportgen.paginate", "reportgen.render.pdf"} <= found
