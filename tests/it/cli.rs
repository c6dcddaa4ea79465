//! The command line itself: usage errors and help.

use super::support::callsim;

#[test]
fn an_unknown_subcommand_is_a_usage_error_naming_it() {
    let output = callsim(&["validte", "scenarios/hotline.toml"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("unrecognized subcommand 'validte'"), "{stderr}");
    assert!(stderr.contains("validate"), "clap suggests the close subcommand: {stderr}");
}

#[test]
fn validate_help_documents_the_exit_status() {
    let output = callsim(&["validate", "--help"]);
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout
            .contains("Exit status: 0 valid (warnings allowed), 1 errors found, 2 the file is unreadable, not UTF-8 text, over 16 MiB, or not TOML"),
        "{stdout}"
    );
}

#[test]
fn erlang_prints_the_closed_forms_of_one_queue() {
    // 360 calls/h at 4 min = 24 Erlangs on 29 agents; the Erlang C figures are the ones checked
    // against exact arithmetic in src/analytic.rs (C = 0.242274, ASA 11.629 s, SL 0.840283).
    let output =
        callsim(&["erlang", "--agents", "29", "--rate", "360/h", "--aht", "4m", "--patience", "2m", "--queue", "5"]);
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    for line in [
        "offered load           24.0000 Erlangs (82.76 % per agent)",
        "Erlang C  P(wait)      0.242274",
        "Erlang C  ASA          11.629 s",
        "Erlang C  SL(20 s)     0.840283",
    ] {
        assert!(stdout.lines().any(|l| l == line), "missing {line:?} in\n{stdout}");
    }
    assert!(stdout.contains("Erlang A  P(abandon)"), "{stdout}");
    assert!(stdout.contains("M/M/n/K   blocking     "), "{stdout}");
}

#[test]
fn erlang_says_when_there_is_no_steady_state() {
    let output = callsim(&["erlang", "--agents", "10", "--rate", "240/h", "--aht", "3m"]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("Erlang C  no steady state"), "{stdout}");
    let output = callsim(&["erlang", "--agents", "10", "--rate", "lots", "--aht", "3m"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr).unwrap().contains("invalid rate \"lots\""));
}

#[test]
fn a_piped_run_prints_the_report_and_no_progress_bar() {
    // stderr is a pipe here: no progress bar, only the validation verdict; stdout is the report.
    for extra in [&[][..], &["--quiet"][..]] {
        let mut args =
            vec!["run", "scenarios/hotline.toml", "--replications", "2", "--horizon", "1h", "--format", "json"];
        args.extend_from_slice(extra);
        let output = callsim(&args);
        assert_eq!(output.status.code(), Some(0));
        assert_eq!(String::from_utf8(output.stderr).unwrap(), "scenarios/hotline.toml: valid, 0 warnings\n");
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(report["schema_version"], 2);
        assert_eq!(report["replications"], 2);
    }
}
