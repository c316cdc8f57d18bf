"""Time ``anef_tui.attachments.ingest`` on ~10 Mo files (the ANEF per-file limit).

Run: .venv/bin/python benchmarks/ingest.py [--runs N]
Prints figures; not a test. Each run ingests into a fresh store so the
content-addressed shortcut (same file already stored) never kicks in.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from anef_tui.attachments import DEFAULT_MAX_BYTES, ingest
from anef_tui.attachments.humanize import format_size


def _noise(width: int, height: int, seed: int = 7) -> bytes:
    # Noise does not compress, so the file is as large as its pixel count says.
    return random.Random(seed).randbytes(width * height * 3)


def make_bmp(path: Path) -> None:
    from PIL import Image

    # 24-bit rows of 1024 px are 3072 bytes, no padding: 3255 rows stay under 10 Mo
    # (10 000 000 octets, as ANEF counts).
    Image.frombytes("RGB", (1024, 3255), _noise(1024, 3255)).save(path, "BMP")


def make_jpeg(path: Path) -> None:
    from PIL import Image

    # JPEG size cannot be set directly: shrink the picture until it fits the limit.
    height = 3400
    while True:
        Image.frombytes("RGB", (3000, height), _noise(3000, height)).save(
            path, "JPEG", quality=92
        )
        if path.stat().st_size <= DEFAULT_MAX_BYTES:
            return
        height -= 100


def make_pdf(path: Path) -> None:
    from fpdf import FPDF
    from PIL import Image

    # A scanned-looking PDF: two pages, each one big incompressible image.
    pdf = FPDF()
    for seed in (1, 2):
        image = Image.frombytes("RGB", (1270, 1270), _noise(1270, 1270, seed))
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        pdf.add_page()
        pdf.image(buffer, x=0, y=0, w=210)
    pdf.output(str(path))


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "inconnu"


def bench(name: str, make: Callable[[Path], None], runs: int, work: Path) -> None:
    source = work / f"source-{name}"
    make(source)
    size = source.stat().st_size
    if size > DEFAULT_MAX_BYTES:
        sys.exit(f"{name}: generated {size} bytes, over the limit; fix the generator")
    timings: list[float] = []
    for run in range(runs):
        store_dir = work / f"store-{name}-{run}"
        start = time.perf_counter()
        stored = ingest(source, store_dir)
        timings.append(time.perf_counter() - start)
    detail = f"{stored.pages} p." if stored.kind == "pdf" else f"{stored.width}×{stored.height}"
    print(
        f"{name:5} {format_size(size):>8} ({size} o, {detail:>10}) : "
        f"médiane {statistics.median(timings) * 1000:7.1f} ms, "
        f"min {min(timings) * 1000:7.1f} ms, max {max(timings) * 1000:7.1f} ms "
        f"sur {runs} essais"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(f"Machine : {platform.platform()} · Python {platform.python_version()}")
    print(f"CPU     : {cpu_model()} · {os.cpu_count()} cœurs logiques")
    with tempfile.TemporaryDirectory(prefix="anef-bench-") as tmp:
        work = Path(tmp)
        print(f"Disque  : {work} (fsync compris)")
        # The first ingest pays the lazy Pillow/pypdf imports: show it apart.
        warm = work / "warm.pdf"
        make_pdf(warm)
        start = time.perf_counter()
        ingest(warm, work / "store-warm")
        print(f"Premier appel (imports Pillow/pypdf compris) : "
              f"{(time.perf_counter() - start) * 1000:.1f} ms")
        for name, make in (("bmp", make_bmp), ("jpeg", make_jpeg), ("pdf", make_pdf)):
            bench(name, make, args.runs, work)


if __name__ == "__main__":
    main()
