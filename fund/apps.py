from django.apps import AppConfig


class FundConfig(AppConfig):
    name = "fund"

    def ready(self):
        from .work_queue import register_boxes

        register_boxes()
