//! Running the `callsim` binary from the crate root, as a user would from a clone.

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

/// `callsim ARGS...` run in the crate root.
pub(crate) fn callsim(args: &[&str]) -> Output {
    Command::cargo_bin("callsim").unwrap().current_dir(env!("CARGO_MANIFEST_DIR")).args(args).output().unwrap()
}

/// `callsim validate PATH` on a scenario written to a temporary file; returns (exit code, stderr).
pub(crate) fn validate_text(contents: impl AsRef<[u8]>) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scenario.toml");
    std::fs::write(&path, contents).unwrap();
    validate_path(&path)
}

/// `callsim validate PATH`; returns (exit code, stderr).
pub(crate) fn validate_path(path: &Path) -> (i32, String) {
    let output = callsim(&["validate", path.to_str().unwrap()]);
    assert!(output.stdout.is_empty(), "validate writes to stderr only");
    (output.status.code().expect("exited, not killed by a signal"), String::from_utf8(output.stderr).unwrap())
}

/// A scenario from TOML text, checked by `validate` (no errors allowed) and compiled.
pub(crate) fn model(text: &str) -> callsim::sim::model::Model {
    let source = callsim::input::scenario::SourceFile { path: "test.toml".into(), text: text.to_owned() };
    let loaded = callsim::input::scenario::parse(source).unwrap_or_else(|e| panic!("{e}"));
    let findings = callsim::input::validate::validate(&loaded.scenario, loaded.source.directory());
    assert!(
        !callsim::input::validate::has_errors(&findings),
        "{}",
        callsim::input::diagnostic::render(&loaded.source, &findings)
    );
    callsim::sim::model::compile(&loaded.scenario, loaded.source.directory()).unwrap()
}

/// The events of `call`, with their times in seconds.
pub(crate) fn journey(
    events: &[(callsim::sim::time::SimTime, callsim::sim::event::Event)],
    call: callsim::sim::event::CallId,
) -> Vec<(f64, callsim::sim::event::Event)> {
    events.iter().filter(|(_, e)| e.call() == Some(call)).map(|(t, e)| (t.secs(), *e)).collect()
}

/// The report tables of replication 0 with these scripted arrivals: (seconds, traffic entry).
pub(crate) fn tables(model: &callsim::sim::model::Model, script: &[(f64, u32)]) -> callsim::output::report::Tables {
    let arrivals = script
        .iter()
        .map(|&(secs, traffic)| {
            callsim::sim::engine::ScriptedCall::new(
                callsim::sim::time::SimTime::from_secs(secs),
                callsim::sim::id::TrafficId(traffic),
            )
        })
        .collect();
    let summary = callsim::output::report::Summary::new(model);
    callsim::sim::engine::run_with(model, 0, callsim::sim::engine::Arrivals::Scripted(arrivals), summary).finish()
}

/// Every event of replication 0 with these scripted arrivals: (seconds, traffic entry).
pub(crate) fn events(
    model: &callsim::sim::model::Model,
    script: &[(f64, u32)],
) -> Vec<(callsim::sim::time::SimTime, callsim::sim::event::Event)> {
    let arrivals = script
        .iter()
        .map(|&(secs, traffic)| {
            callsim::sim::engine::ScriptedCall::new(
                callsim::sim::time::SimTime::from_secs(secs),
                callsim::sim::id::TrafficId(traffic),
            )
        })
        .collect();
    let (recorder, replay) = callsim::sim::engine::run_with(
        model,
        0,
        callsim::sim::engine::Arrivals::Scripted(arrivals),
        (callsim::sim::event::Recorder::default(), ReplayCheck::new(model, 0)),
    );
    replay.assert_accepted("a scripted run");
    recorder.0
}

/// What `callsim replay` checks of a log (`eventlog::StreamCheck`), applied to the stream as the
/// engine makes it: it must accept every stream the engine can produce.
pub(crate) struct ReplayCheck {
    check: callsim::output::eventlog::StreamCheck,
    replication: u32,
    refused: Vec<String>,
}

impl ReplayCheck {
    pub(crate) fn new(model: &callsim::sim::model::Model, replication: u32) -> Self {
        ReplayCheck { check: callsim::output::eventlog::StreamCheck::new(model), replication, refused: Vec::new() }
    }

    /// Panics, naming the first events refused, unless every event and the end were accepted.
    pub(crate) fn assert_accepted(&self, name: &str) {
        assert!(
            self.refused.is_empty(),
            "{name}: replay would refuse {:#?}",
            &self.refused[..self.refused.len().min(5)]
        );
        assert_eq!(self.check.end_replication(), Ok(()), "{name}: replay would refuse the end");
    }
}

impl callsim::sim::event::Projection for ReplayCheck {
    fn on(&mut self, t: callsim::sim::time::SimTime, event: &callsim::sim::event::Event) {
        if let Err((field, message)) = self.check.check(self.replication, t, event) {
            self.refused.push(format!("{t:?} {event:?}: {field:?} {message}"));
        }
    }
}
