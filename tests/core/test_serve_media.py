"""Uploads are served by nginx in production; Django serves them only in DEBUG or with SERVE_MEDIA=1 (make serve)."""

import importlib

import pytest
from django.urls import clear_url_caches

import hubportal.urls


@pytest.fixture
def urls_with(settings):
    def build(serve_media: bool):
        settings.SERVE_MEDIA = serve_media
        clear_url_caches()
        importlib.reload(hubportal.urls)

    yield build
    settings.SERVE_MEDIA = False
    clear_url_caches()
    importlib.reload(hubportal.urls)


@pytest.mark.django_db
@pytest.mark.parametrize(("serve_media", "status"), [(True, 200), (False, 404)])
def test_uploads_are_served_by_django_only_when_asked_to(client, settings, urls_with, serve_media, status):
    logo = settings.MEDIA_ROOT / "logos" / "frachtfuchs.png"
    logo.parent.mkdir(parents=True)
    logo.write_bytes(b"\x89PNG\r\n\x1a\n")
    urls_with(serve_media)
    response = client.get("/media/logos/frachtfuchs.png")
    assert response.status_code == status
    if serve_media:
        assert b"".join(response.streaming_content) == b"\x89PNG\r\n\x1a\n"
        assert response["Content-Type"] == "image/png"
