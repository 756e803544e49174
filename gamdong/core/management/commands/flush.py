"""Django's `flush`, allowed to empty the append-only event table (see gamdong.core.event_guard)."""

from django.core.management.commands.flush import Command as DjangoFlush

from gamdong.core.event_guard import allow_event_purge


class Command(DjangoFlush):
    help = DjangoFlush.help + " The event record is emptied too (a deliberate purge)."

    def handle(self, **options):
        with allow_event_purge(using=options["database"]):
            return super().handle(**options)
