"""The page's seed examples as the page shows them: web/examples/seed.json and <id>.py."""

from __future__ import annotations

import json
from pathlib import Path

EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "web" / "examples"


def seed_examples() -> dict[str, str]:
    """id -> code, in the article's order (every .py file of web/examples/ is one)."""
    ids = [example["id"] for example in json.loads((EXAMPLES_DIR / "seed.json").read_text(encoding="utf-8"))]
    stray = sorted({path.stem for path in EXAMPLES_DIR.glob("*.py")} - set(ids))
    if stray:
        raise ValueError(f"web/examples/: {stray} not listed in seed.json")
    return {id_: (EXAMPLES_DIR / f"{id_}.py").read_text(encoding="utf-8") for id_ in ids}
