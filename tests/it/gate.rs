//! `run --target`: each target's verdict at the pessimistic end of its 95 % interval, exit
//! status 3 when one is missed, and targets that cannot be judged refused before the run.

use serde_json::Value;

use super::support::callsim;

/// The hotline's JSON report and the `all queues` service level's (mean, half-width).
fn all_queues_service_level() -> (f64, f64) {
    let out = callsim(&["run", "scenarios/hotline.toml", "--quiet", "--format", "json"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = report["skill_queues"].as_array().unwrap().iter().find(|r| r["queue"] == "all queues").unwrap();
    let sl = &row["service_level"];
    (sl["mean"].as_f64().unwrap(), sl["ci95"].as_f64().unwrap())
}

#[test]
fn a_target_is_judged_at_the_pessimistic_end_of_its_interval() {
    let (mean, half) = all_queues_service_level();
    assert!(half > 0.0, "an interval to judge at");
    // Below the lower end: met. Between the lower end and the mean: the mean meets it, the
    // pessimistic end does not — missed.
    let met = format!("service_level>={:.4}@20s", mean - 1.5 * half);
    let missed = format!("service_level>={:.4}@20s", mean - 0.5 * half);
    let out = callsim(&["run", "scenarios/hotline.toml", "--quiet", "--target", &met, "--target", &missed]);
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("target {met} on all queues: ")) && stderr.contains("→ met"), "{stderr}");
    let missed_line = stderr.lines().find(|l| l.starts_with(&format!("target {missed} "))).unwrap();
    assert!(missed_line.ends_with("→ MISSED"), "{missed_line}");
    assert!(missed_line.contains(&format!("(lower end {:.4})", mean - half)), "{missed_line}");
    assert!(stderr.contains("error: 1 of 2 targets missed"), "{stderr}");
}

#[test]
fn met_targets_exit_0_and_leave_the_report_as_it_was() {
    let plain = callsim(&["run", "scenarios/hotline.toml", "--quiet"]);
    let gated = callsim(&[
        "run",
        "scenarios/hotline.toml",
        "--quiet",
        "--target",
        "abandon_rate<=0.5",
        "--target",
        "B:asa<=60s",
    ]);
    assert_eq!(gated.status.code(), Some(0), "{}", String::from_utf8_lossy(&gated.stderr));
    assert_eq!(plain.stdout, gated.stdout);
    let stderr = String::from_utf8_lossy(&gated.stderr);
    assert_eq!(stderr.matches("→ met").count(), 2, "{stderr}");
    assert!(stderr.contains("target B:asa<=60s on B: "), "{stderr}");
}

#[test]
fn targets_that_cannot_be_judged_are_refused_before_the_run() {
    for (target, message) in [
        ("service_level=0.8", "write e.g."),
        ("Z:service_level>=0.8", "there is no skill queue \"Z\""),
        ("service_level>=0.8@30s", "counts queue A's service level at 20 s"),
        ("waits<=3", "not a staffing figure"),
    ] {
        let out = callsim(&["run", "scenarios/hotline.toml", "--quiet", "--target", target]);
        assert_eq!(out.status.code(), Some(2), "{target}");
        assert!(out.stdout.is_empty(), "{target}: no report");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(message), "{target}: {stderr}");
    }
}
