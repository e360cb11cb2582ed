"""`invoke check` and the build on a translation's own mistakes: campaign fields of
its own (it shares its original's), and an original that does not exist."""

import pytest
from conftest import build
from editorial_helpers import copy_project, invoke

POST_ES = "content/es/2021-04-08-defend-immigrants-rights.md"
PAGE_ES = "content/pages/es/resolution.md"


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


def add_after(path, field, lines):
    """Insert ``lines`` after the metadata line ``field``; their line numbers."""
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(n for n, line in enumerate(text, 1) if line.startswith(f"{field}:"))
    text[at:at] = [line + "\n" for line in lines]
    path.write_text("".join(text), encoding="utf-8")
    return list(range(at + 1, at + 1 + len(lines)))


def errors_at(result, source, lines):
    return [
        line
        for line in result.stdout.splitlines()
        if any(line.startswith(f"{source}:{number}: error: ") for number in lines)
    ]


def test_a_translation_with_a_campaign_of_its_own(project, tmp_path):
    added = add_after(
        project / POST_ES,
        "Translator",
        ["Signature_form: https://forms.real-campaign.org/firma", "Deadline: 2021-04-20"],
    )
    result = invoke(project, "check")
    assert result.returncode == 1
    found = errors_at(result, POST_ES, added)
    assert found, result.stdout
    assert any(f in found[0].lower() for f in ("signature_form", "deadline")), found
    # The build refuses it too, with the same line.
    built = build(tmp_path / "site", content=project / "content")
    assert built.returncode != 0
    assert any(f"{POST_ES}:{n}:" in built.stderr + built.stdout for n in added), built.stderr


def test_a_translation_of_a_post_that_does_not_exist(project, tmp_path):
    page = project / PAGE_ES
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "Translation_of: resolution", "Translation_of: resolucion-perdida"
        ),
        encoding="utf-8",
    )
    line = next(
        n
        for n, text in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
        if text.startswith("Translation_of:")
    )
    result = invoke(project, "check")
    assert result.returncode == 1
    found = errors_at(result, PAGE_ES, [line])
    assert found and "resolucion-perdida" in found[0], result.stdout
    built = build(tmp_path / "site", content=project / "content")
    assert built.returncode != 0
    assert f"{PAGE_ES}:{line}:" in built.stderr + built.stdout, built.stderr
