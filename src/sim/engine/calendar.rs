//! The event calendar: what is due, and when.
//!
//! A binary heap keyed by (time, sequence number). The sequence number is the order in which
//! entries were scheduled, so entries due at the same microsecond come out first-scheduled
//! first-out: simultaneous events are processed in a reproducible order that never depends on
//! heap layout. Timers that became moot (a waiting call that was answered) are not removed; the
//! engine recognises them by a stale token when they come due, which keeps scheduling O(log n)
//! with no search.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::sim::id::{AgentId, CallSlot, GroupId, QueueId, TrafficId};
use crate::sim::time::SimTime;

/// Something due at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Due {
    /// The caller of the call in `slot` calls again.
    Retry { slot: CallSlot },
    /// The next call of traffic entry `traffic` arrives, if its arrival `epoch` still matches
    /// (a what-if that changes the rate draws the next arrival again).
    Arrival { traffic: TrafficId, epoch: u32 },
    /// The next scripted call arrives, for traffic entry `traffic`.
    Scripted { index: u32 },
    /// A waiting call reaches its deadline (max waiting time or patience), if `token` still
    /// matches the call's.
    WaitEnd { slot: CallSlot, token: u32 },
    /// A later tier of a queue's agents opens to a waiting call, if `token` still matches.
    TierOpens { slot: CallSlot, token: u32 },
    /// A call's time in an IVR is over.
    IvrEnd { slot: CallSlot },
    /// A call has rung at an agent until answered (`answered`) or until the no-answer time, if
    /// the agent's `timer` still matches.
    RingEnd { agent: AgentId, timer: u32, answered: bool },
    /// An agent's talk is over.
    TalkEnd { agent: AgentId },
    /// An agent's wrap-up is over.
    WrapUpEnd { agent: AgentId },
    /// The conference time of an agent who stayed on the line is over, if its `timer` still
    /// matches (the call may have ended first).
    ConsultEnd { agent: AgentId, timer: u32 },
    /// The talk of a concurrent agent's session with the call in `slot` is over.
    SessionEnd { agent: AgentId, slot: CallSlot },
    /// The wrap-up of a concurrent agent's session of queue `queue` is over.
    SessionWrapUpEnd { agent: AgentId, queue: QueueId },
    /// An agent's busy spell or break is over, if its `timer` still matches.
    AwayEnd { agent: AgentId, timer: u32 },
    /// An agent's daily break `index` (of its group) is due.
    Break { agent: AgentId, index: u32 },
    /// An agent's next busy spell (shrinkage) is due.
    Shrinkage { agent: AgentId },
    /// A shift of an agent group starts.
    ShiftStart { group: GroupId },
    /// A shift of an agent group ends.
    ShiftEnd { group: GroupId },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    time: SimTime,
    seq: u64,
    due: Due,
}

impl Ord for Entry {
    /// Reversed, so the max-heap pops the earliest (time, seq) first.
    fn cmp(&self, other: &Self) -> Ordering {
        (other.time, other.seq).cmp(&(self.time, self.seq))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Pending entries, earliest first, FIFO among equal times.
#[derive(Debug, Default)]
pub(super) struct Calendar {
    heap: BinaryHeap<Entry>,
    next_seq: u64,
}

impl Calendar {
    /// Schedules `due` at `time`.
    #[inline]
    pub(super) fn schedule(&mut self, time: SimTime, due: Due) {
        self.heap.push(Entry { time, seq: self.next_seq, due });
        self.next_seq += 1;
    }

    /// When the next entry is due, if any.
    pub(super) fn peek_time(&self) -> Option<SimTime> {
        self.heap.peek().map(|entry| entry.time)
    }

    /// Removes and returns the earliest entry.
    #[inline]
    pub(super) fn pop(&mut self) -> Option<(SimTime, Due)> {
        self.heap.pop().map(|e| (e.time, e.due))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::id::AgentId;

    #[test]
    fn earliest_first_and_fifo_among_equal_times() {
        let mut calendar = Calendar::default();
        calendar.schedule(SimTime(5), Due::TalkEnd { agent: AgentId(0) });
        calendar.schedule(SimTime(3), Due::TalkEnd { agent: AgentId(1) });
        for agent in 2..50 {
            calendar.schedule(SimTime(5), Due::TalkEnd { agent: AgentId(agent) });
        }
        assert_eq!(calendar.pop(), Some((SimTime(3), Due::TalkEnd { agent: AgentId(1) })));
        let order: Vec<u32> = std::iter::from_fn(|| calendar.pop())
            .map(|(_, due)| match due {
                Due::TalkEnd { agent } => agent.0,
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        let expected: Vec<u32> = std::iter::once(0).chain(2..50).collect();
        assert_eq!(order, expected, "same time: in the order scheduled");
    }
}
