"""Housekeeping the ORM does not do by itself."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import EvidenceFile


@receiver(post_delete, sender=EvidenceFile)
def remove_the_stored_file(sender, instance, **kwargs):
    # Also when its plan is deleted (a cascade sends this per file); only once the deletion is
    # committed, so that a rolled-back delete keeps its file.
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))
