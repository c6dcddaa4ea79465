//! Report intervals: the 15, 30 or 60 minute slices of the day that the interval reports are
//! broken into, aligned to 00:00.
//!
//! An interval is a time of day, not a date: on a run longer than a day, the row for 08:00 pools
//! 08:00–08:30 of every day (counts add up over the days, averages are over all that time). So
//! the interval reports describe the average day, and their size does not grow with the horizon
//! — a ten-year run has the same 48 rows as a one-day run.

use std::cell::Cell;

use crate::sim::model::Model;
use crate::sim::time::{SimDuration, SimTime};

/// A day, µs: the lookups below run on the bare microseconds, once per event.
const DAY: u64 = SimDuration::DAY.0;

/// The intervals of the day that overlap the window [warm-up, horizon], in order from the one
/// holding the warm-up.
#[derive(Debug, Clone)]
pub(super) struct Intervals {
    /// Interval length, µs (divides a day: 15, 30 or 60 minutes).
    step: u64,
    /// Intervals in a day.
    per_day: u64,
    /// The slice of the day (index from 00:00) of the first row.
    first: u64,
    /// Number of rows.
    count: usize,
    /// Time within the window of each row.
    lengths: Vec<SimDuration>,
    start: SimTime,
    end: SimTime,
    /// The last interval looked up: [start, end) µs and its row. Almost every lookup falls in
    /// the same interval as the one before, and this saves the divisions (measured: the
    /// summary projection's interval bookkeeping went from ~16 % of a run to ~9 %, perf).
    last: Cell<(u64, u64, usize)>,
}

impl Intervals {
    pub(super) fn of(model: &Model) -> Self {
        Intervals::new(model.interval, model.warmup, model.horizon)
    }

    /// Intervals of `step` over the window [start, end].
    fn new(step: SimDuration, start: SimTime, end: SimTime) -> Self {
        let step = step.0.clamp(1, DAY);
        let per_day = DAY.div_ceil(step);
        let end = end.max(start);
        let spanned = end.0.saturating_sub(1).max(start.0) / step - start.0 / step + 1;
        let mut intervals = Intervals {
            step,
            per_day,
            first: (start.0 % DAY) / step,
            count: spanned.min(per_day) as usize,
            lengths: Vec::new(),
            start,
            end,
            last: Cell::new((0, 0, 0)),
        };
        let mut lengths = vec![SimDuration::ZERO; intervals.count];
        intervals.spread_clipped(start, end, |i, length| lengths[i] += length);
        intervals.lengths = lengths;
        intervals
    }

    pub(super) fn count(&self) -> usize {
        self.count
    }

    /// The row of the interval of the day that holds `t`. Visits after the horizon (in the
    /// drain) in an interval without a row count in the last row.
    pub(super) fn index(&self, t: SimTime) -> usize {
        self.lookup(t.0).2
    }

    /// The interval holding `t` µs: its [start, end) and its row.
    fn lookup(&self, t: u64) -> (u64, u64, usize) {
        let last = self.last.get();
        if last.0 <= t && t < last.1 {
            return last;
        }
        let start = t / self.step * self.step;
        let slice = (t % DAY) / self.step;
        let row = ((slice + self.per_day - self.first) % self.per_day) as usize;
        let found = (start, start + self.step, row.min(self.count - 1));
        self.last.set(found);
        found
    }

    /// Calls `f(row, length)` for each interval's share of [from, to) within the window.
    pub(super) fn spread(&self, from: SimTime, to: SimTime, f: impl FnMut(usize, SimDuration)) {
        self.spread_clipped(from.max(self.start), to.min(self.end), f);
    }

    fn spread_clipped(&self, from: SimTime, to: SimTime, mut f: impl FnMut(usize, SimDuration)) {
        let (mut from, to) = (from.0, to.0);
        while from < to {
            let (_, boundary, row) = self.lookup(from);
            let until = boundary.min(to);
            f(row, SimDuration(until - from));
            from = until;
        }
    }

    /// Time of row `i` within the window, over all days.
    pub(super) fn length(&self, i: usize) -> SimDuration {
        self.lengths[i]
    }

    /// Row `i`'s time of day, e.g. `08:30`.
    pub(super) fn label(&self, i: usize) -> String {
        let slice = (self.first + i as u64) % self.per_day;
        let secs = SimDuration(slice * self.step).whole_secs();
        crate::input::scenario::clock(secs - secs % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: SimDuration = SimDuration::MINUTE;

    /// The instant `minutes` after the start.
    fn at(minutes: u64) -> SimTime {
        SimTime::ZERO.plus(MIN * minutes)
    }

    fn intervals(warmup_min: u64, horizon_min: u64) -> Intervals {
        Intervals::new(MIN * 30, at(warmup_min), at(horizon_min))
    }

    #[test]
    fn the_window_is_cut_at_interval_boundaries() {
        let iv = intervals(15, 100); // 00:15 to 01:40: 00:00, 00:30, 01:00, 01:30
        assert_eq!(iv.count(), 4);
        assert_eq!((iv.label(0), iv.label(3)), ("00:00".to_owned(), "01:30".to_owned()));
        assert_eq!((iv.length(0), iv.length(1), iv.length(3)), (MIN * 15, MIN * 30, MIN * 10));
        let mut parts = Vec::new();
        iv.spread(at(0), at(200), |i, length| parts.push((i, length.0 / MIN.0)));
        assert_eq!(parts, [(0, 15), (1, 30), (2, 30), (3, 10)], "clipped to the window");
        assert_eq!(iv.index(at(500)), 3, "the drain counts in the last interval");
    }

    #[test]
    fn days_fold_onto_the_times_of_day() {
        let iv = intervals(0, 3 * 24 * 60); // three days: 48 rows, each three half-hours long
        assert_eq!(iv.count(), 48);
        assert_eq!(iv.label(17), "08:30");
        assert_eq!(iv.index(at(2 * 24 * 60 + 8 * 60 + 40)), 17, "day 3, 08:40");
        assert!((0..48).all(|i| iv.length(i) == MIN * 90));
    }

    #[test]
    fn a_window_across_midnight_starts_at_the_warm_up() {
        let iv = intervals(23 * 60, 25 * 60); // 23:00 to 01:00 of day 2
        assert_eq!((0..4).map(|i| iv.label(i)).collect::<Vec<_>>(), ["23:00", "23:30", "00:00", "00:30"]);
        assert_eq!(iv.index(at(24 * 60 + 10)), 2);
    }
}
