"""The data folder the database benchmarks time against: `gpmb demo --households N`
built once with its plans computed (`--keep DIR` reuses or keeps it), and the `gpmb`
command and environment that use it (never a DATABASE_URL set for something else)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile


def demo_folder(keep: str | None, households: int, name: str) -> tuple[str, dict[str, str]]:
    """(the `gpmb` command, its environment) on a demo of `households` households."""
    data = keep or tempfile.mkdtemp(prefix=f"gpmb-{name}-")
    env = {**os.environ, "GPMB_DATA_DIR": data}
    env.pop("DATABASE_URL", None)
    gpmb = os.path.join(os.path.dirname(sys.executable), "gpmb")
    if not os.path.exists(os.path.join(data, "gpmb.sqlite3")):
        print(f"building the demo ({households} households) in {data} …", flush=True)
        for args in (
            ["migrate", "-v0"],
            ["demo", "--households", str(households)],
            ["compute", "--project", "hs-cr2"],
            ["compute", "--project", "an-hung-cvcx"],
        ):
            subprocess.run([gpmb, *args], env=env, check=True, capture_output=True, text=True)
    return gpmb, env
