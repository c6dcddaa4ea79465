//! The export manager as users meet it: no command writes over one of its inputs, over another
//! of its outputs, or over an existing file without `--force`; every refusal comes before the run
//! (exit 2) and leaves every file as it was; stdout that cannot be written is a failure; and a
//! killed run's temporary files are removed by the next run into the same directory.

use std::path::Path;
use std::process::Stdio;

use super::support::callsim;

const QUICK: &[&str] = &["--replications", "1", "--horizon", "1h", "--quiet"];

/// Runs `args`; asserts exit 2 and an error on stderr containing `says`.
fn refused(args: &[&str], says: &str) {
    let output = callsim(args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(stderr.contains(says), "{args:?}: {stderr}");
}

/// A copy of the hotline in `dir`, returned as a path string.
fn hotline_in(dir: &Path) -> String {
    let path = dir.join("hotline.toml");
    std::fs::copy("scenarios/hotline.toml", &path).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn a_report_is_never_written_over_the_scenario_even_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = hotline_in(dir.path());
    let before = std::fs::read(&scenario).unwrap();
    // The same file under another spelling is the same file.
    let respelled = dir.path().join(".").join("hotline.toml");
    let html = respelled.to_str().unwrap();
    refused(&[&["run", &scenario, "--html", html, "--force"], QUICK].concat(), "it is the scenario of this command");
    refused(&[&["run", &scenario, "--events", html, "--force"], QUICK].concat(), "");
    assert_eq!(std::fs::read(&scenario).unwrap(), before);
}

#[test]
fn the_event_log_is_never_written_over_the_call_records() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("calls.csv");
    std::fs::write(&records, "arrival,dialed\n0,123451\n").unwrap();
    let records = records.to_str().unwrap();
    refused(
        &[&["run", "scenarios/hotline.toml", "--records", records, "--events", records, "--force"], QUICK].concat(),
        "it is the call records of this command",
    );
    assert_eq!(std::fs::read_to_string(records).unwrap(), "arrival,dialed\n0,123451\n");
}

#[test]
fn two_outputs_of_one_command_cannot_share_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("out.html");
    let page = page.to_str().unwrap();
    refused(
        &[
            &["sweep", "scenarios/hotline.toml", "--set", "traffic.scale=1", "--out", page, "--html", page],
            QUICK[..4].as_ref(),
        ]
        .concat(),
        "another output of this command",
    );
}

#[test]
fn every_output_flag_refuses_an_existing_file_without_force_and_replaces_it_with() {
    let dir = tempfile::tempdir().unwrap();
    let existing = |name: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, "keep me").unwrap();
        path.to_str().unwrap().to_owned()
    };
    let (html, events, scenario_out, config_out, sweep_out) =
        (existing("r.html"), existing("e.csv"), existing("s.toml"), existing("c.json"), existing("sweep.txt"));
    let cases: Vec<Vec<&str>> = vec![
        [&["run", "scenarios/hotline.toml", "--html", &html], QUICK].concat(),
        [&["run", "scenarios/hotline.toml", "--events", &events], QUICK].concat(),
        vec!["import", "scenarios/platform/hotline.json", "-o", &scenario_out],
        vec!["export", "scenarios/hotline.toml", "-o", &config_out],
        [&["sweep", "scenarios/hotline.toml", "--set", "traffic.scale=1", "--out", &sweep_out], &QUICK[..4]].concat(),
    ];
    for args in &cases {
        refused(args, "it exists; pass --force to replace it");
    }
    for path in [&html, &events, &scenario_out, &config_out, &sweep_out] {
        assert_eq!(std::fs::read_to_string(path).unwrap(), "keep me", "{path} was written without --force");
    }
    for args in &cases {
        let forced = [&args[..], &["--force"]].concat();
        let output = callsim(&forced);
        assert_eq!(output.status.code(), Some(0), "{forced:?}: {}", String::from_utf8_lossy(&output.stderr));
    }
    for path in [&html, &events, &scenario_out, &config_out, &sweep_out] {
        assert_ne!(std::fs::read_to_string(path).unwrap(), "keep me", "{path} was not replaced with --force");
    }
}

#[test]
fn stdout_that_cannot_be_written_is_a_failure_of_every_printing_command() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("e.csv");
    let made = callsim(&[&["run", "scenarios/hotline.toml", "--events", log.to_str().unwrap()], QUICK].concat());
    assert!(made.status.success());
    let cases: [&[&str]; 3] = [
        &["erlang", "--agents", "10", "--rate", "100/h", "--aht", "3m"],
        &["trace", log.to_str().unwrap(), "--call", "0"],
        &["run", "scenarios/hotline.toml", "--replications", "1", "--horizon", "1h", "--quiet"],
    ];
    for args in cases {
        // /dev/full accepts the open and fails every write with ENOSPC, as a full disk would.
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("callsim"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(args)
            .stdout(Stdio::from(full))
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("cannot write"), "{args:?}: {stderr}");
    }
}

#[test]
fn a_killed_runs_temporary_files_are_removed_by_the_next_run_there() {
    let dir = tempfile::tempdir().unwrap();
    // A pid above Linux's largest pid_max (2^22) belongs to no process: a killed run's leftover.
    let leftover = dir.path().join(".callsim-tmp-4294967295-AbCdEf");
    let unrelated = dir.path().join(".hidden-notes");
    std::fs::write(&leftover, "half a report").unwrap();
    std::fs::write(&unrelated, "mine").unwrap();
    let page = dir.path().join("report.html");
    let output = callsim(&[&["run", "scenarios/hotline.toml", "--html", page.to_str().unwrap()], QUICK].concat());
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(!leftover.exists(), "the leftover is removed");
    assert!(unrelated.exists() && page.exists());
}
