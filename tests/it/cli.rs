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
