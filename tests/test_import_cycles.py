"""No two of the project's modules import each other, directly or through others.

Every import counts, at the top of a module or inside a function: a cycle hidden
in a function still ties the two modules together. Run as a script
(`python tests/test_import_cycles.py`), it prints every cycle it finds.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Where the project's modules live, and the package name each folder has once
# installed (pyproject.toml): the plugins are in Pelican's namespace.
PACKAGES = {
    "editorial": "editorial",
    "publishing": "publishing",
    "sitecheck": "sitecheck",
    "bench": "bench",
    **{
        f"plugins/{folder.name}": f"pelican.plugins.{folder.name}"
        for folder in sorted((ROOT / "plugins").iterdir())
        if (folder / "__init__.py").is_file()
    },
}
TOP_LEVEL = ("tasks.py", "pelicanconf.py", "publishconf.py")


def project_modules(root=ROOT, packages=None, top_level=TOP_LEVEL):
    """{module name: its file} for every module of the project."""
    modules = {}
    for folder, package in (PACKAGES if packages is None else packages).items():
        for path in sorted((Path(root) / folder).rglob("*.py")):
            parts = list(path.relative_to(Path(root) / folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join([package, *parts])] = path
    for name in top_level:
        if (Path(root) / name).is_file():
            modules[Path(name).stem] = Path(root) / name
    return modules


def imported_names(module, path):
    """Every module name ``module`` imports, as written (absolute); ``from X
    import y`` as X.y, which is a module when y is one and else names X. (Importing
    a package's module runs the package's __init__ first, as every module does:
    not an import of the package's own.)"""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")
                parent = parent[: len(parent) - (node.level - 1)]
                base = ".".join(filter(None, [*parent, node.module or ""]))
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def import_graph(modules):
    """{module: the project's modules it imports}."""
    graph = {}
    for module, path in modules.items():
        edges = set()
        for name in imported_names(module, path):
            # The module itself, or the package whose attribute it names.
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != module:
                edges.add(name)
        graph[module] = edges
    return graph


def cycles(graph):
    """Each group of modules that import one another (Tarjan's strongly
    connected components of more than one module), sorted."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for neighbour in sorted(graph.get(node, ())):
            if neighbour not in index:
                visit(neighbour)
                low[node] = min(low[node], low[neighbour])
            elif neighbour in on_stack:
                low[node] = min(low[node], index[neighbour])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_no_two_modules_of_the_project_import_each_other():
    assert cycles(import_graph(project_modules())) == []


def test_the_graph_holds_the_project_s_imports():
    graph = import_graph(project_modules())
    # A module-level import, a relative one, and one inside a function.
    assert "editorial.site" in graph["editorial.check"]
    assert "pelican.plugins.content_rules.errors" in graph["pelican.plugins.campaign.model"]
    assert "editorial.translation" in graph["editorial.newpost"]
    assert "editorial.newpost" not in graph["editorial.translation"]


def test_a_cycle_is_found_even_through_a_function_and_a_third_module(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from . import b\n")
    (package / "b.py").write_text("def later():\n    from .c import thing\n")
    (package / "c.py").write_text("import pkg.a\nthing = 1\n")
    (package / "d.py").write_text("from pkg import a, b\n")
    modules = project_modules(tmp_path, {"pkg": "pkg"}, ())
    assert cycles(import_graph(modules)) == [["pkg.a", "pkg.b", "pkg.c"]]


def test_two_modules_importing_each_other_are_a_cycle(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "newpost.py").write_text("def f():\n    from .translation import g\n")
    (package / "translation.py").write_text("from .newpost import f\n")
    modules = project_modules(tmp_path, {"pkg": "pkg"}, ())
    assert cycles(import_graph(modules)) == [["pkg.newpost", "pkg.translation"]]


def test_tasks_py_stays_a_few_lines_per_task():
    # Workflow logic lives in the packages; tasks.py only calls them.
    lines = (ROOT / "tasks.py").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 150, len(lines)


if __name__ == "__main__":
    found = cycles(import_graph(project_modules()))
    for group in found:
        print(" <-> ".join(group))
    sys.exit(1 if found else 0)
