"""The one place where uploaded images are checked and cleaned; every upload field uses it."""

import io
import warnings

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Larger images are refused (and treated as decompression bombs), so that cleaning one grows a worker by at most
# 100 MB (`manage.py bench_images` measures it at each limit). A baseline JPEG is decoded at an eighth, a quarter or
# half of its size, as much as the stored copy needs. A progressive JPEG keeps all its coefficients while it is
# decoded (about three bytes a pixel); PNG and GIF are decoded whole, and scaling an image with transparency copies
# it once more (eight or nine bytes a pixel); WebP's decoder needs about sixteen.
MAX_PIXELS = 40_000_000
PIXEL_LIMITS = {
    "JPEG": MAX_PIXELS,
    "JPEG progressive": 24_000_000,
    "PNG": 10_000_000,
    "GIF": 10_000_000,
    "WEBP": 6_000_000,
}
MAX_SIDE = 1600  # stored images are scaled down to fit this box
ALLOWED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
ALPHA_MODES = {"RGBA", "LA", "PA", "RGBa", "La"}


def clean_image(upload, *, max_side: int = MAX_SIDE) -> ContentFile:
    """Verifies an uploaded file is a real raster image and returns a re-encoded copy.

    The copy has no metadata (EXIF, GPS, comments, ICC profiles), is scaled to fit `max_side`,
    and is PNG when the image has transparency, JPEG otherwise. Raises ValidationError with a
    translated message.
    """
    too_large = ValidationError(_("The image is larger than 5 MB. Please upload a smaller file."), code="too_large")

    def too_many_pixels(limit: int = MAX_PIXELS) -> ValidationError:
        return ValidationError(
            _("The image has too many pixels. Please upload an image of at most %(megapixels)s megapixels."),
            code="too_many_pixels",
            params={"megapixels": limit // 1_000_000},
        )

    invalid = ValidationError(
        _("This file is not an image we can use. Please upload a JPEG, PNG, GIF or WebP image."), code="invalid"
    )
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise too_large
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise too_large
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Only our formats' decoders ever see the bytes (no EPS, PSD, … parsers).
            with Image.open(io.BytesIO(data), formats=sorted(ALLOWED_FORMATS)) as probe:
                limit = pixel_limit(probe)
                if probe.width * probe.height > limit:
                    raise too_many_pixels(limit)
                probe.verify()
            with Image.open(io.BytesIO(data), formats=sorted(ALLOWED_FORMATS)) as original:
                image, has_alpha = _small_copy(original, max_side)
                # Pillow's encoders copy some of `info` into the new file (JPEG: comment,
                # PNG: ICC profile), so the re-encoded copy starts from empty metadata.
                image.info = {}
                out = io.BytesIO()
                if has_alpha:
                    image.save(out, format="PNG", optimize=True)
                    extension = "png"
                else:
                    image.save(out, format="JPEG", quality=85, optimize=True)
                    extension = "jpg"
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels() from None
    except Exception:  # unidentified, truncated or corrupt data, broken EXIF: never trust the file
        raise invalid from None
    name = getattr(upload, "name", "image") or "image"
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0][:60] or "image"
    return ContentFile(out.getvalue(), name=f"{stem}.{extension}")


def pixel_limit(image: Image.Image) -> int:
    """The most pixels we accept of an image of this format (see PIXEL_LIMITS)."""
    kind = "JPEG progressive" if image.format == "JPEG" and image.info.get("progressive") else image.format
    return min(MAX_PIXELS, PIXEL_LIMITS.get(kind or "", MAX_PIXELS))


def _small_copy(original: Image.Image, max_side: int) -> tuple[Image.Image, bool]:
    """The image scaled to fit `max_side`, upright, in RGB or RGBA, made with as few full-size copies as possible:
    a JPEG is decoded at a reduced size (draft mode), the scaling comes before turning it upright, and an image
    already in its target mode is not copied into it."""
    if original.format == "JPEG":
        scale = max(original.size) / max_side
        if scale > 1:  # the smallest of 1/8, 1/4, 1/2 that still holds the stored size
            original.draft("RGB", (int(original.width / scale), int(original.height / scale)))
    original.load()
    has_alpha = original.mode in ALPHA_MODES or "transparency" in original.info
    target = "RGBA" if has_alpha else "RGB"
    image = original if original.mode == target else original.convert(target)
    factor = int(max(image.size) / max_side)
    if factor >= 2:
        # Averaged down by a whole factor first: the scaling then works on a small copy (for RGBA it would first copy
        # the whole image with its alpha multiplied in).
        image = image.reduce(factor)
    image.thumbnail((max_side, max_side))
    return ImageOps.exif_transpose(image), has_alpha


class CleanImageFormField(forms.ImageField):
    """Form field: an upload checked and re-encoded by clean_image (no metadata)."""

    def to_python(self, data):
        # FileField's checks (empty file, name length) only: clean_image does the image checks
        # itself, with specific messages (too large, too many pixels) instead of one generic one.
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        return clean_image(upload)


class CleanImageField(models.ImageField):
    """Model field whose forms (public and admin) always clean the uploaded image."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CleanImageFormField, **kwargs})
