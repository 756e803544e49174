"""What the tags that write a list's rows in Python share (inbox_table, complaint_resident):
choice labels translated once per page, and a URL reversed once and filled per row."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import TextChoices
from django.urls import reverse


class ChoiceLabels(dict):
    """A choice's label per value, in the active language, translated on first use."""

    def __init__(self, choices: type[TextChoices]):
        super().__init__()
        self.choices = choices

    def __missing__(self, value: str) -> str:
        label = str(self.choices(value).label) if value in self.choices.values else value
        self[value] = label
        return label


def url_for_each(viewname: str, placeholder: int | str) -> Callable[[object], str]:
    """`viewname`'s URL for one argument, reversed once with `placeholder` (a value its pattern
    accepts that no URL contains otherwise) and filled per row: ids and receipt numbers have no
    character the URL would escape."""
    before, after = reverse(viewname, args=[placeholder]).split(str(placeholder))
    return lambda arg: f"{before}{arg}{after}"
