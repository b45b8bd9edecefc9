from django_tasks import task

from .services import email_deliver


@task(queue_name="mail")
def deliver_email(outbound_id: int) -> str:
    """Background task: deliver one stored mail (retries are scheduled by the service)."""
    outbound = email_deliver(outbound_id=outbound_id)
    return outbound.status if outbound else "missing"
