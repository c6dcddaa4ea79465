//! Running the `callsim` binary from the crate root, as a user would from a clone.

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

/// `callsim ARGS...` run in the crate root.
pub fn callsim(args: &[&str]) -> Output {
    Command::cargo_bin("callsim")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap()
}

/// `callsim validate PATH` on a scenario written to a temporary file; returns (exit code, stderr).
pub fn validate_text(contents: impl AsRef<[u8]>) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scenario.toml");
    std::fs::write(&path, contents).unwrap();
    validate_path(&path)
}

/// `callsim validate PATH`; returns (exit code, stderr).
pub fn validate_path(path: &Path) -> (i32, String) {
    let output = callsim(&["validate", path.to_str().unwrap()]);
    assert!(output.stdout.is_empty(), "validate writes to stderr only");
    (
        output.status.code().expect("exited, not killed by a signal"),
        String::from_utf8(output.stderr).unwrap(),
    )
}
