"""Copy the pinned front-end packages from node_modules into gamdong/static/vendor.

Served by gamdong itself, so that no page loads anything from another host.
Idempotent and quick: a file is copied only when it changed.
"""

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
VENDOR = ROOT / "gamdong" / "static" / "vendor"

FILES = {
    "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
}


def copy(src: Path, dst: Path) -> None:
    if dst.exists() and dst.stat().st_size == src.stat().st_size and dst.stat().st_mtime >= src.stat().st_mtime:
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dst)


def main() -> int:
    if not NODE.exists():
        print("node_modules is missing: run scripts/bootstrap", file=sys.stderr)
        return 1
    for src, dst in FILES.items():
        copy(NODE / src, VENDOR / dst)
    return 0


if __name__ == "__main__":
    sys.exit(main())
