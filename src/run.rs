//! Running replications: each on its own random streams, spread over threads, merged in
//! replication order so the report does not depend on the thread count. Progress (simulated
//! time and replications done) is published through [`Progress`] for a display to poll.

use std::ops::Range;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use crate::engine;
use crate::event::{Event, Projection};
use crate::model::Model;
use crate::report::{Summary, Tables};
use crate::stats::Estimate;
use crate::time::SimTime;

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
        self.simulated.load(Ordering::Relaxed) as f64 / 1e6
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
        self.progress.simulated.fetch_add(t.since(self.published), Ordering::Relaxed);
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
    run_range(model, 0..model.replications, threads, progress)
}

/// Runs replications `range` of `model`, returned in replication order.
fn run_range(model: &Model, range: Range<u32>, threads: usize, progress: &Progress) -> Vec<Tables> {
    progress.planned.fetch_max(range.end, Ordering::Relaxed);
    let next = AtomicU32::new(range.start);
    let results: Mutex<Vec<Option<Tables>>> = Mutex::new(vec![None; range.len()]);
    let threads = threads.clamp(1, range.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let replication = next.fetch_add(1, Ordering::Relaxed);
                    if replication >= range.end {
                        break;
                    }
                    let tracker = Tracker { progress, horizon: model.horizon, published: SimTime::ZERO, arrivals: 0 };
                    let (summary, mut tracker) = engine::run(model, replication, (Summary::new(model), tracker));
                    tracker.publish(model.horizon);
                    let tables = summary.finish();
                    if let Ok(mut results) = results.lock() {
                        results[(replication - range.start) as usize] = Some(tables);
                    }
                    progress.done.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    results.into_inner().unwrap_or_default().into_iter().flatten().collect()
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
    /// Whether the first `n` replications meet the rule. A figure undefined in some
    /// replications is judged on those where it is defined; one defined in fewer than two is
    /// not judged (it has no interval, and more replications may never define it).
    fn met(&self, replications: &[Tables]) -> bool {
        let Some(first) = replications.first().and_then(|r| r.table("skill_queues")) else { return false };
        first.rows.iter().all(|row| {
            self.figures.iter().all(|figure| {
                let values =
                    replications.iter().map(|r| r.get("skill_queues", &row.name(), figure).unwrap_or(f64::NAN));
                let estimate = Estimate::of(values);
                estimate.n < 2 || estimate.ci95 <= self.half_width
            })
        })
    }
}

/// Runs replications of `model` until `precision` is met: the result is the first `n`
/// replications (at least the model's count, and at least 2) for the smallest such `n`, so it
/// does not depend on the thread count even though replications run in batches.
pub fn until_precise(model: &Model, threads: usize, progress: &Progress, precision: &Precision) -> Vec<Tables> {
    let start = model.replications.max(2).min(precision.max.max(2));
    let mut done = run_range(model, 0..start, threads, progress);
    if precision.met(&done) {
        return done;
    }
    loop {
        let ran = done.len() as u32;
        if ran >= precision.max {
            return done;
        }
        let batch = (threads as u32).max(ran / 2).max(1).min(precision.max - ran);
        done.extend(run_range(model, ran..ran + batch, threads, progress));
        if let Some(n) = (ran + 1..=ran + batch).find(|&n| precision.met(&done[..n as usize])) {
            done.truncate(n as usize);
            return done;
        }
    }
}
