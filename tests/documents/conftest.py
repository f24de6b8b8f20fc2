from tests.census.conftest import world  # noqa: F401  (the census world: a batch, its round)
