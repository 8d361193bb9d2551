from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo and scale-data builders (``manage.py demo``, ``generate_scale_data``): the top layer, nothing imports it."""

    name = "participatiehub.demo"
    verbose_name = "Demo"
