"""The admin site every app registers with (site.py) and the staff groups with their permissions (roles.py)."""
