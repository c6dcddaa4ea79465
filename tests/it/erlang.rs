//! The simulator against closed forms: a single queue with n agents, Poisson arrivals and
//! exponential talk times (180 s) is M/M/n (Erlang C); with exponential patience it is M/M/n+M
//! (Erlang A). No wrap-up, and limits far beyond reach (10 000 waiting, 60 000 s), so the
//! platform's extras never bind.
//!
//! Tolerance: each figure is estimated by independent replications (after a warm-up that covers
//! the queue's relaxation time many times), giving a mean and a 95 % Student-t half-width h. A
//! correct simulator lies within h of the truth 95 % of the time and within 3h (≈ 6.5 standard
//! errors with 20 replications) all but about once in 10⁸; the seeds are fixed, so the test is
//! deterministic, and a real bias of a few percent would still fail it. Each case also checks
//! that h is small next to the value, so a loose interval cannot pass by itself.
//! Run time: about ten million simulated calls in all, a few seconds in release mode.

use callsim::analytic::{erlang_a, erlang_c, erlang_c_mean_wait, erlang_c_service_level};
use callsim::report::{MergedTable, Report, RunInfo};
use callsim::stats::Estimate;

use super::support::model;

const TALK: f64 = 180.0;

/// One queue, `n` agents at `load` (in Erlangs per agent), optional mean patience.
fn simulate(n: u32, load: f64, patience: Option<f64>, horizon_s: f64, warmup_s: f64, replications: u32) -> MergedTable {
    let per_hour = load * f64::from(n) / TALK * 3_600.0;
    let patience = patience.map_or(String::new(), |p| format!("patience = {{ dist = \"exponential\", mean = {p} }}"));
    let text = format!(
        r#"
[simulation]
horizon = {horizon_s}
warmup = {warmup_s}
seed = {n}
replications = {replications}

[[skill_queue]]
name = "Q"
max_wait = "60000s"
max_calls = 10000
wrap_up = 0
service_level = "20s"

[[called_route]]
access_code = "1"
device = "queue:Q"

[[agent_group]]
name = "agents"
count = {n}
skills = ["Q"]

[[traffic]]
dialed = "1"
rate = "{per_hour}/h"
talk_time = {{ dist = "exponential", mean = {TALK} }}
{patience}
"#
    );
    let model = model(&text);
    let tables = callsim::run::replications(&model, 2);
    let info = RunInfo { scenario: "erlang".into(), seed: model.seed, replications, horizon_s, warmup_s };
    Report::new(info, &tables).unwrap().queues
}

fn assert_agrees(what: &str, estimate: Estimate, truth: f64, max_relative_half_width: f64) {
    // Shown with --nocapture: the agreement itself, for reports/.
    eprintln!("{what}: simulated {:.5} ± {:.5}, closed form {truth:.5}", estimate.mean, estimate.ci95);
    assert!(
        (estimate.mean - truth).abs() <= 3.0 * estimate.ci95,
        "{what}: simulated {:.5} ± {:.5}, closed form {truth:.5}",
        estimate.mean,
        estimate.ci95
    );
    assert!(
        estimate.ci95 <= max_relative_half_width * truth.abs(),
        "{what}: the interval ±{:.5} is too wide to referee {truth:.5}",
        estimate.ci95
    );
}

#[test]
fn erlang_c_with_1_10_and_100_agents() {
    // (agents, load, horizon s, warm-up s, replications)
    for (n, load, horizon, warmup) in [(1, 0.7, 2.0e6, 1.0e5), (10, 0.9, 1.0e6, 5.0e4), (100, 0.95, 1.0e6, 2.0e4)] {
        let a = load * f64::from(n);
        let queue = simulate(n, load, None, horizon, warmup, 20);
        let figure = |key| queue.get("Q", key).unwrap();
        let asa = erlang_c_mean_wait(n, a, TALK);
        assert_agrees(&format!("M/M/{n} at {load}: ASA"), figure("asa_s"), asa, 0.1);
        let sl = erlang_c_service_level(n, a, TALK, 20.0);
        assert_agrees(&format!("M/M/{n} at {load}: service level 20 s"), figure("service_level"), sl, 0.05);
        assert_eq!(figure("abandoned").mean, 0.0, "no patience, no abandonment");
        // Occupancy is the load per agent: a / n.
        assert_agrees(&format!("M/M/{n} at {load}: occupancy"), figure("occupancy"), load, 0.02);
        assert!(erlang_c(n, a) > 0.3, "the case queues enough to be a test");
    }
}

#[test]
fn erlang_a_with_1_10_and_100_agents_including_overload() {
    // (agents, load, mean patience s, horizon s, warm-up s)
    for (n, load, patience, horizon, warmup) in
        [(1, 0.9, 300.0, 1.0e6, 5.0e4), (10, 0.95, 120.0, 5.0e5, 2.0e4), (100, 1.2, 120.0, 1.0e5, 1.0e4)]
    {
        let queue = simulate(n, load, Some(patience), horizon, warmup, 20);
        let figure = |key| queue.get("Q", key).unwrap();
        let theory = erlang_a(n, load * f64::from(n) / TALK, TALK, patience);
        assert_agrees(&format!("M/M/{n}+M at {load}: P(abandon)"), figure("abandon_rate"), theory.p_abandon, 0.1);
        assert_agrees(&format!("M/M/{n}+M at {load}: mean wait"), figure("mean_wait_s"), theory.mean_wait, 0.1);
    }
}
