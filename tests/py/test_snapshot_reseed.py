"""asyncio_playground.startup.warm_start: what a restored snapshot needs before programs run."""

import random
import subprocess
import sys
from pathlib import Path

from asyncio_playground.startup import warm_start


def test_after_restore_reseeds_random():
    random.seed(1234)
    frozen = [random.random() for _ in range(3)]
    random.seed(1234)  # the state a snapshot would restore
    warm_start.after_restore()
    assert [random.random() for _ in range(3)] != frozen


def test_after_restore_imports_nothing():
    code = "import sys; from asyncio_playground.startup import warm_start; warm_start.after_restore(); print('random' in sys.modules)"
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root,
                         env={"PYTHONPATH": "py"})
    assert out.stdout.strip() == "False"
