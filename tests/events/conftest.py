import pytest
from django.core import mail


@pytest.fixture(autouse=True)
def _clear_outbox():
    mail.outbox = []


def mails_to(address):
    return [m for m in mail.outbox if address in m.to]
