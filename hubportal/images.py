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
MAX_PIXELS = 40_000_000  # larger images are treated as decompression bombs
MAX_SIDE = 1600  # stored images are scaled down to fit this box
ALLOWED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def clean_image(upload, *, max_side: int = MAX_SIDE) -> ContentFile:
    """Verifies an uploaded file is a real raster image and returns a re-encoded copy.

    The copy has no metadata (EXIF, GPS, comments, ICC profiles), is scaled to fit `max_side`,
    and is PNG when the image has transparency, JPEG otherwise. Raises ValidationError with a
    translated message.
    """
    too_large = ValidationError(_("The image is larger than 5 MB. Please upload a smaller file."), code="too_large")
    too_many_pixels = ValidationError(
        _("The image has too many pixels. Please upload an image of at most %(megapixels)s megapixels."),
        code="too_many_pixels",
        params={"megapixels": MAX_PIXELS // 1_000_000},
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
                if probe.width * probe.height > MAX_PIXELS:
                    raise too_many_pixels
                probe.verify()
            with Image.open(io.BytesIO(data), formats=sorted(ALLOWED_FORMATS)) as original:
                original.load()
                image = ImageOps.exif_transpose(original)
                has_alpha = image.mode in {"RGBA", "LA", "PA", "RGBa", "La"} or "transparency" in image.info
                image = image.convert("RGBA" if has_alpha else "RGB")
                image.thumbnail((max_side, max_side))
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
        raise too_many_pixels from None
    except Exception:  # unidentified, truncated or corrupt data, broken EXIF: never trust the file
        raise invalid from None
    name = getattr(upload, "name", "image") or "image"
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0][:60] or "image"
    return ContentFile(out.getvalue(), name=f"{stem}.{extension}")


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
