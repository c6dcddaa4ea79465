//! Waiting lines: the callers waiting at each skill queue, highest priority first, then first
//! come first served.
//!
//! One FIFO per priority level (the platform's User Level, 0..14) and a bit set of the levels
//! that may hold callers. A caller who leaves the line early (abandoned, timed out) is not searched
//! for: its entry goes stale (the call's token moved on) and is skipped when it reaches the front.
//! The live count is kept separately, since "max calls in queue" counts callers, not entries.

use std::collections::VecDeque;

use crate::sim::id::CallSlot;
use crate::sim::time::SimTime;

/// A caller in a line: the call's slot, the token it had when it joined, and when it joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Waiting {
    pub slot: CallSlot,
    pub token: u32,
    pub since: SimTime,
    pub priority: u8,
}

/// The line of one skill queue.
#[derive(Debug, Default)]
pub(super) struct Line {
    levels: Vec<VecDeque<Waiting>>,
    /// Bit p set when level p may hold entries.
    occupied: u16,
    /// Callers actually waiting.
    pub waiting: u32,
    /// Entries of callers who left from the middle and have not been dropped yet.
    stale: u32,
}

impl Line {
    /// Adds a caller to its priority level, in order of entry time: at the back for a call that
    /// just arrived, at its old place for one that comes back from an agent (no answer,
    /// rejected). Among equal entry times it goes last.
    pub(super) fn insert(&mut self, entry: Waiting) {
        let level = usize::from(entry.priority);
        if self.levels.len() <= level {
            self.levels.resize_with(level + 1, VecDeque::new);
        }
        let queue = &mut self.levels[level];
        let at = if queue.back().is_none_or(|last| last.since <= entry.since) {
            queue.len()
        } else {
            queue.partition_point(|e| e.since <= entry.since)
        };
        queue.insert(at, entry);
        self.occupied |= 1 << level;
        self.waiting += 1;
    }

    /// The first live caller (highest priority, then longest waiting), dropping stale entries on
    /// the way; `live` tells whether an entry is still waiting. Inlined: an available agent asks
    /// it of each of its queues.
    #[inline(always)]
    pub(super) fn front(&mut self, live: impl Fn(&Waiting) -> bool) -> Option<Waiting> {
        while self.occupied != 0 {
            let level = 15 - self.occupied.leading_zeros() as usize;
            let queue = &mut self.levels[level];
            while let Some(entry) = queue.front() {
                if live(entry) {
                    return Some(*entry);
                }
                queue.pop_front();
                self.stale -= 1;
            }
            self.occupied &= !(1 << level);
        }
        None
    }

    /// The first live caller (highest priority, then longest waiting) for whom `open` holds:
    /// with tiers, the first caller an agent of a later tier may take (rule 30), who need not
    /// be at the front. A scan of the line, past the front only when the front is not open.
    pub(super) fn first_open(
        &mut self,
        live: impl Fn(&Waiting) -> bool,
        open: impl Fn(&Waiting) -> bool,
    ) -> Option<Waiting> {
        let front = self.front(&live)?;
        if open(&front) {
            return Some(front);
        }
        (0..self.levels.len())
            .rev()
            .filter(|&level| self.occupied & (1 << level) != 0)
            .flat_map(|level| self.levels[level].iter())
            .find(|entry| live(entry) && open(entry))
            .copied()
    }

    /// Removes the entry [`Line::front`] returned.
    pub(super) fn pop_front(&mut self, entry: &Waiting) {
        if let Some(queue) = self.levels.get_mut(usize::from(entry.priority)) {
            queue.pop_front();
        }
        self.waiting -= 1;
    }

    /// Records that a caller left from the middle of the line (its entry goes stale). Stale
    /// entries behind live ones (at a lower priority that never reaches the front, say) are
    /// dropped once they outnumber the callers waiting, so memory stays proportional to the
    /// callers in the line, not to the callers simulated.
    pub(super) fn left(&mut self, live: impl Fn(&Waiting) -> bool) {
        self.waiting -= 1;
        self.stale += 1;
        if self.stale > self.waiting + 64 {
            for queue in &mut self.levels {
                queue.retain(&live);
            }
            self.stale = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(slot: u32, priority: u8) -> Waiting {
        Waiting { slot: CallSlot(slot), token: 0, since: SimTime(u64::from(slot)), priority }
    }

    #[test]
    fn priority_first_then_first_come_first_served_skipping_leavers() {
        let mut line = Line::default();
        for (slot, priority) in [(0, 0), (1, 5), (2, 0), (3, 5), (4, 14)] {
            line.insert(entry(slot, priority));
        }
        let gone = |w: &Waiting| w.slot != CallSlot(3);
        line.left(gone); // slot 3 abandons
        let mut order = Vec::new();
        while let Some(w) = line.front(gone) {
            line.pop_front(&w);
            order.push(w.slot.0);
        }
        assert_eq!(order, [4, 1, 0, 2]);
        assert_eq!(line.waiting, 0);
    }

    /// Found in review: callers leaving a low-priority level that never reaches the front (a
    /// higher level always holds a caller) left their entries behind without bound.
    #[test]
    fn stale_entries_behind_a_busy_higher_priority_are_dropped() {
        let mut line = Line::default();
        line.insert(entry(u32::MAX, 14)); // always waiting at the top
        for slot in 0..10_000 {
            line.insert(entry(slot, 0));
            line.left(|w| w.slot == CallSlot(u32::MAX)); // each low-priority caller leaves again
        }
        assert_eq!(line.waiting, 1);
        assert!(line.levels[0].len() <= 65, "{} entries kept", line.levels[0].len());
        assert_eq!(line.front(|w| w.slot == CallSlot(u32::MAX)).map(|w| w.slot), Some(CallSlot(u32::MAX)));
    }

    #[test]
    fn a_call_coming_back_from_an_agent_gets_its_place_again() {
        let mut line = Line::default();
        for slot in [1, 2, 4] {
            line.insert(entry(slot, 0));
        }
        line.insert(entry(3, 0)); // entered at t=3, rang at an agent, is back
        line.insert(entry(0, 0));
        let mut order = Vec::new();
        while let Some(w) = line.front(|_| true) {
            line.pop_front(&w);
            order.push(w.slot.0);
        }
        assert_eq!(order, [0, 1, 2, 3, 4]);
    }
}
