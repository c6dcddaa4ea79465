//! The run summary: one fold over a replication's events into every report table. Each figure's
//! definition is in `docs/reports.md`; this file routes each event to the tallies it feeds.
//!
//! Counting window: a call counts if it arrived at or after the warm-up (calls are numbered in
//! order of arrival, so that is "its id is at least the first such id"); its every event counts,
//! even after the horizon. Time-based figures (agent time, calls waiting) count within
//! [warm-up, horizon], whichever call they concern.

use crate::input::scenario::ServiceLevelOf;
use crate::sim::agent_states::AgentStates;
use crate::sim::event::{CallId, Event, Projection, TransferCause};
use crate::sim::id::{self, AgentId, IvrId, QueueId, TrafficId};
use crate::sim::model::{Destination, DeviceId, Model};
use crate::sim::time::{SimDuration, SimTime};

use super::agents::{self, AgentState, AgentTime, StateTime};
use super::calls::{CallFacts, LiveCalls};
use super::columns::{self, AGENT_GROUPS, AGENTS, CALLBACKS, GROUP_INTERVALS, IVR_EXITS, IVRS, RETRIALS, SESSIONS};
use super::intervals::Intervals;
use super::ivrs::{self, IvrTally};
use super::sessions::{self, SessionWork};
use super::table::{Cell, Row, Table, Tables};
use super::vdn::CallOutcomes;
use super::visits::{VisitTally, Waits};

/// Where a counted visit's figures go: its queue, its call's dialed number, its interval.
#[derive(Debug, Clone, Copy)]
struct VisitKey {
    queue: QueueId,
    traffic: TrafficId,
    interval: usize,
}

/// What an agent is working on, for crediting ring, talk and wrap-up time to its visit.
#[derive(Debug, Clone, Copy)]
struct Work {
    /// The visit, if its call counts.
    visit: Option<VisitKey>,
    /// When the current ring, talk or wrap-up started.
    since: SimTime,
}

/// The number of calls at one queue (offered, not yet answered or ended there) over time.
#[derive(Debug, Clone, Copy, Default)]
struct Waiting {
    calls: u64,
    since: SimTime,
}

/// The summary projection of one replication.
#[derive(Debug)]
///
/// `COUNTS_SESSIONS` says whether it counts concurrent sessions (rule 31): [`Summary::new`] does, and
/// is right for every model; [`Summary::without_sessions`] is the same fold without a test for
/// them on every event, for the models that have none.
pub struct Summary<'m, const COUNTS_SESSIONS: bool = true> {
    model: &'m Model,
    intervals: Intervals,
    first_counted: Option<CallId>,
    calls: LiveCalls<CallFacts>,
    queue_waits: id::Table<QueueId, Waits>,
    access: id::Table<TrafficId, VisitTally>,
    access_waits: id::Table<TrafficId, Waits>,
    /// Per (interval, queue), indexed `interval * queues + queue`. Every visit counts in exactly
    /// one interval, so a queue's figures are the sum of its intervals' (`queue_totals`).
    by_interval: Vec<VisitTally>,
    waiting: id::Table<QueueId, Waiting>,
    /// Call-time waiting per (interval, queue) in the window; a queue's total is their sum.
    waiting_by_interval: Vec<SimDuration>,
    outcomes: id::Table<TrafficId, CallOutcomes>,
    ivrs: id::Table<IvrId, IvrTally>,
    ivr_targets: id::Table<IvrId, Vec<Destination>>,
    agents: AgentTime,
    work: id::Table<AgentId, Work>,
    /// The last talk that ended: (call, agent), to credit an after-talk transfer to its agent.
    last_talk: Option<(CallId, AgentId)>,
    callbacks: id::Table<QueueId, CallbackTally>,
    /// Per agent (only with callbacks): the queue of the counted callback it is talking on.
    callback_talk: id::Table<AgentId, Option<QueueId>>,
    /// Agents' states, with concurrent agents' sessions counted.
    states: AgentStates,
    /// What each session of a concurrent agent is credited to.
    sessions: SessionWork<Work>,
    /// Whether some agent has concurrent sessions ([`Model::has_sessions`], looked up once).
    concurrent: bool,
}

/// One queue's callbacks (counted calls only).
#[derive(Debug, Clone, Copy, Default)]
struct CallbackTally {
    requested: u64,
    reached: u64,
    unreached: u64,
    /// Reached within the queue's callback threshold.
    within: u64,
    /// Σ request → reached.
    delay: SimDuration,
    talk: SimDuration,
    talks: u64,
}

impl CallbackTally {
    fn add(&mut self, other: &CallbackTally) {
        self.requested += other.requested;
        self.reached += other.reached;
        self.unreached += other.unreached;
        self.within += other.within;
        self.delay += other.delay;
        self.talk += other.talk;
        self.talks += other.talks;
    }

    /// The cells of the `callbacks` columns, in order.
    fn values(&self) -> Vec<Cell> {
        vec![
            Cell::count(self.requested),
            Cell::count(self.reached),
            Cell::count(self.unreached),
            Cell::ratio(self.reached, self.reached + self.unreached),
            Cell::ratio(self.within, self.requested),
            Cell::mean_secs(self.delay, self.reached),
            Cell::mean_secs(self.talk, self.talks),
        ]
    }
}

impl<'m> Summary<'m> {
    /// The fold of a replication of `model`, whatever its agents.
    pub fn new(model: &'m Model) -> Self {
        Summary::build(model)
    }
}

impl<'m> Summary<'m, false> {
    /// The fold of a replication of `model`, if no agent of it has concurrent sessions.
    pub fn without_sessions(model: &'m Model) -> Option<Self> {
        (!model.has_sessions()).then(|| Summary::build(model))
    }
}

impl<'m, const COUNTS_SESSIONS: bool> Summary<'m, COUNTS_SESSIONS> {
    fn build(model: &'m Model) -> Self {
        let intervals = Intervals::of(model);
        let queues = model.queues.len();
        let agents = AgentTime::new(model, intervals.clone());
        let rows = intervals.count();
        Summary {
            model,
            intervals,
            first_counted: None,
            calls: LiveCalls::default(),
            queue_waits: id::Table::from_fn(queues, |_| Waits::default()),
            access: id::Table::from_fn(model.traffic.len(), |_| VisitTally::default()),
            access_waits: id::Table::from_fn(model.traffic.len(), |_| Waits::default()),
            by_interval: vec![VisitTally::default(); rows * queues],
            waiting: id::Table::from_fn(queues, |_| Waiting::default()),
            waiting_by_interval: vec![SimDuration::ZERO; rows * queues],
            outcomes: id::Table::from_fn(model.traffic.len(), |_| CallOutcomes::default()),
            ivrs: id::Table::from_fn(model.ivrs.len(), |v| IvrTally::new(model, v)),
            ivr_targets: id::Table::from_fn(model.ivrs.len(), |v| ivrs::exit_targets(model, v)),
            agents,
            work: id::Table::from_fn(model.agents.len(), |_| Work { visit: None, since: SimTime::ZERO }),
            callbacks: id::Table::from_fn(queues, |_| CallbackTally::default()),
            callback_talk: id::Table::from_fn(if model.has_callbacks() { model.agents.len() } else { 0 }, |_| None),
            last_talk: None,
            states: AgentStates::new(model),
            sessions: SessionWork::new(model),
            concurrent: model.has_sessions(),
        }
    }

    /// A call in the system from `t` on, there since `arrived`; it counts if it is in the
    /// counting window.
    #[inline]
    fn arrive(&mut self, call: CallId, traffic: TrafficId, t: SimTime, arrived: SimTime) {
        if self.first_counted.is_none() && t >= self.model.warmup {
            self.first_counted = Some(call);
        }
        let counted = self.first_counted.is_some_and(|first| call >= first);
        self.calls.arrive(call, CallFacts { traffic, arrived, offered: t, entered_ivr: t, counted });
        self.outcomes[traffic].calls += u64::from(counted);
    }

    /// The visit `call` is making to `queue`, if the call counts.
    fn visit(&self, call: CallId, queue: QueueId) -> Option<VisitKey> {
        let facts = self.calls.get(call).filter(|f| f.counted)?;
        Some(VisitKey { queue, traffic: facts.traffic, interval: self.intervals.index(facts.offered) })
    }

    /// Applies `f` to the dialed number's and the (interval, queue)'s tallies of a visit.
    fn tally(&mut self, key: VisitKey, f: impl Fn(&mut VisitTally)) {
        f(&mut self.access[key.traffic]);
        f(&mut self.by_interval[key.interval * self.model.queues.len() + key.queue.index()]);
    }

    /// A request's wait, into the queue's and the dialed number's histograms.
    fn record_wait(&mut self, key: VisitKey, wait: SimDuration) {
        self.queue_waits[key.queue].record(wait);
        self.access_waits[key.traffic].record(wait);
    }

    /// The number of calls at `queue` changes by `delta` at `t`.
    fn waiting_changes(&mut self, queue: QueueId, delta: i64, t: SimTime) {
        let (q, queues) = (queue.index(), self.model.queues.len());
        let waiting = self.waiting[queue];
        if waiting.calls > 0 {
            let by_interval = &mut self.waiting_by_interval;
            self.intervals.spread(waiting.since, t, |i, length| by_interval[i * queues + q] += length * waiting.calls);
        }
        self.waiting[queue] = Waiting { calls: waiting.calls.saturating_add_signed(delta), since: t };
    }

    fn agent_becomes(&mut self, agent: AgentId, state: AgentState, t: SimTime) {
        let group = self.model.agents[agent].group;
        self.agents.become_(agent, group, state, t);
    }

    /// Before the fold of `event`, with concurrent sessions somewhere (rule 31): a concurrent
    /// agent's state is counted from its sessions, and the talk or wrap-up that ends is put in
    /// its `work`, for the fold to credit to that session's visit as for any agent.
    #[inline(never)] // only with concurrent sessions, so that other runs' fold has no test for them
    fn before_concurrent(&mut self, t: SimTime, event: &Event) {
        match *event {
            Event::TalkEnded { call, agent, .. } if self.states.sessions(agent).is_some() => {
                if let Some(talk) = self.sessions.talk_ended(agent, call, |w| Work { since: t, ..w }) {
                    self.work[agent] = talk;
                }
            }
            Event::WrapUpEnded { agent, queue } if self.states.sessions(agent).is_some() => {
                self.agents.session_changes(self.model, agent, queue, -1, t);
                if let Some(wrap_up) = self.sessions.wrap_up_ended(agent, queue) {
                    self.work[agent] = wrap_up;
                }
            }
            _ => {}
        }
    }

    /// After the fold of `event`, with concurrent sessions somewhere: a session that starts is
    /// kept with what the fold credits it to.
    #[inline(never)] // only with concurrent sessions
    fn after_concurrent(&mut self, t: SimTime, event: &Event) {
        if let Event::Answered { call, queue, agent, .. } | Event::CallbackReached { call, queue, agent, .. } = *event
            && self.states.sessions(agent).is_some()
        {
            self.sessions.answered(agent, call, queue, self.work[agent]);
            self.agents.session_changes(self.model, agent, queue, 1, t);
        }
    }

    /// A ring at `agent` ended at `t` (answered, not answered, rejected or abandoned).
    fn ring_ends(&mut self, agent: AgentId, t: SimTime) {
        if self.agents.clocks[agent].state != AgentState::Ringing {
            return;
        }
        let work = self.work[agent];
        if let Some(key) = work.visit {
            self.tally(key, |v| v.ring(t.since(work.since)));
        }
    }

    /// The figures of this replication, closing every clock at the horizon.
    pub fn finish(mut self) -> Tables {
        let horizon = self.model.horizon;
        for q in self.model.queues.ids() {
            self.waiting_changes(q, 0, horizon);
        }
        self.agents.close(self.model);
        let mut tables = vec![self.skill_queues(), self.access_codes(), self.dialed_numbers()];
        if self.model.has_retrials() {
            tables.push(self.retrial_table());
        }
        if self.model.has_callbacks() {
            tables.push(self.callback_table());
        }
        tables.extend([self.agent_table(), self.agent_groups()]);
        if self.model.has_sessions() {
            tables.push(self.sessions_table());
        }
        tables.extend([self.ivr_table(), self.ivr_exits(), self.queue_intervals(), self.group_intervals()]);
        Tables(tables)
    }

    fn callback_table(&self) -> Table {
        let mut rows = Vec::new();
        let mut all = CallbackTally::default();
        for (q, tally) in self.callbacks.enumerate().filter(|(q, _)| self.model.queues[*q].callback.is_some()) {
            rows.push(Row::new(vec![self.model.queues[q].name.clone()], tally.values()));
            all.add(tally);
        }
        rows.push(Row::new(vec!["all queues".into()], all.values()));
        Table::new(&CALLBACKS, rows)
    }

    fn retrial_table(&self) -> Table {
        let mut rows: Vec<Row> = (self.outcomes.enumerate())
            .map(|(i, outcomes)| Row::new(vec![self.model.traffic[i].dialed.clone()], outcomes.retrial_values()))
            .collect();
        let mut all = CallOutcomes::default();
        self.outcomes.iter().for_each(|outcomes| all.add(outcomes));
        rows.push(Row::new(vec!["all numbers".into()], all.retrial_values()));
        Table::new(&RETRIALS, rows)
    }

    /// Each queue's visit tally and call-time waiting: the sums over its intervals.
    fn queue_totals(&self) -> Vec<(VisitTally, SimDuration)> {
        let queues = self.model.queues.len();
        let mut totals = vec![(VisitTally::default(), SimDuration::ZERO); queues];
        for (cell, (tally, waiting)) in self.by_interval.iter().zip(&self.waiting_by_interval).enumerate() {
            let total = &mut totals[cell % queues];
            total.0.add(tally);
            total.1 += *waiting;
        }
        totals
    }

    fn skill_queues(&self) -> Table {
        let model = self.model;
        let window = self.model.horizon.since(self.model.warmup);
        // Agent time per queue: each agent counts at every queue it holds a skill for.
        let mut skilled: id::Table<QueueId, StateTime> = id::Table::from_fn(model.queues.len(), |_| Default::default());
        let mut all_time: StateTime = Default::default();
        for (agent, clock) in model.agents.iter().zip(&self.agents.clocks) {
            for &(q, _) in &agent.skills {
                agents::add_time(&mut skilled[q], &clock.time);
            }
            agents::add_time(&mut all_time, &clock.time);
        }
        let mut rows = Vec::with_capacity(model.queues.len() + 1);
        let (mut total, mut total_waiting, mut total_waits) =
            (VisitTally::default(), SimDuration::ZERO, Waits::default());
        let ratios = model.ratios;
        for (q, (tally, waiting)) in self.model.queues.ids().zip(self.queue_totals()) {
            let mut values = tally.values(model.queues[q].service_level_of, ratios);
            values.extend(self.queue_waits[q].percentile_cells());
            values.extend([Cell::share(waiting, window), agents::occupancy(&skilled[q])]);
            rows.push(Row::new(vec![model.queues[q].name.clone()], values));
            total.add(&tally);
            total_waiting += waiting;
            total_waits.add(&self.queue_waits[q]);
        }
        let mut values = total.values(self.pooled_service_level_of(), ratios);
        values.extend(total_waits.percentile_cells());
        values.extend([Cell::share(total_waiting, window), agents::occupancy(&all_time)]);
        rows.push(Row::new(vec!["all queues".into()], values));
        Table::new(columns::visit_kinds(ratios)[0], rows)
    }

    /// The service level's denominator of an "all queues" row: the queues' own when they all
    /// have the same, else the platform's (requests).
    fn pooled_service_level_of(&self) -> ServiceLevelOf {
        let mut each = self.model.queues.iter().map(|q| q.service_level_of);
        let first = each.next().unwrap_or_default();
        if each.all(|of| of == first) { first } else { ServiceLevelOf::Requests }
    }

    fn access_codes(&self) -> Table {
        let mut rows = Vec::with_capacity(self.access.len() + 1);
        let (mut total, mut total_waits) = (VisitTally::default(), Waits::default());
        let ratios = self.model.ratios;
        for (i, tally) in self.access.enumerate() {
            let mut values = tally.values(ServiceLevelOf::Requests, ratios);
            values.extend(self.access_waits[i].percentile_cells());
            rows.push(Row::new(vec![self.model.traffic[i].dialed.clone()], values));
            total.add(tally);
            total_waits.add(&self.access_waits[i]);
        }
        let mut values = total.values(ServiceLevelOf::Requests, ratios);
        values.extend(total_waits.percentile_cells());
        rows.push(Row::new(vec!["all numbers".into()], values));
        Table::new(columns::visit_kinds(ratios)[1], rows)
    }

    fn dialed_numbers(&self) -> Table {
        let mut rows = Vec::with_capacity(self.outcomes.len() + 1);
        let mut all = CallOutcomes::default();
        let lines = self.model.lines.is_some();
        for (i, outcomes) in self.outcomes.enumerate() {
            rows.push(Row::new(vec![self.model.traffic[i].dialed.clone()], outcomes.values(lines)));
            all.add(outcomes);
        }
        rows.push(Row::new(vec!["all numbers".into()], all.values(lines)));
        Table::new(columns::dialed_numbers_kind(lines), rows)
    }

    fn agent_table(&self) -> Table {
        let rows = self
            .model
            .agents
            .iter()
            .zip(&self.agents.clocks)
            .map(|(agent, c)| {
                let labels = vec![agent.id.clone(), self.model.groups[agent.group].name.clone()];
                Row::new(labels, agents::agent_values(&c.time, c.answered, c.transfers_made))
            })
            .collect();
        Table::new(&AGENTS, rows)
    }

    fn agent_groups(&self) -> Table {
        let mut rows = Vec::with_capacity(self.model.groups.len() + 1);
        let (mut all, mut all_answered, mut all_transfers): (StateTime, u64, u64) = Default::default();
        for group in &self.model.groups {
            let (mut time, mut answered, mut transfers): (StateTime, u64, u64) = Default::default();
            for clock in group.members().map(|agent| &self.agents.clocks[agent]) {
                agents::add_time(&mut time, &clock.time);
                answered += clock.answered;
                transfers += clock.transfers_made;
            }
            rows.push(Row::new(vec![group.name.clone()], agents::agent_values(&time, answered, transfers)));
            agents::add_time(&mut all, &time);
            all_answered += answered;
            all_transfers += transfers;
        }
        rows.push(Row::new(vec!["all agents".into()], agents::agent_values(&all, all_answered, all_transfers)));
        Table::new(&AGENT_GROUPS, rows)
    }

    /// Rule 31's figures per group with concurrent sessions, and all of them.
    fn sessions_table(&self) -> Table {
        let clocks = |agent: AgentId| (&self.agents.clocks[agent], &self.agents.sessions[agent]);
        let concurrent = || self.model.groups.iter().filter(|g| g.sessions.is_some());
        let mut rows: Vec<Row> =
            concurrent().map(|g| Row::new(vec![g.name.clone()], sessions::values(g.members().map(clocks)))).collect();
        rows.push(Row::new(
            vec!["all concurrent groups".into()],
            sessions::values(concurrent().flat_map(|g| g.members()).map(clocks)),
        ));
        Table::new(&SESSIONS, rows)
    }

    fn ivr_table(&self) -> Table {
        let mut rows: Vec<Row> = (self.ivrs.enumerate().zip(&self.ivr_targets))
            .map(|((v, tally), targets)| Row::new(vec![self.model.ivrs[v].name.clone()], tally.values(targets)))
            .collect();
        rows.push(Row::new(
            vec!["all IVRs".into()],
            ivrs::all_values(self.ivrs.as_slice(), self.ivr_targets.as_slice()),
        ));
        Table::new(&IVRS, rows)
    }

    fn ivr_exits(&self) -> Table {
        let mut rows = Vec::new();
        for ((v, tally), targets) in self.ivrs.enumerate().zip(&self.ivr_targets) {
            for (exit, &target) in targets.iter().enumerate() {
                let labels = vec![self.model.ivrs[v].name.clone(), ivrs::target_label(self.model, target)];
                rows.push(Row::new(labels, tally.exit_values(exit)));
            }
        }
        Table::new(&IVR_EXITS, rows)
    }

    fn queue_intervals(&self) -> Table {
        let (queues, ratios) = (self.model.queues.len(), self.model.ratios);
        let mut rows = Vec::with_capacity(self.intervals.count() * (queues + 1));
        for i in 0..self.intervals.count() {
            let (label, length) = (self.intervals.label(i), self.intervals.length(i));
            let mut total = VisitTally::default();
            for (q, queue) in self.model.queues.enumerate() {
                let tally = &self.by_interval[i * queues + q.index()];
                let mut values = tally.values(queue.service_level_of, ratios);
                values.push(Cell::share(self.waiting_by_interval[i * queues + q.index()], length));
                rows.push(Row::new(vec![label.clone(), queue.name.clone()], values));
                total.add(tally);
            }
            let mut values = total.values(self.pooled_service_level_of(), ratios);
            let waiting = self.waiting_by_interval[i * queues..(i + 1) * queues].iter().copied().sum::<SimDuration>();
            values.push(Cell::share(waiting, length));
            rows.push(Row::new(vec![label, "all queues".into()], values));
        }
        Table::new(columns::visit_kinds(ratios)[2], rows)
    }

    fn group_intervals(&self) -> Table {
        let groups = self.model.groups.len();
        let mut rows = Vec::with_capacity(self.intervals.count() * (groups + 1));
        for i in 0..self.intervals.count() {
            let (label, length) = (self.intervals.label(i), self.intervals.length(i));
            let mut all: StateTime = Default::default();
            for (g, group) in self.model.groups.enumerate() {
                let time = self.agents.interval(i, g);
                agents::add_time(&mut all, time);
                let labels = vec![label.clone(), group.name.clone()];
                rows.push(Row::new(labels, agents::interval_values(time, length)));
            }
            rows.push(Row::new(vec![label, "all agents".into()], agents::interval_values(&all, length)));
        }
        Table::new(&GROUP_INTERVALS, rows)
    }
}

impl<const COUNTS_SESSIONS: bool> Projection for Summary<'_, COUNTS_SESSIONS> {
    fn on(&mut self, t: SimTime, event: &Event) {
        if COUNTS_SESSIONS && self.concurrent {
            self.before_concurrent(t, event);
        }
        self.fold(t, event);
        if COUNTS_SESSIONS && self.concurrent {
            self.after_concurrent(t, event);
        }
    }
}

impl<const COUNTS_SESSIONS: bool> Summary<'_, COUNTS_SESSIONS> {
    /// Folds `event` into every tally, then moves its agent's state.
    #[inline(always)]
    fn fold(&mut self, t: SimTime, event: &Event) {
        match *event {
            Event::CallArrived { call, traffic } => self.arrive(call, traffic, t, t),
            // A caller waiting at a warm start counts as one that arrived when its wait began,
            // but within the window from the warm start (rule 28).
            Event::CarriedOver { call, traffic, wait, .. } => self.arrive(call, traffic, t, t.minus(wait)),
            // A talk in progress at a warm start was answered before the window: not counted.
            Event::CarriedTalking { call, traffic, agent, .. } => {
                self.calls.arrive(call, CallFacts { traffic, arrived: t, offered: t, entered_ivr: t, counted: false });
                self.work[agent] = Work { visit: None, since: t };
            }
            Event::EnteredIvr { call, ivr } => {
                if let Some(facts) = self.calls.get_mut(call) {
                    facts.entered_ivr = t;
                    if facts.counted {
                        self.ivrs[ivr].enter();
                    }
                }
            }
            Event::LeftIvr { call, ivr, to } => {
                if let Some(facts) = self.calls.get(call).filter(|f| f.counted) {
                    let exit = self.ivr_targets[ivr].iter().position(|&target| target == to);
                    let stay = t.since(facts.entered_ivr);
                    self.ivrs[ivr].leave(exit.unwrap_or(usize::MAX), stay);
                }
            }
            Event::Offered { call, queue, transferred } => {
                if let Some(facts) = self.calls.get_mut(call) {
                    facts.offered = t;
                }
                self.waiting_changes(queue, 1, t);
                if let Some(key) = self.visit(call, queue) {
                    self.tally(key, |v| v.offer(transferred));
                }
            }
            // The closing rule is a NoAgents outcome of a call that had waited.
            Event::RejectedNoAgents { call, queue, then } | Event::Closed { call, queue, then, .. } => {
                self.waiting_changes(queue, -1, t);
                if let Some(key) = self.visit(call, queue) {
                    self.tally(key, |v| v.reject_no_agents(then));
                }
            }
            Event::RejectedBusy { call, queue, then } => {
                self.waiting_changes(queue, -1, t);
                if let Some(key) = self.visit(call, queue) {
                    self.tally(key, |v| v.reject_busy(then));
                }
            }
            Event::Ringing { call, queue, agent } => {
                self.work[agent] = Work { visit: self.visit(call, queue), since: t };
            }
            Event::NoAnswer { agent, .. } | Event::CallRejected { agent, .. } => {
                self.ring_ends(agent, t);
            }
            Event::Answered { call, queue, agent, wait } => {
                self.waiting_changes(queue, -1, t);
                self.ring_ends(agent, t);
                let visit = self.visit(call, queue);
                if let Some(key) = visit {
                    let threshold = self.model.queues[queue].service_level;
                    self.tally(key, |v| v.answer(wait, threshold));
                    self.record_wait(key, wait);
                    self.agents.clocks[agent].answered += 1;
                }
                self.work[agent] = Work { visit, since: t };
            }
            Event::Abandoned { call, queue, wait, ringing } => {
                self.waiting_changes(queue, -1, t);
                if let Some(agent) = ringing {
                    self.ring_ends(agent, t);
                }
                if let Some(key) = self.visit(call, queue) {
                    self.tally(key, |v| v.abandon(wait, ringing.is_some()));
                    self.record_wait(key, wait);
                }
            }
            Event::TimedOut { call, queue, wait, then } => {
                self.waiting_changes(queue, -1, t);
                if let Some(key) = self.visit(call, queue) {
                    self.tally(key, |v| v.time_out(wait, then));
                    self.record_wait(key, wait);
                }
            }
            Event::Transferred { call, from: DeviceId::Queue(queue), cause, .. } => {
                if let Some(key) = self.visit(call, queue) {
                    self.tally(key, VisitTally::transfer_out);
                    if cause == TransferCause::AfterTalk
                        && let Some((talked, agent)) = self.last_talk
                        && talked == call
                    {
                        self.agents.clocks[agent].transfers_made += 1;
                    }
                }
            }
            Event::TalkEnded { call, agent, .. } => {
                let work = match self.states.sessions(agent).is_some() {
                    true => {
                        self.sessions.talk_ended(agent, call, |w| Work { since: t, ..w }).unwrap_or(self.work[agent])
                    }
                    false => self.work[agent],
                };
                if !self.callback_talk.is_empty()
                    && let Some(queue) = self.callback_talk[agent].take()
                {
                    let tally = &mut self.callbacks[queue];
                    tally.talk += t.since(work.since);
                    tally.talks += 1;
                }
                if let Some(key) = work.visit {
                    self.tally(key, |v| v.talk(t.since(work.since)));
                }
                self.work[agent].since = t;
                self.last_talk = Some((call, agent));
            }
            // An agent stays on the line of the call it transferred (rule 32): talking, in its
            // state; its wrap-up counts from when it leaves.
            Event::Consulting { .. } => {}
            Event::ConsultEnded { agent, .. } => self.work[agent].since = t,
            Event::WrapUpEnded { agent, .. } => {
                let work = self.work[agent];
                if let Some(key) = work.visit {
                    self.tally(key, |v| v.wrap_up(t.since(work.since)));
                }
            }
            Event::Released { call, traffic, cause } => {
                if let Some(facts) = self.calls.get(call).filter(|f| f.counted) {
                    self.outcomes[traffic].release(cause, t.since(facts.arrived));
                }
                self.calls.release(call);
            }
            Event::CalledAgain { call, traffic } => {
                if self.calls.get(call).is_some_and(|f| f.counted) {
                    self.outcomes[traffic].retrials += 1;
                }
            }
            Event::WillCallAgain { .. } => {}
            Event::CallbackRequested { call, queue } => {
                if self.calls.get(call).is_some_and(|f| f.counted) {
                    self.callbacks[queue].requested += 1;
                }
            }
            Event::CallingBack { agent, .. } => {
                self.work[agent] = Work { visit: None, since: t };
            }
            Event::CallbackReached { call, queue, agent, wait } => {
                let counted = self.calls.get(call).is_some_and(|f| f.counted);
                if counted {
                    let tally = &mut self.callbacks[queue];
                    tally.reached += 1;
                    tally.delay += wait;
                    let within = self.model.queues[queue].callback.as_ref().is_some_and(|c| wait <= c.within);
                    tally.within += u64::from(within);
                    self.agents.clocks[agent].answered += 1;
                }
                self.work[agent] = Work { visit: None, since: t };
                self.callback_talk[agent] = counted.then_some(queue);
            }
            Event::CallbackUnreached { call, queue, .. } => {
                if self.calls.get(call).is_some_and(|f| f.counted) {
                    self.callbacks[queue].unreached += 1;
                }
            }
            // Agents' own events: their state moves below.
            Event::AgentSignedIn { .. }
            | Event::AgentReturned { .. }
            | Event::AgentBusy { .. }
            | Event::AgentRest { .. }
            | Event::AgentSignedOut { .. } => {}
            // A live session's controls: their effects are in the events that follow.
            Event::ArrivalsScaled { .. }
            | Event::SignOutOrdered { .. }
            | Event::SignInOrdered { .. }
            | Event::Paused
            | Event::Resumed
            | Event::SpeedChanged { .. } => {}
            Event::Routed { .. } | Event::Queued { .. } | Event::Transferred { .. } => {}
        }
        // After the event's own work, which may need the state it leaves (a ring's end).
        let transition = if COUNTS_SESSIONS { self.states.transition(event) } else { event.agent_transition() };
        if let Some((agent, state)) = transition {
            self.agent_becomes(agent, state, t);
        }
    }
}
