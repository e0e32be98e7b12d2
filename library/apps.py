from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"

    def ready(self):
        from . import checks, signals  # noqa: F401 - registers the checks, connects the receivers
        from .work_queue import register_boxes

        register_boxes()
