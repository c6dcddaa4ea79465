//! The IVR Traffic Report: entries, exits by destination and time spent, per IVR.

use crate::sim::id::IvrId;
use crate::sim::model::{Destination, DeviceId, Model};
use crate::sim::time::SimDuration;

use super::table::Cell;

/// One IVR's counts.
#[derive(Debug, Clone)]
pub(super) struct IvrTally {
    entries: u64,
    /// Exits per destination, in the order of [`exit_targets`].
    exits: Vec<u64>,
    /// Σ time in the IVR of the calls that left it.
    time: SimDuration,
}

/// The distinct destinations of IVR `ivr`'s exits, in the order written.
pub(super) fn exit_targets(model: &Model, ivr: IvrId) -> Vec<Destination> {
    let mut targets: Vec<Destination> = Vec::new();
    for &(_, target) in &model.ivrs[ivr].exits {
        if !targets.contains(&target) {
            targets.push(target);
        }
    }
    targets
}

/// How an exit destination reads in the report: `release`, `queue:NAME` or `ivr:NAME`.
pub(super) fn target_label(model: &Model, target: Destination) -> String {
    match target {
        Destination::Release => "release".into(),
        Destination::Transfer(DeviceId::Queue(q)) => format!("queue:{}", model.queues[q].name),
        Destination::Transfer(DeviceId::Ivr(v)) => format!("ivr:{}", model.ivrs[v].name),
    }
}

impl IvrTally {
    pub(super) fn new(model: &Model, ivr: IvrId) -> Self {
        IvrTally { entries: 0, exits: vec![0; exit_targets(model, ivr).len()], time: SimDuration::ZERO }
    }

    pub(super) fn enter(&mut self) {
        self.entries += 1;
    }

    /// A call left by the exit at `exit` (index into [`exit_targets`]) after `stay`.
    pub(super) fn leave(&mut self, exit: usize, stay: SimDuration) {
        if let Some(count) = self.exits.get_mut(exit) {
            *count += 1;
        }
        self.time += stay;
    }

    pub(super) fn exits(&self) -> u64 {
        self.exits.iter().sum()
    }

    /// The counts of the `ivrs` columns for this IVR's exits to `targets`, in order.
    fn counts(&self, targets: &[Destination]) -> [u64; 5] {
        let by_kind = |wanted: fn(&Destination) -> bool| -> u64 {
            targets.iter().zip(&self.exits).filter(|(t, _)| wanted(t)).map(|(_, &n)| n).sum::<u64>()
        };
        [
            self.entries,
            self.exits(),
            by_kind(|t| *t == Destination::Release),
            by_kind(|t| matches!(t, Destination::Transfer(DeviceId::Queue(_)))),
            by_kind(|t| matches!(t, Destination::Transfer(DeviceId::Ivr(_)))),
        ]
    }

    /// The cells of the `ivrs` columns for this IVR's exits to `targets`, in order.
    pub(super) fn values(&self, targets: &[Destination]) -> Vec<Cell> {
        let mut values: Vec<Cell> = self.counts(targets).into_iter().map(Cell::count).collect();
        values.push(Cell::mean_secs(self.time, self.exits()));
        values
    }

    /// The cells of the `ivr_exits` columns for the exit at `exit`.
    pub(super) fn exit_values(&self, exit: usize) -> Vec<Cell> {
        let calls = self.exits.get(exit).copied().unwrap_or(0);
        vec![Cell::count(calls), Cell::ratio(calls, self.exits())]
    }
}

/// The `ivrs` cells of all IVRs together: counts added, the mean time over all exits.
pub(super) fn all_values(tallies: &[IvrTally], targets: &[Vec<Destination>]) -> Vec<Cell> {
    let mut counts = [0u64; 5];
    let (mut time, mut exits) = (SimDuration::ZERO, 0);
    for (tally, targets) in tallies.iter().zip(targets) {
        counts.iter_mut().zip(tally.counts(targets)).for_each(|(sum, n)| *sum += n);
        time += tally.time;
        exits += tally.exits();
    }
    let mut values: Vec<Cell> = counts.into_iter().map(Cell::count).collect();
    values.push(Cell::mean_secs(time, exits));
    values
}
