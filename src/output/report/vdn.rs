//! The VDN Traffic Report: per dialed number, how its calls finally ended.

use crate::sim::event::ReleaseCause;

use crate::sim::time::SimDuration;

use super::table::Cell;

/// Final outcomes of one dialed number's calls.
#[derive(Debug, Default, Clone)]
pub(super) struct CallOutcomes {
    pub calls: u64,
    completed: u64,
    abandoned: u64,
    released_by_policy: u64,
    released_in_ivr: u64,
    transfer_limit: u64,
    /// Found every line taken.
    trunk_busy: u64,
    /// Σ release − arrival.
    time_in_system: SimDuration,
    /// Times its callers called again.
    pub retrials: u64,
}

impl CallOutcomes {
    /// A call released because of `cause`, `time_in_system` after it arrived.
    pub(super) fn release(&mut self, cause: ReleaseCause, time_in_system: SimDuration) {
        match cause {
            ReleaseCause::Completed => self.completed += 1,
            ReleaseCause::Abandoned => self.abandoned += 1,
            ReleaseCause::Timeout | ReleaseCause::Busy | ReleaseCause::NoAgents | ReleaseCause::CallbackUnreached => {
                self.released_by_policy += 1
            }
            ReleaseCause::Ivr => self.released_in_ivr += 1,
            ReleaseCause::TransferLimit => self.transfer_limit += 1,
            ReleaseCause::TrunkBusy => self.trunk_busy += 1,
        }
        self.time_in_system += time_in_system;
    }

    pub(super) fn add(&mut self, other: &CallOutcomes) {
        self.calls += other.calls;
        self.completed += other.completed;
        self.abandoned += other.abandoned;
        self.released_by_policy += other.released_by_policy;
        self.released_in_ivr += other.released_in_ivr;
        self.transfer_limit += other.transfer_limit;
        self.trunk_busy += other.trunk_busy;
        self.time_in_system += other.time_in_system;
        self.retrials += other.retrials;
    }

    /// The cells of the `retrials` columns, in order.
    pub(super) fn retrial_values(&self) -> Vec<Cell> {
        let lost = self.abandoned + self.released_by_policy;
        vec![
            Cell::count(self.calls),
            Cell::count(self.retrials),
            Cell::count(self.calls + self.retrials),
            Cell::ratio(self.retrials, self.calls),
            Cell::count(lost),
            Cell::ratio(lost, self.calls),
        ]
    }

    /// The cells of the `dialed_numbers` columns, in order (with `trunk_busy` if `lines`).
    pub(super) fn values(&self, lines: bool) -> Vec<Cell> {
        let released = self.completed
            + self.abandoned
            + self.released_by_policy
            + self.released_in_ivr
            + self.transfer_limit
            + self.trunk_busy;
        let mut values = vec![
            Cell::count(self.calls),
            Cell::count(self.completed),
            Cell::count(self.abandoned),
            Cell::count(self.released_by_policy),
            Cell::count(self.released_in_ivr),
            Cell::count(self.transfer_limit),
        ];
        if lines {
            values.push(Cell::count(self.trunk_busy));
        }
        values.extend([Cell::ratio(self.completed, self.calls), Cell::mean_secs(self.time_in_system, released)]);
        values
    }
}
