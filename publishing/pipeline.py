"""`invoke publish`: build into a new folder, check it, swap it into output/, push it.

A failed build or check leaves output/ as it was and pushes nothing."""

import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from . import WorkflowError
from .build import run_pelican
from .folders import replace_folder
from .gate import allowed_hosts, site_problems

# `invoke publish`'s options, as its --help explains them.
PUBLISH_OPTIONS = {
    "remote": "git remote, by name or address, to push the site to [origin]",
    "branch": "branch of the remote that holds the site [gh-pages]",
    "push": "push after building; --no-push only builds and checks into output/",
    "cname": "custom domain to write into a CNAME file [the CNAME variable]",
}


def source_commit(root):
    found = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True
    )
    return found.stdout.strip() if found.returncode == 0 else "an uncommitted tree"


def push_to_branch(root, folder, remote, branch, cname, siteurl):
    """Commit ``folder`` as the whole of ``branch`` and push it to ``remote``."""
    from ghp_import import GhpError, ghp_import

    message = f"Publish {siteurl} from {source_commit(root)}"
    try:
        with contextlib.chdir(root):
            ghp_import(
                str(folder),
                remote=remote,
                branch=branch,
                mesg=message,
                nojekyll=True,
                cname=cname,
                push=True,
            )
    except (GhpError, subprocess.CalledProcessError) as error:
        if isinstance(error, subprocess.CalledProcessError):
            error = f"git {error.cmd[1]} exited with status {error.returncode}"
        raise WorkflowError(
            f"publish: could not push branch {branch} to {remote} ({error}); "
            f"{folder.name}/ holds the checked site, so running again retries the push"
        ) from None


def build_and_check(root, content, settings_file, output, siteurl, report=print):
    """Build with ``settings_file`` into a staging folder beside ``output``, run the
    gate, and swap the checked site into ``output``."""
    os.environ["SITEURL"] = siteurl
    staging = Path(tempfile.mkdtemp(prefix=".publish-", dir=root))
    try:
        staging.chmod(0o755)  # mkdtemp's folder is private; a web server must read it
        run_pelican(content, settings_file, staging, extra=("--fatal", "warnings"))
        problems = site_problems(staging, siteurl, allowed_hosts(settings_file))
        if problems:
            report("\n".join(problems))
            raise WorkflowError(
                f"publish: {len(problems)} problem(s) above; {output.name}/ is unchanged "
                "and nothing was pushed"
            )
        replace_folder(staging, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
