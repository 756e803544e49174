"""Signals of the organisation app.

`departments_created` is sent (with `departments`, the new rows) when departments are created in
bulk (`departments_create_many`, used by imports), which sends no post_save per row: whoever keeps
departments in memory (gamdong.complaints.reference) listens to it.
"""

from django.dispatch import Signal

departments_created = Signal()
