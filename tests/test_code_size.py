"""Size limits of our code (STYLE.md): no module over 400 lines, no function or method over 60 lines.

Reads the project's own Python with `ast` (not the tests, the migrations or the virtualenv). A module that grows
past the limit becomes a package split by subject; a function, a few named by their steps.
"""

import ast
import os
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
# The benchmark seeder writes its 100k rows as one sequence of bulk inserts; no request runs it.
EXEMPT_FUNCTIONS = {("startups/management/commands/bench.py", "Command.seed")}
SKIPPED_DIRECTORIES = {"tests", "migrations", "node_modules", "__pycache__", "media", "staticfiles", "test-artifacts"}


def project_modules(root: Path = ROOT):
    """The paths of our Python modules below `root`, relative to it, in a stable order."""
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(
            name for name in subdirectories if not name.startswith(".") and name not in SKIPPED_DIRECTORIES
        )
        for name in sorted(files):
            if name.endswith(".py"):
                yield Path(directory, name).relative_to(root)


def function_lengths(source: str):
    """(qualified name, lines from `def` to the last line) of every function and method, nested ones included."""

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    yield name, child.end_lineno - child.lineno + 1
                yield from visit(child, f"{name}.")
            else:
                yield from visit(child, prefix)

    yield from visit(ast.parse(source), "")


def long_modules(root: Path = ROOT) -> list[str]:
    found = []
    for path in project_modules(root):
        lines = len((root / path).read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            found.append(f"{path.as_posix()}: {lines} lines")
    return found


def long_functions(root: Path = ROOT) -> list[str]:
    found = []
    for path in project_modules(root):
        for name, lines in function_lengths((root / path).read_text(encoding="utf-8")):
            if lines > MAX_FUNCTION_LINES and (path.as_posix(), name) not in EXEMPT_FUNCTIONS:
                found.append(f"{path.as_posix()}: {name} has {lines} lines")
    return found


def test_no_module_is_over_400_lines():
    assert long_modules() == []


def test_no_function_is_over_60_lines():
    assert long_functions() == []


def test_the_exempt_functions_still_exist():
    for path, name in EXEMPT_FUNCTIONS:
        assert name in dict(function_lengths((ROOT / path).read_text(encoding="utf-8"))), (path, name)


def test_the_walk_reads_our_apps_and_skips_tests_and_migrations():
    paths = {path.as_posix() for path in project_modules()}
    assert {"manage.py", "events/models/event.py", "hubportal/settings/base.py"} <= paths
    assert not [path for path in paths if path.startswith("tests/") or "/migrations/" in path]


def test_the_limits_catch_a_long_module_and_a_long_method(tmp_path):
    body = "\n".join(f"        x{i} = {i}" for i in range(MAX_FUNCTION_LINES - 1))
    (tmp_path / "fits.py").write_text(f"class A:\n    def fits(self):\n{body}\n")
    (tmp_path / "long.py").write_text(f"class A:\n    def long(self):\n{body}\n        return 0\n")
    (tmp_path / "big.py").write_text("x = 1\n" * (MAX_MODULE_LINES + 1))
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "0001.py").write_text("x = 1\n" * (MAX_MODULE_LINES + 1))
    assert long_functions(tmp_path) == [f"long.py: A.long has {MAX_FUNCTION_LINES + 1} lines"]
    assert long_modules(tmp_path) == [f"big.py: {MAX_MODULE_LINES + 1} lines"]


def test_nested_functions_count_on_their_own():
    source = textwrap.dedent("""
        def outer():
            def inner():
                return 1
            return inner
    """)
    assert dict(function_lengths(source)) == {"outer": 4, "outer.inner": 2}


def test_the_readme_stays_short_for_newcomers():
    """Setup, demo, features, configuration and layout in under 200 lines; the internals live in docs/."""
    lines = (ROOT / "README.md").read_text().splitlines()
    assert len(lines) < 200, f"README.md has {len(lines)} lines: move details to docs/"
    for name in ("matching", "security", "benchmarks", "production", "api"):
        assert f"docs/{name}.md" in "\n".join(lines), f"README does not link docs/{name}.md"
