//! Tallies of visits to skill queues: the counters behind the Skill Queue Traffic Report, kept
//! per queue, per access code and per (interval, queue). Definitions in `docs/reports.md`.

use hdrhistogram::Histogram;

use crate::input::scenario::{Ratios, ServiceLevelOf};
use crate::sim::model::{Destination, DeviceId};
use crate::sim::time::SimDuration;

use super::columns::{PERCENTILES, WITHIN_SECS};
use super::table::Cell;

/// Where a policy sent a call: index into the `[released, to queue, to IVR]` counters.
fn target_index(target: Destination) -> usize {
    match target {
        Destination::Release => 0,
        Destination::Transfer(DeviceId::Queue(_)) => 1,
        Destination::Transfer(DeviceId::Ivr(_)) => 2,
    }
}

/// The counters and sums of a set of visits.
#[derive(Debug, Default, Clone)]
pub(super) struct VisitTally {
    offered: u64,
    transferred_in: u64,
    answered: u64,
    connected: u64,
    abandoned: u64,
    abandoned_ringing: u64,
    timed_out: u64,
    busy: u64,
    no_agents: u64,
    transferred_out: u64,
    timeout_to: [u64; 3],
    busy_to: [u64; 3],
    no_agents_to: [u64; 3],
    answered_within_threshold: u64,
    answered_within: [u64; WITHIN_SECS.len()],
    abandoned_within: [u64; WITHIN_SECS.len()],
    /// Requests whose wait was longer than 0 µs.
    waited: u64,
    wait_answered: SimDuration,
    wait_all: SimDuration,
    max_wait: SimDuration,
    ring: SimDuration,
    rings: u64,
    talk: SimDuration,
    talks: u64,
    wrap_up: SimDuration,
    wrap_ups: u64,
}

impl VisitTally {
    pub(super) fn offer(&mut self, transferred: bool) {
        self.offered += 1;
        self.transferred_in += u64::from(transferred);
    }

    pub(super) fn reject_no_agents(&mut self, then: Destination) {
        self.no_agents += 1;
        self.no_agents_to[target_index(then)] += 1;
    }

    pub(super) fn reject_busy(&mut self, then: Destination) {
        self.busy += 1;
        self.busy_to[target_index(then)] += 1;
    }

    /// An answer after `wait`, at a queue whose service-level threshold is `threshold`.
    pub(super) fn answer(&mut self, wait: SimDuration, threshold: SimDuration) {
        self.answered += 1;
        self.answered_within_threshold += u64::from(wait <= threshold);
        for (count, secs) in self.answered_within.iter_mut().zip(WITHIN_SECS) {
            *count += u64::from(wait <= SimDuration::from_whole_secs(secs));
        }
        self.wait_answered += wait;
        self.request_waited(wait);
    }

    pub(super) fn abandon(&mut self, wait: SimDuration, while_ringing: bool) {
        self.abandoned += 1;
        self.abandoned_ringing += u64::from(while_ringing);
        for (count, secs) in self.abandoned_within.iter_mut().zip(WITHIN_SECS) {
            *count += u64::from(wait <= SimDuration::from_whole_secs(secs));
        }
        self.request_waited(wait);
    }

    pub(super) fn time_out(&mut self, wait: SimDuration, then: Destination) {
        self.timed_out += 1;
        self.timeout_to[target_index(then)] += 1;
        self.request_waited(wait);
    }

    /// A request ended (answered, abandoned or timed out) after `wait`.
    fn request_waited(&mut self, wait: SimDuration) {
        self.waited += u64::from(wait > SimDuration::ZERO);
        self.wait_all += wait;
        self.max_wait = self.max_wait.max(wait);
    }

    pub(super) fn transfer_out(&mut self) {
        self.transferred_out += 1;
    }

    /// A ring of `length` at an agent, however it ended.
    pub(super) fn ring(&mut self, length: SimDuration) {
        self.ring += length;
        self.rings += 1;
    }

    /// A talk of `length`; a talk longer than 0 makes the visit "connected".
    pub(super) fn talk(&mut self, length: SimDuration) {
        self.talk += length;
        self.talks += 1;
        self.connected += u64::from(length > SimDuration::ZERO);
    }

    pub(super) fn wrap_up(&mut self, length: SimDuration) {
        self.wrap_up += length;
        self.wrap_ups += 1;
    }

    /// Visits that queued or reached an agent: answered + abandoned + timed out.
    pub(super) fn requests(&self) -> u64 {
        self.answered + self.abandoned + self.timed_out
    }

    pub(super) fn add(&mut self, other: &VisitTally) {
        fn add_all<const N: usize>(into: &mut [u64; N], from: &[u64; N]) {
            into.iter_mut().zip(from).for_each(|(a, b)| *a += b);
        }
        self.offered += other.offered;
        self.transferred_in += other.transferred_in;
        self.answered += other.answered;
        self.connected += other.connected;
        self.abandoned += other.abandoned;
        self.abandoned_ringing += other.abandoned_ringing;
        self.timed_out += other.timed_out;
        self.busy += other.busy;
        self.no_agents += other.no_agents;
        self.transferred_out += other.transferred_out;
        add_all(&mut self.timeout_to, &other.timeout_to);
        add_all(&mut self.busy_to, &other.busy_to);
        add_all(&mut self.no_agents_to, &other.no_agents_to);
        self.answered_within_threshold += other.answered_within_threshold;
        add_all(&mut self.answered_within, &other.answered_within);
        add_all(&mut self.abandoned_within, &other.abandoned_within);
        self.waited += other.waited;
        self.wait_answered += other.wait_answered;
        self.wait_all += other.wait_all;
        self.max_wait = self.max_wait.max(other.max_wait);
        self.ring += other.ring;
        self.rings += other.rings;
        self.talk += other.talk;
        self.talks += other.talks;
        self.wrap_up += other.wrap_up;
        self.wrap_ups += other.wrap_ups;
    }

    /// The cells of the visit columns (`columns::visits`), in order; `waited` and
    /// `wait_probability` only with `Ratios::Pooled`.
    pub(super) fn values(&self, service_level_of: ServiceLevelOf, ratios: Ratios) -> Vec<Cell> {
        let pooled = ratios == Ratios::Pooled;
        let requests = self.requests();
        let lost = requests.saturating_sub(self.connected);
        let volume = [
            self.offered,
            self.transferred_in,
            requests,
            self.answered,
            self.connected,
            lost,
            self.abandoned,
            self.abandoned_ringing,
            self.timed_out,
            self.busy,
            self.no_agents,
            self.transferred_out,
        ];
        let mut values: Vec<Cell> = volume.into_iter().map(Cell::count).collect();
        if pooled {
            values.push(Cell::count(self.waited));
        }
        values.extend(self.timeout_to.into_iter().chain(self.busy_to).chain(self.no_agents_to).map(Cell::count));
        values.extend([
            Cell::ratio(self.connected, requests),
            Cell::ratio(lost, requests),
            Cell::ratio(
                self.answered_within_threshold,
                match service_level_of {
                    ServiceLevelOf::Requests => requests,
                    ServiceLevelOf::Offered => self.offered,
                    ServiceLevelOf::Answered => self.answered,
                },
            ),
            Cell::ratio(self.abandoned, requests),
        ]);
        if pooled {
            values.push(Cell::ratio(self.waited, requests));
        }
        values.extend(self.answered_within.iter().chain(&self.abandoned_within).map(|&n| Cell::count(n)));
        values.extend([
            Cell::mean_secs(self.wait_answered, self.answered),
            Cell::mean_secs(self.wait_all, requests),
            // Not a ratio of sums: pooled, it is the mean of the replications' max waits.
            Cell::figure(if requests == 0 { f64::NAN } else { self.max_wait.secs() }),
            Cell::mean_secs(self.ring, self.rings),
            Cell::mean_secs(self.talk, self.talks),
            Cell::mean_secs(self.wrap_up, self.wrap_ups),
        ]);
        values
    }
}

/// The waits of requests, in milliseconds to two significant digits: percentiles within 1 %,
/// in about 15 KB per histogram, which matters with a thousand queues. The exact largest wait
/// bounds the percentiles, so p99 never reads above the max wait.
#[derive(Debug, Clone)]
pub(super) struct Waits {
    histogram: Option<Histogram<u64>>,
    max: SimDuration,
}

impl Default for Waits {
    fn default() -> Self {
        Waits { histogram: Histogram::new(2).ok(), max: SimDuration::ZERO }
    }
}

impl Waits {
    pub(super) fn record(&mut self, wait: SimDuration) {
        self.max = self.max.max(wait);
        if let Some(histogram) = &mut self.histogram {
            // Auto-resizing: recording fails only past u64 range, which a wait cannot reach.
            let _ = histogram.record(wait.millis());
        }
    }

    pub(super) fn add(&mut self, other: &Waits) {
        self.max = self.max.max(other.max);
        if let (Some(into), Some(from)) = (&mut self.histogram, &other.histogram) {
            let _ = into.add(from);
        }
    }

    /// The `PERCENTILES` of the waits, in seconds (NaN with no wait recorded).
    pub(super) fn percentiles(&self) -> Vec<f64> {
        PERCENTILES
            .iter()
            .map(|&p| match &self.histogram {
                Some(h) if !h.is_empty() => {
                    SimDuration::from_millis(h.value_at_percentile(p)).secs().min(self.max.secs())
                }
                _ => f64::NAN,
            })
            .collect()
    }

    /// The percentiles as cells: no ratio of sums, so pooled they are means of the replications'.
    pub(super) fn percentile_cells(&self) -> impl Iterator<Item = Cell> {
        self.percentiles().into_iter().map(Cell::figure)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_within_one_percent() {
        let mut waits = Waits::default();
        for s in 1..=100u64 {
            waits.record(SimDuration::from_whole_secs(s));
        }
        let p = waits.percentiles();
        for (value, expected) in p.iter().zip([50.0, 80.0, 90.0, 95.0, 99.0]) {
            assert!((value - expected).abs() <= expected * 0.01, "{value} vs {expected}");
        }
        assert!(Waits::default().percentiles()[0].is_nan());
    }

    #[test]
    fn within_counters_are_inclusive() {
        let mut tally = VisitTally::default();
        let secs = SimDuration::from_whole_secs;
        tally.answer(secs(5), secs(20));
        tally.answer(secs(5) + SimDuration::TICK, secs(20));
        tally.abandon(secs(60), false);
        assert_eq!(tally.answered_within[0], 1, "5 s counts within 5 s, 5 s + 1 µs does not");
        assert_eq!(tally.answered_within[1], 2);
        assert_eq!(tally.abandoned_within, [0, 0, 0, 0, 0, 1]);
        assert_eq!(tally.answered_within_threshold, 2);
        assert_eq!(tally.waited, 3, "every wait here is longer than 0");
    }

    #[test]
    fn waited_counts_requests_with_a_wait_longer_than_zero() {
        let mut tally = VisitTally::default();
        let secs = SimDuration::from_whole_secs;
        let release = Destination::Release;
        tally.answer(SimDuration::ZERO, secs(20));
        tally.answer(SimDuration::TICK, secs(20));
        tally.abandon(SimDuration::ZERO, false);
        tally.abandon(secs(3), true);
        tally.time_out(SimDuration::ZERO, release);
        tally.time_out(secs(60), release);
        tally.reject_busy(release);
        tally.reject_no_agents(release);
        assert_eq!((tally.requests(), tally.waited), (6, 3), "rejections are no requests");
        let values = tally.values(ServiceLevelOf::Requests, Ratios::Pooled);
        let default = tally.values(ServiceLevelOf::Requests, Ratios::ReplicationMean);
        assert_eq!(values.len(), default.len() + 2);
        assert_eq!(values[12], Cell::count(3), "waited follows the volume group");
        assert_eq!(values[26], Cell::ratio(3, 6), "wait_probability follows abandon_rate");
    }
}
