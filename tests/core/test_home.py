"""The home page gets the apps' data through hubportal/core/home.py, not by importing them."""

from hubportal.core import home


def test_the_home_page_shows_what_the_apps_registered(client, real_hubs, monkeypatch):
    assert len(client.get("/de/").context["hubs"]) == 12  # the hubs app's part

    monkeypatch.setattr(home, "_providers", {})
    home.register("greeting", lambda request: {"greeting": f"Hallo {request.path}"})
    response = client.get("/de/")

    assert response.context["greeting"] == "Hallo /de/"
    assert "hubs" not in response.context
    assert "Die Hubs werden gerade eingetragen." in response.content.decode()  # the page's empty state
