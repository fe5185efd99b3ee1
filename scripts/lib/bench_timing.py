"""Timing a command for the benchmarks."""
import subprocess, sys


def timed(command):
    """(seconds, peak MiB) of one run, through /usr/bin/time."""
    result = subprocess.run(
        ["/usr/bin/time", "-f", "%e %M", *command],
        capture_output=True, text=True,
    )
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr}")
    seconds, kib = result.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kib) / 1024
