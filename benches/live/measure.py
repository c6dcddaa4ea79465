#!/usr/bin/env python3
"""What live mode costs the engine, and what 200 stream clients cost it; prints reports/live.md.

For each scenario: `callsim run --replications 1 --threads 1` (the offline reference), then
`callsim serve --speed max --paused --exit-at-end` with 0 and with 200 clients on /api/stream
(half of them never read a byte), resumed once every client is connected. Wall time is from the
resume request to the process's exit; peak RSS is from /usr/bin/time. One run each, same machine.

    benches/live/run.sh        (builds, then runs this)
"""

import json
import platform
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / "target" / "release" / "callsim"
SCENARIOS = [
    ("scenarios/bench/mmn-abandon-1000.toml", "200h"),
    ("scenarios/bench/large-center.toml", None),
]


def max_rss_mb(stderr: str) -> float:
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    return int(match.group(1)) / 1024 if match else float("nan")


def offline(scenario, horizon):
    args = ["/usr/bin/time", "-v", str(BIN), "run", scenario, "--replications", "1", "--threads", "1", "--quiet",
            "--format", "json"]
    if horizon:
        args += ["--horizon", horizon]
    start = time.monotonic()
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=True)
    wall = time.monotonic() - start
    report = json.loads(done.stdout)
    return wall, max_rss_mb(done.stderr), report


def post(address, path, body):
    with socket.create_connection(address) as s:
        data = json.dumps(body)
        s.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {len(data)}\r\n\r\n{data}"
                  .encode())
        return s.makefile().read()


def live(scenario, horizon, clients):
    args = ["/usr/bin/time", "-v", str(BIN), "serve", scenario, "--speed", "max", "--paused", "--exit-at-end",
            "--listen", "127.0.0.1:0", "--format", "json"]
    if horizon:
        args += ["--horizon", horizon]
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    address = None
    lines = []
    while address is None:
        line = proc.stderr.readline()
        lines.append(line)
        found = re.search(r"live at http://([\d.]+):(\d+)/", line)
        if found:
            address = (found.group(1), int(found.group(2)))
        if not line:
            sys.exit("serve did not start: " + "".join(lines))
    boards = []
    sockets = []

    def read(s, i):
        # Big reads and a byte count: the client should cost the shared machine little.
        n, tail = 0, b""
        while chunk := s.recv(1 << 20):
            data = tail + chunk
            n += data.count(b"event: board")
            tail = data[-11:]  # shorter than the marker: no board is counted twice
        boards.append(n)

    for i in range(clients):
        s = socket.create_connection(address)
        s.sendall(b"GET /api/stream HTTP/1.1\r\nHost: x\r\n\r\n")
        sockets.append(s)
        if i % 2 == 1:
            threading.Thread(target=read, args=(s, i), daemon=True).start()
    start = time.monotonic()
    post(address, "/api/control", {"action": "resume"})
    out, err = proc.communicate()
    wall = time.monotonic() - start
    for s in sockets:
        s.close()
    return wall, max_rss_mb("".join(lines) + err), json.loads(out), boards


def main():
    rows = []
    for scenario, horizon in SCENARIOS:
        wall, rss, report = offline(scenario, horizon)
        rows.append((scenario, horizon, "offline `run`", wall, rss, report, None))
        for clients in (0, 200):
            wall, rss, live_report, boards = live(scenario, horizon, clients)
            same = live_report == report
            rows.append((scenario, horizon, f"`serve`, {clients} clients", wall, rss, live_report, (same, boards)))
    print("# Live mode: what it costs the engine\n")
    print("Produced by `benches/live/run.sh` (do not edit by hand). Each scenario runs one replication: offline")
    print("(`callsim run --replications 1 --threads 1`), then live and unpaced (`callsim serve --speed max`)")
    print("with 0 and 200 clients on `/api/stream`, half of which never read. Wall time for `serve` is from the")
    print("resume request to the process's exit (the reports written); peak RSS from `/usr/bin/time`. The")
    print("reading clients read in large chunks, so that the client program itself costs the shared machine")
    print("little. One run each: on the 2-core VM this was written on, the same offline large-center run took")
    print("10.1 to 13.9 s across four runs in one session, so differences under ~40 % are noise.\n")
    print(f"Machine: {platform.machine()}, {platform.platform()}; "
          + subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip() + ".\n")
    print("| scenario | horizon | mode | wall (s) | peak RSS (MB) | same report as offline | boards read per reading client |")
    print("|---|---|---|---|---|---|---|")
    for scenario, horizon, mode, wall, rss, _, extra in rows:
        same, boards = ("—", "—") if extra is None else ("yes" if extra[0] else "NO", extra[1])
        if isinstance(boards, list):
            boards = f"{min(boards)}–{max(boards)}" if boards else "—"
        print(f"| {scenario} | {horizon or 'scenario'} | {mode} | {wall:.2f} | {rss:.1f} | {same} | {boards} |")


if __name__ == "__main__":
    main()
