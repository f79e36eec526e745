"""Shared by the CLI tests: the article they annotate, and how a command's result is checked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

TEXT = (
    "Ministry rejects “drone” report\n"
    "\n"
    "“We will not negotiate,” said محمد العلي, a spokesman for the ministry.\n"
    "שרה כהן, a resident of Zürich, said the café was closed 🚫.\n"
    "東京の専門家 said prices rose. Officials said prices rose."
)


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


Run = Callable[..., Result]


def assert_one_line_error(result: Result, *fragments: str) -> None:
    """Exit 1, nothing on stdout, one ``sourcemark: error:`` line naming the problem."""
    assert result.code == 1, result
    assert result.out == ""
    lines = result.err.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("sourcemark: error: ")
    assert "Traceback" not in result.err
    for fragment in fragments:
        assert fragment in lines[0]
