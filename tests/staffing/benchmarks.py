"""Where the public rostering benchmark lives for the tests (it is not in the repository)."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CANDIDATES = [ROOT.parent / "shared/benchmarks/rostering", ROOT.parent.parent / "shared/benchmarks/rostering"]


def benchmark_folder() -> Path | None:
    configured = os.environ.get("ROSTERING_BENCHMARKS")
    for folder in ([Path(configured)] if configured else []) + CANDIDATES:
        if (folder / "Instance1.txt").exists():
            return folder
    return None


def require_benchmarks() -> Path:
    folder = benchmark_folder()
    if folder is None:
        pytest.skip("benchmark instances not found: set ROSTERING_BENCHMARKS to the folder holding Instance1..24.txt")
    return folder
