from tests.complaints.conftest import district, file_complaint  # noqa: F401 - the complaints fixtures
