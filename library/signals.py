"""The library follows renames in the shared vocabulary (publishers, themes, countries): they change
what OAI-PMH disseminates about the documents that name them (dc:publisher, dc:subject and the
theme sets, dc:coverage), so those documents' datestamps move.

A receiver, not a call from the vocabulary's code, because the core must not know the pillars
(the layers run one way, down); the receiver only calls the library's service."""

from django.db.models import Q
from django.db.models.signals import pre_save
from django.dispatch import receiver

from clearinghouse.models import Country, Organisation, Theme

from .models import Document
from .services import document_datestamp_bump

# vocabulary model -> (fields harvesters see, the documents that show them)
WATCHED = {
    Organisation: (("name",), lambda pk: Q(publishers=pk)),
    Theme: (("name", "slug", "parent_id"), lambda pk: Q(themes=pk) | Q(themes__parent=pk)),
    Country: (("name",), lambda pk: Q(countries=pk)),
}


@receiver(pre_save, sender=Organisation)
@receiver(pre_save, sender=Theme)
@receiver(pre_save, sender=Country)
def vocabulary_renamed(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    fields, documents = WATCHED[sender]
    before = sender.objects.filter(pk=instance.pk).values(*fields).first()
    if before and any(before[name] != getattr(instance, name) for name in fields):
        document_datestamp_bump(document_ids=Document.objects.filter(documents(instance.pk)).values("pk"))
