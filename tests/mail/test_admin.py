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


@pytest.fixture
def reset_mail(db):
    return OutboundEmail.objects.create(
        to=["boss@example.org"],
        subject="Reset your password",
        body_text="https://portal.example/reset/SECRET-TOKEN-TEXT/",
        body_html='<a href="https://portal.example/reset/SECRET-TOKEN-HTML/">Reset</a>',
        from_email="portal@example.org",
        headers={"X-Link": "SECRET-TOKEN-HEADER"},
        status=OutboundEmail.Status.FAILED,
    )


@pytest.fixture
def administrator(db):
    from hubportal.admin.roles import AGENCY_ADMINISTRATOR, staff_groups_ensure
    from tests.factories import UserFactory

    user = UserFactory(is_staff=True)
    user.groups.add(staff_groups_ensure()[AGENCY_ADMINISTRATOR])
    return user


def en(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def test_only_superusers_read_mail_bodies_with_their_sign_in_links(client, staff_user, administrator, reset_mail):
    url = en("admin:mail_outboundemail_change", reset_mail.pk)
    client.force_login(administrator)
    response = client.get(url)
    assert response.status_code == 200
    assert b"Reset your password" in response.content
    assert b"SECRET-TOKEN" not in response.content
    assert response.content.count(b"Only superusers see them") == 1

    client.force_login(staff_user)  # a superuser
    response = client.get(url)
    assert b"SECRET-TOKEN-TEXT" in response.content
    assert b"SECRET-TOKEN-HEADER" in response.content
    assert b"Only superusers see them" not in response.content


@pytest.mark.parametrize(
    "lookup", ["body_text__contains", "body_html__icontains", "body_text__regex", "headers__X-Link", "attachments"]
)
def test_nobody_but_superusers_filters_mails_by_their_hidden_content(client, staff_user, administrator, lookup):
    """Filtering by a guess would tell, one character at a time, what the hidden body holds."""
    OutboundEmail.objects.create(
        to=["boss@example.org"], subject="Reset", body_text="reset/Mq-c", from_email="portal@example.org"
    )
    url = en("admin:mail_outboundemail_changelist")
    client.force_login(administrator)
    response = client.get(url, {lookup: "reset/M"})
    assert response.status_code == 400  # Django's answer to a disallowed lookup
    client.force_login(staff_user)
    response = client.get(url, {"body_text__contains": "reset/M"})
    assert response.status_code == 200
    assert b"boss@example.org" in response.content


def test_agency_administrators_may_retry_failed_mails(client, administrator, reset_mail):
    client.force_login(administrator)
    url = en("admin:mail_outboundemail_changelist")
    assert b"retry_now" in client.get(url).content
    response = client.post(url, {"action": "retry_now", "_selected_action": [reset_mail.pk]}, follow=True)
    assert b"1 mail(s) queued again." in response.content
    assert len(mail.outbox) == 1


def test_staff_who_may_only_view_mails_cannot_retry_them(client, reset_mail):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_outboundemail"))
    client.force_login(viewer)
    url = en("admin:mail_outboundemail_changelist")
    response = client.get(url)
    assert response.status_code == 200
    assert b"retry_now" not in response.content
    client.post(url, {"action": "retry_now", "_selected_action": [reset_mail.pk]})
    assert len(mail.outbox) == 0
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.FAILED


def test_retry_now_names_a_mail_that_was_sent_already(db):
    from hubportal.errors import ServiceError
    from hubportal.mail.services import email_retry_one

    sent = OutboundEmail.objects.create(
        to=["x@example.org"], subject="s", body_text="b", status=OutboundEmail.Status.SENT
    )
    with pytest.raises(ServiceError) as refused, translation.override("en"):
        email_retry_one(outbound=sent)
    assert refused.value.message == "This mail was sent already or is being sent right now."
