"""Imports point one way: web -> domains -> models -> core (docs/architecture.md).

Every module of `marketplace` is parsed; an import that points up a layer, or a domain module
that reaches for the request (`request`, `session`, `g`, `flash`, `current_user`), fails here.
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "marketplace"
DOMAINS = {"accounts", "catalog", "commerce", "cooperatives", "search", "mail", "jobs", "demo",
           "insights", "permissions"}
# Which layers each layer may import from.
ALLOWED = {
    "core": {"core"},
    "models": {"models", "core", "extensions"},
    "domain": {"domain", "models", "core", "extensions"},
    "cli": {"cli", "domain", "models", "core", "extensions"},
    "web": {"web", "domain", "models", "core", "extensions"},
    "app": {"app", "web", "cli", "domain", "models", "core", "extensions"},
}
REQUEST_STATE = {("flask", "request"), ("flask", "session"), ("flask", "g"), ("flask", "flash"),
                 ("flask_login", "current_user")}


def layer(dotted: str) -> str:
    parts = dotted.split(".")
    if parts == ["marketplace"]:
        return "app"
    top = parts[1]
    if top in ("core", "models", "web", "cli", "extensions"):
        return top
    if top in DOMAINS:
        return "domain"
    raise AssertionError(f"{dotted} is in no layer: add its package to DOMAINS or a layer")


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts.pop()
        yield ".".join(parts), ast.parse(path.read_text(encoding="utf-8"))


def imports(tree: ast.Module):
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                yield node.module, alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None


def test_imports_point_from_web_to_domains_to_models_to_core():
    wrong = []
    for name, tree in modules():
        own = layer(name)
        for module, imported in imports(tree):
            if module == "marketplace" and imported:
                module = f"marketplace.{imported}"
            if not module.startswith("marketplace"):
                continue
            if layer(module) not in ALLOWED[own]:
                wrong.append(f"{name} ({own}) imports {module} ({layer(module)})")
    assert wrong == []


def test_domain_code_never_reads_the_request():
    """Services take what they need as arguments; only views know there is a request."""
    wrong = [f"{name} imports {module}.{imported}"
             for name, tree in modules() if layer(name) in ("domain", "models", "core")
             for module, imported in imports(tree) if (module, imported) in REQUEST_STATE]
    assert wrong == []


def test_every_module_is_in_a_layer():
    assert {layer(name) for name, _ in modules()} == set(ALLOWED) | {"extensions"}
