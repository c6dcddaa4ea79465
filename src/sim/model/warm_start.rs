//! A warm start: the state a replication starts from instead of an empty center at 00:00 — the
//! time, the callers waiting in each queue with their waits so far, and each agent's state and
//! time in it. Read from a snapshot file (`crate::input::snapshot`); the engine sets it up in
//! `sim::engine::warm` (semantics rule 28).

use crate::sim::id::{AgentId, QueueId, Table, TrafficId};
use crate::sim::time::{SimDuration, SimTime};

/// Where a replication starts.
#[derive(Debug, Clone, PartialEq)]
pub struct WarmStart {
    /// The snapshot's time: the clock starts here, and the reports count from here.
    pub at: SimTime,
    /// The callers waiting, in the order they are written (each queue's line keeps the order of
    /// their waits so far, longest first).
    pub waiting: Vec<Waiter>,
    /// Every agent's state at `at` (those the snapshot does not name are signed out).
    pub agents: Table<AgentId, AgentStart>,
}

/// A caller waiting at the snapshot.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Waiter {
    pub queue: QueueId,
    /// The dialed number's traffic entry: its patience, its talk time, its access-code row.
    pub traffic: TrafficId,
    /// How long the caller has waited in this queue already.
    pub waited: SimDuration,
}

/// An agent's state at the snapshot, and how long it has been in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AgentStart {
    Out,
    Idle {
        since: SimDuration,
    },
    /// Talking to a caller of `traffic` who reached it at `queue`.
    Talking {
        queue: QueueId,
        traffic: TrafficId,
        since: SimDuration,
    },
    /// Wrapping up a call of `traffic` answered at `queue`.
    WrapUp {
        queue: QueueId,
        traffic: TrafficId,
        since: SimDuration,
    },
    /// Busy (not ready) or resting; back after `left`, if the snapshot says.
    Away {
        rest: bool,
        since: SimDuration,
        left: Option<SimDuration>,
    },
}
