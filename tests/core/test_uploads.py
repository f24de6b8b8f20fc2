"""A file over its kind's limit is refused before it is read, with a message, while the
server goes on answering everyone else (security review #13)."""

from __future__ import annotations

import http.client
import time
from urllib.parse import urlparse

import pytest

from gpmb.core.choices import Role
from gpmb.core.models import Upload


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_300_mb_upload_is_refused_at_once_and_others_are_served(live_server, make_user, client):
    # The declared size is refused before anything else is looked at (not even the
    # project): no body is read.
    client.force_login(make_user(Role.COMPENSATION_OFFICER))
    session = client.cookies["sessionid"].value
    host = urlparse(live_server.url)
    upload = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
    upload.putrequest("POST", "/parcels/import/hs-cr2/")
    upload.putheader("Cookie", f"sessionid={session}")
    upload.putheader("Content-Type", "multipart/form-data; boundary=x")
    upload.putheader("Content-Length", str(300 * 1024 * 1024))
    upload.endheaders()
    upload.send(b"--x\r\nContent-Disposition: form-data; name=file; filename=big.gpkg\r\n\r\n")
    started = time.monotonic()
    response = upload.getresponse()  # while 300 MB are still "to come"
    body = response.read().decode()
    assert response.status == 413
    assert "Tệp lớn hơn giới hạn 200 MB" in body
    assert time.monotonic() - started < 5
    other = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
    other.request("GET", "/accounts/login/")
    assert other.getresponse().status == 200
    assert not Upload.objects.exists()
