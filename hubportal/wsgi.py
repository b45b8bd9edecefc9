"""WSGI entry point; production sets DJANGO_SETTINGS_MODULE=hubportal.settings.prod.

With gunicorn's preload the master imports this once and forks its workers from it: the warm-up (catalogues, URL
resolvers, templates) is then done once, and every new worker, also one replacing a recycled worker, starts warm.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hubportal.settings.prod")
application = get_wsgi_application()

from hubportal.core.warmup import warm_up  # noqa: E402  # needs the settings get_wsgi_application() set up

warm_up()
