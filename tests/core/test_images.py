"""hubportal.images: every upload is verified, size-capped, re-encoded and stripped of metadata."""

import io
import struct
import zlib

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from hubportal import images
from hubportal.images import CleanImageFormField, clean_image


def encode(image: Image.Image, fmt: str, **params) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **params)
    return out.getvalue()


def upload(data: bytes, name="upload.png", content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English, whatever catalogues are compiled."""
    with translation.override("en"):
        yield


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x0132] = "2024:01:01 10:00:00"  # DateTime
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)}  # GPS IFD
    return exif


def opened(content) -> Image.Image:
    image = Image.open(io.BytesIO(content.read()))
    image.load()
    return image


def assert_no_metadata(image: Image.Image):
    assert not image.getexif()
    for key in ("exif", "icc_profile", "comment", "XML:com.adobe.xmp"):
        assert key not in image.info


@pytest.mark.parametrize(
    ("fmt", "mode", "expected_format"),
    [("PNG", "RGB", "JPEG"), ("JPEG", "RGB", "JPEG"), ("GIF", "P", "JPEG"), ("WEBP", "RGB", "JPEG")],
)
def test_valid_images_are_re_encoded_without_metadata(fmt, mode, expected_format):
    image = Image.new(mode, (40, 30), 3 if mode == "P" else "teal")
    params = {"exif": gps_exif()} if fmt in {"PNG", "JPEG", "WEBP"} else {"comment": b"secret"}
    data = encode(image, fmt, **params)
    result = clean_image(upload(data, name=f"logo.{fmt.lower()}"))
    cleaned = opened(result)
    assert cleaned.format == expected_format
    assert cleaned.size == (40, 30)
    assert result.name == "logo.jpg"
    assert_no_metadata(cleaned)


def test_jpeg_with_gps_exif_has_no_exif_after_cleaning():
    data = encode(Image.new("RGB", (64, 48), "navy"), "JPEG", exif=gps_exif())
    before = Image.open(io.BytesIO(data)).getexif()
    assert before.get_ifd(0x8825)  # the GPS data really is in the upload
    cleaned = opened(clean_image(upload(data, name="photo.jpg")))
    assert not cleaned.getexif()
    assert b"SpyCam" not in cleaned.tobytes()


def test_exif_orientation_is_applied_before_stripping():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise
    data = encode(Image.new("RGB", (60, 20), "red"), "JPEG", exif=exif)
    cleaned = opened(clean_image(upload(data, name="turned.jpg")))
    assert cleaned.size == (20, 60)


def test_large_images_are_scaled_down_to_the_box():
    data = encode(Image.new("RGB", (3200, 800), "white"), "PNG")
    cleaned = opened(clean_image(upload(data), max_side=400))
    assert cleaned.size == (400, 100)


@pytest.mark.parametrize(
    ("payload", "name"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.png"),
        (b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "logo.png"),
        (b"%PDF-1.4\n1 0 obj<<>>endobj\n", "logo.jpg"),
    ],
)
def test_non_images_with_image_names_are_refused_with_a_message(payload, name):
    with pytest.raises(ValidationError) as error:
        clean_image(upload(payload, name=name))
    assert error.value.code == "invalid"
    assert "JPEG, PNG, GIF or WebP" in str(error.value.messages[0])


def test_other_image_formats_are_refused():
    data = encode(Image.new("RGB", (10, 10)), "BMP")
    with pytest.raises(ValidationError) as error:
        clean_image(upload(data, name="logo.bmp"))
    assert error.value.code == "invalid"


def test_truncated_jpeg_is_refused():
    data = encode(Image.new("RGB", (200, 200), "green"), "JPEG", quality=95)
    with pytest.raises(ValidationError) as error:
        clean_image(upload(data[: len(data) // 2], name="cut.jpg"))
    assert error.value.code == "invalid"


def png_claiming_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width × height pixels (a decompression bomb)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def test_decompression_bomb_is_refused():
    data = png_claiming_size(20000, 20000)
    assert len(data) < 200
    with pytest.raises(ValidationError) as error:
        clean_image(upload(data))
    assert error.value.code == "too_many_pixels"


def test_images_over_our_pixel_limit_are_refused(monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 100 * 100)
    data = encode(Image.new("RGB", (101, 100)), "PNG")
    with pytest.raises(ValidationError) as error:
        clean_image(upload(data))
    assert error.value.code == "too_many_pixels"


def test_pillow_bomb_warning_is_treated_as_refusal(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 50 * 50)
    data = encode(Image.new("RGB", (60, 60)), "PNG")
    with pytest.raises(ValidationError) as error:
        clean_image(upload(data))
    assert error.value.code == "too_many_pixels"


def test_empty_file_is_refused():
    with pytest.raises(ValidationError) as error:
        clean_image(upload(b""))
    assert error.value.code == "empty"


def test_file_without_known_size_is_still_checked():
    class Unsized(io.BytesIO):
        name = "logo.png"
        size = None

    cleaned = opened(clean_image(Unsized(encode(Image.new("RGB", (8, 8)), "PNG"))))
    assert cleaned.size == (8, 8)
    with pytest.raises(ValidationError) as error:
        clean_image(Unsized(b""))
    assert error.value.code == "empty"


def test_file_over_5_mb_is_refused():
    data = encode(Image.new("RGB", (8, 8)), "PNG") + b"\0" * (5 * 1024 * 1024)
    with pytest.raises(ValidationError) as error:
        clean_image(upload(data))
    assert error.value.code == "too_large"


def test_cmyk_jpeg_is_stored_as_rgb_jpeg():
    data = encode(Image.new("CMYK", (30, 30), (0, 255, 255, 0)), "JPEG")
    cleaned = opened(clean_image(upload(data, name="print.jpg")))
    assert cleaned.format == "JPEG"
    assert cleaned.mode == "RGB"


def test_palette_png_with_transparency_stays_transparent_png():
    image = Image.new("P", (20, 20), 0)
    image.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    image.putpixel((5, 5), 1)
    data = encode(image, "PNG", transparency=0)
    result = clean_image(upload(data, name="logo.png"))
    cleaned = opened(result)
    assert result.name == "logo.png"
    assert cleaned.format == "PNG"
    assert cleaned.mode == "RGBA"
    assert cleaned.getpixel((0, 0))[3] == 0
    assert cleaned.getpixel((5, 5)) == (0, 0, 255, 255)


def test_rgba_png_keeps_alpha():
    data = encode(Image.new("RGBA", (10, 10), (10, 20, 30, 128)), "PNG")
    cleaned = opened(clean_image(upload(data)))
    assert cleaned.format == "PNG"
    assert cleaned.getpixel((0, 0))[3] == 128


class LogoForm(forms.Form):
    logo = CleanImageFormField()


def test_form_field_returns_the_cleaned_file_and_reports_errors():
    data = encode(Image.new("RGB", (16, 16), "blue"), "JPEG", exif=gps_exif())
    form = LogoForm(files={"logo": upload(data, name="logo.jpg", content_type="image/jpeg")})
    assert form.is_valid(), form.errors
    assert not opened(form.cleaned_data["logo"]).getexif()
    form = LogoForm(files={"logo": upload(png_claiming_size(20000, 20000))})
    assert not form.is_valid()
    assert "pixels" in form.errors["logo"][0]
    form = LogoForm(files={"logo": upload(b"", name="empty.png")})
    assert not form.is_valid()


def test_icc_profile_and_text_chunks_of_a_transparent_png_are_dropped():
    from PIL import ImageCms, PngImagePlugin

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Someone private")
    data = encode(Image.new("RGBA", (10, 10), (1, 2, 3, 100)), "PNG", icc_profile=icc, pnginfo=text)
    assert "icc_profile" in Image.open(io.BytesIO(data)).info
    cleaned = opened(clean_image(upload(data)))
    assert cleaned.format == "PNG"
    assert_no_metadata(cleaned)
    assert "Author" not in cleaned.info


# Pixel bombs at each kind's limit: one row more is refused with that kind's limit in the message. Solid colour
# compresses to a few kilobytes however many pixels it has.
BOMBS = [
    ("JPEG", "RGB", {}, 40),
    ("JPEG", "RGB", {"progressive": True}, 24),
    ("PNG", "RGBA", {}, 10),
    ("GIF", "P", {}, 10),
    ("WEBP", "RGB", {}, 6),
]


@pytest.mark.parametrize(
    ("fmt", "mode", "options", "megapixels"), BOMBS, ids=[" ".join(map(str, b[:3])) for b in BOMBS]
)
def test_a_pixel_bomb_at_the_limit_is_stored_and_one_row_more_refused(fmt, mode, options, megapixels):
    width = 8000
    height = megapixels * 1_000_000 // width
    at_limit = encode(Image.new(mode, (width, height)), fmt, **options)
    assert len(at_limit) < images.MAX_UPLOAD_BYTES
    stored = Image.open(clean_image(upload(at_limit)))
    assert max(stored.size) == images.MAX_SIDE
    with pytest.raises(ValidationError) as error:
        clean_image(upload(encode(Image.new(mode, (width, height + 1)), fmt, **options)))
    assert error.value.code == "too_many_pixels" and error.value.params == {"megapixels": megapixels}
