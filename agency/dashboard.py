def dashboard_context(request) -> dict:
    return {}
