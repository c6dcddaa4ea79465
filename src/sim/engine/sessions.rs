//! Rule 31, concurrent sessions: an agent of a group with `sessions` handles several
//! multimedia sessions at once, each taking a share of its room ([`SessionModel`]). A session
//! runs as a call does — answered, talk, after-talk transfer or release, wrap-up — but the
//! agent stays in the idle pools of the queues it still has room for, and takes another
//! waiting call as soon as a session's wrap-up frees room for it.

use crate::sim::event::{Event, Projection};
use crate::sim::id::{AgentId, CallSlot, QueueId};
use crate::sim::model::SessionModel;
use crate::sim::time::SimDuration;

use super::calendar::Due;
use super::{Engine, Pending, Status};

/// A concurrent agent's room in use: units taken, and sessions in progress (talk or wrap-up).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Room {
    pub(super) used: u32,
    pub(super) sessions: u32,
}

/// How full an agent with `room` in use is, in millionths of its group's room (0 without
/// concurrent sessions): idle agents of a concurrent queue are offered its calls the least full
/// first.
pub(super) fn fullness(sessions: Option<&SessionModel>, room: Room) -> u64 {
    match sessions {
        None => 0,
        Some(sessions) => u64::from(room.used) * 1_000_000 / u64::from(sessions.room),
    }
}

impl<P: Projection> Engine<'_, P> {
    /// The agent's group's sessions, if the agent handles them concurrently.
    #[inline]
    pub(super) fn sessions_of(&self, agent: AgentId) -> Option<&SessionModel> {
        self.model.groups[self.model.agents[agent].group].sessions.as_ref()
    }

    /// Whether `agent` may take a call of `q` now: an agent without concurrent sessions
    /// always (it is asked only when free); a concurrent one if the session fits its room.
    #[inline]
    pub(super) fn has_room(&self, agent: AgentId, q: QueueId) -> bool {
        match self.sessions_of(agent) {
            None => true,
            Some(sessions) => self.rooms[agent].used + sessions.units_of(&self.model.queues[q]) <= sessions.room,
        }
    }

    /// The agent answers a session of `q` with the call in `slot`: drawn talk time `talk`,
    /// stretched by the group's slowdown for the sessions already in progress. It then waits
    /// for further sessions where it has room.
    pub(super) fn start_session(&mut self, slot: CallSlot, q: QueueId, agent: AgentId, talk: SimDuration) {
        let Some(sessions) = self.sessions_of(agent) else { return };
        let (units, slowdown) = (sessions.units_of(&self.model.queues[q]), sessions.slowdown);
        let room = &mut self.rooms[agent];
        let others = room.sessions;
        room.used += units;
        room.sessions += 1;
        let talk = if others > 0 && slowdown > 0.0 { talk.mul_f64(1.0 + slowdown * f64::from(others)) } else { talk };
        self.agents[agent].status = Status::Sessions;
        self.calendar.schedule(self.now.plus(talk), Due::SessionEnd { agent, slot });
        self.wait_for_sessions(agent);
    }

    /// The agent leaves every idle pool, then joins those of the queues it has room for —
    /// unless its shift has ended or a break or busy spell waits for its sessions to end.
    fn wait_for_sessions(&mut self, agent: AgentId) {
        let a = &mut self.agents[agent];
        a.epoch = a.epoch.wrapping_add(1);
        if a.leaving || a.pending != Pending::Nothing {
            return;
        }
        let epoch = a.epoch;
        let model = &self.model.agents[agent];
        for &(q, _) in &model.skills {
            if self.has_room(agent, q) {
                let agents = &self.agents;
                self.idle[q].push(agent, epoch, model.weight, |a, e| agents[a].epoch == e);
            }
        }
    }

    /// The talk of a session is over: as a call's talk (rule "after talk"), then the session's
    /// wrap-up.
    pub(super) fn session_end(&mut self, agent: AgentId, slot: CallSlot) {
        let q = self.calls[slot].queue;
        // Validation keeps concurrent agents from staying on the line (rule 32): a session's
        // agent always wraps up.
        let wrap_up = self.hang_up(slot, q, agent).unwrap_or(SimDuration::ZERO);
        if wrap_up > SimDuration::ZERO {
            self.calendar.schedule(self.now.plus(wrap_up), Due::SessionWrapUpEnd { agent, queue: q });
        } else {
            self.session_wrap_up_end(agent, q);
        }
    }

    /// A session's wrap-up is over: its room is free. With no session left the agent is
    /// available (rule "available": its shift's end, a break, or the next call); otherwise
    /// it takes the waiting calls it now has room for.
    pub(super) fn session_wrap_up_end(&mut self, agent: AgentId, q: QueueId) {
        self.emit(Event::WrapUpEnded { agent, queue: q });
        let Some(units) = self.sessions_of(agent).map(|s| s.units_of(&self.model.queues[q])) else { return };
        let room = &mut self.rooms[agent];
        room.used -= units;
        room.sessions -= 1;
        if room.sessions == 0 {
            // Out of the pools it waited in with room to spare: it is idle as of now, behind
            // the agents idle longer.
            self.stop_sessions(agent);
            return self.available(agent);
        }
        self.seek_sessions(agent);
    }

    /// A concurrent agent with room takes the waiting calls it has room for, best first by
    /// its group's `next_call` rule, then waits for more where it still has room.
    pub(super) fn seek_sessions(&mut self, agent: AgentId) {
        let a = &self.agents[agent];
        if a.leaving || a.pending != Pending::Nothing || self.sessions_of(agent).is_none() {
            return;
        }
        if !self.take_session(agent) {
            return self.wait_for_sessions(agent);
        }
        self.more_sessions(agent);
    }

    /// [`Engine::take_next_call`] for a concurrent agent: out of line, so that the copy inlined
    /// into [`Engine::available`] stays the only other.
    #[inline(never)]
    fn take_session(&mut self, agent: AgentId) -> bool {
        self.take_next_call(agent)
    }

    /// After the agent took a call: while it is in sessions (not on a voice call, say) it takes
    /// more while it has room. Each session taken joined the pools again (`start_session`).
    pub(super) fn more_sessions(&mut self, agent: AgentId) {
        while self.agents[agent].status == Status::Sessions && self.take_session(agent) {}
    }

    /// The agent stops taking new sessions (its shift ended, or a break or busy spell waits for
    /// its sessions to end): it leaves every idle pool.
    pub(super) fn stop_sessions(&mut self, agent: AgentId) {
        let a = &mut self.agents[agent];
        a.epoch = a.epoch.wrapping_add(1);
    }
}
