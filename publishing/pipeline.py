"""`invoke publish`: check the content, build into a new folder, check the site,
swap it into output/, push it.

A mistake, a failed check or an interruption leaves output/ and the remote as
they were, and removes what the publish had made."""

import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from pelican.plugins.content_rules.errors import one_line

from . import WorkflowError
from .build import Interrupted, interruptible, run_pelican, stop_workers, warnings_noted
from .folders import replace_folder
from .gate import check_content, site_problems

# `invoke publish`'s options, as its --help explains them.
PUBLISH_OPTIONS = {
    "remote": "git remote, by name or address, to push the site to [origin]",
    "branch": "branch of the remote that holds the site [gh-pages]",
    "push": "push after building; --no-push only builds and checks into output/",
    "cname": "custom domain to write into a CNAME file [the CNAME variable]",
}
STAGING_PREFIX = ".publish-"


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
        with contextlib.chdir(root), interruptible():
            ghp_import(
                str(folder),
                remote=remote,
                branch=branch,
                mesg=message,
                nojekyll=True,
                cname=cname,
                push=True,
            )
    except Interrupted as signal_name:
        raise WorkflowError(
            f"publish: stopped by {signal_name} while pushing; git pushes a branch whole or "
            f"not at all, so run it again to be sure {remote} has this site"
        ) from None
    except (GhpError, subprocess.CalledProcessError) as error:
        if isinstance(error, subprocess.CalledProcessError):
            error = f"git {error.cmd[1]} exited with status {error.returncode}"
        raise WorkflowError(
            f"publish: could not push branch {branch} to {remote} ({error}); "
            f"{folder.name}/ holds the checked site, so running again retries the push"
        ) from None


def remove_abandoned_staging(root):
    """Staging folders of publishes that were killed (their process is gone)."""
    for folder in Path(root).glob(f"{STAGING_PREFIX}*"):
        pid = folder.name[len(STAGING_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _is_running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _is_running(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def build_and_check(root, content, settings_file, output, siteurl, report=print):
    """Check the content, build with ``settings_file`` into a staging folder beside
    ``output``, run the site checks, and swap the checked site into ``output``."""
    os.environ["SITEURL"] = siteurl
    staging = None
    try:
        with interruptible():
            remove_abandoned_staging(root)
            allowed = check_content(settings_file, report)
            prefix = f"{STAGING_PREFIX}{os.getpid()}-"
            staging = Path(tempfile.mkdtemp(prefix=prefix, dir=root))
            staging.chmod(0o755)  # mkdtemp's folder is private; a web server must read it
            with warnings_noted() as warned:
                run_pelican(content, settings_file, staging)
            if warned:
                raise WorkflowError(
                    f"publish: the build warned {len(warned)} time(s) above, which make "
                    f"check does not foresee; fix what it says: {output.name}/ is unchanged "
                    "and nothing was pushed"
                )
            problems = site_problems(staging, siteurl, allowed)
            if problems:
                report("\n".join(problems))
                raise WorkflowError(
                    f"publish: {len(problems)} problem(s) above; {output.name}/ is unchanged "
                    "and nothing was pushed"
                )
            replace_folder(staging, output)
    except Interrupted as signal_name:
        stop_workers()  # before the staging folder goes: they may still write to it
        raise WorkflowError(
            f"publish: stopped by {signal_name}; {output.name}/ is unchanged and nothing was pushed"
        ) from None
    except OSError as error:
        raise WorkflowError(f"publish: {one_line(error) or error}") from None
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)


def publish(root, content, settings_file, output, siteurl, target, report):
    """`invoke publish`: build and check into ``output``, then push it to ``target``,
    (remote, branch, cname), unless that is None. Ctrl-C or SIGTERM at any moment,
    between the steps too, ends with one line that says where things stand."""
    try:
        with interruptible():
            build_and_check(root, content, settings_file, output, siteurl, report)
            print(f"Built and checked {siteurl} into {output.name}/")
            if target is not None:
                remote, branch, cname = target
                push_to_branch(root, output, remote, branch, cname, siteurl)
                print(f"Pushed {output.name}/ to branch {branch} of {remote}")
    except Interrupted as signal_name:
        raise WorkflowError(
            f"publish: stopped by {signal_name}; {output.name}/ holds the new, checked site "
            "and nothing was pushed: run it again to push"
        ) from None


def publish_as_told(root, content, settings_file, output, target, report):
    """`invoke publish`: the site's address from SITEURL, its domain from ``cname``
    or CNAME; ``target`` is (remote, branch, cname, push)."""
    from . import address

    remote, branch, cname, push = target
    siteurl = address.checked_siteurl(os.environ.get("SITEURL"))
    cname = address.checked_cname(os.environ.get("CNAME") if cname is None else cname)
    pushed = (remote, branch, cname) if push else None
    publish(root, content, settings_file, output, siteurl, pushed, report)
