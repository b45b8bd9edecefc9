from hubs.selectors import filter_choices
from tests.factories import HubFactory, TopicFactory


def test_filter_choices_are_kept_until_a_hub_or_topic_changes(db, django_assert_num_queries):
    TopicFactory(slug="ki")
    with django_assert_num_queries(2):
        topics, hubs = filter_choices()
    with django_assert_num_queries(0):
        assert filter_choices() == (topics, hubs)
    TopicFactory(slug="iot")
    hub = HubFactory(slug="neu")
    with django_assert_num_queries(2):
        topics, hubs = filter_choices()
    assert {"ki", "iot"} <= {topic.slug for topic in topics} and hub in hubs
    hub.is_active = False
    hub.save()
    assert hub not in filter_choices()[1]
