"""A corpus of hostile and awkward files sent through every upload form of the portal, over HTTP.

Each file is either refused with a translated message next to the field (the other entered values
kept in the re-rendered form, nothing stored) or stored re-encoded as JPEG/PNG without metadata.
The files are made here; no binary fixture is committed.
"""

import io
import re
import struct
import zlib
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image

from agency.models import HubUpdate
from events.models import Event, Speaker
from hubs.models import Hub
from startups.models import Startup
from tests.factories import HubFactory, StartupFactory, UserFactory

from .html_forms import find_form

MARKER = "Korpus Marker 7"

# --- the corpus -------------------------------------------------------------------------------


def encode(image: Image.Image, fmt: str, **params) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **params)
    return out.getvalue()


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def decompression_bomb() -> bytes:
    """A PNG of a few bytes whose header claims 50,000 × 50,000 pixels."""
    header = struct.pack(">IIBBBBB", 50_000, 50_000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\0" * 1024))
        + png_chunk(b"IEND", b"")
    )


def svg() -> bytes:
    return b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'


def html() -> bytes:
    return b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def gif_html_polyglot() -> bytes:
    """A valid GIF that is also an HTML page: the markup sits in a comment extension and after the trailer."""
    data = encode(Image.new("P", (16, 16), 1), "GIF", comment=b"<html><script>alert(1)</script>")
    return data + b"<html><body><script>alert(2)</script></body></html>"


def truncated_jpeg() -> bytes:
    data = encode(Image.effect_noise((300, 300), 60).convert("RGB"), "JPEG", quality=95)
    return data[: len(data) // 2]


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)}  # GPS IFD
    data = encode(Image.new("RGB", (64, 48), "navy"), "JPEG", exif=exif)
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)
    return data


def cmyk_jpeg() -> bytes:
    return encode(Image.new("CMYK", (40, 30), (0, 255, 255, 0)), "JPEG")


def palette_png_with_transparency() -> bytes:
    image = Image.new("P", (20, 20), 0)
    image.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    image.paste(1, (5, 5, 15, 15))
    data = encode(image, "PNG", transparency=0)
    assert "transparency" in Image.open(io.BytesIO(data)).info
    return data


def twenty_megabytes() -> bytes:
    """A real PNG padded behind its end to 20 MB."""
    data = encode(Image.new("RGB", (10, 10), "white"), "PNG")
    return data + b"\0" * (20 * 1024 * 1024 - len(data))


def zero_bytes() -> bytes:
    return b""


# English messages; the forms are sent to /de/ and must answer in German.
TOO_MANY_PIXELS = (
    "The image has too many pixels. Please upload an image of at most %(megapixels)s megapixels.",
    {"megapixels": 40},
)
NOT_AN_IMAGE: tuple[str, dict[str, str]] = (
    "This file is not an image we can use. Please upload a JPEG, PNG, GIF or WebP image.",
    {},
)
TOO_LARGE: tuple[str, dict[str, str]] = ("The image is larger than 5 MB. Please upload a smaller file.", {})
EMPTY: tuple[str, dict[str, str]] = ("The submitted file is empty.", {})  # Django's own message (FileField)


@dataclass(frozen=True)
class Sample:
    make: object
    filename: str
    content_type: str
    refused_with: tuple | None = None  # None: stored re-encoded
    stored_format: str | None = None  # the format we choose for it, when stored


CORPUS = {
    "decompression_bomb": Sample(decompression_bomb, "bomb.png", "image/png", refused_with=TOO_MANY_PIXELS),
    "svg_renamed_png": Sample(svg, "logo.png", "image/png", refused_with=NOT_AN_IMAGE),
    "html_renamed_png": Sample(html, "logo.png", "image/png", refused_with=NOT_AN_IMAGE),
    "gif_html_polyglot": Sample(gif_html_polyglot, "logo.gif", "image/gif", stored_format="JPEG"),
    "truncated_jpeg": Sample(truncated_jpeg, "cut.jpg", "image/jpeg", refused_with=NOT_AN_IMAGE),
    "jpeg_with_gps": Sample(jpeg_with_gps, "holiday.jpg", "image/jpeg", stored_format="JPEG"),
    "cmyk_jpeg": Sample(cmyk_jpeg, "print.jpg", "image/jpeg", stored_format="JPEG"),
    "palette_png_transparency": Sample(palette_png_with_transparency, "icon.png", "image/png", stored_format="PNG"),
    "twenty_megabytes": Sample(twenty_megabytes, "huge.png", "image/png", refused_with=TOO_LARGE),
    "zero_bytes": Sample(zero_bytes, "empty.png", "image/png", refused_with=EMPTY),
}


# --- the upload forms -------------------------------------------------------------------------


@dataclass
class Prepared:
    url: str
    values: dict  # entered values besides the file; the marker is one of them
    marker_field: str
    instance: object  # callable: the saved row, or None


def _startup_create(client):
    client.force_login(UserFactory(account_type="startup"))
    return Prepared(
        "/de/startups/new/",
        {"name": MARKER, "pitch": "Wir testen Uploads."},
        "name",
        lambda: Startup.objects.filter(name=MARKER).first(),
    )


def _startup_update(client):
    owner = UserFactory(account_type="startup")
    startup = StartupFactory(owner=owner, logo="")
    client.force_login(owner)
    return Prepared(f"/de/startups/{startup.slug}/edit/", {"name": MARKER}, "name", lambda: _changed(startup, "name"))


def _staff(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))


def _admin_startup_change(client):
    _staff(client)
    startup = StartupFactory(logo="")
    return Prepared(
        f"/de/admin/startups/startup/{startup.pk}/change/", {"name": MARKER}, "name", lambda: _changed(startup, "name")
    )


def _admin_hub_add(client):
    _staff(client)
    return Prepared(
        "/de/admin/hubs/hub/add/",
        {"name": MARKER, "slug": "korpus-hub", "cities": "Teststadt", "states": "BE"},
        "name",
        lambda: Hub.objects.filter(name=MARKER).first(),
    )


def _admin_event_add(client):
    _staff(client)
    return Prepared(
        "/de/admin/events/event/add/",
        {
            "title": MARKER,
            "slug": "korpus-event",
            "starts_at_0": "2031-05-01",
            "starts_at_1": "10:00:00",
            "ends_at_0": "2031-05-01",
            "ends_at_1": "12:00:00",
        },
        "title",
        lambda: Event.objects.filter(title=MARKER).first(),
    )


def _admin_speaker_add(client):
    _staff(client)
    return Prepared(
        "/de/admin/events/speaker/add/", {"name": MARKER}, "name", lambda: Speaker.objects.filter(name=MARKER).first()
    )


def _admin_hubupdate_add(client):
    _staff(client)
    hub = HubFactory()
    return Prepared(
        "/de/admin/agency/hubupdate/add/",
        {
            "hub": str(hub.pk),
            "slug": "korpus-news",
            "title_de": MARKER,
            "title_en": "Corpus",
            "text_de": "Text",
            "text_en": "Text",
        },
        "title_de",
        lambda: HubUpdate.objects.filter(title_de=MARKER).first(),
    )


def _changed(instance, name):
    instance.refresh_from_db()
    return instance if getattr(instance, name) == MARKER else None


# (how to reach the form, the file field on it)
UPLOAD_FORMS = {
    "startup_create": (_startup_create, "logo"),
    "startup_update": (_startup_update, "logo"),
    "admin_startup_change": (_admin_startup_change, "logo"),
    "admin_hub_add": (_admin_hub_add, "logo"),
    "admin_event_add": (_admin_event_add, "image"),
    "admin_speaker_add": (_admin_speaker_add, "photo"),
    "admin_hubupdate_add": (_admin_hubupdate_add, "image"),
}


def post_upload(client, form_name, filename, content, content_type):
    prepare, file_field = UPLOAD_FORMS[form_name]
    prepared = prepare(client)
    page = client.get(prepared.url)
    assert page.status_code == 200
    form = find_form(page.content.decode(), with_field=file_field)
    assert form.enctype == "multipart/form-data"
    assert file_field in form.file_fields
    data = form.post_data(**prepared.values)
    data[file_field] = SimpleUploadedFile(filename, content, content_type=content_type)
    response = client.post(prepared.url, data)
    return prepared, file_field, response


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def field_errors(html_text: str, field: str) -> str:
    """The text of the error list tied to the field (id="id_<field>_error")."""
    match = re.search(rf'<ul class="errorlist[^"]*" id="id_{field}_error">(.*?)</ul>', html_text, re.S)
    return unescape(re.sub(r"<[^>]+>", " ", match.group(1))) if match else ""


def german(message: tuple) -> str:
    msgid, params = message
    with translation.override("de"):
        text = gettext(msgid)
    assert text != msgid, f"no German translation for {msgid!r}"
    return text % params if params else text


# --- the tests --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("form_name", UPLOAD_FORMS)
def test_a_plain_png_is_stored_through_every_upload_form(client, form_name):
    """The control: with a harmless image each form saves, so a refusal below is about the file."""
    data = encode(Image.new("RGB", (30, 20), "teal"), "PNG")
    prepared, file_field, response = post_upload(client, form_name, "ok.png", data, "image/png")
    assert response.status_code == 302, field_errors(response.content.decode(), file_field) or response.content[:3000]
    instance = prepared.instance()
    assert instance is not None
    assert getattr(instance, file_field).name.endswith(".jpg")


@pytest.mark.django_db
@pytest.mark.parametrize("sample_name", CORPUS)
@pytest.mark.parametrize("form_name", UPLOAD_FORMS)
def test_corpus_file_is_refused_with_a_message_or_stored_clean(client, form_name, sample_name):
    sample = CORPUS[sample_name]
    content = sample.make()
    prepared, file_field, response = post_upload(client, form_name, sample.filename, content, sample.content_type)
    assert response.status_code in {200, 302}

    if sample.refused_with:
        assert response.status_code == 200, f"{sample_name} was accepted"
        html_text = response.content.decode()
        assert german(sample.refused_with) in field_errors(html_text, file_field)
        # What the person typed is still there; nothing was saved or written to disk.
        entered = find_form(html_text, with_field=file_field).data.get(prepared.marker_field)
        assert entered == [MARKER]
        assert prepared.instance() is None
        assert stored_files() == []
        return

    assert response.status_code == 302, field_errors(response.content.decode(), file_field)
    instance = prepared.instance()
    stored = getattr(instance, file_field)
    assert stored.name
    raw = Path(stored.path).read_bytes()
    with Image.open(io.BytesIO(raw)) as image:
        image.load()
        assert image.format == sample.stored_format
        assert not image.getexif()
        assert not {"exif", "icc_profile", "comment", "XML:com.adobe.xmp", "transparency"} & set(image.info)
        if sample.stored_format == "PNG":
            assert image.mode == "RGBA"
        else:
            assert image.mode == "RGB"
    assert b"SpyCam" not in raw
    assert b"<script" not in raw.lower()
    assert b"<html" not in raw.lower()
    assert stored_files() == [Path(stored.path)]


# --- bodies Django refuses before any form sees them ------------------------------------------

OVER_THE_LIMIT = "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)


@pytest.mark.django_db
def test_a_multipart_form_over_the_data_limit_gets_our_413_page(client):
    client.force_login(UserFactory(account_type="startup"))
    response = client.post("/en/startups/new/", {"name": MARKER, "description": OVER_THE_LIMIT})
    assert response.status_code == 413
    page = response.content.decode()
    assert 'class="site-header"' in page and "Too much data" in page
    assert not Startup.objects.filter(name=MARKER).exists()


@pytest.mark.django_db
def test_an_urlencoded_form_over_the_data_limit_gets_our_413_page_in_the_page_language(client):
    body = "login=someone%40example.org&password=" + OVER_THE_LIMIT
    response = client.post("/de/accounts/login/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    page = response.content.decode()
    assert '<html lang="de">' in page and "Zum Inhalt springen" in page


@pytest.mark.django_db
def test_a_broken_multipart_body_gets_our_400_page(client):
    client.force_login(UserFactory(account_type="startup"))
    response = client.post("/en/startups/new/", b"--x\r\nnot a part", content_type="multipart/form-data")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="site-header"' in page and "Bad request" in page
