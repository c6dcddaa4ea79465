//! The discrete-event engine: pushes simulated calls through a compiled [`Model`] and hands every
//! state change to a [`Projection`] as an [`Event`].
//!
//! The rules it implements are written down, one by one, in `docs/semantics.md`; each function
//! names the rule it implements. The engine keeps only what it needs to decide what happens next
//! (calls in the system, agents, waiting lines, idle pools); everything a report shows is
//! computed from the events.
//!
//! ```text
//! arrival ─► route ─► IVR ─exit─► skill queue ─► no agents signed in ─► NoAgents policy
//!                                     │        ─► an idle agent       ─► rings / answered
//!                                     │        ─► line full           ─► Busy policy
//!                                     └─ waits ─► patience ends       ─► abandoned
//!                                               ─► max waiting time   ─► Timeout policy
//!                                               ─► an agent is free   ─► rings / answered
//! rings ─► answered, or no answer / rejected (agent busy, call back in its place in the line)
//! answered ─► talk ─► (transfer by the agent) ─► agent wrap-up ─► agent takes the next call
//! agent: signed out ─► idle ⇄ ringing ─► talking ─► wrap-up ─► idle … busy / rest ─► idle
//! ```
//!
//! The call flow is in `flow`, the agents' states (shifts, breaks, busy spells) in `agents`,
//! what a live session can change while the simulation runs in `control`.
//!
//! [`run`] runs a replication to its end in one go. [`Simulation`] runs one in steps, for a live
//! session that paces it against the wall clock and applies [`Control`]s between steps; a
//! simulation advanced in steps gives the same events as one run in one go.

mod agents;
mod calendar;
mod consult;
mod control;
mod flow;
mod idle;
mod lines;
mod sessions;
mod trunk;
mod warm;

use std::sync::Arc;

use crate::input::scenario::{AgentChoice, NextCall};
use crate::sim::event::{CallId, Event, Projection};
use crate::sim::id::{AgentId, CallSlot, GroupId, Id, IvrId, QueueId, Table, TrafficId};
use crate::sim::model::streams::{Source, Stream, stream};
use crate::sim::model::{GroupModel, IvrModel, Model, QueueModel, TrafficModel};
use crate::sim::time::{SimDuration, SimTime};

use calendar::{Calendar, Due};
pub use control::{Control, MAX_ARRIVAL_FACTOR, Pace};
use idle::IdlePool;
use lines::Line;

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
    /// Exactly these calls, in non-decreasing time (real call records, or a test's script).
    /// The horizon does not cut them off.
    Scripted(Arc<[ScriptedCall]>),
}

/// A call that arrives when a script (or a call record) says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScriptedCall {
    pub at: SimTime,
    /// The traffic entry of its dialed number.
    pub traffic: TrafficId,
    /// Talk time at its first answer; `None`: drawn as for any call.
    pub talk: Option<SimDuration>,
    /// Patience; `None`: drawn as for any call.
    pub patience: Option<SimDuration>,
}

impl ScriptedCall {
    /// A call dialing traffic entry `traffic` at `at`, with talk time and patience drawn.
    pub fn new(at: SimTime, traffic: TrafficId) -> Self {
        ScriptedCall { at, traffic, talk: None, patience: None }
    }
}

/// [`run`], with the arrivals given.
pub fn run_with<P: Projection>(model: &Model, replication: u32, arrivals: Arrivals, projection: P) -> P {
    Simulation::new(model, replication, arrivals, projection).finish()
}

/// A replication run in steps: advanced to a time, told a [`Control`], advanced again.
///
/// Advancing to `t1` and then to `t2` gives exactly the events of advancing to `t2` at once, so
/// the steps a live session happens to take leave no trace in the events; only the controls and
/// the times they were applied at do, and they are events themselves. Replaying them at the same
/// times gives the same events ([`crate::app::resimulate`]).
pub struct Simulation<'m, P> {
    engine: Engine<'m, P>,
}

impl<P> std::fmt::Debug for Simulation<'_, P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Simulation").field("now", &self.engine.now).finish_non_exhaustive()
    }
}

impl<'m, P: Projection> Simulation<'m, P> {
    /// Replication `replication` of `model` at time zero: agents without shifts signed in, the
    /// first arrivals scheduled.
    pub fn new(model: &'m Model, replication: u32, arrivals: Arrivals, projection: P) -> Self {
        let mut engine = Engine::new(model, replication, projection);
        engine.start(arrivals);
        Simulation { engine }
    }

    /// The simulated time: that of the last step, or of the last event handled.
    pub fn now(&self) -> SimTime {
        self.engine.now
    }

    /// Whether nothing is left to happen: arrivals have stopped and every call has ended.
    pub fn is_over(&self) -> bool {
        self.engine.calendar.peek_time().is_none()
    }

    /// Handles everything due at or before `until` (about `budget` calendar entries at most), then sets
    /// the clock to `until` if it got there — but once nothing is left to happen, not past the
    /// horizon or the last event. Returns whether it got there: with a budget, a caller can look
    /// for controls between slices of a busy simulated stretch.
    pub fn advance(&mut self, until: SimTime, budget: usize) -> bool {
        let mut handled = 0;
        loop {
            match self.engine.calendar.peek_time() {
                // Out of budget, stop between instants only: a control then applies after
                // everything due at the current instant, as it does after `advance(now)`.
                Some(time) if handled >= budget && time > self.engine.now => return false,
                Some(time) if time <= until => {
                    handled += 1;
                    let Some((time, due)) = self.engine.calendar.pop() else { return true };
                    debug_assert!(time >= self.engine.now, "the clock never goes back");
                    self.engine.now = time;
                    self.engine.handle(due);
                }
                Some(_) => {
                    self.engine.now = self.engine.now.max(until);
                    return true;
                }
                None => {
                    self.engine.now = self.engine.now.max(until.min(self.engine.model.horizon));
                    return true;
                }
            }
        }
    }

    /// Applies `control` now, after everything due at or before now (what an earlier control
    /// scheduled for this very instant included), recording it as an event. So two controls at
    /// one instant apply as they would with an [`Simulation::advance`] between them, which is what
    /// a resimulation does.
    pub fn apply(&mut self, control: Control) {
        self.advance(self.engine.now, usize::MAX);
        self.engine.apply(control);
    }

    /// The factor traffic entry `traffic`'s arrival rate is multiplied by (1 unless a control
    /// changed it).
    pub fn arrival_factor(&self, traffic: TrafficId) -> f64 {
        self.engine.arrival_scale[traffic].factor
    }

    pub fn projection(&self) -> &P {
        &self.engine.projection
    }

    pub fn projection_mut(&mut self) -> &mut P {
        &mut self.engine.projection
    }

    /// Stops here and gives back the projection (what is left does not run).
    pub fn into_projection(self) -> P {
        self.engine.projection
    }

    /// Runs what is left to its end and gives back the projection.
    pub fn finish(mut self) -> P {
        while let Some((time, due)) = self.engine.calendar.pop() {
            debug_assert!(time >= self.engine.now, "the clock never goes back");
            self.engine.now = time;
            self.engine.handle(due);
        }
        self.engine.projection
    }
}

/// No agent (a call that is not ringing anywhere).
const NOBODY: AgentId = AgentId(u32::MAX);

/// A call in the system.
#[derive(Debug, Clone, Copy)]
struct Call {
    id: CallId,
    traffic: TrafficId,
    priority: u8,
    /// Transfers made so far (in this attempt).
    hops: u32,
    /// Times the caller called again so far.
    retrials: u32,
    /// Whether it is a callback waiting for its turn or being dialled (then `since` is when the
    /// caller asked for it).
    callback: bool,
    /// Whether the call has been offered to a skill queue yet (patience per queue applies at
    /// the first).
    offered: bool,
    /// Whether its patience came from a call record (a queue's distribution does not replace it).
    recorded_patience: bool,
    /// The caller's patience ([`SimDuration::FOREVER`]: never hangs up).
    patience: SimDuration,
    /// What is left of it at entry into the current queue.
    patience_left: SimDuration,
    /// Moves on whenever the call leaves a line or a ringing agent, so stale line entries and
    /// timers are recognised. Never reset, not even when the slot is reused.
    token: u32,
    /// The queue of the current visit, and when the call entered it.
    queue: QueueId,
    since: SimTime,
    /// The IVR the call is in.
    ivr: IvrId,
    /// The agent the call is ringing at, or [`NOBODY`].
    ringing_at: AgentId,
    /// A recorded talk time for its first answer, or [`DRAW`].
    talk: SimDuration,
    /// Whether it holds a line (`[lines]`).
    line: bool,
    /// The agent who transferred it and stays on the line with it (rule 32), or [`NOBODY`].
    consultant: AgentId,
}

/// No recorded value: draw it.
const DRAW: SimDuration = SimDuration::FOREVER;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    SignedOut,
    Idle,
    Ringing {
        slot: CallSlot,
        queue: QueueId,
    },
    Talking {
        slot: CallSlot,
        queue: QueueId,
    },
    /// On the line of the call it transferred from `queue` (rule 32): talking, for the reports.
    Consulting {
        slot: CallSlot,
        queue: QueueId,
    },
    WrapUp {
        queue: QueueId,
    },
    /// A concurrent agent with sessions in progress (rule 31): their calls are in
    /// [`Engine::rooms`] and the calendar, and the agent waits in the pools of the queues it
    /// still has room for.
    Sessions,
    Busy,
    Rest,
}

/// What an agent will do once available, instead of taking a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending {
    Nothing,
    /// A break of this length.
    Rest(SimDuration),
    /// A busy spell of this length.
    Busy(SimDuration),
}

#[derive(Debug, Clone, Copy)]
struct Agent {
    status: Status,
    /// Moves on whenever the agent stops being idle, so stale idle-pool entries are recognised.
    epoch: u32,
    /// Moves on whenever a pending ring, busy or rest timer becomes moot.
    timer: u32,
    /// The shift ended while busy: sign out once available.
    leaving: bool,
    pending: Pending,
}

/// A traffic entry's arrival rate as controls left it.
#[derive(Debug, Clone, Copy)]
struct Scale {
    /// The scenario's rate is multiplied by this.
    factor: f64,
    /// Moves on when the factor changes, so the arrival drawn at the old rate is recognised.
    epoch: u32,
}

/// Random streams, one per source and entity (see [`crate::sim::model::streams`]).
#[derive(Debug)]
struct Streams {
    arrivals: Table<TrafficId, Stream>,
    patience: Table<TrafficId, Stream>,
    traffic_talk: Table<TrafficId, Stream>,
    queue_talk: Table<QueueId, Stream>,
    queue_patience: Table<QueueId, Stream>,
    after_talk: Table<QueueId, Stream>,
    ivr_duration: Table<IvrId, Stream>,
    ivr_exit: Table<IvrId, Stream>,
    ring: Table<GroupId, Stream>,
    shrinkage: Table<GroupId, Stream>,
    reject: Table<GroupId, Stream>,
    busyness: Stream,
    retrial: Table<TrafficId, Stream>,
    callback: Table<QueueId, Stream>,
    wrap_up: Table<QueueId, Stream>,
    agent_choice: Table<QueueId, Stream>,
    conference: Table<QueueId, Stream>,
}

impl Streams {
    fn new(model: &Model, replication: u32) -> Self {
        /// One stream per entity of `table`, each named by `name`.
        fn each<I: Id, T>(
            model: &Model,
            replication: u32,
            table: &Table<I, T>,
            name: fn(&T) -> &str,
            source: Source,
        ) -> Table<I, Stream> {
            table.iter().map(|item| stream(model.seed, replication, source, name(item))).collect()
        }
        let (m, r) = (model, replication);
        fn dialed(t: &TrafficModel) -> &str {
            &t.dialed
        }
        fn queue(q: &QueueModel) -> &str {
            &q.name
        }
        fn ivr(v: &IvrModel) -> &str {
            &v.name
        }
        fn group(g: &GroupModel) -> &str {
            &g.name
        }
        Streams {
            arrivals: each(m, r, &m.traffic, dialed, Source::Arrivals),
            patience: each(m, r, &m.traffic, dialed, Source::Patience),
            traffic_talk: each(m, r, &m.traffic, dialed, Source::TrafficTalk),
            queue_talk: each(m, r, &m.queues, queue, Source::QueueTalk),
            queue_patience: each(m, r, &m.queues, queue, Source::QueuePatience),
            after_talk: each(m, r, &m.queues, queue, Source::AfterTalk),
            ivr_duration: each(m, r, &m.ivrs, ivr, Source::IvrDuration),
            ivr_exit: each(m, r, &m.ivrs, ivr, Source::IvrExit),
            ring: each(m, r, &m.groups, group, Source::RingTime),
            shrinkage: each(m, r, &m.groups, group, Source::Shrinkage),
            reject: each(m, r, &m.groups, group, Source::Reject),
            busyness: stream(m.seed, r, Source::Busyness, "busyness"),
            retrial: each(m, r, &m.traffic, dialed, Source::Retrial),
            callback: each(m, r, &m.queues, queue, Source::Callback),
            wrap_up: each(m, r, &m.queues, queue, Source::WrapUp),
            agent_choice: each(m, r, &m.queues, queue, Source::AgentChoice),
            conference: each(m, r, &m.queues, queue, Source::Conference),
        }
    }
}

struct Engine<'m, P> {
    model: &'m Model,
    projection: P,
    now: SimTime,
    calendar: Calendar,
    calls: Table<CallSlot, Call>,
    free_slots: Vec<CallSlot>,
    next_call: CallId,
    agents: Table<AgentId, Agent>,
    lines: Table<QueueId, Line>,
    idle: Table<QueueId, IdlePool>,
    /// Per queue: agents signed in with the skill (in any state).
    signed_in: Table<QueueId, u32>,
    /// Per group: shifts in progress (shifts may overlap).
    on_shift: Table<GroupId, u32>,
    rng: Streams,
    /// Per traffic entry.
    arrival_scale: Table<TrafficId, Scale>,
    /// Each day's busyness factor so far, drawn as the first arrival of the day is scheduled.
    busyness: Vec<f64>,
    /// Whether any caller may call again ([`Model::has_retrials`], looked up once).
    retrials: bool,
    /// Whether any rule sets a caller's patience at a queue (a queue's own patience, or a
    /// `patience_on_transfer` other than `continue`), looked up once: without, offers skip it.
    patience_rules: bool,
    /// Per agent, with a `fewest-calls` queue (else empty): (day, calls handled that day).
    handled: Table<AgentId, (u64, u32)>,
    /// Whether a talk depends on who answers (a talk factor other than 1) or must be counted
    /// for `fewest-calls`, looked up once: without, a talk starts as drawn.
    who_answers_matters: bool,
    /// Whether some queue chooses its idle agents by a rule other than the longest idle, or has
    /// tiers, looked up once: without, idle agents are popped the longest idle first.
    idle_rules: bool,
    /// Whether some queue has tiers or some group a `next_call` rule other than skill weight,
    /// looked up once: without, a free agent ranks its queues' callers by skill weight alone.
    routing_rules: bool,
    /// Lines taken, with `[lines]`.
    trunk: Option<trunk::LinesInUse>,
    /// Per agent, with concurrent sessions anywhere (else empty): its room in use.
    rooms: Table<AgentId, sessions::Room>,
    /// Whether some group has concurrent sessions, looked up once.
    concurrency: bool,
    /// Whether some queue's agents stay on the line of the calls they transfer, looked up once.
    consults: bool,
    /// Scripted arrivals, and the index of the next one.
    script: Arc<[ScriptedCall]>,
    next_scripted: usize,
}

impl<'m, P: Projection> Engine<'m, P> {
    fn new(model: &'m Model, replication: u32, projection: P) -> Self {
        let mut idle: Table<QueueId, IdlePool> = Table::from_fn(model.queues.len(), |_| IdlePool::default());
        for agent in &model.agents {
            for &(q, _) in &agent.skills {
                idle[q].add_member(agent.weight);
            }
        }
        let agent = Agent { status: Status::SignedOut, epoch: 0, timer: 0, leaving: false, pending: Pending::Nothing };
        Engine {
            model,
            projection,
            now: SimTime::ZERO,
            calendar: Calendar::default(),
            calls: Table::new(),
            free_slots: Vec::new(),
            next_call: 0,
            agents: Table::from_fn(model.agents.len(), |_| agent),
            lines: Table::from_fn(model.queues.len(), |_| Line::default()),
            idle,
            signed_in: Table::from_fn(model.queues.len(), |_| 0),
            on_shift: Table::from_fn(model.groups.len(), |_| 0),
            rng: Streams::new(model, replication),
            arrival_scale: Table::from_fn(model.traffic.len(), |_| Scale { factor: 1.0, epoch: 0 }),
            busyness: Vec::new(),
            retrials: model.has_retrials(),
            idle_rules: model.queues.iter().any(|q| q.agent_choice != AgentChoice::LongestIdle || q.tiers.is_some())
                || model.has_sessions(),
            routing_rules: model.queues.iter().any(|q| q.tiers.is_some())
                || model.groups.iter().any(|g| g.next_call != NextCall::SkillWeight)
                || model.has_sessions(),
            rooms: match model.has_sessions() {
                true => Table::from_fn(model.agents.len(), |_| sessions::Room::default()),
                false => Table::new(),
            },
            concurrency: model.has_sessions(),
            consults: model.has_consults(),
            trunk: model.lines.as_ref().map(|lines| trunk::LinesInUse::new(lines.codes.len())),
            who_answers_matters: model.counts_handled_calls()
                || model.agents.iter().any(|a| !a.talk_factors.is_empty()),
            handled: match model.counts_handled_calls() {
                true => Table::from_fn(model.agents.len(), |_| (0, 0)),
                false => Table::new(),
            },
            patience_rules: model.queues.iter().any(|q| q.patience.is_some())
                || model.patience_on_transfer != crate::input::scenario::PatienceOnTransfer::Continue,
            script: Arc::new([]),
            next_scripted: 0,
        }
    }

    #[inline]
    fn emit(&mut self, event: Event) {
        self.projection.on(self.now, &event);
    }

    /// Signs in the groups without shifts, schedules shift changes, breaks and busy spells, then
    /// the first arrival of each traffic entry (or the first scripted arrival).
    fn start(&mut self, arrivals: Arrivals) {
        match self.model.warm_start.clone() {
            None => self.start_staff(None),
            Some(warm) => self.warm_start(&warm),
        }
        match arrivals {
            Arrivals::Poisson => {
                for traffic in self.model.traffic.ids() {
                    self.schedule_arrival(traffic);
                }
            }
            Arrivals::Scripted(script) => {
                // From a warm start, the records before it are past (rule 28).
                self.next_scripted = script.partition_point(|call| call.at < self.now);
                self.script = script;
                self.schedule_scripted();
            }
        }
    }

    fn handle(&mut self, due: Due) {
        match due {
            Due::Arrival { traffic, epoch } if self.arrival_scale[traffic].epoch == epoch => {
                self.schedule_arrival(traffic);
                self.arrive(traffic, None, None);
            }
            Due::Arrival { .. } => {} // drawn at a rate a control has since changed
            Due::Scripted { index } => {
                self.schedule_scripted();
                let call = self.script[index as usize];
                self.arrive(call.traffic, call.patience, call.talk);
            }
            Due::WaitEnd { slot, token } if self.calls[slot].token == token => self.wait_end(slot),
            Due::WaitEnd { .. } => {} // the call left the line (or the ringing agent) before its deadline
            Due::TierOpens { slot, token } if self.calls[slot].token == token => self.tier_opens(slot),
            Due::TierOpens { .. } => {} // the call left the line before the tier opened
            Due::IvrEnd { slot } => self.leave_ivr(slot),
            Due::Retry { slot } => self.call_again(slot),
            Due::RingEnd { agent, timer, answered } if self.agents[agent].timer == timer => {
                self.ring_end(agent, answered)
            }
            Due::TalkEnd { agent } => self.talk_end(agent),
            Due::WrapUpEnd { agent } => self.wrap_up_end(agent),
            Due::SessionEnd { agent, slot } => self.session_end(agent, slot),
            Due::ConsultEnd { agent, timer } if self.agents[agent].timer == timer => self.consult_end(agent),
            Due::ConsultEnd { .. } => {} // the call ended before the conference time did
            Due::SessionWrapUpEnd { agent, queue } => self.session_wrap_up_end(agent, queue),
            Due::AwayEnd { agent, timer } if self.agents[agent].timer == timer => self.away_end(agent),
            Due::RingEnd { .. } | Due::AwayEnd { .. } => {} // the caller hung up, or the agent signed out
            Due::ShiftStart { group } => self.shift_start(group),
            Due::ShiftEnd { group } => self.shift_end(group),
            Due::Break { agent, index } => self.break_due(agent, index),
            Due::Shrinkage { agent } => self.shrinkage_due(agent),
        }
    }
}
