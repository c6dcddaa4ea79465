//! Concurrent sessions (rule 31) in the reports: the work of each session in progress, so that
//! a talk or a wrap-up is credited to its own visit when an agent's sessions interleave, and the
//! `sessions` table. Definitions in `docs/reports.md`.

use crate::sim::event::CallId;
use crate::sim::id::{self, AgentId, QueueId};
use crate::sim::model::Model;
use crate::sim::time::SimDuration;

use super::agents::{self, AgentClock, SessionClock};
use super::table::Cell;

/// One session in progress: its call and queue, what it is credited to, whether it is in
/// wrap-up.
#[derive(Debug, Clone, Copy)]
struct Session<W> {
    call: CallId,
    queue: QueueId,
    work: W,
    wrapping_up: bool,
}

/// The sessions in progress of each concurrent agent (empty without concurrent sessions).
#[derive(Debug)]
pub(super) struct SessionWork<W> {
    by_agent: id::Table<AgentId, Vec<Session<W>>>,
}

impl<W: Copy> SessionWork<W> {
    pub(super) fn new(model: &Model) -> Self {
        let agents = if model.has_sessions() { model.agents.len() } else { 0 };
        SessionWork { by_agent: id::Table::from_fn(agents, |_| Vec::new()) }
    }

    /// A session of `queue` with `call` started; `work` is what its talk is credited to.
    pub(super) fn answered(&mut self, agent: AgentId, call: CallId, queue: QueueId, work: W) {
        self.by_agent[agent].push(Session { call, queue, work, wrapping_up: false });
    }

    /// The talk with `call` ended: what it was credited to. `work` replaces it for the wrap-up.
    pub(super) fn talk_ended(&mut self, agent: AgentId, call: CallId, work: impl Fn(W) -> W) -> Option<W> {
        let session = self.by_agent[agent].iter_mut().find(|s| s.call == call && !s.wrapping_up)?;
        let talk = session.work;
        session.work = work(talk);
        session.wrapping_up = true;
        Some(talk)
    }

    /// A wrap-up of `queue` ended: what it was credited to. The event does not name the call,
    /// so it is the session of `queue` whose wrap-up began first — exact whenever the queue's
    /// wrap-ups end in the order they began (a fixed wrap-up, the platform's).
    pub(super) fn wrap_up_ended(&mut self, agent: AgentId, queue: QueueId) -> Option<W> {
        let sessions = &mut self.by_agent[agent];
        let at = sessions.iter().position(|s| s.queue == queue && s.wrapping_up)?;
        Some(sessions.remove(at).work)
    }
}

/// The cells of the `sessions` columns for agents with these clocks.
pub(super) fn values<'a>(clocks: impl Iterator<Item = (&'a AgentClock, &'a SessionClock)>) -> Vec<Cell> {
    let (mut answered, mut available, mut session_time, mut used_time) =
        (0, SimDuration::ZERO, SimDuration::ZERO, SimDuration::ZERO);
    for (clock, sessions) in clocks {
        answered += clock.answered;
        available += agents::available(&clock.time);
        session_time += sessions.session_time;
        used_time += sessions.used_time;
    }
    vec![Cell::count(answered), Cell::share(session_time, available), Cell::share(used_time, available)]
}
