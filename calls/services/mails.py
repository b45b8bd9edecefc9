"""The calls app's mails: written in the recipient's language, sent once the transaction commits."""

from typing import Any

from django.db import transaction

from hubportal.mail.services import email_send

from ..models import Answer, Application


def answers_copy(application: Application, phase: str) -> list[Answer]:
    """The answers of one phase, in the questions' order, for the receipt."""
    return list(
        Answer.objects.filter(application=application, question__phase=phase)
        .select_related("question")
        .order_by("question__position", "question_id")
    )


def mail_applicant(application: Application, template: str, **context: Any) -> None:
    """Mails the applicant (if the account still exists) after the commit, in their language."""
    user = application.applicant
    if user is None:
        return
    context = {"application": application, "call": application.call, "user": user, **context}

    def send() -> None:
        email_send(to=user.email, template_prefix=f"emails/calls/{template}", context=context, language=user.language)

    transaction.on_commit(send)
