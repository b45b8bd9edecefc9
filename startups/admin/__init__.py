"""The startups app in the admin: startups (startups.py), investors and the rest (investors.py)."""

from . import investors, startups  # noqa: F401 - the modules register their admins
