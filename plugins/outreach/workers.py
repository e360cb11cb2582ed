"""Work the plugin hands to other processes: the social cards, calendar files and QR
codes of a build's campaign posts, made while Pelican writes the pages.

A build's jobs are all known before its first post is written. Each worker
process takes every n-th of them and sends back each result, in order, on a pipe
of its own: no queue or lock is shared, so a worker that is stopped half-way
cannot leave one held. Workers ignore Ctrl-C; the build decides. They are daemon
processes, which multiprocessing ends when the build's process exits; a build
killed outright leaves their results nowhere to go, and they stop at the next.
"""

import multiprocessing
import os
import signal
import sys
from collections import deque

from markupsafe import Markup
from pelican.plugins.content_rules.errors import ContentError

# Below this many jobs, starting processes costs more than it saves.
MIN_JOBS_PER_WORKER = 8


def available_cores():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(setting, jobs):
    """OUTREACH_WORKERS: a number of processes (0: none, make everything in the
    build's own process; at most twice the cores: more would only queue for them),
    or None: one per core when there is work for them."""
    if setting is not None:
        if isinstance(setting, bool) or not isinstance(setting, int) or setting < 0:
            raise ContentError(
                "settings",
                "OUTREACH_WORKERS",
                setting,
                "is not a number of processes",
                "a whole number (0: none), or None for one per core",
            )
        return min(setting, 2 * available_cores())
    cores = available_cores()
    return min(cores, jobs // MIN_JOBS_PER_WORKER) if cores > 1 else 0


STOPPING = {signal.SIGINT, signal.SIGTERM}


class WorkerError(RuntimeError):
    """A worker process failed or stopped without its results."""


class Job:
    def __init__(self, jobs, function, args, then, first, here):
        self.jobs, self.function, self.args, self.then = jobs, function, args, then
        self.first, self.here = first, here
        self.done = False
        self.value = None

    def finish(self, value):
        self.done, self.value = True, value
        if self.then:
            self.then(value)

    def result(self):
        if not self.done:
            self.jobs.wait(self)
        return self.value


class Later:
    """Markup a job is making (a QR code's SVG): the page waits for it only when
    it is written, by which time a worker has usually made it."""

    def __init__(self, job):
        self.job = job

    def __html__(self):
        return self.job.result().decode("utf-8")

    def __str__(self):
        return str(Markup(self.__html__()))


def _work(tasks, connection, inherited):
    """A worker: make each task in turn, sending back its result."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # Held since the fork (see Worker): with the worker's own handlers in place,
    # a Ctrl-C meant for the build no longer reaches it.
    if hasattr(signal, "pthread_sigmask"):  # not on Windows
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)
    # The build's ends of the pipes: with them closed here, a build that dies
    # without ending its workers makes their next send fail, and they stop.
    for other in inherited:
        other.close()
    # Output streams of its own: the build's may be held by one of its threads
    # (Pelican's progress display) at the moment this process was forked.
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115
    try:
        for function, args in tasks:
            connection.send((True, function(*args)))
    except Exception as error:
        connection.send((False, f"{type(error).__name__}: {error}"))
    finally:
        connection.close()


class Worker:
    def __init__(self, context, jobs, others):
        self.pending = deque(jobs)
        receiving, sending = context.Pipe(duplex=False)
        tasks = [(job.function, job.args) for job in jobs]
        inherited = [*others, receiving]
        self.process = context.Process(target=_work, args=(tasks, sending, inherited), daemon=True)
        # A Ctrl-C between the fork and the worker's own handlers would end the
        # new process with a traceback: it waits, held, in this process until
        # the fork is done, and the worker starts with it held.
        masks = hasattr(signal, "pthread_sigmask")  # not on Windows
        held = signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING) if masks else None
        try:
            self.process.start()
        finally:
            if masks:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
        sending.close()  # the worker's end: once it exits, reading ends
        self.connection = receiving

    def receive(self):
        """The result of this worker's next job."""
        try:
            ok, value = self.connection.recv()
        except (EOFError, OSError):
            self.process.join(1)
            raise WorkerError(
                f"an outreach worker process stopped (exit code {self.process.exitcode}) "
                "before making the social cards, calendar files and QR codes it was given"
            ) from None
        if not ok:
            raise WorkerError(f"an outreach worker failed: {value}")
        self.pending.popleft().finish(value)

    def stop(self, wait):
        """End the worker: once it has sent everything (``wait``), or now."""
        if wait:
            self.process.join(5)
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.connection.close()


class Jobs:
    """A build's jobs. Add them all, start() them on some workers, then take
    results as pages need them; finish() waits for the rest."""

    def __init__(self):
        self.workers = 0
        self.jobs = []
        self.started = []
        self._of = {}

    def add(self, function, *args, then=None, first=False, here=False):
        """A job that calls ``function(*args)``; ``then(result)`` runs in this
        process once it is done. ``first`` jobs go before the others: pages wait
        for them. ``here`` jobs are quick (their file is in the cache): made in
        this process, never handed to a worker."""
        job = Job(self, function, args, then, first, here)
        self.jobs.append(job)
        return job

    @property
    def to_hand_out(self):
        """How many jobs are worth a worker."""
        return sum(not job.here for job in self.jobs)

    def start(self, workers=0):
        """Hand the jobs to ``workers`` processes; with none, each job is made
        in this process when its result is needed, or at finish()."""
        self.workers = workers
        if not workers or not self.jobs:
            return
        order = sorted((job for job in self.jobs if not job.here), key=lambda job: not job.first)
        if not order:
            return
        fork = sys.platform.startswith("linux")
        context = multiprocessing.get_context("fork" if fork else None)
        for number in range(min(self.workers, len(order))):
            share = order[number :: self.workers]
            others = [started.connection for started in self.started]
            worker = Worker(context, share, others)
            self.started.append(worker)
            for job in share:
                self._of[job] = worker

    def wait(self, job):
        worker = self._of.get(job)
        if worker is None:  # no workers, or added after start(): made here
            job.finish(job.function(*job.args))
            return
        while not job.done:
            worker.receive()

    def finish(self):
        """Wait for every job; end the workers."""
        done = False
        try:
            for job in self.jobs:
                job.result()
            done = True
        finally:
            self.stop(wait=done)

    def stop(self, wait=False):
        for worker in self.started:
            worker.stop(wait)
        self.started = []
