from tests.parcels.conftest import officer, project  # noqa: F401 - shared fixtures
