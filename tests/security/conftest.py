import os

from hypothesis import HealthCheck, settings

# HYPOTHESIS_PROFILE=ci (default: few, always the same examples, so the suite stays fast and stable)
# or HYPOTHESIS_PROFILE=thorough (many new random examples each run; see README, "Fuzzing").
_common = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "print_blob": True,
}
settings.register_profile("ci", max_examples=25, derandomize=True, **_common)
settings.register_profile("thorough", max_examples=400, **_common)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
