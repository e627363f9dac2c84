"""The shape of the code: srmscan's import graph has no cycle, and no module of a provider package imports
the package itself (its __init__ is the provider's face to the core: options, collect, permissions, types)."""

from __future__ import annotations

import ast
from pathlib import Path

SRMSCAN = Path(__file__).resolve().parents[1] / "srmscan"


def _modules() -> dict[str, Path]:
    found = {}
    for path in SRMSCAN.rglob("*.py"):
        parts = path.relative_to(SRMSCAN.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _runtime_nodes(tree: ast.AST):
    """Every node but those under `if TYPE_CHECKING:` (imports for annotations only, never executed)."""
    todo = [tree]
    while todo:
        node = todo.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and getattr(child.test, "id", None) == "TYPE_CHECKING":
                todo.extend(child.orelse)
                continue
            todo.append(child)


def import_graph() -> dict[str, set[str]]:
    """module -> the srmscan modules it imports when it runs, at the top or inside functions."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in _runtime_nodes(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    kept = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(kept + ([base] if base else []))
                targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                continue
            graph[name] |= {target for target in targets if target in modules and target != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (iterative Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_import_graph_has_no_cycle():
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_provider_module_imports_its_own_package():
    graph = import_graph()
    upward = [f"{module} imports {package}" for package in ("srmscan.providers.aws", "srmscan.providers.gcp",
                                                             "srmscan.providers.azure")
              for module, imported in graph.items() if module.startswith(package + ".") and package in imported]
    assert upward == []


def _catalogues():
    from srmscan.providers.aws.services import CATALOGUE as AWS
    from srmscan.providers.azure.reads import CATALOGUE as AZURE
    from srmscan.providers.gcp.reads import CATALOGUE as GCP

    return {"aws": AWS, "azure": AZURE, "gcp": GCP}


def test_every_service_of_every_cloud_is_declared_in_the_one_vocabulary():
    """Each service module of each cloud declares TYPES and SCOPE_READS with srmscan.providers.declare's
    classes and nothing else of the walk: no hand key list, no hand permission list."""
    from srmscan.providers.declare import Read, ResourceType

    for cloud, catalogue in _catalogues().items():
        for service in catalogue.services:
            module = catalogue.module(service)
            assert all(isinstance(kind, ResourceType) for kind in module.TYPES), (cloud, service)
            assert all(isinstance(read, Read) for reads in module.SCOPE_READS.values() for read in reads), (cloud, service)
            hand = [name for name in vars(module) if name.endswith(("_KEYS", "PERMISSIONS", "_READS", "LISTINGS"))
                    and name != "SCOPE_READS"]
            assert hand == [], (cloud, service, hand)
            for kind in (every for top in module.TYPES for every in top.with_all()):
                assert kind.listing is not None and kind.listing.permissions, (cloud, kind.type)
                assert all(read.permissions for read in kind.reads), (cloud, kind.type)


def test_listing_keys_are_derived_from_the_shapes():
    """No listing declares a key list: a type's keys are what its shape gives an item with no optional
    field, plus its reads, joins and child counts; real answers omit optional fields, so every shape must
    take such an item."""
    every = {kind.type: kind for catalogue in _catalogues().values() for top in catalogue.types()
             for kind in top.with_all()}
    for kind in every.values():
        assert kind.keys and all(isinstance(key, str) for key in kind.keys), kind.type
    assert every["gcp.compute.network"].keys == {"mode", "subnetworks", "firewall_rules"}   # the join's key included
    assert {"containers", "blob_service", "kind"} <= every["azure.storage.account"].keys   # child count, read, shape
