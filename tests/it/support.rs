//! Running the `callsim` binary from the crate root, as a user would from a clone.

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

/// `callsim ARGS...` run in the crate root.
pub fn callsim(args: &[&str]) -> Output {
    Command::cargo_bin("callsim").unwrap().current_dir(env!("CARGO_MANIFEST_DIR")).args(args).output().unwrap()
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
    (output.status.code().expect("exited, not killed by a signal"), String::from_utf8(output.stderr).unwrap())
}

/// A scenario from TOML text, checked by `validate` (no errors allowed) and compiled.
pub fn model(text: &str) -> callsim::model::Model {
    let source = callsim::scenario::SourceFile { path: "test.toml".into(), text: text.to_owned() };
    let loaded = callsim::scenario::parse(source).unwrap_or_else(|e| panic!("{e}"));
    let findings = callsim::validate::validate(&loaded.scenario, loaded.source.directory());
    assert!(!callsim::validate::has_errors(&findings), "{}", callsim::diagnostic::render(&loaded.source, &findings));
    callsim::model::compile(&loaded.scenario, loaded.source.directory()).unwrap()
}

/// Every event of replication 0 with these scripted arrivals: (seconds, traffic entry).
pub fn events(
    model: &callsim::model::Model,
    script: &[(f64, u32)],
) -> Vec<(callsim::time::SimTime, callsim::event::Event)> {
    let arrivals = script
        .iter()
        .map(|&(secs, traffic)| callsim::engine::ScriptedCall::new(callsim::time::SimTime::from_secs(secs), traffic))
        .collect();
    callsim::engine::run_with(
        model,
        0,
        callsim::engine::Arrivals::Scripted(arrivals),
        callsim::event::Recorder::default(),
    )
    .0
}
