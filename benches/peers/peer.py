"""The reference model in a Python simulator: one queue, N agents, Poisson arrivals at 95 % load,
exponential talk (180 s) and patience (120 s), FIFO, abandonment. Prints one JSON line:
calls, abandoned share, mean wait of all calls (s).

    python peer.py simpy|ciw AGENTS CALLS
"""
import json
import random
import sys

TALK, PATIENCE, LOAD = 180.0, 120.0, 0.95


def simpy_run(n, calls):
    import simpy

    rate = LOAD * n / TALK
    env = simpy.Environment()
    agents = simpy.Resource(env, capacity=n)
    rng = random.Random(1)
    stats = {"calls": 0, "abandoned": 0, "wait": 0.0}

    def caller():
        arrived = env.now
        patience = rng.expovariate(1 / PATIENCE)
        with agents.request() as request:
            outcome = yield request | env.timeout(patience)
            stats["wait"] += env.now - arrived
            if request in outcome:
                yield env.timeout(rng.expovariate(1 / TALK))
            else:
                stats["abandoned"] += 1

    def source():
        while stats["calls"] < calls:
            yield env.timeout(rng.expovariate(rate))
            stats["calls"] += 1
            env.process(caller())

    env.process(source())
    env.run()
    return stats


def ciw_run(n, calls):
    import ciw

    rate = LOAD * n / TALK
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=rate)],
        service_distributions=[ciw.dists.Exponential(rate=1 / TALK)],
        number_of_servers=[n],
        reneging_time_distributions=[ciw.dists.Exponential(rate=1 / PATIENCE)],
    )
    ciw.seed(1)
    simulation = ciw.Simulation(network)
    simulation.simulate_until_max_time(calls / rate)
    records = simulation.get_all_records()
    abandoned = [r for r in records if r.record_type == "renege"]
    served = [r for r in records if r.record_type == "service"]
    waits = [r.waiting_time for r in served] + [r.exit_date - r.arrival_date for r in abandoned]
    return {"calls": len(waits), "abandoned": len(abandoned), "wait": sum(waits)}


if __name__ == "__main__":
    tool, n, calls = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    stats = (simpy_run if tool == "simpy" else ciw_run)(n, calls)
    print(json.dumps({"calls": stats["calls"], "abandon_rate": stats["abandoned"] / stats["calls"],
                      "mean_wait_s": stats["wait"] / stats["calls"]}))
