"""Seed the common 직렬 (occupational series) of a district office's 일반직 staff."""

from django.db import migrations

SERIES = [
    ("admin", "행정"),
    ("tax", "세무"),
    ("it", "전산"),
    ("social_welfare", "사회복지"),
    ("librarian", "사서"),
    ("civil_engineering", "토목"),
    ("architecture", "건축"),
    ("environment", "환경"),
    ("greenery", "녹지"),
    ("public_health", "보건"),
    ("nursing", "간호"),
    ("driving", "운전"),
    ("mechanical", "기계"),
    ("electrical", "전기"),
    ("cadastral", "지적"),
    ("food_sanitation", "식품위생"),
    ("medical_technology", "의료기술"),
    ("broadcasting", "방송통신"),
    ("facility", "시설관리"),
]


def seed(apps, schema_editor):
    Series = apps.get_model("org", "Series")
    for order, (code, name) in enumerate(SERIES, start=1):
        Series.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order * 10})


def unseed(apps, schema_editor):
    Series = apps.get_model("org", "Series")
    Series.objects.filter(code__in=[code for code, _ in SERIES], employees__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
