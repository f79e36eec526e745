from __future__ import annotations

import pytest

from sourcemark.app.projects import Project
from tests.app.exporting.reference import add_awkward_claims


@pytest.fixture
def awkward_project(project: Project) -> Project:
    """Two articles and 60 claims whose text fields hold every value awkward to write."""
    return add_awkward_claims(project)
