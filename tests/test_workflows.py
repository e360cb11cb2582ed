"""CI workflows: valid against GitHub's schema, clean under zizmor, and deploying safely."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
DEPLOY = WORKFLOWS / "deploy.yml"
BIN = Path(sys.executable).parent
# zizmor's severities, lowest first; medium and above fail.
SEVERITIES = ["unknown", "informational", "low", "medium", "high"]
FULL_COMMIT_RE = re.compile(r"[^@\s]+@[0-9a-f]{40}")


def workflow_files():
    return sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])


def check_jsonschema(*paths):
    command = [BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows"]
    return subprocess.run([*command, *map(str, paths)], capture_output=True, text=True)


def zizmor_findings(*paths):
    """zizmor's findings of medium severity or higher, offline (no GitHub API)."""
    command = [BIN / "zizmor", "--offline", "--strict-collection", "--format", "json"]
    command += ["--min-severity", "medium"]
    result = subprocess.run([*command, *map(str, paths)], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip(), f"zizmor printed no report: {result.stderr}"
    findings = json.loads(result.stdout)
    # The exit status agrees with the report: 0 when clean, 10 and up with findings.
    assert (result.returncode == 0) == (not findings), result.stderr
    return [
        f"{finding['ident']} ({finding['determinations']['severity']}): {finding['desc']}"
        for finding in findings
        if SEVERITIES.index(finding["determinations"]["severity"].lower())
        >= SEVERITIES.index("medium")
    ]


def load(path):
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    document["on"] = document.pop(True, document.get("on"))
    return document


def test_there_is_a_deploy_workflow():
    assert DEPLOY in workflow_files()


@pytest.mark.parametrize("path", workflow_files(), ids=lambda path: path.name)
def test_workflow_matches_githubs_schema(path):
    result = check_jsonschema(path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", workflow_files(), ids=lambda path: path.name)
def test_zizmor_finds_nothing_of_medium_severity_or_higher(path):
    assert zizmor_findings(path) == []


def test_the_checks_catch_a_broken_workflow(tmp_path):
    """The two tools have teeth: a job with no runner breaks the schema, and a
    script that pastes an issue's title into a shell is an injection."""
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    no_runner = folder / "no-runner.yml"
    no_runner.write_text("on: push\njobs:\n  broken:\n    steps: []\n", encoding="utf-8")
    injection = folder / "injection.yml"
    injection.write_text(
        "on: issues\n"
        "permissions: {}\n"
        "jobs:\n"
        "  greet:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        '      - run: echo "${{ github.event.issue.title }}"\n',
        encoding="utf-8",
    )
    assert check_jsonschema(no_runner).returncode != 0
    assert check_jsonschema(injection).returncode == 0
    assert any(finding.startswith("template-injection") for finding in zizmor_findings(injection))


def test_deploy_runs_on_push_to_main_hourly_and_by_hand():
    triggers = load(DEPLOY)["on"]
    assert triggers["push"]["branches"] == ["main"]
    assert len(triggers["schedule"]) == 1
    minute, hour, day, month, weekday = triggers["schedule"][0]["cron"].split()
    # Every hour: the signature count moves during a campaign's day.
    assert minute.isdigit()
    assert (hour, day, month, weekday) == ("*", "*", "*", "*"), "the rebuild must run hourly"
    assert "workflow_dispatch" in triggers


def test_deploy_never_cancels_a_deploy_in_progress():
    concurrency = load(DEPLOY)["concurrency"]
    assert concurrency["group"]
    assert concurrency["cancel-in-progress"] is False


def test_deploy_asks_for_the_least_permissions():
    workflow = load(DEPLOY)
    assert workflow["permissions"] == {}
    granted = {name: job.get("permissions") for name, job in workflow["jobs"].items()}
    assert granted["build"] == {"contents": "read", "pages": "read"}
    assert granted["deploy"] == {"pages": "write", "id-token": "write"}


def test_every_action_is_pinned_to_a_full_commit():
    steps = [step for job in load(DEPLOY)["jobs"].values() for step in job["steps"]]
    actions = [step["uses"] for step in steps if "uses" in step]
    assert len(actions) == 10
    unpinned = [action for action in actions if not FULL_COMMIT_RE.fullmatch(action)]
    assert not unpinned, unpinned
    # The version each commit stands for is written beside it, for the next update.
    text = DEPLOY.read_text(encoding="utf-8")
    for action in actions:
        assert re.search(rf"{re.escape(action)} # v\d+\.\d+\.\d+$", text, re.M), action


def test_deploy_tests_then_builds_with_the_pages_address_then_deploys():
    jobs = load(DEPLOY)["jobs"]
    build = jobs["build"]["steps"]
    runs = [step.get("run", "") for step in build]
    uses = [step.get("uses", "").split("@")[0] for step in build]
    assert "actions/setup-python" in uses
    test_step = next(i for i, run in enumerate(runs) if "make test" in run)
    publish_step = next(i for i, run in enumerate(runs) if "invoke publish --no-push" in run)
    pages_step = uses.index("actions/configure-pages")
    upload_step = uses.index("actions/upload-pages-artifact")
    assert test_step < pages_step < publish_step < upload_step
    pages_id = build[pages_step]["id"]
    assert build[publish_step]["env"]["SITEURL"] == f"${{{{ steps.{pages_id}.outputs.base_url }}}}"
    assert build[upload_step]["with"]["path"] == "output"
    assert jobs["deploy"]["needs"] == "build"
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    deploy_uses = [step["uses"].split("@")[0] for step in jobs["deploy"]["steps"] if "uses" in step]
    assert deploy_uses == ["actions/deploy-pages", "actions/cache/save"]


# The signature count's key, and deploying only what changed


def build_steps():
    return load(DEPLOY)["jobs"]["build"]["steps"]


def test_the_api_key_reaches_the_build_step_only():
    workflow = load(DEPLOY)
    text = DEPLOY.read_text(encoding="utf-8")
    assert text.count("secrets.") == 1
    publish = next(s for s in build_steps() if "invoke publish" in s.get("run", ""))
    assert publish["env"]["OSDI_API_TOKEN"] == "${{ secrets.OSDI_API_TOKEN }}"
    assert "env" not in workflow
    assert all("env" not in job for job in workflow["jobs"].values())


def test_the_counts_cache_is_restored_before_the_build_and_saved_by_every_run():
    steps = build_steps()
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    publish = next(i for i, s in enumerate(steps) if "invoke publish" in s.get("run", ""))
    restore = next(
        i
        for i, s in enumerate(steps)
        if uses[i] == "actions/cache/restore" and "counts" in s["with"]["key"]
    )
    save = next(i for i, s in enumerate(steps) if uses[i] == "actions/cache/save")
    assert uses.index("actions/cache") < restore < publish < save
    assert steps[restore]["with"]["path"] == steps[save]["with"]["path"] == "cache/publish/campaign"
    # A key of its own each run, so every run saves; the newest is restored.
    key = steps[save]["with"]["key"]
    assert "github.run_id" in key and steps[restore]["with"]["key"] == key
    [prefix] = steps[restore]["with"]["restore-keys"].split()
    assert key.startswith(prefix) and key != prefix


def test_a_site_the_same_as_the_one_deployed_deploys_nothing():
    workflow = load(DEPLOY)
    steps = build_steps()
    upload = next(s for s in steps if "upload-pages-artifact" in s.get("uses", ""))
    compare = next(s for s in steps if s.get("id") == "digest")
    assert upload["if"] == "steps.digest.outputs.changed == 'true'"
    assert workflow["jobs"]["deploy"]["if"] == "needs.build.outputs.changed == 'true'"
    # The digest the build compares with is the one the deploy job saved, after deploying.
    restore = next(
        s
        for s in steps
        if "actions/cache/restore" in s.get("uses", "") and s["with"]["path"] == "deployed-site"
    )
    deploy_steps = workflow["jobs"]["deploy"]["steps"]
    saved = deploy_steps[-1]
    assert "actions/deploy-pages" in deploy_steps[0]["uses"]
    assert saved["with"]["path"] == "deployed-site"
    assert saved["with"]["key"] == restore["with"]["key"]
    assert saved["with"]["key"].startswith(restore["with"]["restore-keys"].strip())
    assert "deployed-site/digest" in compare["run"]


def run_digest_step(folder):
    script = next(s for s in build_steps() if s.get("id") == "site")["run"]
    out = folder / "github-output"
    out.write_text("", encoding="utf-8")
    env = {"GITHUB_OUTPUT": str(out), "PATH": "/usr/bin:/bin"}
    subprocess.run(["bash", "-e", "-c", script], cwd=folder, env=env, check=True)
    return out.read_text(encoding="utf-8").strip().removeprefix("digest=")


def test_the_digest_changes_with_any_file_and_only_then(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for root in (first, second):
        (root / "output" / "2021").mkdir(parents=True)
        (root / "output" / "index.html").write_text("<p>57 of 100</p>", encoding="utf-8")
        (root / "output" / "2021" / "post.html").write_text("post", encoding="utf-8")
    same = run_digest_step(first)
    assert len(same) == 64 and run_digest_step(second) == same
    (second / "output" / "index.html").write_text("<p>58 of 100</p>", encoding="utf-8")
    assert run_digest_step(second) != same
    (second / "output" / "index.html").write_text("<p>57 of 100</p>", encoding="utf-8")
    (second / "output" / "2021" / "post.html").rename(second / "output" / "2021" / "moved.html")
    assert run_digest_step(second) != same


# The build cache


def cache_step():
    steps = load(DEPLOY)["jobs"]["build"]["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    return steps, uses.index("actions/cache")


def hashed_patterns(expression):
    """The file patterns of every hashFiles(...) in a key."""
    return [
        pattern
        for call in re.findall(r"hashFiles\(([^)]*)\)", expression)
        for pattern in re.findall(r"'([^']+)'", call)
    ]


def matches(pattern, path):
    """hashFiles' glob: ** is any path, * any part of one name."""
    regex = re.escape(pattern).replace(r"\*\*", ".*").replace(r"\*", "[^/]*")
    return re.fullmatch(regex, path) is not None


def project_files(*folders):
    return [
        path.relative_to(ROOT).as_posix()
        for folder in folders
        for path in (ROOT / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    ]


def test_the_build_cache_is_the_one_publish_builds_with_restored_before_it_builds(monkeypatch):
    from pelican.settings import read_settings

    steps, index = cache_step()
    step = steps[index]
    text = DEPLOY.read_text(encoding="utf-8")
    assert re.search(rf"{re.escape(step['uses'])} # v4\.\d+\.\d+$", text, re.M)
    publish = next(i for i, s in enumerate(steps) if "invoke publish" in s.get("run", ""))
    tests = next(i for i, s in enumerate(steps) if "make test" in s.get("run", ""))
    assert tests < index < publish
    monkeypatch.chdir(ROOT)  # publishconf.py imports pelicanconf.py from there
    settings = read_settings(str(ROOT / "publishconf.py"))
    cache_path = Path(settings["CACHE_PATH"]).relative_to(ROOT).as_posix()
    assert step["with"]["path"] == cache_path
    # The tests, which run first, never write there.
    assert not cache_path.startswith(("tests", "output"))


def test_the_cache_key_starts_cold_for_new_code_and_reuses_a_cache_for_new_content():
    steps, index = cache_step()
    key = steps[index]["with"]["key"]
    restore_keys = [line for line in steps[index]["with"]["restore-keys"].splitlines() if line]
    assert len(restore_keys) == 1
    [prefix] = restore_keys
    assert key.startswith(prefix) and key != prefix
    made_with = hashed_patterns(prefix)
    content = hashed_patterns(key[len(prefix) :])
    # Everything the build is made with is in the part every restored cache shares.
    build_inputs = [
        *project_files("plugins", "theme"),
        "pelicanconf.py",
        "publishconf.py",
        "requirements.txt",
        "constraints.txt",
        "pyproject.toml",
    ]
    unkeyed = [path for path in build_inputs if not any(matches(p, path) for p in made_with)]
    assert not unkeyed, unkeyed
    # So is the exact Python, from the setup step.
    python = next(step for step in steps if "actions/setup-python" in step.get("uses", ""))
    assert f"steps.{python['id']}.outputs.python-version" in prefix
    # And the site's address, which every page and feed is made with.
    pages = next(step for step in steps if "actions/configure-pages" in step.get("uses", ""))
    assert f"steps.{pages['id']}.outputs.base_url" in prefix
    assert steps.index(pages) < index
    # The content only in the rest: a new post restores the last cache of this code.
    posts = project_files("content")
    assert posts and all(any(matches(p, path) for p in content) for path in posts)
    assert not any(matches(p, path) for p in made_with for path in posts)
