//! Replaying an event log: folding its events into the same reports as the run that wrote it.
//!
//! The events go through the same [`Summary`] projection, replication by replication, and are
//! merged in the same order, so the JSON report of a replay is byte-identical to the run's. Each
//! event is first checked ([`StreamCheck`]): a corrupted or cut-off log stops the replay at its
//! line, and the events before it can still be reported (`--partial`).

use crate::input::diagnostic::LineError;
use crate::output::eventlog::{LogReader, StreamCheck};
use crate::output::report::{Merging, RunInfo, Summary};
use crate::sim::event::Projection;
use crate::sim::model::Model;

/// A replay that stopped at a bad line.
#[derive(Debug)]
pub struct Failure {
    pub error: LineError,
    /// The events before the bad line, folded (the last replication is incomplete); `None` if
    /// there were none.
    pub partial: Option<Merging>,
    /// How many events were folded.
    pub events: u64,
}

/// Folds every event of `log` into the reports of `model` (the model in the log's header),
/// telling `progress` now and then how many of the log's bytes are read.
pub fn replay(log: &mut LogReader, model: &Model, mut progress: impl FnMut(u64)) -> Result<Merging, Box<Failure>> {
    let mut check = StreamCheck::new(model);
    let mut summary: Option<Summary> = None;
    let mut merging: Option<Merging> = None;
    // Events of each replication read so far.
    let mut by_replication: Vec<u64> = Vec::new();
    let mut events = 0u64;
    let fail = |error: LineError, summary: Option<Summary>, merging: Option<Merging>, events: u64| {
        Box::new(Failure { error, partial: fold(merging, summary, model), events })
    };
    loop {
        let entry = match log.next_entry() {
            Ok(Some(entry)) => entry,
            Ok(None) => break,
            Err(error) => return Err(fail(error, summary, merging, events)),
        };
        if check.starts_replication(entry.replication) {
            if summary.is_some() {
                if let Err(unreleased) = check.end_replication() {
                    return Err(fail(log.error(Some("replication"), unreleased.to_string()), summary, merging, events));
                }
                merging = fold(merging, summary.take(), model);
            }
            // Replications before this one that had no event.
            while replications(&merging) < entry.replication {
                merging = fold(merging, Some(Summary::new(model)), model);
            }
        }
        if let Err((field, message)) = check.check(entry.replication, entry.time, &entry.event) {
            return Err(fail(log.error(field, message), summary, merging, events));
        }
        summary.get_or_insert_with(|| Summary::new(model)).on(entry.time, &entry.event);
        let r = entry.replication as usize;
        if by_replication.len() <= r {
            by_replication.resize(r + 1, 0);
        }
        by_replication[r] += 1;
        events += 1;
        if events.is_multiple_of(1 << 16) {
            progress(log.progress().0);
        }
    }
    if let Err(unreleased) = check.end_replication() {
        return Err(fail(log.error(None, unreleased.to_string()), summary, merging, events));
    }
    let mut merging = fold(merging, summary.take(), model);
    let trailer = log.trailer().cloned().unwrap_or_default();
    let trailer_error = if trailer.by_replication.len() != trailer.replications as usize {
        Some(format!(
            "the trailer counts {} replications, but the events of {}",
            trailer.replications,
            trailer.by_replication.len()
        ))
    } else if trailer.events != events {
        Some(format!("the trailer counts {} events, but the log has {events}", trailer.events))
    } else if by_replication.len() > trailer.by_replication.len() {
        Some(format!(
            "the trailer counts {} replications, but the log has {}",
            trailer.replications,
            by_replication.len()
        ))
    } else {
        by_replication.resize(trailer.by_replication.len(), 0);
        let differs =
            trailer.by_replication.iter().zip(&by_replication).enumerate().find(|(_, (said, found))| said != found);
        differs.map(|(r, (said, found))| {
            format!("the trailer counts {said} events in replication {r}, but the log has {found}")
        })
    };
    if trailer_error.is_none() {
        // Replications at the end that had no event.
        while replications(&merging) < trailer.replications {
            merging = fold(merging, Some(Summary::new(model)), model);
        }
    }
    match (trailer_error, merging) {
        (None, Some(merging)) => Ok(merging),
        (Some(message), merging) => {
            Err(Box::new(Failure { error: log.error(None, message), partial: merging, events }))
        }
        (None, None) => {
            Err(Box::new(Failure { error: log.error(None, "the log has no replication"), partial: None, events }))
        }
    }
}

fn replications(merging: &Option<Merging>) -> u32 {
    merging.as_ref().map_or(0, Merging::replications)
}

fn fold(merging: Option<Merging>, summary: Option<Summary>, model: &Model) -> Option<Merging> {
    let Some(summary) = summary else { return merging };
    match merging {
        Some(mut merging) => {
            merging.add(&summary.finish());
            Some(merging)
        }
        None => Some(Merging::new(summary.finish(), model.ratios)),
    }
}

/// The run information of a report of `model`, run from `scenario` (the path as given).
pub fn run_info(scenario: &str, model: &Model, replications: u32) -> RunInfo {
    RunInfo {
        ratios: model.ratios,
        scenario: scenario.to_owned(),
        seed: model.seed,
        replications,
        horizon_s: model.horizon.secs(),
        warmup_s: model.warmup.secs(),
        interval_s: model.interval.secs(),
    }
}
