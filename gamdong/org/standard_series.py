"""The common 직렬 (occupational series) of a district office's 일반직 staff.

Created by migration 0002 and restored after a database flush (post_migrate), so that a
district always starts with them; districts may add their own in the admin.
"""

STANDARD_SERIES = (
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
)


def ensure_standard_series(sender=None, using="default", **kwargs) -> None:
    """Create the standard series that are missing (never changes existing rows)."""
    from gamdong.org.models import Series

    existing = set(Series.objects.using(using).values_list("code", flat=True))
    missing = [
        Series(code=code, name=name, sort_order=order * 10)
        for order, (code, name) in enumerate(STANDARD_SERIES, start=1)
        if code not in existing
    ]
    if missing:
        Series.objects.using(using).bulk_create(missing, ignore_conflicts=True)
