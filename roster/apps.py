from django.apps import AppConfig


class RosterConfig(AppConfig):
    name = "roster"

    def ready(self):
        from .work_queue import register_boxes

        register_boxes()
