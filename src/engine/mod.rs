//! The discrete-event engine: pushes simulated calls through a compiled [`Model`] and hands every
//! state change to a [`Projection`] as an [`Event`].
//!
//! The rules it implements are written down, one by one, in `docs/semantics.md`; each function
//! below names the rule it implements. The engine keeps only what it needs to decide what happens
//! next (calls in the system, agents, waiting lines, idle pools); everything a report shows is
//! computed from the events.
//!
//! ```text
//! arrival ─► route ─► IVR ─exit─► skill queue ─► no agents signed in ─► NoAgents policy
//!                                     │        ─► an idle agent       ─► answered
//!                                     │        ─► line full           ─► Busy policy
//!                                     └─ waits ─► patience ends       ─► abandoned
//!                                               ─► max waiting time   ─► Timeout policy
//!                                               ─► an agent is free   ─► answered
//! answered ─► talk ─► (transfer by the agent) ─► agent wrap-up ─► agent takes the next call
//! ```

mod calendar;
mod idle;
mod lines;

use rand::RngExt;

use crate::event::{CallId, Event, Projection, ReleaseCause, TransferCause};
use crate::model::streams::{Source, Stream, stream};
use crate::model::{DeviceId, Model, Target};
use crate::scenario::PatienceOnTransfer;
use crate::time::SimTime;

use calendar::{Calendar, Due};
use idle::IdlePool;
use lines::{Line, Waiting};

const DAY: u64 = 86_400 * 1_000_000;

/// Runs replication `replication` of `model` to its end, folding every event into `projection`.
///
/// Arrivals stop at the horizon; calls still in the system then run to their outcome, so every
/// call ends exactly once. Deterministic: the same model, seed and replication give the same
/// events in the same order.
pub fn run<P: Projection>(model: &Model, replication: u32, projection: P) -> P {
    run_with(model, replication, Arrivals::Poisson, projection)
}

/// Where calls come from.
#[derive(Debug, Clone, PartialEq)]
pub enum Arrivals {
    /// Each traffic entry's Poisson process, up to the horizon.
    Poisson,
    /// Exactly these calls: (arrival instant, traffic entry), in non-decreasing time. The
    /// horizon does not cut them off.
    Scripted(Vec<(SimTime, u32)>),
}

/// [`run`], with the arrivals given.
pub fn run_with<P: Projection>(model: &Model, replication: u32, arrivals: Arrivals, projection: P) -> P {
    let mut engine = Engine::new(model, replication, projection);
    engine.start(arrivals);
    while let Some((time, due)) = engine.calendar.pop() {
        debug_assert!(time >= engine.now, "the clock never goes back");
        engine.now = time;
        engine.handle(due);
    }
    engine.projection
}

/// A call in the system.
#[derive(Debug, Clone, Copy)]
struct Call {
    id: CallId,
    traffic: u32,
    priority: u8,
    /// Transfers made so far.
    hops: u32,
    /// The caller's patience, µs (`u64::MAX`: never hangs up).
    patience: u64,
    /// What is left of it after the waits so far (with `patience_on_transfer = "continue"`).
    patience_left: u64,
    /// Moves on whenever the call leaves a line, so stale line entries and timers are recognised.
    /// Never reset, not even when the slot is reused.
    token: u32,
    /// The queue the call is waiting at, and since when.
    queue: u32,
    since: SimTime,
    /// The IVR the call is in.
    ivr: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    SignedOut,
    Idle,
    Talking { slot: u32, queue: u32 },
    WrapUp { queue: u32 },
}

#[derive(Debug, Clone, Copy)]
struct Agent {
    status: Status,
    /// Moves on whenever the agent stops being idle, so stale idle-pool entries are recognised.
    epoch: u32,
    /// The shift ended while busy: sign out once available.
    leaving: bool,
}

/// Random streams, one per source (see [`crate::model::streams`]).
#[derive(Debug)]
struct Streams {
    arrivals: Vec<Stream>,
    patience: Vec<Stream>,
    traffic_talk: Vec<Stream>,
    queue_talk: Vec<Stream>,
    after_talk: Vec<Stream>,
    ivr_duration: Vec<Stream>,
    ivr_exit: Vec<Stream>,
}

impl Streams {
    fn new(model: &Model, replication: u32) -> Self {
        let each = |names: &[&str], source: Source| -> Vec<Stream> {
            names
                .iter()
                .map(|&name| stream(model.seed, replication, source, name))
                .collect()
        };
        let dialed: Vec<&str> = model.traffic.iter().map(|t| t.dialed.as_str()).collect();
        let queues: Vec<&str> = model.queues.iter().map(|q| q.name.as_str()).collect();
        let ivrs: Vec<&str> = model.ivrs.iter().map(|v| v.name.as_str()).collect();
        Streams {
            arrivals: each(&dialed, Source::Arrivals),
            patience: each(&dialed, Source::Patience),
            traffic_talk: each(&dialed, Source::TrafficTalk),
            queue_talk: each(&queues, Source::QueueTalk),
            after_talk: each(&queues, Source::AfterTalk),
            ivr_duration: each(&ivrs, Source::IvrDuration),
            ivr_exit: each(&ivrs, Source::IvrExit),
        }
    }
}

struct Engine<'m, P> {
    model: &'m Model,
    projection: P,
    now: SimTime,
    calendar: Calendar,
    calls: Vec<Call>,
    free_slots: Vec<u32>,
    next_call: CallId,
    agents: Vec<Agent>,
    lines: Vec<Line>,
    idle: Vec<IdlePool>,
    /// Per queue: agents signed in with the skill (idle or busy).
    signed_in: Vec<u32>,
    /// Per group: shifts in progress (shifts may overlap).
    on_shift: Vec<u32>,
    rng: Streams,
    /// Scripted arrivals, and the index of the next one.
    script: Vec<(SimTime, u32)>,
    next_scripted: usize,
}

impl<'m, P: Projection> Engine<'m, P> {
    fn new(model: &'m Model, replication: u32, projection: P) -> Self {
        let mut idle: Vec<IdlePool> = (0..model.queues.len()).map(|_| IdlePool::default()).collect();
        for agent in &model.agents {
            for &(q, _) in &agent.skills {
                idle[q as usize].add_member(agent.weight);
            }
        }
        Engine {
            model,
            projection,
            now: SimTime::ZERO,
            calendar: Calendar::default(),
            calls: Vec::new(),
            free_slots: Vec::new(),
            next_call: 0,
            agents: vec![
                Agent {
                    status: Status::SignedOut,
                    epoch: 0,
                    leaving: false
                };
                model.agents.len()
            ],
            lines: (0..model.queues.len()).map(|_| Line::default()).collect(),
            idle,
            signed_in: vec![0; model.queues.len()],
            on_shift: vec![0; model.groups.len()],
            rng: Streams::new(model, replication),
            script: Vec::new(),
            next_scripted: 0,
        }
    }

    #[inline]
    fn emit(&mut self, event: Event) {
        self.projection.on(self.now, &event);
    }

    /// Signs in the groups without shifts, schedules every shift change within the horizon, then
    /// the first arrival of each traffic entry (or the first scripted arrival).
    fn start(&mut self, arrivals: Arrivals) {
        let horizon = self.model.horizon.0;
        for (g, group) in self.model.groups.iter().enumerate() {
            if group.shifts.is_empty() {
                self.on_shift[g] = 1;
                for agent in group.agents.clone() {
                    self.sign_in(agent);
                }
                continue;
            }
            // Shift changes, day by day; a shift running past midnight of the day before the
            // start covers the first hours. Starts before ends at the same instant, so
            // back-to-back shifts do not sign agents out and in again.
            let mut changes = Vec::new();
            let horizon = i128::from(horizon);
            for day in -1..=horizon / i128::from(DAY) {
                for &(start, length) in &group.shifts {
                    let begin = day * i128::from(DAY) + i128::from(start);
                    let end = begin + i128::from(length);
                    if end <= 0 || begin >= horizon {
                        continue;
                    }
                    changes.push((begin.max(0) as u64, 0, Due::ShiftStart { group: g as u32 }));
                    if end < horizon {
                        changes.push((end as u64, 1, Due::ShiftEnd { group: g as u32 }));
                    }
                }
            }
            changes.sort_by_key(|&(time, order, _)| (time, order));
            for (time, _, due) in changes {
                self.calendar.schedule(SimTime(time), due);
            }
        }
        match arrivals {
            Arrivals::Poisson => {
                for traffic in 0..self.model.traffic.len() {
                    self.schedule_arrival(traffic as u32);
                }
            }
            Arrivals::Scripted(script) => {
                self.script = script;
                self.schedule_scripted();
            }
        }
    }

    /// Schedules the next scripted arrival; one at a time, so the calendar stays small.
    fn schedule_scripted(&mut self) {
        if let Some(&(at, traffic)) = self.script.get(self.next_scripted) {
            self.next_scripted += 1;
            self.calendar.schedule(at.max(self.now), Due::Scripted { traffic });
        }
    }

    fn handle(&mut self, due: Due) {
        match due {
            Due::Arrival { traffic } => {
                self.schedule_arrival(traffic);
                self.arrive(traffic);
            }
            Due::Scripted { traffic } => {
                self.schedule_scripted();
                self.arrive(traffic);
            }
            Due::WaitEnd { slot, token } if self.calls[slot as usize].token == token => self.wait_end(slot),
            Due::WaitEnd { .. } => {} // the call left the line before its deadline
            Due::IvrEnd { slot } => self.leave_ivr(slot),
            Due::TalkEnd { agent } => self.talk_end(agent),
            Due::WrapUpEnd { agent } => self.wrap_up_end(agent),
            Due::ShiftStart { group } => {
                self.on_shift[group as usize] += 1;
                if self.on_shift[group as usize] == 1 {
                    for agent in self.model.groups[group as usize].agents.clone() {
                        self.sign_in(agent);
                    }
                }
            }
            Due::ShiftEnd { group } => {
                self.on_shift[group as usize] -= 1;
                if self.on_shift[group as usize] == 0 {
                    for agent in self.model.groups[group as usize].agents.clone() {
                        self.end_shift(agent);
                    }
                }
            }
        }
    }

    /// Rule "arrivals": Poisson arrivals per traffic entry, none at or after the horizon.
    fn schedule_arrival(&mut self, traffic: u32) {
        let rate = &self.model.traffic[traffic as usize].rate;
        if let Some(at) = rate.next_after(self.now, &mut self.rng.arrivals[traffic as usize])
            && at < self.model.horizon
        {
            self.calendar.schedule(at, Due::Arrival { traffic });
        }
    }

    /// Rule "arrival and routing": the caller's patience is drawn as the call arrives; the dialed
    /// number's called route gives the device.
    fn arrive(&mut self, traffic: u32) {
        let model = &self.model.traffic[traffic as usize];
        let patience = match &model.patience {
            Some(sampler) => sampler.sample(&mut self.rng.patience[traffic as usize]),
            None => u64::MAX,
        };
        let call = Call {
            id: self.next_call,
            traffic,
            priority: model.priority,
            hops: 0,
            patience,
            patience_left: patience,
            token: 0,
            queue: 0,
            since: self.now,
            ivr: 0,
        };
        self.next_call += 1;
        let slot = match self.free_slots.pop() {
            Some(slot) => {
                let token = self.calls[slot as usize].token;
                self.calls[slot as usize] = Call { token, ..call };
                slot
            }
            None => {
                self.calls.push(call);
                (self.calls.len() - 1) as u32
            }
        };
        let device = model.device;
        self.emit(Event::CallArrived { call: call.id, traffic });
        self.emit(Event::Routed { call: call.id, device });
        self.deliver(slot, device, false);
    }

    fn deliver(&mut self, slot: u32, device: DeviceId, transferred: bool) {
        match device {
            DeviceId::Queue(q) => self.offer(slot, q, transferred),
            DeviceId::Ivr(v) => self.enter_ivr(slot, v),
        }
    }

    /// Rule "at an IVR": the caller stays for the IVR's duration.
    fn enter_ivr(&mut self, slot: u32, ivr: u32) {
        let c = &mut self.calls[slot as usize];
        c.ivr = ivr;
        let call = c.id;
        self.emit(Event::EnteredIvr { call, ivr });
        let stay = self.model.ivrs[ivr as usize]
            .duration
            .sample(&mut self.rng.ivr_duration[ivr as usize]);
        self.calendar.schedule(self.now.plus(stay), Due::IvrEnd { slot });
    }

    /// Rule "at an IVR": then leaves by an exit drawn with the exits' probabilities.
    fn leave_ivr(&mut self, slot: u32) {
        let ivr = self.calls[slot as usize].ivr;
        let u: f64 = self.rng.ivr_exit[ivr as usize].random();
        let exits = &self.model.ivrs[ivr as usize].exits;
        let to = exits
            .iter()
            .find(|(cumulative, _)| u < *cumulative)
            .or(exits.last())
            .map_or(Target::Release, |e| e.1);
        let call = self.calls[slot as usize].id;
        self.emit(Event::LeftIvr { call, ivr, to });
        match to {
            Target::Release => self.release(slot, ReleaseCause::Ivr),
            Target::Transfer(device) => self.transfer(slot, DeviceId::Ivr(ivr), device, TransferCause::IvrExit),
        }
    }

    /// Rule "at a skill queue": no agent signed in → NoAgents; an idle agent → answered at once;
    /// the line full → Busy; otherwise the call waits.
    fn offer(&mut self, slot: u32, q: u32, transferred: bool) {
        let queue = &self.model.queues[q as usize];
        let call = self.calls[slot as usize].id;
        self.emit(Event::Offered {
            call,
            queue: q,
            transferred,
        });
        if self.signed_in[q as usize] == 0 {
            let then = queue.on_no_agents;
            self.emit(Event::RejectedNoAgents { call, queue: q, then });
            return self.follow(slot, q, then, TransferCause::NoAgents, ReleaseCause::NoAgents);
        }
        let agents = &self.agents;
        if let Some(agent) = self.idle[q as usize].pop(|a, epoch| agents[a as usize].epoch == epoch) {
            return self.answer(slot, q, agent, 0);
        }
        if self.lines[q as usize].waiting >= queue.max_calls {
            let then = queue.on_busy;
            self.emit(Event::RejectedBusy { call, queue: q, then });
            return self.follow(slot, q, then, TransferCause::Busy, ReleaseCause::Busy);
        }
        let max_wait = queue.max_wait;
        let c = &mut self.calls[slot as usize];
        if self.model.patience_on_transfer == PatienceOnTransfer::Restart {
            c.patience_left = c.patience;
        }
        c.token = c.token.wrapping_add(1);
        c.queue = q;
        c.since = self.now;
        let deadline = self.now.plus(max_wait.min(c.patience_left));
        let entry = Waiting {
            slot,
            token: c.token,
            since: self.now,
            priority: c.priority,
        };
        self.lines[q as usize].push(entry);
        self.emit(Event::Queued { call, queue: q });
        self.calendar.schedule(
            deadline,
            Due::WaitEnd {
                slot,
                token: entry.token,
            },
        );
    }

    /// Rule "while waiting": at the max waiting time the Timeout policy applies (it wins a tie
    /// with patience); when patience runs out first, the caller abandons.
    fn wait_end(&mut self, slot: u32) {
        let c = &mut self.calls[slot as usize];
        let (q, call) = (c.queue, c.id);
        let wait = self.now.since(c.since);
        c.token = c.token.wrapping_add(1);
        self.lines[q as usize].left();
        let queue = &self.model.queues[q as usize];
        if wait >= queue.max_wait {
            c.patience_left = c
                .patience_left
                .saturating_sub(if c.patience == u64::MAX { 0 } else { wait });
            let then = queue.on_timeout;
            self.emit(Event::TimedOut {
                call,
                queue: q,
                wait,
                then,
            });
            self.follow(slot, q, then, TransferCause::Timeout, ReleaseCause::Timeout);
        } else {
            self.emit(Event::Abandoned { call, queue: q, wait });
            self.release(slot, ReleaseCause::Abandoned);
        }
    }

    /// A policy's outcome: release, or transfer to its device.
    fn follow(&mut self, slot: u32, q: u32, then: Target, transfer: TransferCause, release: ReleaseCause) {
        match then {
            Target::Release => self.release(slot, release),
            Target::Transfer(device) => self.transfer(slot, DeviceId::Queue(q), device, transfer),
        }
    }

    /// Rule "transfers": the call keeps its identity and moves on, unless it has used up the
    /// transfer limit, in which case it is released with cause `transfer-limit`.
    fn transfer(&mut self, slot: u32, from: DeviceId, to: DeviceId, cause: TransferCause) {
        let c = &mut self.calls[slot as usize];
        if c.hops >= self.model.transfer_limit {
            return self.release(slot, ReleaseCause::TransferLimit);
        }
        c.hops += 1;
        let call = c.id;
        self.emit(Event::Transferred { call, from, to, cause });
        self.deliver(slot, to, true);
    }

    fn release(&mut self, slot: u32, cause: ReleaseCause) {
        let c = &mut self.calls[slot as usize];
        c.token = c.token.wrapping_add(1);
        let (call, traffic) = (c.id, c.traffic);
        self.free_slots.push(slot);
        self.emit(Event::Released { call, traffic, cause });
    }

    /// Rule "answered": the agent talks for a duration drawn from the queue's talk time, or else
    /// the traffic entry's.
    fn answer(&mut self, slot: u32, q: u32, agent: u32, wait: u64) {
        let a = &mut self.agents[agent as usize];
        a.status = Status::Talking { slot, queue: q };
        a.epoch = a.epoch.wrapping_add(1);
        let c = &mut self.calls[slot as usize];
        if c.patience != u64::MAX {
            c.patience_left = c.patience_left.saturating_sub(wait);
        }
        let (call, traffic) = (c.id, c.traffic as usize);
        self.emit(Event::Answered {
            call,
            queue: q,
            agent,
            wait,
        });
        let talk = match (&self.model.queues[q as usize].talk, &self.model.traffic[traffic].talk) {
            (Some(sampler), _) => sampler.sample(&mut self.rng.queue_talk[q as usize]),
            (None, Some(sampler)) => sampler.sample(&mut self.rng.traffic_talk[traffic]),
            (None, None) => 0, // validation rejects scenarios where a call can reach this
        };
        self.calendar.schedule(self.now.plus(talk), Due::TalkEnd { agent });
    }

    /// Rule "after talk": the agent may transfer the call; else it is released, completed. The
    /// agent then does wrap-up for the queue's wrap-up duration.
    fn talk_end(&mut self, agent: u32) {
        let Status::Talking { slot, queue: q } = self.agents[agent as usize].status else {
            return;
        };
        let call = self.calls[slot as usize].id;
        self.emit(Event::TalkEnded { call, queue: q, agent });
        let queue = &self.model.queues[q as usize];
        let (wrap_up, after_talk) = (queue.wrap_up, queue.after_talk);
        self.agents[agent as usize].status = Status::WrapUp { queue: q };
        match after_talk {
            Some((p, to)) if self.rng.after_talk[q as usize].random::<f64>() < p => {
                self.transfer(slot, DeviceId::Queue(q), to, TransferCause::AfterTalk)
            }
            _ => self.release(slot, ReleaseCause::Completed),
        }
        if wrap_up > 0 {
            self.calendar.schedule(self.now.plus(wrap_up), Due::WrapUpEnd { agent });
        } else {
            self.wrap_up_end(agent);
        }
    }

    fn wrap_up_end(&mut self, agent: u32) {
        let Status::WrapUp { queue } = self.agents[agent as usize].status else {
            return;
        };
        self.emit(Event::WrapUpEnded { agent, queue });
        self.available(agent);
    }

    /// Rule "next call": an available agent takes, among its skill queues, the waiting call of the
    /// highest skill weight, then the highest priority, then the longest wait at its queue (then
    /// the skill listed first); with none waiting it becomes idle. An agent whose shift has ended
    /// signs out instead.
    fn available(&mut self, agent: u32) {
        if self.agents[agent as usize].leaving {
            return self.sign_out(agent);
        }
        let calls = &self.calls;
        let live = |w: &Waiting| calls[w.slot as usize].token == w.token;
        // Preference: skill weight, then caller priority, then the earliest entry into its line.
        let preference = |weight: u32, head: &Waiting| (weight, head.priority, std::cmp::Reverse(head.since));
        let mut best: Option<(u32, u32, Waiting)> = None;
        for &(q, weight) in &self.model.agents[agent as usize].skills {
            if let Some(head) = self.lines[q as usize].front(live)
                && best
                    .as_ref()
                    .is_none_or(|(w, _, b)| preference(weight, &head) > preference(*w, b))
            {
                best = Some((weight, q, head));
            }
        }
        match best {
            Some((_, q, head)) => {
                self.lines[q as usize].pop_front(&head);
                let c = &mut self.calls[head.slot as usize];
                c.token = c.token.wrapping_add(1);
                let wait = self.now.since(head.since);
                self.answer(head.slot, q, agent, wait);
            }
            None => {
                let a = &mut self.agents[agent as usize];
                a.status = Status::Idle;
                let epoch = a.epoch;
                let model = &self.model.agents[agent as usize];
                let agents = &self.agents;
                for &(q, _) in &model.skills {
                    self.idle[q as usize].push(agent, epoch, model.weight, |a, e| agents[a as usize].epoch == e);
                }
            }
        }
    }

    /// Rule "shifts": at the start of a shift the agent signs in and is available.
    fn sign_in(&mut self, agent: u32) {
        let a = &mut self.agents[agent as usize];
        if a.status != Status::SignedOut {
            a.leaving = false; // a new shift began before the agent could leave
            return;
        }
        a.status = Status::Idle;
        for &(q, _) in &self.model.agents[agent as usize].skills {
            self.signed_in[q as usize] += 1;
        }
        self.emit(Event::AgentSignedIn { agent });
        self.available(agent);
    }

    /// Rule "shifts": at the end of a shift an idle agent signs out at once; a busy one finishes
    /// its call and wrap-up first.
    fn end_shift(&mut self, agent: u32) {
        match self.agents[agent as usize].status {
            Status::Idle => self.sign_out(agent),
            Status::Talking { .. } | Status::WrapUp { .. } => self.agents[agent as usize].leaving = true,
            Status::SignedOut => {}
        }
    }

    fn sign_out(&mut self, agent: u32) {
        let a = &mut self.agents[agent as usize];
        a.status = Status::SignedOut;
        a.leaving = false;
        a.epoch = a.epoch.wrapping_add(1);
        for &(q, _) in &self.model.agents[agent as usize].skills {
            self.signed_in[q as usize] -= 1;
        }
        self.emit(Event::AgentSignedOut { agent });
    }
}
