//! Retrials: callers who were not served call again. A probability of 0 changes nothing; an
//! M/M/n/n queue whose blocked callers retry is checked against its birth–death chain.

use callsim::sim::engine;
use callsim::sim::event::Recorder;
use callsim::sim::stats::Estimate;

use super::support::model;

const N: usize = 3;
const ARRIVAL: f64 = 1.0 / 60.0; // per second: 3 Erlang of 180 s talk on 3 agents
const TALK: f64 = 180.0;
const P: f64 = 0.6; // a blocked caller calls again with this probability, each time
const DELAY: f64 = 120.0; // mean retrial delay, exponential

fn loss_queue(retrial: &str) -> String {
    format!(
        r#"
[simulation]
horizon = "210h"
warmup = "10h"
replications = 10
seed = 11

[[skill_queue]]
name = "Q"
max_calls = 0
wrap_up = 0
talk_time = {{ dist = "exponential", mean = "{TALK}s" }}

[[called_route]]
access_code = "1"
device = "queue:Q"

[[agent_group]]
name = "agents"
count = {N}
skills = ["Q"]

[[traffic]]
dialed = "1"
rate = "60/h"
{retrial}
"#
    )
}

#[test]
fn a_retrial_probability_of_zero_changes_nothing() {
    let plain = model(&loss_queue(""));
    let zero = model(&loss_queue(r#"retrial = { probability = 0, delay = { dist = "exponential", mean = "2m" } }"#));
    assert_eq!(engine::run(&plain, 0, Recorder::default()).0, engine::run(&zero, 0, Recorder::default()).0);
    // The same events make the same figures; no retrials table appears either.
    let keys = |model| -> Vec<&str> {
        let tables = engine::run(model, 0, callsim::output::report::Summary::new(model)).finish();
        tables.0.iter().map(|t| t.kind.key).collect()
    };
    assert_eq!(keys(&plain), keys(&zero));
    assert!(!keys(&zero).contains(&"retrials"));
}

/// A queue's own retrial applies to the callers lost there as their traffic entry's would (the
/// draws are on the traffic entry's stream either way), with no patience rule set.
#[test]
fn a_queues_retrial_is_its_callers_retrial() {
    let retrial = r#"retrial = { probability = 0.6, delay = { dist = "exponential", mean = "2m" } }"#;
    let on_traffic = model(&loss_queue(retrial));
    let on_queue = model(&loss_queue("").replace("talk_time = {", &format!("{retrial}\ntalk_time = {{")));
    assert!(on_queue.queues[callsim::sim::id::QueueId(0)].retrial.is_some());
    let (a, b) = (engine::run(&on_traffic, 0, Recorder::default()).0, engine::run(&on_queue, 0, Recorder::default()).0);
    assert!(a.iter().any(|(_, e)| matches!(e, callsim::sim::event::Event::WillCallAgain { .. })));
    assert_eq!(a, b);
}

/// The stationary distribution of (busy agents i, callers waiting to call again j), j ≤ `J`
/// (the mass beyond is far below 10⁻¹⁰ here), by Gaussian elimination on the balance equations.
/// Fresh calls arrive at λ; a call finding all n agents busy calls again with probability p; each
/// of the j callers calls again at rate θ, and is served, or blocked and then gives up with
/// probability 1 − p.
fn retrial_chain() -> (f64, f64) {
    const J: usize = 120;
    let (lambda, mu, theta) = (ARRIVAL, 1.0 / TALK, 1.0 / DELAY);
    let states = (N + 1) * (J + 1);
    let index = |i: usize, j: usize| i * (J + 1) + j;
    // q[from][to], then the generator's transpose with one balance equation replaced by Σπ = 1.
    let mut a = vec![vec![0.0f64; states + 1]; states];
    let rate = |from: usize, to: usize, r: f64, a: &mut Vec<Vec<f64>>| {
        a[to][from] += r;
        a[from][from] -= r;
    };
    for i in 0..=N {
        for j in 0..=J {
            let s = index(i, j);
            if i < N {
                rate(s, index(i + 1, j), lambda, &mut a);
                if j > 0 {
                    rate(s, index(i + 1, j - 1), j as f64 * theta, &mut a);
                }
            } else {
                if j < J {
                    rate(s, index(N, j + 1), lambda * P, &mut a);
                }
                if j > 0 {
                    rate(s, index(N, j - 1), j as f64 * theta * (1.0 - P), &mut a);
                }
            }
            if i > 0 {
                rate(s, index(i - 1, j), i as f64 * mu, &mut a);
            }
        }
    }
    a[states - 1] = vec![1.0; states + 1];
    // Gaussian elimination with partial pivoting on [A | b].
    for col in 0..states {
        let pivot = (col..states).max_by(|&x, &y| a[x][col].abs().total_cmp(&a[y][col].abs())).unwrap();
        a.swap(col, pivot);
        for row in 0..states {
            if row != col && a[row][col] != 0.0 {
                let factor = a[row][col] / a[col][col];
                let pivot_row = a[col].clone();
                for (cell, pivot) in a[row].iter_mut().zip(&pivot_row).skip(col) {
                    *cell -= factor * pivot;
                }
            }
        }
    }
    let pi: Vec<f64> = (0..states).map(|s| a[s][states] / a[s][s]).collect();
    // Attempts arrive at λ + jθ; those in state i = n are blocked.
    let (mut attempts, mut blocked, mut retrials) = (0.0, 0.0, 0.0);
    for i in 0..=N {
        for j in 0..=J {
            let p = pi[index(i, j)];
            let attempt_rate = lambda + j as f64 * theta;
            attempts += p * attempt_rate;
            retrials += p * j as f64 * theta;
            if i == N {
                blocked += p * attempt_rate;
            }
        }
    }
    (blocked / attempts, retrials / lambda)
}

/// Over 10 fixed-seed replications of 200 h (12 000 callers each) after a 10 h warm-up, each
/// figure agrees with the chain within 3 half-widths of its 95 % interval (about 6.5 standard
/// errors: a correct simulator fails this about once in 10⁸, and the seed is fixed, so it cannot
/// flake), and the interval is narrow enough (15 %) to tell retrials from none: without them the
/// blocking is Erlang B's 0.346, and there are no retrials.
#[test]
fn a_loss_queue_with_retrials_matches_its_birth_death_chain() {
    let (blocking, retrials_per_caller) = retrial_chain();
    let text = loss_queue(&format!(
        r#"retrial = {{ probability = {P}, delay = {{ dist = "exponential", mean = "{DELAY}s" }}, attempts = 100, after = ["busy"] }}"#
    ));
    let model = model(&text);
    let tables = callsim::app::run::replications(&model, 2, &callsim::app::run::Progress::default());
    let get = |t: &callsim::output::report::Tables, table: &str, row: &str, key: &str| {
        t.table(table).and_then(|t| t.get(row, key)).unwrap_or(f64::NAN)
    };
    let simulated_blocking = Estimate::of(
        tables.iter().map(|t| get(t, "skill_queues", "Q", "busy") / get(t, "skill_queues", "Q", "offered")),
    );
    let simulated_retrials = Estimate::of(tables.iter().map(|t| get(t, "retrials", "1", "retrials_per_caller")));
    for (name, truth, simulated) in [
        ("blocked attempts", blocking, simulated_blocking),
        ("retrials per caller", retrials_per_caller, simulated_retrials),
    ] {
        assert!(
            (simulated.mean - truth).abs() <= 3.0 * simulated.ci95 && simulated.ci95 <= 0.15 * truth,
            "{name}: simulated {simulated:?}, birth–death chain {truth}"
        );
    }
    assert!(blocking > 0.36 && retrials_per_caller > 0.2, "the retrials matter: {blocking}, {retrials_per_caller}");
}

#[test]
fn a_caller_blocked_once_calls_again_after_the_delay_and_is_served() {
    use callsim::sim::event::Event::*;
    use callsim::sim::event::ReleaseCause;
    use callsim::sim::id::{AgentId, QueueId, TrafficId};
    use callsim::sim::model::{Destination, DeviceId};
    use callsim::sim::time::SimDuration;
    // One agent, no room to wait, talk 100 s. Call 0 at 0 s is answered; call 1 at 10 s is
    // blocked (Skill Busy, release) and calls again 120 s later, at 130 s, when the agent is
    // free again (since 100 s): answered at once, talks until 230 s.
    let text = loss_queue(
        r#"retrial = { probability = 1, delay = { dist = "deterministic", value = "120s" }, after = ["busy"] }"#,
    )
    .replace("count = 3", "count = 1")
    .replace(
        &format!("{{ dist = \"exponential\", mean = \"{TALK}s\" }}"),
        "{ dist = \"deterministic\", value = \"100s\" }",
    );
    let events = super::support::events(&model(&text), &[(0.0, 0), (10.0, 0)]);
    let journey = super::support::journey(&events, 1);
    let (q, agent) = (QueueId(0), AgentId(0));
    assert_eq!(
        journey,
        [
            (10.0, CallArrived { call: 1, traffic: TrafficId(0) }),
            (10.0, Routed { call: 1, device: DeviceId::Queue(q) }),
            (10.0, Offered { call: 1, queue: q, transferred: false }),
            (10.0, RejectedBusy { call: 1, queue: q, then: Destination::Release }),
            (10.0, WillCallAgain { call: 1, traffic: TrafficId(0) }),
            (130.0, CalledAgain { call: 1, traffic: TrafficId(0) }),
            (130.0, Routed { call: 1, device: DeviceId::Queue(q) }),
            (130.0, Offered { call: 1, queue: q, transferred: false }),
            (130.0, Answered { call: 1, queue: q, agent, wait: SimDuration::ZERO }),
            (230.0, TalkEnded { call: 1, queue: q, agent }),
            (230.0, Released { call: 1, traffic: TrafficId(0), cause: ReleaseCause::Completed }),
        ]
    );
}
