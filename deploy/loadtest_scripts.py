"""The Python that `make loadtest` runs inside the portal (manage.py shell -c) and the wrk report script.

Kept apart from deploy/loadtest.py, which drives the run; the numbers of the rush come from there.
"""

RUSH_USERS, RUSH_SEATS = 200, 50
THESIS = "Wir investieren in Logistik, Lager und Energiesysteme für den Mittelstand."

PREPARE = f"""
import json
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from django.utils.crypto import get_random_string
from events.models import Event, Registration
from hubs.models import Hub
from startups.models import InvestorProfile

User = get_user_model()

def session(user):
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    return store.session_key

investor, thesis = (InvestorProfile.objects.get(slug=f"bench-investor-{{n}}") for n in (0, 1))
InvestorProfile.objects.filter(pk__in=[investor.pk, thesis.pk]).update(is_verified=True, verified_at=timezone.now())
InvestorProfile.objects.filter(pk=investor.pk).update(thesis="")
InvestorProfile.objects.filter(pk=thesis.pk).update(thesis={THESIS!r})
berlin = Hub.objects.get(slug="berlin")
soon = timezone.now() + timezone.timedelta(days=7)
common = dict(hub=berlin, starts_at=soon, ends_at=soon + timezone.timedelta(hours=2), status="published",
              venue_name="Hubportal", description_de="Lasttest", description_en="Load test")
Event.objects.update_or_create(slug="loadtest-event", defaults=dict(title="Lasttest", capacity=500, **common))
rush, _ = Event.objects.update_or_create(
    slug="loadtest-rush", defaults=dict(title="Ansturm", capacity={RUSH_SEATS}, waitlist_enabled=True, **common))
Registration.objects.filter(event=rush).delete()
people = []
for n in range({RUSH_USERS}):
    user, _ = User.objects.get_or_create(email=f"rush{{n}}@loadtest.example", defaults=dict(first_name=f"R{{n}}"))
    people.append([session(user), get_random_string(32)])
print(json.dumps({{"investor": session(investor.user), "thesis": session(thesis.user), "rush": people}}))
"""

RUSH_RESET = """
import json
from django.core.cache import cache
from events.models import Registration
Registration.objects.filter(event__slug="loadtest-rush").delete()
client = cache._cache.get_client(write=True)  # Redis: the people's registration rate limits start anew
for key in client.scan_iter(match="*allauth:rl:*event_registration*"):
    client.delete(key)
print(json.dumps({}))
"""

OUTCOME = """
import json
from events.models import Registration
rows = Registration.objects.filter(event__slug="loadtest-rush").order_by("created_at", "pk")
confirmed = rows.filter(status="confirmed").count()
waiting = list(rows.filter(status="waitlisted").values_list("waitlist_position", flat=True))
print(json.dumps({"confirmed": confirmed, "waitlisted": len(waiting), "positions": waiting}))
"""

EDIT = """
import json, sys, time
from django.contrib.auth import get_user_model
from startups.models import Startup
from startups.services import startup_publish, startup_unpublish, startup_update
User = get_user_model()
staff = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
    email="loadtest-staff@loadtest.example", password=None)
newest = Startup.objects.published().order_by("-published_at", "-id").first()
step = sys.argv[-1]
if step == "rename":
    name = newest.name.split(" ~")[0] + " ~" + str(int(time.time()))
    startup_update(startup=newest, user=staff, data={"name": name})
    print(json.dumps({"name": name, "slug": newest.slug}))
elif step.startswith("unpublish:"):
    startup_unpublish(startup=Startup.objects.get(slug=step.split(":", 1)[1]), user=staff, reason="Load run")
    print(json.dumps({}))
else:
    startup = Startup.objects.get(slug=step.split(":", 1)[1])
    Startup.objects.filter(pk=startup.pk).update(status="submitted")
    startup.refresh_from_db()
    startup_publish(startup=startup, user=staff)
    print(json.dumps({}))
"""

WRK_SCRIPT = """
local cookie = os.getenv("LT_COOKIE")
if cookie and cookie ~= "" then wrk.headers["Cookie"] = cookie end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %d, "duration_us": %d, "p95_us": %d, "errors": %d, "non2xx": %d}\\n',
    summary.requests, summary.duration, latency:percentile(95), e.connect + e.read + e.write + e.timeout, e.status))
end
"""
