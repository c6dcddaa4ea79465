//! Rule 32, consultation and conference: an agent who transfers a call after talking may stay
//! on the line — until an agent of the target answers and the two have talked with the caller
//! for a conference time (`consult`), or until that agent's talk ends (`conference`). It is
//! busy (talking) for its part, then wraps up. The call carries who stays with it
//! ([`super::Call::consultant`]); every way the call's part can end asks [`Engine::consult_over`].

use crate::sim::event::{Event, Projection};
use crate::sim::id::{AgentId, CallSlot, QueueId};
use crate::sim::model::StaysOnLine;
use crate::sim::time::SimDuration;

use super::calendar::Due;
use super::{Engine, NOBODY, Status};

impl<P: Projection> Engine<'_, P> {
    /// The agent, at the end of its talk with the call at `q`, transfers it and stays on the
    /// line: it is talking still, for the call's next visit.
    pub(super) fn stay_on_line(&mut self, slot: CallSlot, q: QueueId, agent: AgentId) {
        let a = &mut self.agents[agent];
        a.status = Status::Consulting { slot, queue: q };
        a.timer = a.timer.wrapping_add(1);
        let c = &mut self.calls[slot];
        c.consultant = agent;
        let call = c.id;
        self.emit(Event::Consulting { call, queue: q, agent });
    }

    /// An agent of the call's next queue answered it: with `consult`, the one who stayed on the
    /// line leaves after the conference time (`conference` waits for the talk's end).
    #[inline(never)] // only with consultative transfers
    pub(super) fn consult_answered(&mut self, slot: CallSlot) {
        let consultant = self.calls[slot].consultant;
        let Status::Consulting { queue, .. } = self.agents[consultant].status else { return };
        if let Some(StaysOnLine::Consult(time)) = &self.model.queues[queue].stays_on_line {
            let conference = time.sample(&mut self.rng.conference[queue]);
            let timer = self.agents[consultant].timer;
            self.calendar.schedule(self.now.plus(conference), Due::ConsultEnd { agent: consultant, timer });
        }
    }

    /// The conference time is over: the agent who stayed on the line leaves.
    pub(super) fn consult_end(&mut self, agent: AgentId) {
        let Status::Consulting { slot, .. } = self.agents[agent].status else { return };
        self.consult_over(slot);
    }

    /// The part of the agent who stayed on the line with the call in `slot` is over (the
    /// conference time, the talk of the agent it handed the call to, or the call itself ended):
    /// it leaves, and wraps up as after a transfer.
    #[inline(never)] // only with consultative transfers
    pub(super) fn consult_over(&mut self, slot: CallSlot) {
        let c = &mut self.calls[slot];
        let (agent, call) = (std::mem::replace(&mut c.consultant, NOBODY), c.id);
        let Status::Consulting { queue: q, .. } = self.agents[agent].status else { return };
        let a = &mut self.agents[agent];
        a.status = Status::WrapUp { queue: q };
        a.timer = a.timer.wrapping_add(1);
        self.emit(Event::ConsultEnded { call, queue: q, agent });
        let wrap_up = self.wrap_up_of(q, true);
        if wrap_up > SimDuration::ZERO {
            self.calendar.schedule(self.now.plus(wrap_up), Due::WrapUpEnd { agent });
        } else {
            self.wrap_up_end(agent);
        }
    }
}
