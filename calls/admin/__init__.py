"""The calls app in the admin (registered with @admin.register in each module)."""

from . import applications, calls  # noqa: F401
