"""Background tasks of the events app."""

from django_tasks import task

from .services import registration_mail_send


@task(queue_name="mail")
def send_registration_mail(registration_id: int) -> bool:
    """Writes the mail a registration owes (its place, or the guest's confirmation link) into the mail queue."""
    return registration_mail_send(registration_id=registration_id)
