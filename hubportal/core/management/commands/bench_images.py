"""How much a worker grows while it cleans the largest image of each kind we accept (PIXEL_LIMITS)."""

import io
import json
import math
import subprocess
import sys
import tempfile

from django.core.management.base import BaseCommand
from PIL import Image

from hubportal import images

# (name, format, save options, mode): each at the pixel limit of its kind, with photo-like content.
KINDS = [
    ("JPEG baseline", "JPEG", {"quality": 80}, "RGB", "JPEG"),
    ("JPEG progressive", "JPEG", {"quality": 80, "progressive": True}, "RGB", "JPEG progressive"),
    ("PNG with transparency", "PNG", {}, "RGBA", "PNG"),
    ("PNG, palette with transparency", "PNG", {"transparency": 0}, "P", "PNG"),
    ("GIF", "GIF", {}, "P", "GIF"),
    ("WebP", "WEBP", {"quality": 80}, "RGB", "WEBP"),
]
# The peak resident memory of the process (VmHWM) is reset just before the cleaning (Linux: clear_refs 5), so the
# growth is the cleaning's own, not what the process inherited or used to start.
CHILD = """
import json, sys
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from hubportal.images import clean_image
def peak_kb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
upload = SimpleUploadedFile("image", open(sys.argv[1], "rb").read())
with open("/proc/self/clear_refs", "w") as refs:
    refs.write("5")
before = peak_kb()
try:
    clean_image(upload)
    result = "stored"
except Exception as error:
    result = "refused: " + getattr(error, "code", type(error).__name__)
print(json.dumps({"growth_mb": (peak_kb() - before) / 1024, "result": result}))
"""


def make(kind: tuple, pixels: int) -> bytes:
    _name, fmt, options, mode, _limit = kind
    width = int(math.sqrt(pixels * 4 / 3))
    height = pixels // width
    image = Image.effect_mandelbrot((width, height), (-2.0, -1.2, 1.0, 1.2), 60)
    image = image.convert(mode) if mode != "P" else image.convert("P")
    if mode == "RGBA":
        image.putalpha(Image.linear_gradient("L").resize(image.size))
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


class Command(BaseCommand):
    help = "Measures a worker's memory growth while it cleans the largest accepted image of each kind."

    def handle(self, *args, **options):
        self.stdout.write(f"{'image':34} {'pixels':>10} {'file':>9} {'growth':>9}  result")
        for kind in KINDS:
            limit = images.PIXEL_LIMITS[kind[4]]
            for pixels in (limit, limit + 1_000_000):
                data = make(kind, pixels)
                with tempfile.NamedTemporaryFile(suffix=".img") as file:
                    file.write(data)
                    file.flush()
                    run = subprocess.run(  # noqa: S603 - our own interpreter and script
                        [sys.executable, "-c", CHILD, file.name], capture_output=True, text=True
                    )
                if run.returncode:
                    self.stderr.write(run.stderr)
                    continue
                measured = json.loads(run.stdout.strip().splitlines()[-1])
                self.stdout.write(
                    f"{kind[0]:34} {pixels / 1e6:>8.1f} M {len(data) / 1e6:>7.1f} MB {measured['growth_mb']:>6.0f} MB"
                    f"  {measured['result']}"
                )
