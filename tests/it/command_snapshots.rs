//! Snapshots of what the commands print, so that a refactor of the layers around the engine is
//! held to the bytes users (and their scripts) read: the run report through the binary in every
//! stdout format, sweep and merge, staff and erlang. Each run is short and seeded, so the output
//! is deterministic and the snapshots cannot flake.

use super::support::callsim;

/// stdout of a command that must succeed.
fn stdout(args: &[&str]) -> String {
    let output = callsim(args);
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

const RUN: &[&str] = &["run", "scenarios/hotline.toml", "--replications", "3", "--horizon", "1h", "--threads", "2"];

#[test]
fn run_text() {
    insta::assert_snapshot!(stdout(RUN));
}

#[test]
fn run_json() {
    insta::assert_snapshot!(stdout(&[RUN, &["--format", "json"]].concat()));
}

#[test]
fn run_csv() {
    insta::assert_snapshot!(stdout(&[RUN, &["--format", "csv"]].concat()));
}

const SWEEP: &[&str] = &[
    "sweep",
    "scenarios/hotline.toml",
    "--set",
    "traffic.scale=1.0,1.2",
    "--replications",
    "3",
    "--horizon",
    "1h",
    "--threads",
    "2",
];

#[test]
fn sweep_text() {
    insta::assert_snapshot!(stdout(SWEEP));
}

#[test]
fn sweep_csv() {
    insta::assert_snapshot!(stdout(&[SWEEP, &["--format", "csv"]].concat()));
}

#[test]
fn sweep_json() {
    insta::assert_snapshot!(stdout(&[SWEEP, &["--format", "json"]].concat()));
}

const STAFF: &[&str] = &[
    "staff",
    "scenarios/hotline.toml",
    "--target",
    "service_level>=0.80@20s",
    "--target",
    "abandon_rate<=0.05",
    "--replications",
    "3",
    "--horizon",
    "1h",
    "--warmup",
    "10m",
    "--threads",
    "2",
];

#[test]
fn staff_text() {
    insta::assert_snapshot!(stdout(STAFF));
}

#[test]
fn staff_json() {
    insta::assert_snapshot!(stdout(&[STAFF, &["--format", "json"]].concat()));
}

#[test]
fn erlang_text() {
    let args = ["erlang", "--agents", "12", "--rate", "180/h", "--aht", "3m", "--patience", "2m", "--queue", "20"];
    insta::assert_snapshot!(stdout(&args));
}
