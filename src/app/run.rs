//! Running replications: each on its own random streams, spread over threads, merged in
//! replication order so the report does not depend on the thread count. Progress (simulated
//! time and replications done) is published through [`Progress`] for a display to poll.

use std::collections::BTreeMap;
use std::io;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};

use super::error::{Error, Result};
use super::prepare::Prepared;
use crate::input::records;
use crate::output::eventlog::{EventLog, Written};
use crate::output::report::columns::SKILL_QUEUES;
use crate::output::report::{Merging, Summary, Tables};
use crate::sim::engine::{self, Arrivals};
use crate::sim::event::{Event, Projection};
use crate::sim::model::Model;
use crate::sim::time::{SimDuration, SimTime};

/// The arrivals of a prepared run: its call records (`simulation.records`, or `--records`), read
/// and checked against the model, else the traffic's arrival process. `sort` sorts records out
/// of order instead of refusing them.
pub fn arrivals(prepared: &Prepared, sort: bool) -> Result<Arrivals> {
    let Some(file) = &prepared.loaded.scenario.simulation.records else { return Ok(Arrivals::Poisson) };
    let model = &prepared.model;
    let dialed: Vec<&str> = model.traffic.iter().map(|t| t.dialed.as_str()).collect();
    let expect = records::Expect { dialed: &dialed, horizon: model.horizon, sort };
    match records::read(&prepared.loaded.source.directory().join(file), expect) {
        Ok(calls) => Ok(Arrivals::Scripted(calls.into())),
        Err(errors) => Err(Error::invalid(errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))),
    }
}

/// The `--precision` stopping rule for a half-width of `half_width` on `figures`, checked
/// against the skill queue columns.
pub fn precision(half_width: f64, figures: &[String], max: u32) -> Result<Precision> {
    if !(half_width.is_finite() && half_width > 0.0) {
        return Err(Error::unusable(format!("error: --precision must be a number greater than 0, not {half_width}")));
    }
    let columns = &SKILL_QUEUES.columns;
    for figure in figures {
        if !columns.iter().any(|c| c.key == figure) {
            let keys: Vec<&str> = columns.iter().map(|c| c.key).collect();
            return Err(Error::unusable(format!(
                "error: --precision-of: {figure} is not a skill queue figure; one of: {}",
                keys.join(", ")
            )));
        }
    }
    Ok(Precision { half_width, figures: figures.to_vec(), max })
}

/// How far a run has got.
#[derive(Debug, Default)]
pub struct Progress {
    /// Simulated µs up to the horizon, summed over replications.
    simulated: AtomicU64,
    /// Replications finished.
    done: AtomicU32,
    /// Replications planned so far (a run to a precision plans more as it goes).
    planned: AtomicU32,
}

impl Progress {
    /// Simulated seconds done so far, over all replications (each counts up to its horizon).
    pub fn simulated_secs(&self) -> f64 {
        SimDuration(self.simulated.load(Ordering::Relaxed)).secs()
    }

    /// (finished, planned) replications.
    pub fn replications(&self) -> (u32, u32) {
        (self.done.load(Ordering::Relaxed), self.planned.load(Ordering::Relaxed))
    }
}

/// Publishes the clock of one replication to a [`Progress`] every 1024 arrivals, so that
/// following a run costs one test per event and a rare atomic add. Measured with callgrind on
/// 10 h of mmn-abandon-1000: +0.35 % instructions (it was +2.9 % when it counted every event).
struct Tracker<'p> {
    progress: &'p Progress,
    horizon: SimTime,
    published: SimTime,
    arrivals: u32,
}

impl Tracker<'_> {
    fn publish(&mut self, t: SimTime) {
        let t = t.min(self.horizon);
        self.progress.simulated.fetch_add(t.since(self.published).0, Ordering::Relaxed);
        self.published = t;
    }
}

impl Projection for Tracker<'_> {
    #[inline]
    fn on(&mut self, t: SimTime, event: &Event) {
        if let Event::CallArrived { .. } = event {
            self.arrivals = self.arrivals.wrapping_add(1);
            if self.arrivals.is_multiple_of(1_024) {
                self.publish(t);
            }
        }
    }
}

/// Runs every replication of `model` on up to `threads` threads and returns each one's summary
/// tables, in replication order; `progress` follows the simulated time done.
pub fn replications(model: &Model, threads: usize, progress: &Progress) -> Vec<Tables> {
    let mut all = Vec::with_capacity(model.replications as usize);
    let finished = run_in_order(model, &Arrivals::Poisson, model.replications, threads, progress, None, |tables, _| {
        all.push(tables);
        true
    });
    debug_assert!(finished.is_ok(), "without an event log nothing is written");
    all
}

/// The merged replications of a run, and the event log segments of those replications.
#[derive(Debug)]
pub struct Merged {
    pub merging: Merging,
    pub segments: Vec<Written>,
}

/// Runs the replications of `model` — all of them, or with `precision` as many as it needs — and
/// merges them as they finish, so memory does not grow with the number of replications. With
/// `log`, each replication's events are written to a segment of it. `None` if no replication
/// ran; an error if a segment could not be written.
pub fn merged(
    model: &Model,
    arrivals: &Arrivals,
    threads: usize,
    progress: &Progress,
    precision: Option<&Precision>,
    log: Option<&EventLog>,
) -> io::Result<Option<Merged>> {
    let (at_least, at_most) = match precision {
        Some(p) => {
            let max = p.max.max(2);
            (model.replications.clamp(2, max), max)
        }
        None => (model.replications, model.replications),
    };
    let mut merged: Option<Merged> = None;
    run_in_order(model, arrivals, at_most, threads, progress, log, |tables, segment| {
        let merged = match &mut merged {
            Some(merged) => {
                merged.merging.add(&tables);
                merged
            }
            None => merged.insert(Merged { merging: Merging::new(tables, model.ratios), segments: Vec::new() }),
        };
        merged.segments.extend(segment);
        let done = merged.merging.replications();
        done < at_least || precision.is_some_and(|p| !p.met(&merged.merging))
    })?;
    Ok(merged)
}

/// What a worker hands back for one replication.
type Finished = io::Result<(Tables, Option<Written>)>;

/// Runs replications 0, 1, … of `model` (at most `count`) on up to `threads` threads and hands
/// each one's tables (and log segment, with `log`) to `fold` on the calling thread, in
/// replication order, until `fold` returns false. Replications finishing out of order wait in a
/// buffer for their turn; those started after `fold` said stop are dropped, so the result does
/// not depend on the thread count. A segment that cannot be written stops the run.
fn run_in_order(
    model: &Model,
    arrivals: &Arrivals,
    count: u32,
    threads: usize,
    progress: &Progress,
    log: Option<&EventLog>,
    mut fold: impl FnMut(Tables, Option<Written>) -> bool,
) -> io::Result<()> {
    let next = AtomicU32::new(0);
    let stop = AtomicBool::new(false);
    let threads = threads.clamp(1, count.max(1) as usize);
    let (sender, receiver) = crossbeam_channel::unbounded::<(u32, Finished)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let sender = sender.clone();
            let (next, stop) = (&next, &stop);
            scope.spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let replication = next.fetch_add(1, Ordering::Relaxed);
                    if replication >= count {
                        break;
                    }
                    progress.planned.fetch_max(replication + 1, Ordering::Relaxed);
                    let finished = run_one(model, arrivals, replication, progress, log);
                    progress.done.fetch_add(1, Ordering::Relaxed);
                    if sender.send((replication, finished)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut waiting: BTreeMap<u32, Finished> = BTreeMap::new();
        let mut expected = 0;
        for (replication, finished) in &receiver {
            waiting.insert(replication, finished);
            while let Some(finished) = waiting.remove(&expected) {
                expected += 1;
                let go_on = match finished {
                    Ok((tables, segment)) => fold(tables, segment),
                    Err(e) => {
                        stop.store(true, Ordering::Relaxed);
                        return Err(e);
                    }
                };
                if !go_on {
                    stop.store(true, Ordering::Relaxed);
                    waiting.clear();
                    return Ok(());
                }
            }
        }
        Ok(())
    })
}

/// The summary tables of replication `replication` of `model`, with its Poisson arrivals: one
/// work item of a sweep.
pub fn replication(model: &Model, replication: u32) -> Tables {
    match run_one(model, &Arrivals::Poisson, replication, &Progress::default(), None) {
        Ok((tables, _)) => tables,
        Err(_) => unreachable!("without an event log nothing is written"),
    }
}

/// Runs one replication with `arrivals`: its summary tables, and its log segment with `log`.
fn run_one(
    model: &Model,
    arrivals: &Arrivals,
    replication: u32,
    progress: &Progress,
    log: Option<&EventLog>,
) -> Finished {
    // Without concurrent sessions, the fold that asks nothing about them of every event.
    match Summary::without_sessions(model) {
        Some(summary) => run_into(model, arrivals, replication, progress, log, summary),
        None => run_into(model, arrivals, replication, progress, log, Summary::new(model)),
    }
}

/// [`run_one`] into `summary`.
fn run_into<const COUNTS_SESSIONS: bool>(
    model: &Model,
    arrivals: &Arrivals,
    replication: u32,
    progress: &Progress,
    log: Option<&EventLog>,
    summary: Summary<'_, COUNTS_SESSIONS>,
) -> Finished {
    let tracker = Tracker { progress, horizon: model.horizon, published: SimTime::ZERO, arrivals: 0 };
    let projection = (summary, tracker);
    // Two engines, with and without the log: a run without one asks no "is there a log?" of
    // every event.
    let ((summary, mut tracker), written) = match log {
        None => (engine::run_with(model, replication, arrivals.clone(), projection), None),
        Some(log) => {
            let projection = (projection, log.segment(replication)?);
            let (projection, segment) = engine::run_with(model, replication, arrivals.clone(), projection);
            (projection, Some(segment.finish()?))
        }
    };
    tracker.publish(model.horizon);
    Ok((summary.finish(), written))
}

/// A stopping rule: replications are added until the 95 % half-width of each of `figures` (skill
/// queue columns) is at most `half_width` in every skill queue row, or `max` replications ran.
#[derive(Debug, Clone)]
pub struct Precision {
    pub half_width: f64,
    pub figures: Vec<String>,
    pub max: u32,
}

impl Precision {
    /// Whether the replications merged so far meet the rule. A figure undefined in some
    /// replications is judged on those where it is defined; one defined in fewer than two is
    /// not judged (it has no interval, and more replications may never define it).
    /// The estimates are the run's own: pooled with `ratios = "pooled"`.
    fn met(&self, merging: &Merging) -> bool {
        merging.estimates(SKILL_QUEUES.key, &self.figures).all(|e| e.n < 2 || e.ci95 <= self.half_width)
    }
}
