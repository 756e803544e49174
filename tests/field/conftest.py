"""Field tests reuse the small district of the complaint tests."""

import pytest

from gamdong.org import services as org
from tests.complaints.conftest import district, file_complaint, seoul  # noqa: F401 - fixtures


@pytest.fixture
def staff_with_mail(district):  # noqa: F811 - the imported fixture
    """Officers and the supervisor with addresses, the supervisor heading 도로과."""
    for i, employee in enumerate([district.officer, district.officer2, district.supervisor, district.park_officer]):
        employee.user.email = f"staff{i}@gamdong.go.kr"
        employee.user.save(update_fields=["email"])
    org.department_set_head(actor=None, department=district.roads, head=district.supervisor)
    return district
