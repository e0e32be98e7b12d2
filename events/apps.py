from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events and trainings"

    def ready(self):
        from .work_queue import register_boxes

        register_boxes()
