"""A copy of the project in its own git repository, for the publish tests: run
`invoke publish` in it as an editor would, and compare what it left behind."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import BEFORE_DEADLINE, ROOT

SITEURL = "https://campaign.example.net"
POST_SOURCE = "content/2021-04-08-defend-immigrants-rights.md"
PLACEHOLDER_FORM = "https://example.org/sign/resolution-on-defense-of-immigrants-and-refugees"
# Publishing an open campaign needs a form people can sign.
REAL_FORM = "https://forms.real-campaign.org/sign/resolution"
# What a copy of the project leaves out: environments, caches, builds, other tools.
NOT_COPIED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "output",
    "bench",
    "node_modules",
    "test-artifacts",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    "cache",
    ".publish-*",
)


def git(*args, cwd):
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


class Project:
    """A copy of the project in its own git repository, with a bare repository as origin."""

    def __init__(self, folder):
        self.root = folder / "project"
        self.remote = folder / "remote.git"
        shutil.copytree(ROOT, self.root, ignore=NOT_COPIED)
        # The HTML checker npm installed (32 MB): the copy's tools find it where make put it.
        vnu = Path("tools", "vnu", "node_modules")
        (self.root / vnu).symlink_to(ROOT / vnu, target_is_directory=True)
        self.edit(POST_SOURCE, PLACEHOLDER_FORM, REAL_FORM)
        git("init", "--quiet", "--initial-branch=main", cwd=self.root)
        git("config", "user.name", "Campaign Editor", cwd=self.root)
        git("config", "user.email", "editor@campaign.example.net", cwd=self.root)
        self.commit("The site as it is")
        git("init", "--quiet", "--bare", str(self.remote), cwd=folder)
        git("remote", "add", "origin", str(self.remote), cwd=self.root)

    @property
    def output(self):
        return self.root / "output"

    def commit(self, message):
        git("add", "--all", cwd=self.root)
        git("commit", "--quiet", "--allow-empty", "-m", message, cwd=self.root)

    def publish(self, *options, **env):
        """Run `invoke publish` as an editor would, from the project's folder."""
        variables = dict(os.environ, SITEURL=SITEURL, CAMPAIGN_NOW=BEFORE_DEADLINE)
        variables.pop("CNAME", None)
        variables.update(env)
        command = [sys.executable, "-m", "invoke", "publish", *options]
        return subprocess.run(command, cwd=self.root, env=variables, capture_output=True, text=True)

    def publish_ok(self, *options, **env):
        result = self.publish(*options, **env)
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    def edit(self, path, old, new):
        source = self.root / path
        text = source.read_text(encoding="utf-8")
        assert old in text
        source.write_text(text.replace(old, new, 1), encoding="utf-8")

    def branch_head(self, branch="gh-pages"):
        result = subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"],
            cwd=self.remote,
            capture_output=True,
            text=True,
        )
        return result.stdout.strip() or None

    def branch_files(self, branch="gh-pages"):
        return set(git("ls-tree", "-r", "--name-only", branch, cwd=self.remote).split())

    def branch_file(self, path, branch="gh-pages"):
        result = subprocess.run(
            ["git", "show", f"{branch}:{path}"], cwd=self.remote, capture_output=True
        )
        assert result.returncode == 0, result.stderr.decode()
        return result.stdout

    def leftovers(self):
        return sorted(path.name for path in self.root.glob(".publish-*"))


def snapshot(folder):
    """Every file of a folder with its bytes, to compare two states exactly."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def broken_publish_leaves_everything_as_it_was(project, path, old, new):
    output_before = snapshot(project.output)
    branch_before = project.branch_head()
    original = (project.root / path).read_bytes()
    project.edit(path, old, new)
    try:
        result = project.publish()
    finally:
        (project.root / path).write_bytes(original)
    assert result.returncode != 0, result.stdout
    assert snapshot(project.output) == output_before, "output/ changed"
    assert project.branch_head() == branch_before, "the remote branch changed"
    assert project.leftovers() == []
    return result
