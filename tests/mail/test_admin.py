"""Staff see stored mails and can push failed ones out again."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from hubportal.mail.models import OutboundEmail


def make_mails(count, status=OutboundEmail.Status.FAILED):
    OutboundEmail.objects.bulk_create(
        OutboundEmail(
            to=[f"p{n}@example.org"],
            subject=f"Mail {n}",
            body_text="Hello",
            from_email="portal@example.org",
            status=status,
        )
        for n in range(count)
    )


@pytest.mark.parametrize("rows", [1, 25])
def test_changelist_query_count_does_not_grow(client, staff_user, django_assert_max_num_queries, rows):
    make_mails(rows)
    client.force_login(staff_user)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:mail_outboundemail_changelist"))

    assert response.status_code == 200
    assert b"p0@example.org" in response.content


def test_changelist_search_and_detail(client, staff_user):
    make_mails(3)
    client.force_login(staff_user)

    response = client.get(reverse("admin:mail_outboundemail_changelist"), {"q": "Mail 2"})
    assert b"p2@example.org" in response.content
    assert b"p1@example.org" not in response.content
    outbound = OutboundEmail.objects.get(subject="Mail 1")
    assert client.get(reverse("admin:mail_outboundemail_change", args=[outbound.pk])).status_code == 200


def test_retry_now_delivers_failed_mails_and_leaves_sent_ones(client, staff_user):
    make_mails(2)
    make_mails(1, status=OutboundEmail.Status.SENT)
    client.force_login(staff_user)

    with translation.override("en"):
        url = reverse("admin:mail_outboundemail_changelist")
    response = client.post(
        url,
        {"action": "retry_now", "_selected_action": list(OutboundEmail.objects.values_list("pk", flat=True))},
        follow=True,
    )

    assert response.status_code == 200
    assert b"2 mail(s) queued again." in response.content
    assert len(mail.outbox) == 2
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {OutboundEmail.Status.SENT}


def test_mail_admin_is_for_staff_only(client, user):
    client.force_login(user)
    response = client.get(reverse("admin:mail_outboundemail_changelist"))
    assert response.status_code == 302


def test_only_superusers_read_mail_bodies_with_their_sign_in_links(client, staff_user):
    from agency.roles import AGENCY_ADMINISTRATOR, staff_groups_ensure
    from tests.factories import UserFactory

    OutboundEmail.objects.create(
        to=["boss@example.org"],
        subject="Reset your password",
        body_text="https://portal.example/reset/SECRET-TOKEN-TEXT/",
        body_html='<a href="https://portal.example/reset/SECRET-TOKEN-HTML/">Reset</a>',
        from_email="portal@example.org",
        headers={"X-Link": "SECRET-TOKEN-HEADER"},
    )
    outbound = OutboundEmail.objects.get()
    with translation.override("en"):
        url = reverse("admin:mail_outboundemail_change", args=[outbound.pk])
    administrator = UserFactory(is_staff=True)
    administrator.groups.add(staff_groups_ensure()[AGENCY_ADMINISTRATOR])

    client.force_login(administrator)
    response = client.get(url)
    assert response.status_code == 200
    assert b"Reset your password" in response.content
    assert b"SECRET-TOKEN" not in response.content
    assert b"Only superusers see them" in response.content

    client.force_login(staff_user)  # a superuser
    response = client.get(url)
    assert b"SECRET-TOKEN-TEXT" in response.content
    assert b"SECRET-TOKEN-HEADER" in response.content
