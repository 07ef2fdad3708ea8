#!/usr/bin/env python3
"""Runs a command, prints `seconds peak_rss_anon_kib` on stderr; the
command's own stderr goes to OUT_FILE.err.

Peak anonymous memory is sampled from /proc/<pid>/status (RssAnon) every
2 ms: a memory-mapped log's pages are page cache, not the program's.
Usage: measure.py OUT_FILE -- command args...
"""
import subprocess
import sys
import time

def rss_anon(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0

def main():
    out_path = sys.argv[1]
    cmd = sys.argv[sys.argv.index("--") + 1:]
    with open(out_path, "wb") as out, open(out_path + ".err", "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, rss_anon(proc.pid))
            time.sleep(0.002)
        elapsed = time.perf_counter() - start
    print(f"{elapsed:.4f} {peak}", file=sys.stderr)
    sys.exit(proc.returncode if proc.returncode in (0, 1) else proc.returncode)

main()
