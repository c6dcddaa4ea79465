//! Warm starts: `run --from SNAPSHOT` reads a snapshot into the model; `run --snapshot FILE
//! --snapshot-at TIME` takes one of the run's first replication (semantics rule 28).

use std::path::Path;

use super::error::{Error, Result};
use crate::input::scenario::{Duration, TimeOfDay};
use crate::input::snapshot::{self, Snapshot};
use crate::output::snapshot::Picture;
use crate::sim::engine::{Arrivals, Simulation};
use crate::sim::model::Model;
use crate::sim::time::SimTime;

/// Starts `model`'s replications from the snapshot at `path`; the snapshot as read, for the
/// event log's header.
pub fn start_from(model: &mut Model, path: &Path) -> Result<Snapshot> {
    holds_one_call_per_agent(model, "--from")?;
    let (snapshot, warm) = snapshot::read(path, model)
        .map_err(|errors| Error::invalid(errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")))?;
    model.start_from(warm);
    Ok(snapshot)
}

/// The instant of `--snapshot-at`: a time of the first day (`"09:30"`) or a duration from the
/// start (`"90m"`, `"1d 9h"`), before the horizon and not before a warm start's own time.
pub fn instant(text: &str, model: &Model) -> Result<SimTime> {
    holds_one_call_per_agent(model, "--snapshot")?;
    let secs = if text.contains(':') {
        TimeOfDay::parse(text).map(|t| f64::from(t.secs()))
    } else {
        Duration::parse(text).map(Duration::secs)
    }
    .map_err(|e| Error::unusable(format!("error: --snapshot-at: {e}")))?;
    let at = SimTime::from_secs(secs);
    let from = model.warm_start.as_ref().map_or(SimTime::ZERO, |w| w.at);
    if at >= model.horizon || at < from {
        return Err(Error::unusable(format!(
            "error: --snapshot-at {text}: the snapshot must be taken from {} s to before the horizon ({} s)",
            from.secs(),
            model.horizon.secs()
        )));
    }
    Ok(at)
}

/// A snapshot holds one call per agent, and one agent per call: a scenario whose agents
/// handle concurrent sessions (rule 31) or stay on the line of the calls they transfer (rule
/// 32) cannot be pictured by one, so warm starts refuse it rather than drop what it holds.
fn holds_one_call_per_agent(model: &Model, option: &str) -> Result<()> {
    let shared = |what: String| {
        Err(Error::unusable(format!("error: {option}: {what}, and a snapshot holds one call per agent")))
    };
    if let Some(group) = model.groups.iter().find(|g| g.sessions.is_some()) {
        return shared(format!("agent group \"{}\" handles concurrent sessions", group.name));
    }
    match model.queues.iter().find(|q| q.stays_on_line.is_some()) {
        Some(queue) => {
            shared(format!("the agents of skill queue \"{}\" stay on the line of their transfers", queue.name))
        }
        None => Ok(()),
    }
}

/// The state of the first replication at `at`: it is simulated up to `at` (everything due then
/// included) on its own random streams, exactly as the run's first replication is.
pub fn take(model: &Model, arrivals: &Arrivals, at: SimTime) -> Snapshot {
    let mut simulation = Simulation::new(model, 0, arrivals.clone(), Picture::new(model));
    simulation.advance(at, usize::MAX);
    simulation.projection().snapshot(at)
}

/// The snapshot as written to its file: pretty JSON, one field a line, so it can be edited.
pub fn contents(snapshot: &Snapshot) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(snapshot).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
