"""List each check of docs/security.md with the tests that prove it; exit 1 if any has none.

A test proves a check when its docstring names the check's id ("S03: ...").
Usage: python tests/security_report.py [path/to/security.md]
"""
from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECK = re.compile(r"^- (S\d{2}) (.+)$", re.MULTILINE)
MENTION = re.compile(r"\bS\d{2}\b")


def checks(security_md: Path) -> dict[str, str]:
    return dict(CHECK.findall(security_md.read_text(encoding="utf-8")))


def tests_by_check(tests_dir: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(tests_dir.rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                doc = ast.get_docstring(node) or ""
                for check_id in set(MENTION.findall(doc)):
                    found.setdefault(check_id, []).append(
                        f"{path.relative_to(ROOT)}::{node.name}"
                    )
    return found


def main(argv: list[str]) -> int:
    security_md = Path(argv[1]) if len(argv) > 1 else ROOT / "docs" / "security.md"
    wanted = checks(security_md)
    proven = tests_by_check(ROOT / "tests")
    missing = []
    for check_id, text in wanted.items():
        tests = proven.get(check_id, [])
        print(f"{check_id} {text[:90]}")
        for test in tests:
            print(f"    {test}")
        if not tests:
            print("    (no test)")
            missing.append(check_id)
    print(f"\n{len(wanted) - len(missing)} of {len(wanted)} checks have tests.")
    if missing:
        print("Without a test: " + ", ".join(missing))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
