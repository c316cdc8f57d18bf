"""Peak memory of the attachment check on image bombs and on the largest files it accepts.

Run: .venv/bin/python benchmarks/bombs.py
Each file is checked (``anef_tui.attachments.check_file``, the code « Joindre un
document » runs) in a fresh Python process whose peak RSS is read back; the
baseline is the same process checking a 64 × 48 PNG. Target: under 100 Mo above
the baseline whatever the file. Prints figures; not a test. Last line: summary.
"""

from __future__ import annotations

import io
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hostile_files import pdf_object_stream_bomb, png_zero_bomb  # noqa: E402

TARGET_MB = 100

_CHILD = """
import re, sys, time
from pathlib import Path
from anef_tui.attachments import IngestError, check_file
start = time.perf_counter()
try:
    stored = check_file(Path(sys.argv[1]))
    verdict = f"accepté ({stored.width or '-'}x{stored.height or '-'}, {stored.pages} p.)"
except IngestError as exc:
    verdict = f"refusé ({exc.reason})"
elapsed = time.perf_counter() - start
# VmHWM, not ru_maxrss: the latter keeps the peak of the parent from before exec().
status = Path("/proc/self/status").read_text()
print(re.search(r"VmHWM:\\s+(\\d+)", status).group(1), f"{elapsed:.2f}", verdict)
"""


def _image(mode: str, size: tuple[int, int], fmt: str, **save: object) -> bytes:
    from PIL import Image

    # A gradient with some noise: compresses like a scan, not like a blank page.
    rng = random.Random(3)
    image = Image.linear_gradient("L").resize(size).convert(mode)
    noise = Image.frombytes("L", (256, 256), rng.randbytes(256 * 256)).resize(size)
    if mode == "L":
        image = Image.blend(image, noise, 0.1)
    buffer = io.BytesIO()
    image.save(buffer, fmt, **save)
    return buffer.getvalue()


CASES: list[tuple[str, str, Callable[[], bytes]]] = [
    ("référence", "png", lambda: _image("RGB", (64, 48), "PNG")),
    ("PNG bombe 13000×13000 couleur", "png", lambda: png_zero_bomb(13000, 13000)),
    ("PNG bombe 20000×20000 gris", "png", lambda: png_zero_bomb(20000, 20000, color=False)),
    ("PNG 7000×7000 couleur (accepté)", "png", lambda: png_zero_bomb(7000, 7000)),
    ("JPG 7000×7000 couleur (accepté)", "jpg",
     lambda: _image("RGB", (7000, 7000), "JPEG", quality=60)),
    ("JPG progressif 4000×3000 (accepté)", "jpg",
     lambda: _image("RGB", (4000, 3000), "JPEG", quality=60, progressive=True)),
    ("JPG progressif 7000×7000 (refusé)", "jpg",
     lambda: _image("L", (7000, 7000), "JPEG", quality=30, progressive=True)),
    ("TIFF 7000×7000 gris (accepté)", "tif",
     lambda: _image("L", (7000, 7000), "TIFF", compression="tiff_deflate")),
    ("TIFF 3500×3500 couleur (accepté)", "tif",
     lambda: _image("RGB", (3500, 3500), "TIFF", compression="tiff_deflate")),
    ("TIFF 60 pages (refusé)", "tif", lambda: _tiff_pages(60)),
    ("PDF bombe, flux d'objets de 200 Mo", "pdf", lambda: pdf_object_stream_bomb(200)),
]


def _tiff_pages(pages: int) -> bytes:
    from PIL import Image

    frames = [Image.new("L", (1000, 1000), n) for n in range(pages)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "TIFF", save_all=True, append_images=frames[1:],
                   compression="tiff_deflate")
    return buffer.getvalue()


def measure(path: Path) -> tuple[float, float, str]:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True,
                         text=True, check=True).stdout.split(maxsplit=2)
    return int(out[0]) / 1024, float(out[1]), out[2].strip()


def main() -> int:
    worst = 0.0
    baseline = 0.0
    with tempfile.TemporaryDirectory() as scratch:
        for label, ext, make in CASES:
            path = Path(scratch) / f"cas.{ext}"
            started = time.perf_counter()
            path.write_bytes(make())
            built = time.perf_counter() - started
            rss, seconds, verdict = measure(path)
            if not baseline:
                baseline = rss
            extra = rss - baseline
            worst = max(worst, extra)
            size = path.stat().st_size
            print(f"{label:38} {size / 1e6:7.2f} Mo  pic {rss:6.1f} Mo  (+{extra:5.1f} Mo)  "
                  f"{seconds:5.2f} s  {verdict}  [fabriqué en {built:.1f} s]")
    verdict = "OK" if worst < TARGET_MB else "DÉPASSÉ"
    print(f"Résumé : pire surcoût mémoire du contrôle {worst:.1f} Mo au-dessus de la référence "
          f"({baseline:.1f} Mo), cible < {TARGET_MB} Mo : {verdict}")
    return 0 if worst < TARGET_MB else 1


if __name__ == "__main__":
    raise SystemExit(main())
