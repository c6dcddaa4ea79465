//! Report intervals: the 15, 30 or 60 minute slices of the counting window, aligned to 00:00 of
//! day 1, that the interval reports are broken into.

use crate::model::Model;
use crate::time::SimTime;

/// The intervals that overlap the window [warm-up, horizon].
#[derive(Debug, Clone, Copy)]
pub struct Intervals {
    /// Interval length, µs.
    step: u64,
    /// Index (from 00:00 of day 1) of the first interval.
    first: u64,
    /// Number of intervals.
    count: usize,
    start: SimTime,
    end: SimTime,
}

impl Intervals {
    pub fn of(model: &Model) -> Self {
        Intervals::new(model.interval, model.warmup, model.horizon)
    }

    /// Intervals of `step` µs over the window [start, end].
    fn new(step: u64, start: SimTime, end: SimTime) -> Self {
        let (step, end) = (step.max(1), end.max(start));
        let first = start.0 / step;
        let last = end.0.saturating_sub(1).max(start.0) / step;
        Intervals { step, first, count: (last - first + 1) as usize, start, end }
    }

    pub fn count(&self) -> usize {
        self.count
    }

    /// The interval a visit offered at `t` counts in: visits offered after the horizon (in the
    /// drain) count in the last interval.
    pub fn index(&self, t: SimTime) -> usize {
        (t.0 / self.step).clamp(self.first, self.first + self.count as u64 - 1).saturating_sub(self.first) as usize
    }

    /// Calls `f(interval, µs)` for each interval's share of [from, to) within the window.
    pub fn spread(&self, from: SimTime, to: SimTime, mut f: impl FnMut(usize, u64)) {
        let (mut from, to) = (from.max(self.start).0, to.min(self.end).0);
        while from < to {
            let i = self.index(SimTime(from));
            let boundary = ((from / self.step) + 1) * self.step;
            let until = boundary.min(to);
            f(i, until - from);
            from = until;
        }
    }

    /// Length of interval `i` within the window, µs (shorter than the step at the window's ends).
    pub fn length(&self, i: usize) -> u64 {
        let start = (self.first + i as u64) * self.step;
        (start + self.step).min(self.end.0).saturating_sub(start.max(self.start.0))
    }

    /// The interval's start as a label: `08:30` on day 1, `d2 08:30` on later days.
    pub fn label(&self, i: usize) -> String {
        let secs = (self.first + i as u64) * self.step / 1_000_000;
        let (day, hour, minute) = (secs / 86_400, secs % 86_400 / 3_600, secs % 3_600 / 60);
        if day == 0 { format!("{hour:02}:{minute:02}") } else { format!("d{} {hour:02}:{minute:02}", day + 1) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: u64 = 60_000_000;

    fn intervals(warmup_min: u64, horizon_min: u64) -> Intervals {
        Intervals::new(30 * MIN, SimTime(warmup_min * MIN), SimTime(horizon_min * MIN))
    }

    #[test]
    fn the_window_is_cut_at_interval_boundaries() {
        let iv = intervals(15, 100); // 00:15 to 01:40: 00:00, 00:30, 01:00, 01:30
        assert_eq!(iv.count(), 4);
        assert_eq!((iv.label(0), iv.label(3)), ("00:00".to_owned(), "01:30".to_owned()));
        assert_eq!((iv.length(0), iv.length(1), iv.length(3)), (15 * MIN, 30 * MIN, 10 * MIN));
        let mut parts = Vec::new();
        iv.spread(SimTime(0), SimTime(200 * MIN), |i, us| parts.push((i, us / MIN)));
        assert_eq!(parts, [(0, 15), (1, 30), (2, 30), (3, 10)], "clipped to the window");
        assert_eq!(iv.index(SimTime(500 * MIN)), 3, "the drain counts in the last interval");
    }

    #[test]
    fn later_days_are_labelled() {
        let iv = intervals(0, 3 * 24 * 60);
        assert_eq!(iv.label(48 + 17), "d2 08:30");
    }
}
