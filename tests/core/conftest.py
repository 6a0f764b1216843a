import pytest

from tests.core.helpers import JsonReceiver, Recorder, register_test_flow


@pytest.fixture
def receiver(monkeypatch):
    """Route every system's deliveries to the throwaway JSON receiver."""
    monkeypatch.setattr("sync.views.receiver_for", lambda system: JsonReceiver())
    monkeypatch.setattr("sync.services.events.receiver_for", lambda system: JsonReceiver())  # replay
    return JsonReceiver()


@pytest.fixture
def flow():
    from sync.flows.registry import unregister

    recorder = Recorder()
    register_test_flow(recorder)
    yield recorder
    unregister("test.flow")
