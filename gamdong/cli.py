"""The `gamdong` command: `gamdong demo`, `gamdong serve`, `gamdong seed`, `gamdong worker`,
and every Django management command (`gamdong migrate`, `gamdong createsuperuser`, ...)."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gamdong.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "gamdong"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
