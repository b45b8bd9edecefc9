"""WSGI entry point; production sets DJANGO_SETTINGS_MODULE=hubportal.settings.prod.

With gunicorn's preload the master imports this once and forks its workers from it: the warm-up (catalogues, URL
resolvers, templates) is then done once, and every new worker, also one replacing a recycled worker, starts warm.
Then the objects made so far (~200,000, alive as long as the process) are frozen out of the garbage collector: a
full collection walked them all, 60–70 ms each on an idle machine and 250–330 ms under load, and such pauses were
the slowest 1 % of cached pages (docs/benchmarks.md). Frozen objects are also not written to by collections, so
the forked workers keep sharing their memory pages with the master.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hubportal.settings.prod")
application = get_wsgi_application()

from hubportal.core.warmup import warm_up  # noqa: E402  # needs the settings get_wsgi_application() set up

warm_up()
gc.freeze()
