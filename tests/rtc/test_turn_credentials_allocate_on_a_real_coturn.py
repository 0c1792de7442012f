"""The TURN credentials Parley hands a member open a relay on a real coturn run the way README says
(`--use-auth-secret --static-auth-secret`), over UDP and TCP; a wrong password or an expired name gets nothing; and
with README's `--denied-peer-ip` for loopback the relay refuses to reach the host's own services. Debian's coturn,
started on a free loopback port and stopped by PID."""
from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import time

import pytest
from aioice import stun, turn

from app.config import settings
from app.rtc import ice
from tests.conftest import free_port, run_async

SECRET = "the-shared-secret"


@pytest.fixture(scope="module")
def coturn(tmp_path_factory):
    exe = shutil.which("turnserver")
    if exe is None:
        pytest.fail("Debian's coturn is missing: `make setup` installs it (scripts/setup_system.sh)")
    port, work = free_port(), tmp_path_factory.mktemp("coturn")
    proc = subprocess.Popen([exe, "-n", "--listening-ip=127.0.0.1", f"--listening-port={port}", "--relay-ip=127.0.0.1",
                             "--use-auth-secret", f"--static-auth-secret={SECRET}", "--realm=parley",
                             "--no-tls", "--no-dtls", "--no-cli", "--min-port=49160", "--max-port=49200",
                             "--denied-peer-ip=127.0.0.0-127.255.255.255", f"--pidfile={work}/pid",
                             f"--log-file={work}/log", "--simple-log"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while proc.poll() is None:  # ready once its TCP listener answers
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "coturn did not start listening in 30 s"
                time.sleep(0.1)
        assert proc.poll() is None, (work / "log").read_text(errors="replace") if (work / "log").exists() else ""
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _credentials(monkeypatch, port: int) -> tuple[str, str]:
    monkeypatch.setattr(settings, "turn_secret", SECRET)
    monkeypatch.setattr(settings, "ice_servers", f'[{{"urls": ["turn:127.0.0.1:{port}"]}}]')
    [server] = ice.ice_servers_for(7)
    return server["username"], server["credential"]


async def _allocate(port: int, username: str, password: str, transport: str = "udp"):
    return await asyncio.wait_for(turn.create_turn_endpoint(asyncio.DatagramProtocol, ("127.0.0.1", port),
                                                            username, password, transport=transport), 20)


@pytest.mark.parametrize("transport", ["udp", "tcp"])
def test_parleys_credentials_open_a_relay(coturn, monkeypatch, transport):
    username, password = _credentials(monkeypatch, coturn)

    async def go():
        relay, _ = await _allocate(coturn, username, password, transport)
        try:
            host, port = relay.get_extra_info("sockname")
            assert host == "127.0.0.1" and 49160 <= port <= 49200
        finally:
            relay.close()
    run_async(go())


def test_a_wrong_password_or_an_expired_name_opens_nothing(coturn, monkeypatch):
    username, password = _credentials(monkeypatch, coturn)
    expired = ice.turn_credentials(7, ttl=-60)  # signed by Parley, but its time is over

    async def refused(name: str, secret: str):
        with pytest.raises(stun.TransactionFailed) as e:
            await _allocate(coturn, name, secret)
        assert e.value.response.attributes["ERROR-CODE"][0] == 401
    run_async(refused(username, password[:-4] + "AAA="))
    run_async(refused(*expired))


def test_the_relay_cannot_reach_the_hosts_loopback(coturn, monkeypatch):
    username, password = _credentials(monkeypatch, coturn)

    async def go():
        relay, _ = await _allocate(coturn, username, password)
        try:
            client = relay._TurnTransport__inner_protocol  # aioice binds a channel on the first send; ask directly
            with pytest.raises(stun.TransactionFailed) as e:
                await asyncio.wait_for(client.channel_bind(0x4000, ("127.0.0.1", 5432)), 20)
            assert e.value.response.attributes["ERROR-CODE"][0] == 403
        finally:
            relay.close()
    run_async(go())
