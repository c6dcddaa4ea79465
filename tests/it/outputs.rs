//! The report's outputs as users get them: snapshots of the text, CSV and JSON of a small
//! deterministic run, `--out` and `--force`, `--precision`, thread-count independence, and the
//! reconciliation of the per-queue, per-access-code and VDN totals.

use callsim::output::export::{Csv, Exporter, Json, Text};
use callsim::output::report::{Report, RunInfo, Summary, Tables};
use callsim::sim::engine::{self, Arrivals};
use callsim::sim::id::TrafficId;
use callsim::sim::time::SimTime;

use super::support::{callsim, model};
use super::timeline::{SCRIPT, SOLO};

/// The SOLO timeline (every figure derived by hand in reports.rs) as a one-replication report.
fn solo_report() -> Report {
    let model = model(SOLO);
    let arrivals = Arrivals::Scripted(
        SCRIPT
            .iter()
            .map(|&(s, t)| callsim::sim::engine::ScriptedCall::new(SimTime::from_secs(s), TrafficId(t)))
            .collect(),
    );
    let tables = engine::run_with(&model, 0, arrivals, Summary::new(&model)).finish();
    let info = RunInfo {
        scenario: "solo.toml".into(),
        seed: model.seed,
        replications: 1,
        horizon_s: 3_600.0,
        warmup_s: 0.0,
        interval_s: 1_800.0,
        ratios: callsim::input::scenario::Ratios::ReplicationMean,
    };
    Report::new(info, &[tables]).unwrap()
}

#[test]
fn text_report_snapshot() {
    insta::assert_snapshot!(Text.documents(&solo_report()).remove(0).contents);
}

#[test]
fn json_report_snapshot() {
    insta::assert_snapshot!(Json.documents(&solo_report()).remove(0).contents);
}

#[test]
fn csv_reports_snapshot() {
    let documents = Csv.documents(&solo_report());
    let names: Vec<&str> = documents.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "skill_queues.csv",
            "access_codes.csv",
            "dialed_numbers.csv",
            "agents.csv",
            "agent_groups.csv",
            "ivrs.csv",
            "ivr_exits.csv",
            "queue_intervals.csv",
            "group_intervals.csv"
        ]
    );
    let all: String = documents.iter().map(|d| format!("--- {}\n{}", d.name, d.contents)).collect();
    insta::assert_snapshot!(all);
}

fn run_json(args: &[&str]) -> String {
    let mut all = vec!["run", "scenarios/multi-skill.toml", "--horizon", "2h", "--format", "json", "--quiet"];
    all.extend_from_slice(args);
    let output = callsim(&all);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn one_thread_and_two_threads_give_identical_json() {
    let one = run_json(&["--replications", "4", "--threads", "1"]);
    let two = run_json(&["--replications", "4", "--threads", "2"]);
    assert_eq!(one, two);
    assert!(one.contains("\"queue_intervals\""), "the full report, not an excerpt");
}

/// Per replication: each visit count added over the access codes equals its all-numbers row and
/// the all-queues row; and for a number routed straight to a queue, the visits its calls made
/// without a transfer are its VDN calls (each call's first visit).
#[test]
fn access_code_and_queue_totals_reconcile_with_the_vdn_totals() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/multi-skill.toml")).unwrap();
    let mut model = model(&text);
    model.replications = 3;
    let replications: Vec<Tables> = callsim::app::run::replications(&model, 2, &callsim::app::run::Progress::default());
    for tables in &replications {
        let access = tables.table("access_codes").unwrap();
        let counts =
            ["offered", "transferred_in", "requests", "answered", "abandoned", "timed_out", "busy", "no_agents"];
        for key in counts {
            let by_number: f64 = model.traffic.iter().map(|t| access.get(&t.dialed, key).unwrap()).sum();
            assert_eq!(by_number, access.get("all numbers", key).unwrap(), "{key}");
            assert_eq!(by_number, tables.get("skill_queues", "all queues", key).unwrap(), "{key}");
        }
        let vdn_calls: f64 =
            model.traffic.iter().map(|t| tables.get("dialed_numbers", &t.dialed, "calls").unwrap()).sum();
        assert_eq!(vdn_calls, tables.get("dialed_numbers", "all numbers", "calls").unwrap());
        let mut direct = 0;
        for t in model.traffic.iter().filter(|t| matches!(t.device, callsim::sim::model::DeviceId::Queue(_))) {
            let first_visits =
                access.get(&t.dialed, "offered").unwrap() - access.get(&t.dialed, "transferred_in").unwrap();
            assert_eq!(first_visits, tables.get("dialed_numbers", &t.dialed, "calls").unwrap(), "{}", t.dialed);
            direct += 1;
        }
        assert!(direct > 0, "multi-skill.toml routes some numbers straight to a queue");
    }
}

#[test]
fn out_writes_every_report_and_refuses_an_existing_directory_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports");
    let out_arg = out.to_str().unwrap();
    let args = ["run", "scenarios/hotline.toml", "--replications", "2", "--horizon", "1h", "--quiet", "--out", out_arg];
    assert_eq!(callsim(&args).status.code(), Some(0));
    let mut names: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    let expected = [
        "access_codes.csv",
        "agent_groups.csv",
        "agents.csv",
        "dialed_numbers.csv",
        "group_intervals.csv",
        "ivr_exits.csv",
        "ivrs.csv",
        "queue_intervals.csv",
        "report.html",
        "report.json",
        "report.txt",
        "skill_queues.csv",
    ];
    assert_eq!(names, expected);

    let again = callsim(&args);
    assert_eq!(again.status.code(), Some(2));
    let stderr = String::from_utf8(again.stderr).unwrap();
    assert!(stderr.contains("already exists; pass --force"), "{stderr}");

    let forced = [&args[..], &["--force"]].concat();
    assert_eq!(callsim(&forced).status.code(), Some(0));
}

#[test]
fn an_invalid_scenario_leaves_no_output_directory_behind() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports");
    let output =
        callsim(&["run", "scenarios/invalid/route-to-missing-queue.toml", "--quiet", "--out", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(!out.exists());
}

#[test]
fn html_into_a_missing_directory_fails_before_running() {
    let output = callsim(&["run", "scenarios/hotline.toml", "--quiet", "--html", "/nonexistent-dir/report.html"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("/nonexistent-dir is not a directory"), "{stderr}");
    assert!(!stderr.contains("valid"), "no validation, no run: {stderr}");
}

#[test]
fn precision_adds_replications_until_the_half_widths_are_met() {
    // A loose target is met by the first 2 replications; a tight one needs more, and the count
    // chosen does not depend on the thread count (the smallest count that meets the target).
    let replications = |args: &[&str]| -> u64 {
        let report: serde_json::Value = serde_json::from_str(&run_json(args)).unwrap();
        report["replications"].as_u64().unwrap()
    };
    assert_eq!(replications(&["--replications", "2", "--precision", "0.5"]), 2);
    let tight = ["--replications", "2", "--precision", "0.02", "--max-replications", "40"];
    let one = replications(&[&tight[..], &["--threads", "1"]].concat());
    let two = replications(&[&tight[..], &["--threads", "2"]].concat());
    assert!(one > 2 && one <= 40, "{one}");
    assert_eq!(one, two);
    let bad = callsim(&["run", "scenarios/hotline.toml", "--precision", "0.01", "--precision-of", "slevel"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8(bad.stderr).unwrap().contains("slevel is not a skill queue figure"));
}

/// Every figure callsim prints has its written definition: each column key of each table is
/// defined in docs/reports.md and listed in docs/report-schema.md.
#[test]
fn every_column_is_documented() {
    let reports = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/reports.md")).unwrap();
    let schema = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/report-schema.md")).unwrap();
    for table in &solo_report().tables {
        assert!(reports.contains(&format!("`{}`", table.kind.key)), "reports.md: table {}", table.kind.key);
        for column in &table.kind.columns {
            let key = format!("`{}`", column.key);
            assert!(reports.contains(&key), "reports.md does not define {key} ({})", table.kind.key);
            assert!(schema.contains(&key), "report-schema.md does not list {key} ({})", table.kind.key);
        }
    }
}
