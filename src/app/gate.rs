//! `run --target`: a run's verdict on service targets, so that a CI step can fail a configuration
//! change that misses them (exit status 3). The grammar is `staff`'s ([`Goal`]): a target
//! without a queue is judged on the `all queues` row, `QUEUE:…` on that queue's; each at the
//! pessimistic end of its 95 % interval, as `staff` judges.

use std::fmt::Write as _;

use super::error::{Error, Result};
use super::staffing::Goal;
use crate::output::figure::Form;
use crate::output::report::Report;
use crate::output::report::columns::SKILL_QUEUES;
use crate::sim::model::Model;
use crate::sim::stats::Estimate;
use crate::sim::time::SimDuration;

/// The row of the `skill_queues` table a target without a queue is judged on.
const ALL_QUEUES: &str = "all queues";

/// One target's verdict.
#[derive(Debug, Clone)]
pub struct Verdict {
    pub goal: Goal,
    /// The estimate of its figure on its row.
    pub estimate: Estimate,
    pub met: bool,
}

/// The targets `texts`, as written: their grammar, checked before the scenario is read.
pub fn parse(texts: &[String]) -> Result<Vec<Goal>> {
    texts.iter().map(|text| Goal::parse(text).map_err(|e| Error::unusable(format!("error: {e}")))).collect()
}

/// Each of `goals` checked against `model` before the run: its queue exists, and a service
/// level's `@threshold` is the one the report counts it at (the queue's `service_level`; for
/// all queues, every queue's).
pub fn check(goals: &[Goal], model: &Model) -> Result<()> {
    goals.iter().try_for_each(|goal| judgeable(goal, model))
}

fn judgeable(goal: &Goal, model: &Model) -> Result<()> {
    let text = &goal.text;
    let queues: Vec<_> = match &goal.queue {
        Some(name) => {
            let queue = model.queues.iter().find(|q| &q.name == name).ok_or_else(|| {
                Error::unusable(format!("error: --target {text}: there is no skill queue \"{name}\""))
            })?;
            vec![queue]
        }
        None => model.queues.iter().collect(),
    };
    if let Some(threshold) = goal.threshold {
        let wanted = SimDuration::from_secs(threshold.secs());
        if let Some(queue) = queues.iter().find(|q| q.service_level != wanted) {
            return Err(Error::unusable(format!(
                "error: --target {text}: the report counts queue {}'s service level at {} s (its service_level): write @{}s",
                queue.name,
                queue.service_level.secs(),
                queue.service_level.secs()
            )));
        }
    }
    Ok(())
}

/// Each target's verdict on `report`.
pub fn judge(goals: &[Goal], report: &Report) -> Vec<Verdict> {
    let table = report.table(SKILL_QUEUES.key);
    goals
        .iter()
        .map(|goal| {
            let row = goal.queue.as_deref().unwrap_or(ALL_QUEUES);
            let estimate = table.and_then(|t| t.get(row, goal.figure)).unwrap_or(Estimate {
                mean: f64::NAN,
                ci95: f64::NAN,
                n: 0,
            });
            Verdict { goal: goal.clone(), estimate, met: goal.met_by(&estimate) }
        })
        .collect()
}

/// One line per verdict: the target, its row, the estimate, the end it was judged at, and
/// `met` or `MISSED`.
pub fn lines(verdicts: &[Verdict]) -> String {
    let mut text = String::new();
    for v in verdicts {
        let row = v.goal.queue.as_deref().unwrap_or(ALL_QUEUES);
        let end = if v.goal.at_least { "lower" } else { "upper" };
        let _ = writeln!(
            text,
            "target {} on {row}: {} ({end} end {}) → {}",
            v.goal.text,
            Form::fixed(4).estimate(&v.estimate),
            Form::fixed(4).value(v.goal.pessimistic(&v.estimate)),
            if v.met { "met" } else { "MISSED" }
        );
    }
    text
}

/// Exit status 3 with the count of targets missed, if any was.
pub fn outcome(verdicts: &[Verdict]) -> Result<()> {
    match verdicts.iter().filter(|v| !v.met).count() {
        0 => Ok(()),
        missed => Err(Error::missed(format!("error: {missed} of {} targets missed", verdicts.len()))),
    }
}
