"""A browser test that fails says why: a screenshot and the server's last words (issue 11).

No browser is needed here: a stand-in page records the screenshot it is asked for.
"""

from __future__ import annotations

import pytest
from browser import Server, explained


class Page:
    def __init__(self, broken: bool = False):
        self.broken = broken

    def screenshot(self, path: str, full_page: bool = False) -> None:
        if self.broken:
            raise RuntimeError("target closed")
        with open(path, "wb") as fh:
            fh.write(b"\x89PNG stand-in")


def test_a_timeout_saves_a_screenshot_and_quotes_the_server_log(tmp_path):
    log = tmp_path / "server.log"
    log.write_text("early line\n" + "x" * 5000 + "\n[E] Kernel died: out of memory\n")
    server = Server("http://127.0.0.1:1", log)
    shot = tmp_path / "shots" / "jupyterlab_weeding_failure.png"
    with pytest.raises(AssertionError) as err:
        with explained(Page(), server, shot):
            raise TimeoutError("Timeout 300000ms exceeded waiting for the cells to run")
    said = str(err.value)
    assert "TimeoutError: Timeout 300000ms exceeded" in said
    assert f"screenshot of the page: {shot}" in said and shot.read_bytes().startswith(b"\x89PNG")
    assert said.endswith("[E] Kernel died: out of memory\n")
    assert "early line" not in said  # the tail, not the whole log
    assert server == "http://127.0.0.1:1" and server + "/lab" == "http://127.0.0.1:1/lab"


def test_a_page_that_cannot_be_photographed_still_gives_the_log(tmp_path):
    server = Server("http://127.0.0.1:1", tmp_path / "missing.log")
    with pytest.raises(AssertionError, match="no screenshot .*target closed") as err:
        with explained(Page(broken=True), server, tmp_path / "x_failure.png"):
            raise AssertionError("numbers did not change")
    assert "no server log" in str(err.value)


def test_a_passing_block_is_left_alone(tmp_path):
    shot = tmp_path / "ok_failure.png"
    with explained(Page(), Server("http://h", tmp_path / "l"), shot):
        pass
    assert not shot.exists()
