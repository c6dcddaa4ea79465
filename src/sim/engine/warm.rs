//! Rule "warm start": a replication that starts from a snapshot's state rather than an empty
//! center at time zero (`docs/semantics.md`, rule 28).

use crate::sim::event::{BusyCause, Event, Projection, ReleaseCause};
use crate::sim::id::{AgentId, QueueId, TrafficId};
use crate::sim::model::{AgentStart, WarmStart};
use crate::sim::time::SimDuration;

use super::calendar::Due;
use super::{DRAW, Engine, Status};

impl<P: Projection> Engine<'_, P> {
    /// At the snapshot's time: the agents it names signed in, each in its state (talks and
    /// wrap-ups for what is left of them, idle agents in order of their idle time), then the
    /// waiting callers in their lines (deadlines and patience measured from when they began to
    /// wait). Shifts, breaks and busy spells run on from then.
    pub(super) fn warm_start(&mut self, warm: &WarmStart) {
        self.now = warm.at;
        self.start_staff(Some(warm.at));
        for (agent, start) in warm.agents.enumerate() {
            if *start != AgentStart::Out {
                self.signed_in_idle(agent);
            }
        }
        // Talks first, so that the calls not counted are numbered before those that are.
        for (agent, &start) in warm.agents.enumerate() {
            match start {
                AgentStart::Talking { queue, traffic, since } => self.carried_talk(agent, queue, traffic, since),
                AgentStart::WrapUp { queue, traffic, since } => self.carried_wrap_up(agent, queue, traffic, since),
                AgentStart::Away { rest, since, left } => {
                    let left = left.unwrap_or_else(|| self.away_left(agent, rest, since));
                    let (status, cause) =
                        if rest { (Status::Rest, None) } else { (Status::Busy, Some(BusyCause::Shrinkage)) };
                    self.go_away(agent, status, left, cause);
                }
                AgentStart::Out | AgentStart::Idle { .. } => {}
            }
        }
        let mut idle: Vec<(AgentId, SimDuration)> = warm
            .agents
            .enumerate()
            .filter_map(|(agent, start)| match *start {
                AgentStart::Idle { since } => Some((agent, since)),
                _ => None,
            })
            .collect();
        idle.sort_by_key(|&(agent, since)| (std::cmp::Reverse(since), agent));
        for (agent, _) in idle {
            self.becomes_idle(agent);
        }
        let mut waiting = warm.waiting.clone();
        waiting.sort_by_key(|w| std::cmp::Reverse(w.waited));
        for waiter in waiting {
            self.carried_wait(waiter.queue, waiter.traffic, waiter.waited);
        }
    }

    /// A talk in progress: the agent talks on for what is left of a talk `since` long.
    fn carried_talk(&mut self, agent: AgentId, q: QueueId, traffic: TrafficId, since: SimDuration) {
        let (slot, call) = self.new_call(traffic, SimDuration::FOREVER, false, DRAW);
        self.hold_line(slot);
        let c = &mut self.calls[slot];
        c.queue = q;
        c.since = self.now;
        c.offered = true;
        let a = &mut self.agents[agent];
        a.status = Status::Talking { slot, queue: q };
        a.epoch = a.epoch.wrapping_add(1);
        self.emit(Event::CarriedTalking { call, traffic, queue: q, agent });
        // The agent's talk is factor × a drawn talk X; given that it has lasted `since`, X has
        // lasted `since` / factor, and what is left of it is stretched by the factor again.
        let factor = self.model.agents[agent].talk_factor(q);
        let lasted = if factor == 1.0 { since } else { since.mul_f64(1.0 / factor) };
        let left = match (&self.model.queues[q].talk, &self.model.traffic[traffic].talk) {
            (Some(sampler), _) => sampler.residual(lasted, &mut self.rng.queue_talk[q]),
            (None, Some(sampler)) => sampler.residual(lasted, &mut self.rng.traffic_talk[traffic]),
            (None, None) => SimDuration::ZERO,
        };
        let left = if factor == 1.0 { left } else { left.mul_f64(factor) };
        self.calendar.schedule(self.now.plus(left), Due::TalkEnd { agent });
    }

    /// A wrap-up in progress, `since` long: its call is carried over as a talk that ends now
    /// (and is released, completed), and the agent wraps up for what is left of the queue's
    /// wrap-up time (of a draw from its `wrap_up_time`, given that it has lasted `since`).
    fn carried_wrap_up(&mut self, agent: AgentId, q: QueueId, traffic: TrafficId, since: SimDuration) {
        let (slot, call) = self.new_call(traffic, SimDuration::FOREVER, false, DRAW);
        self.hold_line(slot);
        self.calls[slot].queue = q;
        self.emit(Event::CarriedTalking { call, traffic, queue: q, agent });
        self.emit(Event::TalkEnded { call, queue: q, agent });
        self.agents[agent].status = Status::WrapUp { queue: q };
        self.release(slot, ReleaseCause::Completed);
        let queue = &self.model.queues[q];
        let left = match &queue.wrap_up_time {
            Some(sampler) => sampler.residual(since, &mut self.rng.wrap_up[q]),
            None => queue.wrap_up.saturating_sub(since),
        };
        self.calendar.schedule(self.now.plus(left), Due::WrapUpEnd { agent });
    }

    /// How long an agent away for `since` stays away when the snapshot does not say: a busy
    /// spell of its group is exponential, so what is left of one is a fresh spell; a break
    /// lasts its group's first break's length, less `since`. Otherwise it is back at once.
    fn away_left(&mut self, agent: AgentId, rest: bool, since: SimDuration) -> SimDuration {
        let g = self.model.agents[agent].group;
        let group = &self.model.groups[g];
        match (rest, group.shrinkage, group.breaks.first()) {
            (false, Some((_, mean)), _) => {
                let spell: f64 = rand_distr::Distribution::sample(&rand_distr::Exp1, &mut self.rng.shrinkage[g]);
                mean.mul_f64(spell)
            }
            (true, _, Some(&(_, length, _))) => length.saturating_sub(since),
            _ => SimDuration::ZERO,
        }
    }

    /// A caller waiting for `waited` already: offered now, with its patience drawn given that
    /// it has lasted `waited`, and its entry into the line (and so its deadlines and its place)
    /// `waited` ago. It joins its line even past the queue's max calls: it is in it already.
    fn carried_wait(&mut self, q: QueueId, traffic: TrafficId, waited: SimDuration) {
        let model = self.model;
        let patience = match (&model.queues[q].patience, &model.traffic[traffic].patience) {
            (Some(sampler), _) => waited + sampler.residual(waited, &mut self.rng.queue_patience[q]),
            (None, Some(sampler)) => waited + sampler.residual(waited, &mut self.rng.patience[traffic]),
            (None, None) => SimDuration::FOREVER,
        };
        let (slot, call) = self.new_call(traffic, patience, false, DRAW);
        self.hold_line(slot);
        let c = &mut self.calls[slot];
        c.queue = q;
        c.since = self.now.minus(waited);
        c.offered = true;
        self.emit(Event::CarriedOver { call, traffic, queue: q, wait: waited });
        self.emit(Event::Offered { call, queue: q, transferred: false });
        if self.signed_in[q] == 0 {
            let then = model.queues[q].on_no_agents;
            self.emit(Event::RejectedNoAgents { call, queue: q, then });
            return self.follow(slot, q, then, crate::sim::event::TransferCause::NoAgents, ReleaseCause::NoAgents);
        }
        if let Some(agent) = self.pop_idle(q, waited) {
            return self.connect(slot, q, agent);
        }
        self.join_line(slot);
        self.emit(Event::Queued { call, queue: q });
    }
}
