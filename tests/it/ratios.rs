//! The pooled estimator (`[simulation] ratios = "pooled"`): a ratio figure merged as
//! Σ numerator / Σ denominator over replications. It must agree with a closed form on
//! replications far too short for the mean of their ratios to be trusted, give the default's
//! counts to the bit, and leave the default report as it was.

use callsim::app::run::{Progress, merged};
use callsim::input::scenario::Ratios;
use callsim::output::export::{Exporter, Json, Text};
use callsim::output::report::{Report, RunInfo};
use callsim::sim::analytic::erlang_c;
use callsim::sim::engine::Arrivals;
use callsim::sim::model::Model;

use super::support::model;

/// M/M/5 at 4 Erlangs (mean talk 180 s, 80 calls/h), no patience, no wrap-up, no ring time:
/// P(wait > 0) is Erlang C(5, 4) = 0.5541 for every arrival in steady state (PASTA). Each
/// replication warms up for 2 h (over 40 mean talk times) and counts one hour, two 30-minute
/// intervals of about 40 calls each.
fn erlang_c_center(ratios: &str, replications: u32) -> Model {
    model(&format!(
        r#"
[simulation]
horizon = "3h"
warmup = "2h"
seed = 11
replications = {replications}
ratios = "{ratios}"

[[skill_queue]]
name = "Q"
max_wait = "60000s"
max_calls = 10000
wrap_up = 0

[[called_route]]
access_code = "1"
device = "queue:Q"

[[agent_group]]
name = "agents"
count = 5
skills = ["Q"]

[[traffic]]
dialed = "1"
rate = "80/h"
talk_time = {{ dist = "exponential", mean = "180s" }}
"#
    ))
}

fn report(model: &Model) -> Report {
    let run = merged(model, &Arrivals::Poisson, 2, &Progress::default(), None, None).unwrap().unwrap();
    run.merging.finish(RunInfo {
        scenario: "erlang-c.toml".into(),
        seed: model.seed,
        replications: model.replications,
        horizon_s: 3.0 * 3_600.0,
        warmup_s: 2.0 * 3_600.0,
        interval_s: 1_800.0,
        ratios: model.ratios,
    })
}

/// The whole hour and each counted half-hour row give Erlang C's P(wait). Tolerance: 3 × the
/// delta-method half-width (a 0.3 % two-sided chance for a correct estimator, and the seed is
/// fixed, so the run is the same every time; 3000 replications make that half-width about
/// 0.01). An interval row holds ~40 calls, where the mean of per-replication ratios would be
/// biased by the correlation of a half-hour's volume with its waits.
#[test]
fn pooled_wait_probability_is_erlang_cs_in_every_row() {
    let report = report(&erlang_c_center("pooled", 3_000));
    let exact = erlang_c(5, 4.0);
    let mut rows = vec![report.table("skill_queues").unwrap().get("Q", "wait_probability").unwrap()];
    let intervals = report.table("queue_intervals").unwrap();
    rows.extend(["02:00/Q", "02:30/Q"].map(|row| intervals.get(row, "wait_probability").unwrap()));
    for estimate in rows {
        assert_eq!(estimate.n, 3_000, "every replication has requests");
        assert!(estimate.ci95 > 0.0 && estimate.ci95 < 0.02, "{estimate:?}");
        assert!(
            (estimate.mean - exact).abs() <= 3.0 * estimate.ci95,
            "P(wait) {} ± {} against Erlang C {exact}",
            estimate.mean,
            estimate.ci95
        );
    }
}

/// Pooling changes ratios only: every count (a figure whose unit is calls) is the default
/// report's to the bit, and a pooled ratio is its own sums' quotient.
#[test]
fn pooled_counts_are_the_defaults_and_ratios_their_sums_quotient() {
    let (pooled, default) = (report(&erlang_c_center("pooled", 20)), report(&erlang_c_center("replication-mean", 20)));
    let default_queues = default.table("skill_queues").unwrap();
    let pooled_queues = pooled.table("skill_queues").unwrap();
    for column in default_queues.kind.columns.iter().filter(|c| c.unit == callsim::output::report::Unit::Calls) {
        let (a, b) = (default_queues.get("Q", column.key).unwrap(), pooled_queues.get("Q", column.key).unwrap());
        assert_eq!(
            (a.mean.to_bits(), a.ci95.to_bits(), a.n),
            (b.mean.to_bits(), b.ci95.to_bits(), b.n),
            "{}",
            column.key
        );
    }
    let json: serde_json::Value = serde_json::from_str(&Json.documents(&pooled).remove(0).contents).unwrap();
    assert_eq!(json["ratios"], "pooled");
    let queue = &json["skill_queues"][0];
    let service_level = &queue["service_level"];
    let quotient = service_level["numerator"].as_f64().unwrap() / service_level["denominator"].as_f64().unwrap();
    assert!((service_level["mean"].as_f64().unwrap() - quotient).abs() < 1e-12, "{service_level}");
    assert_eq!(queue["requests"]["denominator"].as_f64(), Some(20.0), "a count is n / 1 per replication");
    assert_eq!(
        queue["wait_probability"]["numerator"].as_f64(),
        queue["waited"]["numerator"].as_f64(),
        "P(wait) is waited / requests"
    );
    assert!(Text.documents(&pooled).remove(0).contents.contains("ratios: pooled"));
}

/// Without the key the report is the one callsim always wrote: no `waited` or
/// `wait_probability` column, no sums, no `ratios` member.
#[test]
fn the_default_report_has_no_pooled_members() {
    let default = erlang_c_center("replication-mean", 2);
    assert_eq!(default.ratios, Ratios::ReplicationMean);
    let report = report(&default);
    let queues = report.table("skill_queues").unwrap();
    assert!(queues.kind.columns.iter().all(|c| c.key != "waited" && c.key != "wait_probability"));
    let json = Json.documents(&report).remove(0).contents;
    for member in ["\"ratios\"", "numerator", "denominator", "waited"] {
        assert!(!json.contains(member), "{member} in the default JSON");
    }
    assert!(!Text.documents(&report).remove(0).contents.contains("ratios"));
}
