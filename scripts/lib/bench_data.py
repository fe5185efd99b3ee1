"""The benchmarks' data: flights.csv.gz (336,776 rows) repeated to 10M rows as one CSV,
written once under target/bench-data/."""
import gzip, os

ROWS = 10_000_000
DATA = "target/bench-data/flights_10m.csv"


def flights_10m() -> str:
    """The path of the 10M-row CSV, written the first time it is asked for."""
    done = DATA + ".done"
    if os.path.exists(done):
        return DATA
    os.makedirs(os.path.dirname(DATA), exist_ok=True)
    with gzip.open("data/nycflights13/flights.csv.gz", "rt") as f:
        header, *rows = f.read().splitlines()
    with open(DATA, "w") as out:
        out.write(header + "\n")
        written = 0
        while written < ROWS:
            chunk = rows[: ROWS - written]
            out.write("\n".join(chunk) + "\n")
            written += len(chunk)
    open(done, "w").write(f"{ROWS}\n")
    return DATA
