//! The call flow: arrivals, routing, IVRs, the skill-queue decision, waiting, the policies,
//! transfers, ringing and answering, talk and release. Each function names the rule of
//! `docs/semantics.md` it implements.

use std::cmp::Reverse;

use rand::{Rng, RngExt};

use crate::input::scenario::{AgentChoice, Closing, NextCall, PatienceOnTransfer};
use crate::sim::event::{BusyCause, Event, Projection, ReleaseCause, TransferCause};
use crate::sim::id::{AgentId, CallSlot, IvrId, QueueId, TrafficId};
use crate::sim::model::{Destination, DeviceId};
use crate::sim::time::{SimDuration, SimTime};

use super::calendar::Due;
use super::lines::Waiting;
use super::{Call, DRAW, Engine, NOBODY, Status, sessions};

impl<P: Projection> Engine<'_, P> {
    /// Rule "arrivals": Poisson arrivals per traffic entry, none at or after the horizon; with
    /// busyness, at each day's rates times that day's factor.
    pub(super) fn schedule_arrival(&mut self, traffic: TrafficId) {
        let model = self.model;
        let rate = &model.traffic[traffic].rate;
        let factor = self.arrival_scale[traffic].factor;
        let next = match &model.busyness {
            None => rate.next_before(self.now, model.horizon, factor, &mut self.rng.arrivals[traffic]),
            Some(busyness) => {
                // Day by day: an arrival drawn past the day's end is dropped and drawn again from
                // there at the next day's rate, which is exact for a Poisson process.
                let mut from = self.now;
                loop {
                    if from >= model.horizon {
                        break None;
                    }
                    let day = from.day() as usize;
                    while self.busyness.len() <= day {
                        self.busyness.push(busyness.draw(&mut self.rng.busyness));
                    }
                    let day_end = SimTime::start_of_day(day as u64 + 1).min(model.horizon);
                    let today = factor * self.busyness[day];
                    if let Some(at) = rate.next_before(from, day_end, today, &mut self.rng.arrivals[traffic]) {
                        break Some(at);
                    }
                    from = day_end;
                }
            }
        };
        if let Some(at) = next {
            self.calendar.schedule(at, Due::Arrival { traffic, epoch: self.arrival_scale[traffic].epoch });
        }
    }

    /// Schedules the next scripted arrival; one at a time, so the calendar stays small.
    pub(super) fn schedule_scripted(&mut self) {
        if let Some(call) = self.script.get(self.next_scripted) {
            let index = self.next_scripted as u32;
            self.next_scripted += 1;
            self.calendar.schedule(call.at.max(self.now), Due::Scripted { index });
        }
    }

    /// Rule "arrival and routing": the caller's patience is drawn as the call arrives (unless a
    /// call record gives it); the dialed number's called route gives the device.
    pub(super) fn arrive(
        &mut self,
        traffic: TrafficId,
        recorded_patience: Option<SimDuration>,
        recorded_talk: Option<SimDuration>,
    ) {
        let model = &self.model.traffic[traffic];
        let patience = match (recorded_patience, &model.patience) {
            (Some(patience), _) => patience,
            (None, Some(sampler)) => sampler.sample(&mut self.rng.patience[traffic]),
            (None, None) => SimDuration::FOREVER,
        };
        let (slot, call) = self.new_call(traffic, patience, recorded_patience.is_some(), recorded_talk.unwrap_or(DRAW));
        let device = model.device;
        self.emit(Event::CallArrived { call, traffic });
        if self.trunk.is_some() && !self.takes_line(slot) {
            return;
        }
        self.emit(Event::Routed { call, device });
        self.deliver(slot, device, false);
    }

    /// A new call of `traffic` with this patience (recorded or drawn) and recorded talk time (or
    /// [`DRAW`]), in a free slot: its slot and its number.
    #[inline(always)]
    pub(super) fn new_call(
        &mut self,
        traffic: TrafficId,
        patience: SimDuration,
        recorded_patience: bool,
        talk: SimDuration,
    ) -> (CallSlot, crate::sim::event::CallId) {
        let model = &self.model.traffic[traffic];
        let call = Call {
            id: self.next_call,
            traffic,
            priority: model.priority,
            hops: 0,
            retrials: 0,
            callback: false,
            offered: false,
            recorded_patience,
            patience,
            patience_left: patience,
            token: 0,
            queue: QueueId(0),
            since: self.now,
            ivr: IvrId(0),
            ringing_at: NOBODY,
            talk,
            line: false,
            consultant: NOBODY,
        };
        self.next_call += 1;
        let slot = match self.free_slots.pop() {
            Some(slot) => {
                let token = self.calls[slot].token;
                self.calls[slot] = Call { token, ..call };
                slot
            }
            None => self.calls.push(call),
        };
        (slot, call.id)
    }

    fn deliver(&mut self, slot: CallSlot, device: DeviceId, transferred: bool) {
        match device {
            DeviceId::Queue(q) => self.offer(slot, q, transferred),
            DeviceId::Ivr(v) => self.enter_ivr(slot, v),
        }
    }

    /// Rule "at an IVR": the caller stays for the IVR's duration.
    fn enter_ivr(&mut self, slot: CallSlot, ivr: IvrId) {
        let c = &mut self.calls[slot];
        c.ivr = ivr;
        c.token = c.token.wrapping_add(1); // no queue deadline follows a call into an IVR
        let call = c.id;
        self.emit(Event::EnteredIvr { call, ivr });
        let stay = self.model.ivrs[ivr].duration.sample(&mut self.rng.ivr_duration[ivr]);
        self.calendar.schedule(self.now.plus(stay), Due::IvrEnd { slot });
    }

    /// Rule "at an IVR": then leaves by an exit drawn with the exits' probabilities.
    pub(super) fn leave_ivr(&mut self, slot: CallSlot) {
        let ivr = self.calls[slot].ivr;
        let u: f64 = self.rng.ivr_exit[ivr].random();
        let exits = &self.model.ivrs[ivr].exits;
        let to =
            exits.iter().find(|(cumulative, _)| u < *cumulative).or(exits.last()).map_or(Destination::Release, |e| e.1);
        let call = self.calls[slot].id;
        self.emit(Event::LeftIvr { call, ivr, to });
        match to {
            Destination::Release => self.release(slot, ReleaseCause::Ivr),
            Destination::Transfer(device) => self.transfer(slot, DeviceId::Ivr(ivr), device, TransferCause::IvrExit),
        }
    }

    /// Rule "at a skill queue": no agent signed in → NoAgents; an idle agent → offered at once;
    /// the line full → Busy; otherwise the call waits.
    fn offer(&mut self, slot: CallSlot, q: QueueId, transferred: bool) {
        let queue = &self.model.queues[q];
        if self.patience_rules {
            self.patience_at(slot, q);
        }
        let c = &mut self.calls[slot];
        c.queue = q;
        c.since = self.now;
        let call = c.id;
        self.emit(Event::Offered { call, queue: q, transferred });
        if self.signed_in[q] == 0 {
            let then = queue.on_no_agents;
            self.emit(Event::RejectedNoAgents { call, queue: q, then });
            return self.follow(slot, q, then, TransferCause::NoAgents, ReleaseCause::NoAgents);
        }
        if let Some(agent) = self.pop_idle(q, SimDuration::ZERO) {
            return self.connect(slot, q, agent);
        }
        if self.lines[q].waiting >= queue.max_calls {
            let then = queue.on_busy;
            self.emit(Event::RejectedBusy { call, queue: q, then });
            if queue.callback.as_ref().is_some_and(|c| c.at_busy) && self.takes_callback(slot, q) {
                return;
            }
            return self.follow(slot, q, then, TransferCause::Busy, ReleaseCause::Busy);
        }
        self.join_line(slot);
        self.emit(Event::Queued { call, queue: q });
    }

    /// Rule "patience": the caller's patience at queue `q`. At its first queue, the queue's own
    /// distribution replaces the traffic's (unless a call record gave it); after a transfer,
    /// `continue` keeps what is left, `redraw` draws again from the queue's distribution or else
    /// the traffic's, and `restart` gives the first value again.
    #[inline(never)] // rare, and kept out of the hot path it branches from
    fn patience_at(&mut self, slot: CallSlot, q: QueueId) {
        let model = self.model;
        let c = &mut self.calls[slot];
        let first = !c.offered;
        c.offered = true;
        let queue = model.queues[q].patience.as_ref();
        let sampler = match model.patience_on_transfer {
            _ if first => queue.filter(|_| !c.recorded_patience),
            PatienceOnTransfer::Continue => None,
            PatienceOnTransfer::Restart => {
                c.patience_left = c.patience;
                None
            }
            PatienceOnTransfer::Redraw => {
                c.patience_left = SimDuration::FOREVER; // unless a distribution applies here
                queue.or(model.traffic[c.traffic].patience.as_ref())
            }
        };
        if let Some(sampler) = sampler {
            c.patience_left = sampler.sample(&mut self.rng.queue_patience[q]);
            if first {
                c.patience = c.patience_left; // what `restart` gives again
            }
        }
    }

    /// The idle agent `q` offers a call that has waited `waited` to: of the highest weight, the
    /// longest idle, or the first by the queue's `agent_choice` — among the agents whose tier
    /// the call has waited for.
    #[inline(always)]
    pub(super) fn pop_idle(&mut self, q: QueueId, waited: SimDuration) -> Option<AgentId> {
        let agents = &self.agents;
        let queue = &self.model.queues[q];
        if !self.idle_rules
            || (queue.agent_choice == AgentChoice::LongestIdle && queue.tiers.is_none() && !queue.concurrent)
        {
            return self.idle[q].pop(|a, epoch| agents[a].epoch == epoch);
        }
        self.choose_idle(q, queue.agent_choice, waited)
    }

    /// Rule "at a skill queue", with an `agent_choice` other than the longest idle, or with
    /// tiers, or served by agents with concurrent sessions: among the idle agents of the highest
    /// `agentWeight` whose tier the call has waited for (and, rule 31, the least full), the
    /// first by the rule, ties to the longest idle.
    #[inline(never)] // a scan of the idle agents, kept out of the default path
    fn choose_idle(&mut self, q: QueueId, choice: AgentChoice, waited: SimDuration) -> Option<AgentId> {
        let (agents, model, rooms) = (&self.agents, self.model, &self.rooms);
        let (handled, rng, today) = (&self.handled, &mut self.rng.agent_choice[q], self.now.day());
        let tiers = model.queues[q].tiers.as_ref();
        let concurrent = model.queues[q].concurrent;
        self.idle[q].pop_first_by(
            |a, epoch| agents[a].epoch == epoch,
            |agent| {
                if tiers.is_some_and(|t| t.after[model.agents[agent].group] > waited) {
                    return None;
                }
                let key = match choice {
                    AgentChoice::LongestIdle => 0,
                    AgentChoice::Random => rng.next_u64(),
                    AgentChoice::SkillWeight => {
                        let weight =
                            model.agents[agent].skills.iter().find(|&&(skill, _)| skill == q).map_or(0, |s| s.1);
                        u64::from(u32::MAX - weight)
                    }
                    AgentChoice::FewestCalls => match handled[agent] {
                        (day, calls) if day == today => u64::from(calls),
                        _ => 0,
                    },
                    AgentChoice::GroupOrder => model.agents[agent].group.index() as u64,
                };
                if !concurrent {
                    return Some(key);
                }
                // The fullness first (below 2²⁰), then the rule's key in the 40 bits below it.
                let key = if choice == AgentChoice::Random { key >> 24 } else { key };
                let sessions = model.groups[model.agents[agent].group].sessions.as_ref();
                Some(sessions::fullness(sessions, rooms[agent]) << 40 | key)
            },
        )
    }

    /// Rule "tiers": a later tier opens to a waiting call once it has waited the tier's `after`.
    #[inline(never)] // only with tiers, kept out of the default path
    fn schedule_openings(&mut self, slot: CallSlot, token: u32) {
        let c = &self.calls[slot];
        let Some(tiers) = &self.model.queues[c.queue].tiers else { return };
        for &after in &tiers.openings {
            let at = c.since.plus(after);
            if at > self.now {
                self.calendar.schedule(at, Due::TierOpens { slot, token });
            }
        }
    }

    /// Rule "tiers": a tier opened to a call still waiting in its line: an idle agent of it (of
    /// the highest weight, by the queue's agent choice) takes it.
    pub(super) fn tier_opens(&mut self, slot: CallSlot) {
        let c = &self.calls[slot];
        let (q, waited) = (c.queue, self.now.since(c.since));
        let Some(agent) = self.pop_idle(q, waited) else { return };
        self.take_from_line(slot, q, agent);
    }

    /// The waiting call leaves `q`'s line, from wherever it stands, for `agent`.
    fn take_from_line(&mut self, slot: CallSlot, q: QueueId, agent: AgentId) {
        let c = &mut self.calls[slot];
        c.token = c.token.wrapping_add(1);
        let calls = &self.calls;
        self.lines[q].left(|w| calls[w.slot].token == w.token);
        self.connect(slot, q, agent);
    }

    /// What the answering agent makes of a talk drawn as `talk`: scaled by its talk factor on
    /// `q` (a recorded talk is not), and counted among its calls today for `fewest-calls` (the
    /// count starts again each day).
    #[inline(never)] // only with talk factors or fewest-calls, kept out of the default path
    fn answered_by(&mut self, agent: AgentId, q: QueueId, talk: SimDuration, recorded: bool) -> SimDuration {
        if !self.handled.is_empty() {
            let today = self.now.day();
            let (day, calls) = &mut self.handled[agent];
            if *day != today {
                (*day, *calls) = (today, 0);
            }
            *calls += 1;
        }
        match self.model.agents[agent].talk_factor(q) {
            factor if factor == 1.0 || recorded => talk,
            factor => talk.mul_f64(factor),
        }
    }

    /// Puts the call in its queue's line — at the back of its priority level for a new visit, at
    /// its old place when it comes back from an agent — and sets its deadline: the max waiting
    /// time from entry, or the end of its patience, whichever comes first (not before now).
    pub(super) fn join_line(&mut self, slot: CallSlot) {
        let c = &mut self.calls[slot];
        let q = c.queue;
        c.token = c.token.wrapping_add(1);
        let entry = Waiting { slot, token: c.token, since: c.since, priority: c.priority };
        let deadline = c.since.plus(self.model.queues[q].max_wait.min(c.patience_left)).max(self.now);
        self.lines[q].insert(entry);
        self.calendar.schedule(deadline, Due::WaitEnd { slot, token: entry.token });
        if self.model.queues[q].tiers.is_some() {
            self.schedule_openings(slot, entry.token);
        }
    }

    /// Rule "while waiting": at the max waiting time the Timeout policy applies (it wins a tie
    /// with patience); when patience runs out first, the caller abandons — also while ringing.
    pub(super) fn wait_end(&mut self, slot: CallSlot) {
        let c = &mut self.calls[slot];
        let (q, call) = (c.queue, c.id);
        let wait = self.now.since(c.since);
        c.token = c.token.wrapping_add(1);
        let ringing_at = std::mem::replace(&mut c.ringing_at, NOBODY);
        if ringing_at != NOBODY {
            // Only patience runs while ringing: the caller hangs up on the ringing agent.
            self.emit(Event::Abandoned { call, queue: q, wait, ringing: Some(ringing_at) });
            self.release(slot, ReleaseCause::Abandoned);
            let agent = &mut self.agents[ringing_at];
            agent.timer = agent.timer.wrapping_add(1);
            return self.available(ringing_at);
        }
        let calls = &self.calls;
        self.lines[q].left(|w| calls[w.slot].token == w.token);
        if wait >= self.model.queues[q].max_wait {
            self.time_out(slot);
        } else {
            self.emit(Event::Abandoned { call, queue: q, wait, ringing: None });
            self.release(slot, ReleaseCause::Abandoned);
        }
    }

    /// Rule "while waiting": the wait reached the max waiting time: the Timeout policy applies.
    fn time_out(&mut self, slot: CallSlot) {
        let c = &mut self.calls[slot];
        // Any deadline still pending (the patience deadline of a ring) is moot from here.
        c.token = c.token.wrapping_add(1);
        let (q, call) = (c.queue, c.id);
        let wait = self.now.since(c.since);
        if c.patience_left != SimDuration::FOREVER {
            c.patience_left = c.patience_left.saturating_sub(wait);
        }
        let queue = &self.model.queues[q];
        let then = queue.on_timeout;
        self.emit(Event::TimedOut { call, queue: q, wait, then });
        if queue.callback.as_ref().is_some_and(|c| c.at_timeout) && self.takes_callback(slot, q) {
            return;
        }
        self.follow(slot, q, then, TransferCause::Timeout, ReleaseCause::Timeout);
    }

    /// Rule "callbacks": offered a callback, the caller takes it with the queue's `accept`
    /// probability: it hangs up and keeps its place in the line (its entry time), with no
    /// patience or deadline, until an agent takes it in its turn. Returns whether it did.
    #[inline(never)] // rare, and kept out of the hot path it branches from
    fn takes_callback(&mut self, slot: CallSlot, q: QueueId) -> bool {
        let Some(callback) = &self.model.queues[q].callback else { return false };
        if self.rng.callback[q].random::<f64>() >= callback.accept {
            return false;
        }
        let c = &mut self.calls[slot];
        c.patience_left = SimDuration::FOREVER;
        c.token = c.token.wrapping_add(1);
        let entry = Waiting { slot, token: c.token, since: c.since, priority: c.priority };
        // The line keeps its place by entry time; the call now counts from its request.
        c.callback = true;
        c.since = self.now;
        let call = c.id;
        self.lines[q].insert(entry);
        self.emit(Event::CallbackRequested { call, queue: q });
        if self.calls[slot].consultant != NOBODY {
            self.consult_over(slot); // the caller hung up on the agent who stayed on the line
        }
        // The caller hung up: an agent's callback is an outbound call, on no inbound line.
        if self.trunk.is_some() {
            self.free_line(slot);
        }
        // Rule "tiers": a later tier may call back once the callback has waited for it.
        if self.model.queues[q].tiers.is_some() {
            self.schedule_openings(slot, entry.token);
        }
        true
    }

    /// Rule "callbacks": the agent calls the caller back; the dial ends after the queue's dial
    /// time, reaching the caller with its `reach` probability.
    #[inline(never)] // rare, and kept out of the hot path it branches from
    fn call_back(&mut self, slot: CallSlot, q: QueueId, agent: AgentId) {
        // A callback is in the line of a queue with a callback only (it leaves that line only
        // to an agent of the queue, or by the closing rule, which drops it).
        let Some(callback) = &self.model.queues[q].callback else { return };
        let rng = &mut self.rng.callback[q];
        let dial = callback.dial.sample(rng);
        let reached = rng.random::<f64>() < callback.reach;
        let timer = self.start_ringing(slot, q, agent);
        let call = self.calls[slot].id;
        self.emit(Event::CallingBack { call, queue: q, agent });
        self.calendar.schedule(self.now.plus(dial), Due::RingEnd { agent, timer, answered: reached });
    }

    /// Rule "callbacks": the dial ended: the caller reached talks to the agent as after an
    /// answer; one not reached is released (`callback-unreached`) and the agent is available.
    #[inline(never)] // rare, and kept out of the hot path it branches from
    fn callback_ends(&mut self, slot: CallSlot, q: QueueId, agent: AgentId, reached: bool) {
        let c = &mut self.calls[slot];
        let (call, requested) = (c.id, c.since);
        c.callback = false;
        if reached {
            let wait = self.now.since(requested);
            self.emit(Event::CallbackReached { call, queue: q, agent, wait });
            self.start_talk(slot, q, agent);
        } else {
            self.emit(Event::CallbackUnreached { call, queue: q, agent });
            self.release(slot, ReleaseCause::CallbackUnreached);
            self.available(agent);
        }
    }

    /// Rule "closing": the last agent of queue `q` signed out; its closing rule applies to every
    /// caller waiting there, first in line first.
    #[inline(never)] // rare, and kept out of the hot path it branches from
    pub(super) fn close(&mut self, q: QueueId) {
        if self.model.queues[q].closing == Closing::Wait {
            return;
        }
        loop {
            let calls = &self.calls;
            let Some(head) = self.lines[q].front(|w| calls[w.slot].token == w.token) else { return };
            self.lines[q].pop_front(&head);
            self.close_call(head.slot, q);
        }
    }

    /// Rule "closing", for one call taken out of queue `q`'s line (or about to go back into it):
    /// released, or sent where the NoAgents policy says; the wait so far uses its patience up.
    fn close_call(&mut self, slot: CallSlot, q: QueueId) {
        let queue = &self.model.queues[q];
        let c = &mut self.calls[slot];
        // A caller waiting for a callback has hung up: there is nobody to send anywhere.
        let then = match queue.closing {
            _ if std::mem::take(&mut c.callback) => Destination::Release,
            Closing::NoAgents => queue.on_no_agents,
            Closing::Release | Closing::Wait => Destination::Release,
        };
        c.token = c.token.wrapping_add(1); // its wait deadline at this queue is moot
        let wait = self.now.since(c.since);
        if c.patience_left != SimDuration::FOREVER {
            c.patience_left = c.patience_left.saturating_sub(wait);
        }
        let call = c.id;
        self.emit(Event::Closed { call, queue: q, wait, then });
        self.follow(slot, q, then, TransferCause::NoAgents, ReleaseCause::NoAgents);
    }

    /// A policy's outcome: release, or transfer to its device.
    pub(super) fn follow(
        &mut self,
        slot: CallSlot,
        q: QueueId,
        then: Destination,
        transfer: TransferCause,
        release: ReleaseCause,
    ) {
        match then {
            Destination::Release => self.release(slot, release),
            Destination::Transfer(device) => self.transfer(slot, DeviceId::Queue(q), device, transfer),
        }
    }

    /// Rule "transfers": the call keeps its identity and moves on, unless it has used up the
    /// transfer limit, in which case it is released with cause `transfer-limit`.
    fn transfer(&mut self, slot: CallSlot, from: DeviceId, to: DeviceId, cause: TransferCause) {
        let c = &mut self.calls[slot];
        if c.hops >= self.model.transfer_limit {
            return self.release(slot, ReleaseCause::TransferLimit);
        }
        c.hops += 1;
        let call = c.id;
        self.emit(Event::Transferred { call, from, to, cause });
        self.deliver(slot, to, true);
    }

    #[inline(always)]
    pub(super) fn release(&mut self, slot: CallSlot, cause: ReleaseCause) {
        if self.consults && self.calls[slot].consultant != NOBODY {
            self.consult_over(slot); // the agent who stayed on the line leaves first
        }
        if self.trunk.is_some() {
            self.free_line(slot);
        }
        if self.retrials && self.will_call_again(slot, cause) {
            return;
        }
        let c = &mut self.calls[slot];
        c.token = c.token.wrapping_add(1);
        let (call, traffic) = (c.id, c.traffic);
        self.free_slots.push(slot);
        self.emit(Event::Released { call, traffic, cause });
    }

    /// Rule "retrials": a caller who was not served (`cause`) calls again with the retrial's
    /// probability — the queue's where it was lost, else its traffic entry's — after its delay,
    /// up to its number of attempts. The call is then not released: it waits in its slot.
    #[inline(never)] // rare, and kept out of the hot path it branches from
    fn will_call_again(&mut self, slot: CallSlot, cause: ReleaseCause) -> bool {
        let model = self.model;
        let c = &mut self.calls[slot];
        // A call refused at the trunk reached no queue: its traffic entry's retrial applies.
        let at_queue = match cause {
            ReleaseCause::TrunkBusy => None,
            _ => model.queues[c.queue].retrial.as_ref(),
        };
        let Some(retrial) = at_queue.or(model.traffic[c.traffic].retrial.as_ref()) else {
            return false;
        };
        if !retrial.after.contains(&cause) || c.retrials >= retrial.attempts {
            return false;
        }
        let rng = &mut self.rng.retrial[c.traffic];
        if rng.random::<f64>() >= retrial.probability {
            return false;
        }
        let delay = retrial.delay.sample(rng);
        c.token = c.token.wrapping_add(1);
        c.retrials += 1;
        let (call, traffic) = (c.id, c.traffic);
        self.emit(Event::WillCallAgain { call, traffic });
        self.calendar.schedule(self.now.plus(delay), Due::Retry { slot });
        true
    }

    /// Rule "retrials": the caller calls again, with a fresh patience (drawn on the retrial
    /// stream), no transfers yet, and is routed as on arrival.
    #[inline(never)] // rare, and kept out of the hot path it branches from
    pub(super) fn call_again(&mut self, slot: CallSlot) {
        let model = self.model;
        let c = &mut self.calls[slot];
        let traffic = &model.traffic[c.traffic];
        let patience =
            traffic.patience.as_ref().map_or(SimDuration::FOREVER, |p| p.sample(&mut self.rng.retrial[c.traffic]));
        c.patience = patience;
        c.patience_left = patience;
        c.hops = 0;
        c.offered = false;
        c.recorded_patience = false;
        c.talk = DRAW;
        c.since = self.now;
        let (call, device, traffic) = (c.id, traffic.device, c.traffic);
        self.emit(Event::CalledAgain { call, traffic });
        if self.trunk.is_some() && !self.takes_line(slot) {
            return;
        }
        self.emit(Event::Routed { call, device });
        self.deliver(slot, device, false);
    }

    /// Rule "offered to an agent": a callout agent may reject the call; an agent of a group with
    /// a ring time lets it ring (the no-answer time cuts a long ring short); otherwise it is
    /// answered at once.
    pub(super) fn connect(&mut self, slot: CallSlot, q: QueueId, agent: AgentId) {
        if self.calls[slot].callback {
            return self.call_back(slot, q, agent);
        }
        let group_index = self.model.agents[agent].group;
        let group = &self.model.groups[group_index];
        let call = self.calls[slot].id;
        if group.reject > 0.0 && self.rng.reject[group_index].random::<f64>() < group.reject {
            self.emit(Event::CallRejected { call, queue: q, agent });
            return self.bounce(slot, q, agent, BusyCause::Rejected);
        }
        let Some(ring_time) = &group.ring else { return self.answer(slot, q, agent) };
        let ring = ring_time.sample(&mut self.rng.ring[group_index]);
        let no_answer = self.model.queues[q].no_answer;
        let timer = self.start_ringing(slot, q, agent);
        let c = &mut self.calls[slot];
        c.ringing_at = agent;
        let token = c.token;
        let patience_ends = c.since.plus(c.patience_left).max(self.now);
        self.emit(Event::Ringing { call, queue: q, agent });
        let (ends, answered) =
            if no_answer > SimDuration::ZERO && ring >= no_answer { (no_answer, false) } else { (ring, true) };
        self.calendar.schedule(self.now.plus(ends), Due::RingEnd { agent, timer, answered });
        if patience_ends < SimTime::NEVER {
            self.calendar.schedule(patience_ends, Due::WaitEnd { slot, token });
        }
    }

    /// The agent rings with the call (an offer, or a callback being dialled): it is no longer
    /// idle, any timer it had is moot, and so is the call's deadline. Returns the ring's timer.
    #[inline(always)]
    fn start_ringing(&mut self, slot: CallSlot, q: QueueId, agent: AgentId) -> u32 {
        let a = &mut self.agents[agent];
        a.status = Status::Ringing { slot, queue: q };
        a.epoch = a.epoch.wrapping_add(1);
        a.timer = a.timer.wrapping_add(1);
        let c = &mut self.calls[slot];
        c.token = c.token.wrapping_add(1);
        a.timer
    }

    /// Rule "ringing": the ring is over: answered, or no answer.
    pub(super) fn ring_end(&mut self, agent: AgentId, answered: bool) {
        let Status::Ringing { slot, queue } = self.agents[agent].status else { return };
        if self.calls[slot].callback {
            return self.callback_ends(slot, queue, agent, answered);
        }
        self.calls[slot].ringing_at = NOBODY;
        if answered {
            self.answer(slot, queue, agent);
        } else {
            let call = self.calls[slot].id;
            self.emit(Event::NoAnswer { call, queue, agent });
            self.bounce(slot, queue, agent, BusyCause::NoAnswer);
        }
    }

    /// Rule "no answer and rejection": the agent is forced busy for the queue's no-answer busy
    /// time (or signs out, if its shift has ended); the call goes back to its place in the line,
    /// and to an idle agent if there is one — unless it has reached its max waiting time while
    /// ringing, in which case the Timeout policy applies now.
    fn bounce(&mut self, slot: CallSlot, q: QueueId, agent: AgentId, cause: BusyCause) {
        let queue = &self.model.queues[q];
        let (busy, max_wait) = (queue.no_answer_busy, queue.max_wait);
        if self.agents[agent].leaving {
            self.sign_out(agent);
        } else {
            self.go_away(agent, Status::Busy, busy, Some(cause));
        }
        if self.now.since(self.calls[slot].since) >= max_wait {
            return self.time_out(slot);
        }
        if self.signed_in[q] == 0 && queue.closing != Closing::Wait {
            // The agent was the queue's last and signed out: the call does not wait on.
            return self.close_call(slot, q);
        }
        self.join_line(slot);
        // An idle agent of the queue takes it at once (idle agents leave no call waiting, so it is
        // the one this agent finds).
        let waited = self.now.since(self.calls[slot].since);
        if let Some(other) = self.pop_idle(q, waited) {
            if self.model.queues[q].tiers.is_some() {
                // With tiers, agents of tiers the call has not waited for are idle while it
                // waits, so the one found takes this call, not whatever is first in its lines.
                return self.take_from_line(slot, q, other);
            }
            self.available(other);
        }
    }

    /// Rule "answered": the agent talks for a duration drawn from the queue's talk time, or else
    /// the traffic entry's — or, at a recorded call's first answer, for its recorded talk time.
    fn answer(&mut self, slot: CallSlot, q: QueueId, agent: AgentId) {
        let c = &mut self.calls[slot];
        let wait = self.now.since(c.since);
        if c.patience_left != SimDuration::FOREVER {
            c.patience_left = c.patience_left.saturating_sub(wait);
        }
        let call = c.id;
        self.emit(Event::Answered { call, queue: q, agent, wait });
        if self.consults && self.calls[slot].consultant != NOBODY {
            self.consult_answered(slot);
        }
        self.start_talk(slot, q, agent);
    }

    /// The agent talks to the caller, for the queue's talk time, or else the traffic entry's —
    /// or, at a recorded call's first answer, for its recorded talk time. An agent with
    /// concurrent sessions starts a session instead (rule 31).
    #[inline(always)]
    fn start_talk(&mut self, slot: CallSlot, q: QueueId, agent: AgentId) {
        let c = &mut self.calls[slot];
        c.token = c.token.wrapping_add(1);
        let traffic = c.traffic;
        let recorded = std::mem::replace(&mut c.talk, DRAW);
        let talk = match (&self.model.queues[q].talk, &self.model.traffic[traffic].talk) {
            _ if recorded != DRAW => recorded,
            (Some(sampler), _) => sampler.sample(&mut self.rng.queue_talk[q]),
            (None, Some(sampler)) => sampler.sample(&mut self.rng.traffic_talk[traffic]),
            (None, None) => SimDuration::ZERO, // validation rejects scenarios where a call can reach this
        };
        let talk = if self.who_answers_matters { self.answered_by(agent, q, talk, recorded != DRAW) } else { talk };
        if self.concurrency && self.sessions_of(agent).is_some() {
            return self.start_session(slot, q, agent, talk);
        }
        let a = &mut self.agents[agent];
        a.status = Status::Talking { slot, queue: q };
        a.epoch = a.epoch.wrapping_add(1);
        self.calendar.schedule(self.now.plus(talk), Due::TalkEnd { agent });
    }

    /// Rule "after talk", at the end of a talk: then the agent's wrap-up, unless it stays on the
    /// line of the call it transferred (rule 32).
    pub(super) fn talk_end(&mut self, agent: AgentId) {
        let Status::Talking { slot, queue: q } = self.agents[agent].status else { return };
        self.agents[agent].status = Status::WrapUp { queue: q };
        match self.hang_up(slot, q, agent) {
            Some(wrap_up) if wrap_up > SimDuration::ZERO => {
                self.calendar.schedule(self.now.plus(wrap_up), Due::WrapUpEnd { agent })
            }
            Some(_) => self.wrap_up_end(agent),
            None => {}
        }
    }

    /// Rule "after talk": the agent may transfer the call; else it is released, completed.
    /// Returns the agent's wrap-up ([`Engine::wrap_up_of`]), or `None` when the agent stays on
    /// the line of the call it transferred. An agent who stayed on the line with this call
    /// leaves it now (rule 32).
    #[inline(always)]
    pub(super) fn hang_up(&mut self, slot: CallSlot, q: QueueId, agent: AgentId) -> Option<SimDuration> {
        let call = self.calls[slot].id;
        self.emit(Event::TalkEnded { call, queue: q, agent });
        if self.consults && self.calls[slot].consultant != NOBODY {
            self.consult_over(slot);
        }
        let after_talk = self.model.queues[q].after_talk;
        let transferred = match after_talk {
            Some((p, to)) if self.rng.after_talk[q].random::<f64>() < p => {
                let stays = self.consults && self.model.queues[q].stays_on_line.is_some();
                if stays {
                    self.stay_on_line(slot, q, agent);
                }
                self.transfer(slot, DeviceId::Queue(q), to, TransferCause::AfterTalk);
                if stays {
                    return None;
                }
                true
            }
            _ => {
                self.release(slot, ReleaseCause::Completed);
                false
            }
        };
        Some(self.wrap_up_of(q, transferred))
    }

    /// An agent's wrap-up after a call of `q`: the queue's fixed wrap-up, or a draw from its
    /// `wrap_up_time`, or after a transfer from its `wrap_up_after_transfer`.
    #[inline(always)]
    pub(super) fn wrap_up_of(&mut self, q: QueueId, transferred: bool) -> SimDuration {
        let queue = &self.model.queues[q];
        let drawn = match transferred {
            true => queue.wrap_up_after_transfer.as_ref().or(queue.wrap_up_time.as_ref()),
            false => queue.wrap_up_time.as_ref(),
        };
        drawn.map_or(queue.wrap_up, |sampler| sampler.sample(&mut self.rng.wrap_up[q]))
    }

    /// Rule "next call": an available agent takes, among its skill queues, the waiting call that
    /// ranks highest by its group's `next_call` rule (by default the highest skill weight), then
    /// the highest priority, then the earliest entry into its line (then the skill listed
    /// first) — of the queues whose first caller has waited for the agent's tier. Returns false
    /// when no call waits. Inlined: [`Engine::available`] is its hot caller.
    #[inline(always)]
    pub(super) fn take_next_call(&mut self, agent: AgentId) -> bool {
        if !self.routing_rules {
            // Skill weight, no tiers: the rule's fast path.
            return self
                .take_first_by::<false, _>(agent, |_, weight, head, _| (weight, head.priority, Reverse(head.since)));
        }
        let (model, now) = (self.model, self.now);
        let group = model.agents[agent].group;
        let rule = model.groups[group].next_call;
        self.take_first_by::<true, _>(agent, move |q, weight, head, since| {
            let first = match rule {
                NextCall::SkillWeight => u64::from(weight),
                NextCall::LongestWaiting => 0,
                NextCall::QueuePriority => u64::from(model.queues[q].priority),
                NextCall::WeightedWait => now.since(since).0.saturating_mul(u64::from(weight)),
            };
            (first, head.priority, Reverse(head.since))
        })
    }

    /// Takes, of the first callers of the agent's queues' lines, the one that ranks highest by
    /// `rank`; ties to the skill listed first. `rank` is given the caller's line entry and the
    /// start of its wait (its entry into the queue; for a callback, its request). With `TIERS`,
    /// a queue with tiers offers its first caller who has waited for the agent's tier (rule
    /// 30), wherever it stands in the line, and an agent with concurrent sessions looks only at
    /// the queues it has room for (rule 31).
    #[inline(always)]
    fn take_first_by<const TIERS: bool, K: PartialOrd>(
        &mut self,
        agent: AgentId,
        rank: impl Fn(QueueId, u32, &Waiting, SimTime) -> K,
    ) -> bool {
        let (model, now) = (self.model, self.now);
        let calls = &self.calls;
        let live = |w: &Waiting| calls[w.slot].token == w.token;
        let mut best: Option<(K, QueueId, Waiting, bool)> = None;
        for &(q, weight) in &model.agents[agent].skills {
            if TIERS && self.concurrency && !self.has_room(agent, q) {
                continue; // rule 31: a session that does not fit its room
            }
            let (first, at_front) = match model.queues[q].tiers.as_ref().filter(|_| TIERS) {
                Some(tiers) => {
                    let after = tiers.after[model.agents[agent].group];
                    let open = |w: &Waiting| now.since(calls[w.slot].since) >= after;
                    (self.lines[q].first_open(live, open), false)
                }
                None => (self.lines[q].front(live), true),
            };
            if let Some(head) = first {
                let key = rank(q, weight, &head, calls[head.slot].since);
                if best.as_ref().is_none_or(|(b, ..)| key > *b) {
                    best = Some((key, q, head, at_front));
                }
            }
        }
        let Some((_, q, head, at_front)) = best else { return false };
        if at_front {
            self.lines[q].pop_front(&head);
            self.connect(head.slot, q, agent);
        } else {
            self.take_from_line(head.slot, q, agent);
        }
        true
    }
}
