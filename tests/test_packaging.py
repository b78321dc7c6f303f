"""The built package works on its own: a wheel installed into a fresh virtual environment
prints the sample from another folder (nothing read from the checkout)."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from conftest import ROOT, SAMPLE


def test_the_wheel_prints_the_sample_from_another_folder(tmp_path):
    wheels = tmp_path / "wheels"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                            "-w", str(wheels), str(ROOT)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    wheel = next(wheels.glob("newspaper_layout-*.whl"))
    env = tmp_path / "venv"
    venv.create(env, with_pip=False)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(env), "platbase": str(env)}))
    # the dependencies come from this environment's site-packages, as a plain path: its
    # .pth files (among them the editable install of the checkout) are not processed there
    (site / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    python = env / "bin" / "python"
    inst = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
                           str(wheel)], capture_output=True, text=True)
    assert inst.returncode == 0, inst.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run([str(python), "-c", "import layout; print(layout.__file__)"], cwd=elsewhere,
                           capture_output=True, text=True)
    assert where.returncode == 0, where.stderr
    assert where.stdout.strip().startswith(str(env))
    edition = elsewhere / "edition.yaml"
    edition.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    out = subprocess.run([str(env / "bin" / "layout"), "print", "edition.yaml", "-o", "edition.pdf"], cwd=elsewhere,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert (elsewhere / "edition.pdf").read_bytes().startswith(b"%PDF-1.3")
