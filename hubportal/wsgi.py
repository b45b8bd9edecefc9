"""WSGI entry point; production sets DJANGO_SETTINGS_MODULE=hubportal.settings.prod.

gunicorn warms the application up before serving (gunicorn.conf.py's hooks, hubportal/core/warmup.py).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hubportal.settings.prod")
application = get_wsgi_application()
