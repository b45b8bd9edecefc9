"""The OpenAPI schema is valid OpenAPI 3 and describes every resource and the token."""

import pytest
import yaml
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_schema_is_valid_openapi_3(api):
    response = api.get("/api/v1/schema/")

    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate(schema)
    paths = set(schema["paths"])
    for resource in ("hubs", "topics", "networks", "startups", "events", "news", "calls"):
        assert f"/api/v1/{resource}/" in paths and f"/api/v1/{resource}/{{slug}}/" in paths
    assert "/api/v1/calls/{slug}/results/" in paths
    assert schema["components"]["securitySchemes"]["personalToken"]["scheme"] == "bearer"
    startup_filters = {p["name"] for p in schema["paths"]["/api/v1/startups/"]["get"]["parameters"]}
    assert {"q", "topic", "hub", "stage", "sort", "funding_min", "cursor", "limit"} <= startup_filters
    assert not {"post", "put", "patch", "delete"} & set(schema["paths"]["/api/v1/startups/"])


def test_docs_page_uses_only_local_assets_and_no_inline_code(api):
    html = api.get("/api/v1/docs/").content.decode()

    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<style" not in html and "<script>" not in html and "//cdn" not in html
    script = api.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


def test_docs_page_keeps_the_strict_policy_for_scripts_and_styles(api):
    header = api.get("/api/v1/docs/")["Content-Security-Policy"]
    # The directives come in no fixed order: compare them by name.
    policy = dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())

    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'" and "unsafe" not in header
    assert policy["img-src"] == "'self' data:"
    assert "data:" not in api.get("/de/")["Content-Security-Policy"]
