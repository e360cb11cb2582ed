"""The machine and the versions of everything the bench measured with."""

import importlib.metadata
import os
import platform
import subprocess

from .lighthouse import chromium_path, lighthouse_version


def command_output(command):
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return (result.stdout or result.stderr).strip().splitlines()[0] if result.stdout else "unknown"


def cpu_model():
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "unknown"


def memory_kib():
    with open("/proc/meminfo", encoding="utf-8") as meminfo:
        return int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])


def machine(page=True):
    """The machine and the tools; ``page``: Lighthouse too (a run that measures the
    campaign page installs it)."""
    model = cpu_model()
    kib = memory_kib()
    hugo = command_output(["hugo", "version"]).split()
    info = {
        "CPU": f"{model}, {os.cpu_count()} cores",
        "Memory": f"{kib / 1024 / 1024:.1f} GiB",
        "System": f"{platform.system()} {platform.release()}",
        "Load average at start (1 min)": f"{os.getloadavg()[0]:.2f}",
        "Python": platform.python_version(),
        "Pelican": importlib.metadata.version("pelican"),
        "Markdown": importlib.metadata.version("markdown"),
        "Jinja2": importlib.metadata.version("jinja2"),
        "Hugo": hugo[1] if len(hugo) > 1 else "unknown",
        "Chromium": command_output([chromium_path(), "--version"]),
    }
    if page:
        node = command_output(["node", "--version"])
        info["Lighthouse"] = f"{lighthouse_version()} (Node.js {node})"
    return info
