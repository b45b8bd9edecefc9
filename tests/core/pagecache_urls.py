"""Pages of every kind for the page cache's tests."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseNotFound
from django.middleware.csrf import get_token
from django.urls import path

from hubportal.core.pagecache import cache_for_visitors, fills_later
from hubs.models import Hub


@cache_for_visitors("hubs")
def hub_names(request):
    return HttpResponse(", ".join(Hub.objects.order_by("name").values_list("name", flat=True)))


@cache_for_visitors("hubs")
def with_form(request):
    return HttpResponse(f"<form>{get_token(request)}</form>")


@cache_for_visitors("hubs")
def with_message(request):
    messages.info(request, "Hallo")
    request.session["seen"] = True
    return HttpResponse("message")


@cache_for_visitors("hubs")
def with_cookie(request):
    response = HttpResponse("cookie")
    response.set_cookie("choice", "1")
    return response


@cache_for_visitors("hubs")
def private(request):
    return HttpResponse("private", headers={"Cache-Control": "private, no-store"})


@cache_for_visitors("hubs")
def missing(request):
    return HttpResponseNotFound(", ".join(Hub.objects.values_list("name", flat=True)))


@cache_for_visitors("hubs")
def with_place(request):
    """The count of hubs changes too often for the page: a place while the page is built for the cache."""
    count = "<!--fill:hub-count-->" if fills_later(request) else str(Hub.objects.count())
    return HttpResponse(f"Hubs: {count}")


urlpatterns = [
    path("place/", with_place),
    path("names/", hub_names),
    path("form/", with_form),
    path("message/", with_message),
    path("cookie/", with_cookie),
    path("private/", private),
    path("missing/", missing),
]
