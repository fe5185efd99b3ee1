"""Replaces one `## ` section of docs/benchmarks.md (or appends it), keeping the others."""
import os

PATH = "docs/benchmarks.md"
HEAD = "# Benchmarks\n\nWritten by `scripts/bench`; each section is replaced when its benchmark runs again.\n\n"


def write_section(title: str, body: str) -> None:
    marker = f"## {title}"
    section = f"{marker}\n\n{body.strip()}\n"
    text = open(PATH).read() if os.path.exists(PATH) else HEAD
    if marker in text:
        start = text.index(marker)
        rest = text[start + len(marker):]
        end = rest.find("\n## ")
        text = text[:start] + section + ("\n" + rest[end + 1:] if end >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    with open(PATH, "w") as f:
        f.write(text)


def machine() -> str:
    import datetime, subprocess
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    return f"Measured {datetime.date.today()} on {os.cpu_count()} cores ({cpu}), {rustc}."
