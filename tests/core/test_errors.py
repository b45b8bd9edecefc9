from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hubportal.errors import ServiceError


class Closed(ServiceError):
    message = _("This request is closed.")
    code = "closed"


def test_a_service_error_reads_in_the_language_it_is_shown_in():
    error = Closed()
    with translation.override("de"):
        assert str(error) == "Diese Anfrage ist abgeschlossen."
    with translation.override("en"):
        assert str(error) == "This request is closed."
    assert error.code == "closed"
    other = ServiceError(_("Closed"), code="other")
    with translation.override("de"):
        assert str(other) == "Abgeschlossen" and other.code == "other" and ServiceError("x").code == "refused"
