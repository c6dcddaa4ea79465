"""Runs the reference model in callsim, SimPy and Ciw on this machine, in one run, and writes
reports/performance.md: calls/s, peak RSS, ratios, and the abandonment and mean wait each tool
finds (so that they are seen to model the same thing). Called by run.sh.
"""
import json
import os
import platform
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CALLSIM = os.path.join(ROOT, "target", "release", "callsim")
PYTHON = sys.executable
# Calls simulated per tool and size: enough for a stable rate, within a few minutes for Python.
PLAN = {("callsim", 10): 10_000_000, ("callsim", 1000): 10_000_000,
        ("simpy", 10): 400_000, ("simpy", 1000): 400_000,
        ("ciw", 10): 100_000, ("ciw", 1000): 30_000}


def timed(command):
    """Runs command under /usr/bin/time; returns (stdout, wall seconds, peak RSS KB)."""
    with tempfile.NamedTemporaryFile("r") as report:
        out = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", report.name] + command,
                             check=True, capture_output=True, text=True).stdout
        wall, rss = report.read().split()
    return out, float(wall), int(rss)


def callsim(n, calls):
    rate = 0.95 * n / 180 * 3600
    scenario = f'''[simulation]
horizon = {calls / (rate / 3600):.0f}
seed = 1
replications = 1
[[skill_queue]]
name = "reference"
max_wait = "60000s"
max_calls = 10000
wrap_up = 0
[[called_route]]
access_code = "1"
device = "queue:reference"
[[agent_group]]
name = "agents"
count = {n}
skills = ["reference"]
[[traffic]]
dialed = "1"
rate = "{rate}/h"
talk_time = {{ dist = "exponential", mean = "180s" }}
patience = {{ dist = "exponential", mean = "120s" }}
'''
    with tempfile.NamedTemporaryFile("w", suffix=".toml") as f:
        f.write(scenario)
        f.flush()
        out, wall, rss = timed([CALLSIM, "run", f.name, "--format", "json", "--threads", "1"])
    queue = json.loads(out)["skill_queues"][0]
    return {"calls": queue["offered"]["mean"], "abandon_rate": queue["abandon_rate"]["mean"],
            "mean_wait_s": queue["mean_wait_s"]["mean"]}, wall, rss


def main():
    rows = []
    for n in (10, 1000):
        for tool in ("callsim", "simpy", "ciw"):
            calls = PLAN[(tool, n)]
            if tool == "callsim":
                stats, wall, rss = callsim(n, calls)
            else:
                out, wall, rss = timed([PYTHON, os.path.join(ROOT, "benches", "peers", "peer.py"), tool, str(n), str(calls)])
                stats = json.loads(out)
            rows.append((n, tool, stats, wall, rss))
            print(f"N={n} {tool}: {stats['calls']:.0f} calls in {wall:.2f} s, {rss} KB", file=sys.stderr)
    # Replications in parallel: 32 replications of the N=10 model (about 950 000 calls each).
    bench10 = os.path.join(ROOT, "scenarios", "bench", "mmn-abandon-10.toml")
    scaling = {}
    for threads in (1, 2):
        _, wall, _ = timed([CALLSIM, "run", bench10, "--replications", "32", "--horizon", "5000h", "--threads", str(threads)])
        scaling[threads] = wall
        print(f"32 replications on {threads} thread(s): {wall:.2f} s", file=sys.stderr)
    # The large center: one day, one replication.
    large = os.path.join(ROOT, "scenarios", "bench", "large-center.toml")
    out, large_wall, large_rss = timed([CALLSIM, "run", large, "--format", "json", "--threads", "1"])
    large_calls = json.loads(out)["dialed_numbers"][-1]["calls"]["mean"]
    versions = subprocess.run([PYTHON, "-c", "import simpy, ciw; print(simpy.__version__, ciw.__version__)"],
                              capture_output=True, text=True).stdout.split()
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    lines = ["# Performance against other simulators", "",
             "Produced by `benches/peers/run.sh` (do not edit by hand). Reference model: one queue, N agents,",
             "Poisson arrivals at 95 % load, exponential talk (180 s) and patience (120 s), FIFO, no wrap-up.",
             "Each tool ran once, one thread, on the same machine in the same run; wall time and peak RSS from",
             "`/usr/bin/time`. callsim runs the full engine (routing, policies, the summary projection).", "",
             f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; {rustc};",
             f"Python {platform.python_version()}, SimPy {versions[0] if versions else '?'}, Ciw {versions[1] if len(versions) > 1 else '?'}.", "",
             "| N | tool | calls | wall (s) | calls/s | peak RSS (MB) | callsim speed-up | abandoned | mean wait (s) |",
             "|---|---|---|---|---|---|---|---|---|"]
    for n in (10, 1000):
        base = next(r for r in rows if r[0] == n and r[1] == "callsim")
        base_rate = base[2]["calls"] / base[3]
        for (m, tool, stats, wall, rss) in (r for r in rows if r[0] == n):
            rate = stats["calls"] / wall
            lines.append(f"| {m} | {tool} | {stats['calls']:.0f} | {wall:.2f} | {rate:,.0f} | {rss / 1024:.1f} | "
                         f"{base_rate / rate:.0f}× | {100 * stats['abandon_rate']:.2f} % | {stats['mean_wait_s']:.2f} |")
    lines += ["", "## Replications in parallel", "",
              "`callsim run scenarios/bench/mmn-abandon-10.toml --replications 32 --horizon 5000h --threads T`:", "",
              "| threads | wall (s) | speed-up |", "|---|---|---|",
              f"| 1 | {scaling[1]:.2f} | 1.00× |", f"| 2 | {scaling[2]:.2f} | {scaling[1] / scaling[2]:.2f}× |",
              "", "## The large center", "",
              "`callsim run scenarios/bench/large-center.toml --threads 1` (1000 queues, 10 000 agents with 3 to 5",
              "skills, 48 half-hour steps, one day):", "",
              "| calls | wall (s) | calls/s | peak RSS (MB) |", "|---|---|---|---|",
              f"| {large_calls:.0f} | {large_wall:.2f} | {large_calls / large_wall:,.0f} | {large_rss / 1024:.1f} |"]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
