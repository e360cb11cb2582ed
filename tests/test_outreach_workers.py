"""pelican.plugins.outreach.workers: jobs made in other processes while Pelican
writes pages, and what is left when a build stops."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from pelican.plugins.content_rules.errors import ContentError
from pelican.plugins.outreach import workers
from pelican.plugins.outreach.workers import Jobs, Later, WorkerError, worker_count

# Jobs for the workers: plain functions of this module, which they import.
_made_here = []


def made(value):
    _made_here.append(value)
    return (os.getpid(), value)


def in_turn(value):
    """The value, and how many jobs this process made before it."""
    _made_here.append(value)
    return (os.getpid(), len(_made_here) - 1, value)


def fails(value):
    raise OSError(28, "No space left on device", f"/out/{value}.png")


def dies(code):
    os._exit(code)


def slowly(value):
    time.sleep(0.3)
    return (os.getpid(), value)


def running(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
        return stat.read().split(") ", 1)[1].split()[0] != "Z"


@pytest.fixture(autouse=True)
def nothing_made_here():
    _made_here.clear()


def test_without_workers_each_job_is_made_here_when_needed_the_rest_at_finish():
    jobs = Jobs()
    first, second = jobs.add(made, "a"), jobs.add(made, "b")
    jobs.start()
    assert _made_here == []
    assert second.result() == (os.getpid(), "b")
    assert _made_here == ["b"]
    jobs.finish()
    assert _made_here == ["b", "a"] and first.result() == (os.getpid(), "a")


def test_workers_make_every_job_elsewhere_and_give_each_result_to_its_job():
    jobs = Jobs()
    added = [jobs.add(made, number) for number in range(20)]
    jobs.start(2)
    pids = {worker.process.pid for worker in jobs.started}
    assert len(pids) == 2 and os.getpid() not in pids
    assert [job.result()[1] for job in reversed(added)] == list(range(19, -1, -1))
    assert {job.result()[0] for job in added} == pids
    jobs.finish()
    assert _made_here == []
    assert not any(running(pid) for pid in pids)


def test_jobs_pages_wait_for_are_made_before_the_others_and_then_runs_here():
    reported = []
    jobs = Jobs()
    later = [jobs.add(in_turn, f"card {n}", then=reported.append) for n in range(6)]
    first = [jobs.add(in_turn, f"qr {n}", first=True) for n in range(6)]
    jobs.start(2)
    jobs.finish()
    for worker_pid in {job.value[0] for job in first}:
        qr_turns = [job.value[1] for job in first if job.value[0] == worker_pid]
        card_turns = [job.value[1] for job in later if job.value[0] == worker_pid]
        assert max(qr_turns) < min(card_turns)
    assert [value[2] for value in reported] == [f"card {n}" for n in range(6)]


def test_later_is_markup_made_when_the_page_is_written():
    jobs = Jobs()
    svg = Later(jobs.add(bytes, b'<svg role="img"></svg>'))
    assert svg.__html__() == '<svg role="img"></svg>'
    assert str(svg) == '<svg role="img"></svg>'


def test_a_failed_job_is_a_worker_error_that_says_what_failed():
    jobs = Jobs()
    jobs.add(made, "fine")
    jobs.add(fails, "campaign-0002")
    jobs.start(2)
    with pytest.raises(WorkerError) as raised:
        jobs.finish()
    assert str(raised.value) == (
        "an outreach worker failed: OSError: [Errno 28] No space left on device: "
        "'/out/campaign-0002.png'"
    )
    assert jobs.started == []


def test_a_worker_that_dies_is_an_error_not_a_wait_for_ever():
    jobs = Jobs()
    job = jobs.add(dies, 3)
    jobs.start(1)
    with pytest.raises(WorkerError, match=r"stopped \(exit code 3\)"):
        job.result()
    jobs.stop()


def test_workers_ignore_ctrl_c_and_finish_their_jobs():
    jobs = Jobs()
    job = jobs.add(slowly, "card")
    jobs.start(1)
    time.sleep(0.1)
    os.kill(jobs.started[0].process.pid, signal.SIGINT)
    assert job.result()[1] == "card"
    jobs.finish()


def test_workers_of_a_build_killed_outright_stop_by_themselves(tmp_path):
    """No process is left when the build dies without ending its workers (kill -9):
    their next result has nowhere to go."""
    script = textwrap.dedent(
        """
        import os, signal, time
        from pelican.plugins.outreach.workers import Jobs

        def slowly(value):  # forked workers run it as it is here
            time.sleep(0.3)
            return (os.getpid(), value)

        jobs = Jobs()
        for number in range(40):
            jobs.add(slowly, number)
        jobs.start(2)
        print(" ".join(str(w.process.pid) for w in jobs.started), flush=True)
        jobs.started[0].receive()
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == -signal.SIGKILL, run.stderr
    pids = [int(pid) for pid in run.stdout.split()]
    assert len(pids) == 2
    deadline = time.monotonic() + 10
    while any(running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(running(pid) for pid in pids)


@pytest.mark.parametrize(
    "setting,jobs,cores,expected",
    [
        (0, 500, 8, 0),
        (3, 2, 1, 2),
        (10000, 500, 2, 4),
        (None, 500, 2, 2),
        (None, 500, 1, 0),
        (None, 12, 4, 1),
    ],
)
def test_worker_count(monkeypatch, setting, jobs, cores, expected):
    monkeypatch.setattr(workers, "available_cores", lambda: cores)
    assert worker_count(setting, jobs) == expected


def test_jobs_whose_file_is_cached_are_made_here_and_start_no_worker():
    jobs = Jobs()
    quick = [jobs.add(made, f"cached {n}", here=True) for n in range(3)]
    slow = jobs.add(made, "drawn")
    assert jobs.to_hand_out == 1
    jobs.start(2)
    assert len(jobs.started) == 1  # one worker is enough for one job
    jobs.finish()
    assert [job.value for job in quick] == [(os.getpid(), f"cached {n}") for n in range(3)]
    assert slow.value[0] != os.getpid()
    everything_cached = Jobs()
    everything_cached.add(made, "cached", here=True)
    everything_cached.start(worker_count(None, everything_cached.to_hand_out))
    assert everything_cached.started == []
    everything_cached.finish()


@pytest.mark.parametrize("setting", [-1, "2", 1.5, True])
def test_a_worker_count_that_is_not_a_number_of_processes_is_one_line(setting):
    with pytest.raises(ContentError) as raised:
        worker_count(setting, 100)
    assert str(raised.value).startswith(
        f"settings: OUTREACH_WORKERS {setting!r} is not a number of processes"
    )
