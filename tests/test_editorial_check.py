"""`invoke check`: every problem an editor can fix, as file:line, over real and bad content."""

import re
import subprocess

from conftest import ROOT
from editorial_helpers import POST_SOURCE, copy_project, invoke

FINDING_RE = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+): (?P<severity>error|warning|note): .+$")


def test_real_content_passes_with_the_known_warnings():
    """The real post's known problems are warnings, each reported where it is
    written. An editor who fixes one makes its warning go away, not this test fail."""
    result = invoke(ROOT, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("invoke check: 0 errors, ")
    post = str(POST_SOURCE)
    source = (ROOT / POST_SOURCE).read_text(encoding="utf-8").splitlines()

    def line_of(words):
        return next(number for number, line in enumerate(source, 1) if words in line)

    deadline = line_of("Deadline:")
    banner = "Tuesday, April 13, 2021, 11:59 PM EDT"
    expected = []
    if any("before April 15" in line for line in source):
        expected.append(
            f"{post}:{line_of('before April 15')}: warning: the text says 'before April 15', "
            f"which is not the deadline's date: the banner uses the deadline {banner} "
            f"(line {deadline}); make the text and the deadline agree"
        )
    if "example.org" in source[line_of("Signature_form:") - 1]:
        expected.append(
            f"{post}:{line_of('Signature_form:')}: warning: signature_form "
            "'https://example.org/sign/resolution-on-defense-of-immigrants-and-refugees' "
            "is a placeholder address"
        )
    if not any(line.lower().startswith("campaign_status:") for line in source):
        expected.append(f"{post}:{deadline}: warning: the deadline ({banner}) has passed")
    findings = [line for line in result.stdout.splitlines() if line.startswith(f"{post}:")]
    assert all(FINDING_RE.match(line) for line in findings)
    assert len(findings) == len(expected), result.stdout
    for start in expected:
        assert any(line.startswith(start) for line in findings), (start, result.stdout)
    # The post also says "before April 13, 2021", which agrees: no warning for it.
    assert "April 13, 2021'" not in result.stdout


def test_check_writes_nothing(tmp_path):
    project = copy_project(tmp_path / "project")
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    result = invoke(project, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    after = sorted(
        p.relative_to(project) for p in project.rglob("*") if "__pycache__" not in p.parts
    )
    assert after == [p for p in before if "__pycache__" not in p.parts]
    assert not (project / "output").exists()


def test_an_error_makes_check_fail_with_status_1(tmp_path):
    project = copy_project(tmp_path / "project")
    post = project / POST_SOURCE
    post.write_text(post.read_text().replace("Deadline: 2021-04-13", "Deadline: 2021-04-31"))
    result = invoke(project, "check")
    assert result.returncode == 1
    assert (
        f"{POST_SOURCE}:8: error: deadline '2021-04-31' is not a real calendar date; "
        "expected an ISO 8601 date" in result.stdout
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("invoke check: 1 error, ")


def test_make_check_runs_invoke_check():
    result = subprocess.run(
        ["make", "--dry-run", "check", "new", "ARGS=--title x"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "invoke check" in result.stdout
    assert "invoke new --title x" in result.stdout
