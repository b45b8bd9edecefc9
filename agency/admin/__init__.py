from . import advice, hubnews  # noqa: F401
