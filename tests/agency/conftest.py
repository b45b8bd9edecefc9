import pytest

from hubportal.admin.roles import staff_groups_ensure


@pytest.fixture
def staff_groups(db):
    """The staff groups as the data migration creates them (transactional tests flush them)."""
    return staff_groups_ensure()


@pytest.fixture
def advisor(db, staff_groups):
    from tests.factories import UserFactory

    user = UserFactory(is_staff=True, first_name="Ada", last_name="Advisor")
    user.groups.add(staff_groups["Advisor"])
    return user
