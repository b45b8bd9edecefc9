"""Apps depend one way (STYLE.md, "How apps depend on each other"; README, "Layout").

Reads every module of the project (not the tests, not the migrations) with `ast`: its imports, also those inside
functions, `import_module("…")`, `apps.get_model("label", …)` and lazy model references such as
`ForeignKey("startups.Startup")`. Fails on a dependency that points up a layer, and on apps of one layer that
depend on each other in a circle. The project package offers extension points instead of importing an app.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Lowest layer first; a module may depend on its own layer and the ones below.
LAYERS = [
    {"hubportal"},
    {"hubs"},
    {"startups", "events"},
    {"matching", "calls", "agency"},
    {"api"},
]
LAYER = {package: level for level, packages in enumerate(LAYERS) for package in packages}
# App labels (in apps.get_model and model references) that are not a top-level package's name.
LABELS = {"users": "hubportal", "mail": "hubportal", "core": "hubportal"}
MODEL_FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField"}
NOT_SCANNED = {"tests", "migrations"}


@dataclass(frozen=True)
class Dependency:
    path: str
    line: int
    source: str  # the top-level package of the file
    target: str  # the top-level package it depends on
    code: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.code} ({self.source} → {self.target})"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _target_of_label(label: str) -> str | None:
    label = label.split(".")[0]
    return LABELS.get(label, label if label in LAYER else None)


def _targets(node: ast.AST, package: list[str]) -> list[str]:
    """Top-level packages (or, for labels, apps) that `node` names, before filtering out the third-party ones."""
    if isinstance(node, ast.Import):
        return [alias.name.split(".")[0] for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        if node.level:
            base = package[: len(package) - node.level + 1]
            return [base[0]] if base else []
        return [node.module.split(".")[0]] if node.module else []
    if not isinstance(node, ast.Call):
        return []
    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
    first = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "to"), None)
    if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
        return []
    if name == "import_module":
        return [first.value.split(".")[0]]
    if name == "get_model" or (name in MODEL_FIELDS and "." in first.value):
        target = _target_of_label(first.value)
        return [target] if target else []
    return []


def dependencies_in(source_code: str, path: Path) -> list[Dependency]:
    """The first-party dependencies of one module, with line and code."""
    module = module_name(path)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    own = module.split(".")[0]
    found = []
    for node in ast.walk(ast.parse(source_code, filename=str(path))):
        for target in _targets(node, package):
            if target in LAYER and target != own:
                code = ast.get_source_segment(source_code, node) or ast.unparse(node)
                found.append(Dependency(str(path.relative_to(ROOT)), node.lineno, own, target, " ".join(code.split())))  # type: ignore[attr-defined]  # statements have a line
    return sorted(found, key=lambda d: (d.path, d.line))


def patches_in(source_code: str, path: Path) -> list[str]:
    """Assignments to an attribute of another first-party package's module or class: a patch at start-up."""
    own = module_name(path).split(".")[0]
    tree = ast.parse(source_code, filename=str(path))
    foreign = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and not node.level and node.module:
            if node.module.split(".")[0] in LAYER and node.module.split(".")[0] != own:
                foreign |= {alias.asname or alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            foreign |= {
                alias.asname or alias.name.split(".")[0]
                for alias in node.names
                if alias.name.split(".")[0] in LAYER and alias.name.split(".")[0] != own
            }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        else:
            continue
        for target in targets:
            while isinstance(target, ast.Attribute) and isinstance(target.value, ast.Attribute):
                target = target.value
            if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id in foreign:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node).splitlines()[0]}")
    return found


def project_packages() -> list[Path]:
    return sorted(p.parent for p in ROOT.glob("*/__init__.py") if p.parent.name not in NOT_SCANNED)


def project_modules() -> list[Path]:
    return [
        path
        for package in project_packages()
        for path in sorted(package.rglob("*.py"))
        if not NOT_SCANNED & set(path.relative_to(ROOT).parts)
    ]


def all_dependencies() -> list[Dependency]:
    return [dep for path in project_modules() for dep in dependencies_in(path.read_text(encoding="utf-8"), path)]


def upward(dependencies) -> list[Dependency]:
    return [dep for dep in dependencies if LAYER[dep.target] > LAYER[dep.source]]


def cycles(dependencies) -> list[list[str]]:
    """Circles of apps of one layer that depend on each other (each circle once, starting at its first app)."""
    graph: dict[str, set[str]] = {}
    for dep in dependencies:
        if LAYER[dep.target] == LAYER[dep.source]:
            graph.setdefault(dep.source, set()).add(dep.target)
    found = []

    def walk(path: list[str]) -> None:
        for nxt in sorted(graph.get(path[-1], ())):
            if nxt == path[0]:
                found.append(path)
            elif nxt not in path and nxt > path[0]:
                walk([*path, nxt])

    for start in sorted(graph):
        walk([start])
    return found


def describe_cycle(circle: list[str], dependencies) -> str:
    lines = [" → ".join([*circle, circle[0]])]
    for source, target in zip(circle, [*circle[1:], circle[0]], strict=True):
        lines += [f"  {dep}" for dep in dependencies if (dep.source, dep.target) == (source, target)][:3]
    return "\n".join(lines)


def test_every_package_has_a_layer():
    packages = [path.name for path in project_packages()]
    assert set(packages) >= {"hubportal", "hubs", "startups", "events", "matching", "agency"}
    assert [name for name in packages if name not in LAYER] == [], "add the new app to LAYERS and the README"


def test_no_dependency_points_up():
    found = upward(all_dependencies())
    assert not found, "dependencies that point up a layer:\n" + "\n".join(map(str, found))


def test_apps_of_one_layer_do_not_depend_on_each_other_in_a_circle():
    dependencies = all_dependencies()
    found = cycles(dependencies)
    assert not found, "circles between apps of one layer:\n" + "\n".join(describe_cycle(c, dependencies) for c in found)


def test_no_module_patches_another_packages_module():
    found = [patch for path in project_modules() for patch in patches_in(path.read_text(encoding="utf-8"), path)]
    assert not found, "register through the other app's extension point instead:\n" + "\n".join(found)


def test_the_scan_reads_every_module_and_finds_the_downward_imports():
    modules = project_modules()
    names = {str(path.relative_to(ROOT)) for path in modules}
    assert "startups/visibility.py" in names and "hubportal/urls.py" in names
    assert not [name for name in names if "/migrations/" in name or name.startswith("tests/")]
    edges = {(dep.source, dep.target) for dep in all_dependencies()}
    assert {("startups", "hubs"), ("events", "hubs"), ("matching", "startups"), ("agency", "events")} <= edges


def test_the_reader_finds_every_kind_of_dependency():
    code = (
        "import os\n"
        "import matching.models\n"
        "from django.db import models\n"
        "from . import visibility\n"
        "from hubs.models import Hub\n"
        "def later():\n"
        "    from agency.models import AdviceRequest\n"
        "    import_module('calls.demo')\n"
        "    apps.get_model('matching', 'Introduction')\n"
        "    apps.get_model('sites', 'Site')\n"
        "class Thing(models.Model):\n"
        "    intro = models.ForeignKey('matching.Introduction', on_delete=models.CASCADE)\n"
        "    user = models.ForeignKey(to='users.User', on_delete=models.CASCADE)\n"
    )

    found = dependencies_in(code, ROOT / "startups" / "example.py")

    assert [(dep.line, dep.target) for dep in found] == [
        (2, "matching"),
        (5, "hubs"),
        (7, "agency"),
        (8, "calls"),
        (9, "matching"),
        (12, "matching"),
        (13, "hubportal"),
    ]
    assert [str(dep) for dep in upward(found)][:2] == [
        "startups/example.py:2: import matching.models (startups → matching)",
        "startups/example.py:7: from agency.models import AdviceRequest (startups → agency)",
    ]
    assert len(upward(found)) == 5


def test_a_patch_of_another_apps_module_is_found():
    code = (
        "from startups import visibility\n"
        "import events.services as event_services\n"
        "from . import selectors\n"
        "def ready():\n"
        "    visibility.introduced_startups = selectors.introduced_startups\n"
        "    event_services.mails.send = print\n"
        "    selectors.cache = {}\n"
    )

    found = patches_in(code, ROOT / "matching" / "apps.py")

    assert found == [
        "matching/apps.py:5: visibility.introduced_startups = selectors.introduced_startups",
        "matching/apps.py:6: event_services.mails.send = print",
    ]


def test_relative_imports_stay_in_their_package():
    found = dependencies_in("from ..roles import x\nfrom ... import y\n", ROOT / "agency" / "admin" / "advice.py")
    assert found == []


def test_a_circle_in_one_layer_is_found_and_a_one_way_pair_is_not():
    def dep(source, target):
        return Dependency("x.py", 1, source, target, f"import {target}")

    assert cycles([dep("startups", "events"), dep("events", "hubs")]) == []
    assert cycles([dep("startups", "events"), dep("events", "startups"), dep("matching", "agency")]) == [
        ["events", "startups"]
    ]
    assert cycles([dep("agency", "matching"), dep("matching", "calls"), dep("calls", "agency")]) == [
        ["agency", "matching", "calls"]
    ]
