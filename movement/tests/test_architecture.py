"""The house rules of docs/architecture.md, checked on the source with `ast`.

- No import cycles between the project's modules. Imports inside functions
  count too: a lazy import hides a cycle from Python, not from a reader.
- Domain apps (home, news, events, manifesto, search) never import each
  other; what they share goes through `movement` (the combined feed's
  registry, the shared blocks and snippets).
- `movement/`'s root holds only the movement's own content and app wiring;
  the API, caches, security, accounts and operations live in subpackages.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT_PACKAGES = ("movement", "home", "news", "events", "manifesto", "search", "bench")
DOMAIN_APPS = ("home", "news", "events", "manifesto", "search")
MOVEMENT_ROOT_MODULES = {
    # the app's own content
    "models",
    "blocks",
    "mixins",
    "seo",
    "images",
    "demo",
    "feed",
    # app wiring
    "__init__",
    "apps",
    "urls",
    "wsgi",
    "wagtail_hooks",
}


def _module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _project_modules():
    """Every non-test, non-migration module of the project: name -> path."""
    modules = {}
    for package in PROJECT_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).parts
            if "migrations" in parts or "tests" in parts:
                continue
            modules[_module_name(path)] = path
    return modules


def _imports(name, path, modules):
    """The project modules that `name` imports, anywhere in its body."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            # `from package import module` imports the module
            targets = [module] + [f"{module}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            # the nearest project module a dotted name names
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def _graph():
    modules = _project_modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _cycles(graph):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, result = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            # A package's __init__ importing its own modules is no cycle.
            if len(component) > 1:
                result.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return result


def test_the_graph_sees_the_project():
    graph = _graph()
    assert "movement.caching.structure" in graph["movement.models"]
    assert "movement.feed" in graph["news.feed"]
    assert len(graph) > 60


def test_a_cycle_is_found():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycles():
    cycles = _cycles(_graph())
    assert not cycles, (
        "Import cycles (break them: move the shared part down, or look models up with apps.get_model): "
        + "; ".join(" ↔ ".join(cycle) for cycle in cycles)
    )


def test_domain_apps_never_import_each_other():
    crossings = []
    for name, imported in _graph().items():
        app = name.split(".")[0]
        if app not in DOMAIN_APPS:
            continue
        for target in imported:
            other = target.split(".")[0]
            if other in DOMAIN_APPS and other != app:
                crossings.append(f"{name} → {target}")
    assert not crossings, "A domain app imports another (share it through movement/): " + ", ".join(sorted(crossings))


def test_movement_root_holds_only_content_and_wiring():
    stray = sorted(path.stem for path in (ROOT / "movement").glob("*.py") if path.stem not in MOVEMENT_ROOT_MODULES)
    assert not stray, f"Put these under a movement/ subpackage by concern (docs/architecture.md): {stray}"
    vague = [str(path) for package in PROJECT_PACKAGES for path in (ROOT / package).rglob("utils.py")]
    assert not vague, f"Name a module for what it does, not `utils`: {vague}"
