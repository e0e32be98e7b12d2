"""The admin site: Django's, with its list of apps and models (the navigation sidebar of every admin
page) named with plain strings.

Django sorts the models by their lazily translated names, translating both names of every
comparison, and the sidebar translates them once more when rendered: some 370 translations a page
for fifty models, 3 ms of every admin page (the names do not change within a request)."""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig


class ClearinghouseAdminSite(AdminSite):
    def _build_app_dict(self, request, label=None):
        app_dict = super()._build_app_dict(request, label)
        for app in app_dict.values():
            app["name"] = str(app["name"])
            for model in app["models"]:
                model["name"] = str(model["name"])
        return app_dict


class ClearinghouseAdminConfig(AdminConfig):
    """django.contrib.admin, with the site above as admin.site."""

    default_site = "clearinghouse.admin_site.ClearinghouseAdminSite"
