from dataclasses import replace

import pytest

from monitor.ops import settings


def test_defaults_when_empty(store):
    assert settings.load(store) == settings.Settings()


def test_round_trip(store):
    new = replace(
        settings.Settings(), account="kemensos_test", sensitivity="more", retention_months=6
    )
    settings.save(store, new)
    assert settings.load(store) == new


def test_rejects_unknown_sensitivity(store):
    with pytest.raises(ValueError, match="sensitivity"):
        settings.save(store, replace(settings.Settings(), sensitivity="loud"))
