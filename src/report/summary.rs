//! The run summary: a fold over one replication's events into per-queue and per-dialed-number
//! figures. Each figure's definition is in `docs/reports.md`; this file implements exactly those.
//!
//! Counting window: a call counts if it arrived at or after the warm-up (calls are numbered in
//! order of arrival, so that is "its id is at least the first such id"); its every event counts,
//! even after the horizon. Agent time (occupancy) counts within [warm-up, horizon].

use crate::event::{CallId, Event, Projection, ReleaseCause};
use crate::model::{DeviceId, Model};
use crate::time::SimTime;

use super::table::{DIALED_COLUMNS, QUEUE_COLUMNS, Row, Table};

/// Sums for one skill queue.
#[derive(Debug, Default, Clone)]
struct QueueTally {
    offered: u64,
    transferred_in: u64,
    answered: u64,
    abandoned: u64,
    timed_out: u64,
    busy: u64,
    no_agents: u64,
    transferred_out: u64,
    answered_within_threshold: u64,
    wait_answered: u64,
    wait_all: u64,
    max_wait: u64,
    talk: u64,
    talks: u64,
    wrap_up: u64,
    wrap_ups: u64,
}

/// Final outcomes for one traffic entry.
#[derive(Debug, Default, Clone)]
struct TrafficTally {
    calls: u64,
    completed: u64,
    abandoned: u64,
    released_by_policy: u64,
    released_in_ivr: u64,
    transfer_limit: u64,
}

/// What an agent's time counts as, for occupancy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Presence {
    /// Signed out.
    Out,
    /// Signed in and available: idle or ringing.
    Available,
    /// Talking or in wrap-up.
    Working,
    /// Busy or resting: signed in, but not available for calls.
    Away,
}

/// One agent's clock: what it is doing since when, and time accumulated in the window.
#[derive(Debug, Clone, Copy)]
struct AgentClock {
    presence: Presence,
    since: SimTime,
    /// Time talking or in wrap-up, µs.
    working: u64,
    /// Time signed in and not busy or resting, µs.
    present: u64,
    /// When the current call was answered / its talk ended, and whether that call counts.
    answered_at: SimTime,
    talk_ended_at: SimTime,
    counted: bool,
}

/// The summary projection of one replication.
#[derive(Debug)]
pub struct Summary<'m> {
    model: &'m Model,
    first_counted: Option<CallId>,
    queues: Vec<QueueTally>,
    traffic: Vec<TrafficTally>,
    agents: Vec<AgentClock>,
}

impl<'m> Summary<'m> {
    pub fn new(model: &'m Model) -> Self {
        let clock = AgentClock {
            presence: Presence::Out,
            since: SimTime::ZERO,
            working: 0,
            present: 0,
            answered_at: SimTime::ZERO,
            talk_ended_at: SimTime::ZERO,
            counted: false,
        };
        Summary {
            model,
            first_counted: None,
            queues: vec![QueueTally::default(); model.queues.len()],
            traffic: vec![TrafficTally::default(); model.traffic.len()],
            agents: vec![clock; model.agents.len()],
        }
    }

    fn counts(&self, call: CallId) -> bool {
        self.first_counted.is_some_and(|first| call >= first)
    }

    /// Moves an agent to `presence` at `t`, adding the time since its last change (within the
    /// window) to what it was doing.
    fn agent_becomes(&mut self, agent: u32, presence: Presence, t: SimTime) {
        let (start, end) = (self.model.warmup, self.model.horizon);
        let clock = &mut self.agents[agent as usize];
        let overlap = t.min(end).since(clock.since.max(start));
        match clock.presence {
            Presence::Working => {
                clock.working += overlap;
                clock.present += overlap;
            }
            Presence::Available => clock.present += overlap,
            Presence::Out | Presence::Away => {}
        }
        clock.presence = presence;
        clock.since = t;
    }

    /// The figures of this replication, closing every agent's clock at the horizon.
    pub fn finish(mut self) -> (Table, Table) {
        let horizon = self.model.horizon;
        for agent in 0..self.agents.len() as u32 {
            let presence = self.agents[agent as usize].presence;
            self.agent_becomes(agent, presence, horizon);
        }
        let mut queue_rows = Vec::with_capacity(self.queues.len() + 1);
        let mut total = QueueTally::default();
        let (mut busy_all, mut signed_in_all) = (0u64, 0u64);
        for (q, tally) in self.queues.iter().enumerate() {
            let (mut busy, mut signed_in) = (0u64, 0u64);
            for (agent, clock) in self.model.agents.iter().zip(&self.agents) {
                if agent.skills.iter().any(|&(s, _)| s as usize == q) {
                    busy += clock.working;
                    signed_in += clock.present;
                }
            }
            queue_rows
                .push(Row { label: self.model.queues[q].name.clone(), values: queue_values(tally, busy, signed_in) });
            total.add(tally);
        }
        for clock in &self.agents {
            busy_all += clock.working;
            signed_in_all += clock.present;
        }
        queue_rows.push(Row { label: "all queues".into(), values: queue_values(&total, busy_all, signed_in_all) });

        let mut dialed_rows = Vec::with_capacity(self.traffic.len() + 1);
        let mut all = TrafficTally::default();
        for (i, tally) in self.traffic.iter().enumerate() {
            dialed_rows.push(Row { label: self.model.traffic[i].dialed.clone(), values: dialed_values(tally) });
            all.calls += tally.calls;
            all.completed += tally.completed;
            all.abandoned += tally.abandoned;
            all.released_by_policy += tally.released_by_policy;
            all.released_in_ivr += tally.released_in_ivr;
            all.transfer_limit += tally.transfer_limit;
        }
        dialed_rows.push(Row { label: "all numbers".into(), values: dialed_values(&all) });
        (Table::new(QUEUE_COLUMNS, queue_rows), Table::new(DIALED_COLUMNS, dialed_rows))
    }
}

impl QueueTally {
    fn add(&mut self, other: &QueueTally) {
        self.offered += other.offered;
        self.transferred_in += other.transferred_in;
        self.answered += other.answered;
        self.abandoned += other.abandoned;
        self.timed_out += other.timed_out;
        self.busy += other.busy;
        self.no_agents += other.no_agents;
        self.transferred_out += other.transferred_out;
        self.answered_within_threshold += other.answered_within_threshold;
        self.wait_answered += other.wait_answered;
        self.wait_all += other.wait_all;
        self.max_wait = self.max_wait.max(other.max_wait);
        self.talk += other.talk;
        self.talks += other.talks;
        self.wrap_up += other.wrap_up;
        self.wrap_ups += other.wrap_ups;
    }
}

/// `numerator / denominator`, or NaN (reported as "no value") when nothing was counted.
fn ratio(numerator: u64, denominator: u64) -> f64 {
    if denominator == 0 { f64::NAN } else { numerator as f64 / denominator as f64 }
}

/// Microseconds per item, in seconds.
fn mean_secs(total_micros: u64, count: u64) -> f64 {
    ratio(total_micros, count) / 1e6
}

fn queue_values(t: &QueueTally, busy: u64, signed_in: u64) -> Vec<f64> {
    let requests = t.answered + t.abandoned + t.timed_out;
    vec![
        t.offered as f64,
        t.transferred_in as f64,
        t.answered as f64,
        t.abandoned as f64,
        t.timed_out as f64,
        t.busy as f64,
        t.no_agents as f64,
        t.transferred_out as f64,
        mean_secs(t.wait_answered, t.answered),
        mean_secs(t.wait_all, requests),
        if requests == 0 { f64::NAN } else { t.max_wait as f64 / 1e6 },
        ratio(t.answered_within_threshold, requests),
        ratio(t.abandoned, requests),
        mean_secs(t.talk, t.talks),
        mean_secs(t.wrap_up, t.wrap_ups),
        ratio(busy, signed_in),
    ]
}

fn dialed_values(t: &TrafficTally) -> Vec<f64> {
    vec![
        t.calls as f64,
        t.completed as f64,
        t.abandoned as f64,
        t.released_by_policy as f64,
        t.released_in_ivr as f64,
        t.transfer_limit as f64,
        ratio(t.completed, t.calls),
    ]
}

impl Projection for Summary<'_> {
    fn on(&mut self, t: SimTime, event: &Event) {
        match *event {
            Event::CallArrived { call, traffic } => {
                if self.first_counted.is_none() && t >= self.model.warmup {
                    self.first_counted = Some(call);
                }
                if self.counts(call) {
                    self.traffic[traffic as usize].calls += 1;
                }
            }
            Event::Offered { call, queue, transferred } if self.counts(call) => {
                let q = &mut self.queues[queue as usize];
                q.offered += 1;
                q.transferred_in += u64::from(transferred);
            }
            Event::RejectedNoAgents { call, queue, .. } if self.counts(call) => {
                self.queues[queue as usize].no_agents += 1
            }
            Event::RejectedBusy { call, queue, .. } if self.counts(call) => self.queues[queue as usize].busy += 1,
            Event::Answered { call, queue, agent, wait } => {
                let counted = self.counts(call);
                if counted {
                    let q = &mut self.queues[queue as usize];
                    let threshold = self.model.queues[queue as usize].service_level;
                    q.answered += 1;
                    q.answered_within_threshold += u64::from(wait <= threshold);
                    q.wait_answered += wait;
                    q.wait_all += wait;
                    q.max_wait = q.max_wait.max(wait);
                }
                self.agent_becomes(agent, Presence::Working, t);
                let clock = &mut self.agents[agent as usize];
                clock.answered_at = t;
                clock.counted = counted;
            }
            Event::Abandoned { call, queue, wait, .. } if self.counts(call) => {
                let q = &mut self.queues[queue as usize];
                q.abandoned += 1;
                q.wait_all += wait;
                q.max_wait = q.max_wait.max(wait);
            }
            Event::TimedOut { call, queue, wait, .. } if self.counts(call) => {
                let q = &mut self.queues[queue as usize];
                q.timed_out += 1;
                q.wait_all += wait;
                q.max_wait = q.max_wait.max(wait);
            }
            Event::Transferred { call, from: DeviceId::Queue(queue), .. } if self.counts(call) => {
                self.queues[queue as usize].transferred_out += 1;
            }
            Event::TalkEnded { queue, agent, .. } => {
                let clock = &mut self.agents[agent as usize];
                clock.talk_ended_at = t;
                if clock.counted {
                    let q = &mut self.queues[queue as usize];
                    q.talk += t.since(clock.answered_at);
                    q.talks += 1;
                }
            }
            Event::WrapUpEnded { agent, queue } => {
                let clock = self.agents[agent as usize];
                if clock.counted {
                    let q = &mut self.queues[queue as usize];
                    q.wrap_up += t.since(clock.talk_ended_at);
                    q.wrap_ups += 1;
                }
                self.agent_becomes(agent, Presence::Available, t);
            }
            Event::Released { call, traffic, cause } if self.counts(call) => {
                let tally = &mut self.traffic[traffic as usize];
                match cause {
                    ReleaseCause::Completed => tally.completed += 1,
                    ReleaseCause::Abandoned => tally.abandoned += 1,
                    ReleaseCause::Timeout | ReleaseCause::Busy | ReleaseCause::NoAgents => {
                        tally.released_by_policy += 1
                    }
                    ReleaseCause::Ivr => tally.released_in_ivr += 1,
                    ReleaseCause::TransferLimit => tally.transfer_limit += 1,
                }
            }
            Event::AgentSignedIn { agent } | Event::AgentReturned { agent } => {
                self.agent_becomes(agent, Presence::Available, t)
            }
            Event::AgentBusy { agent, .. } | Event::AgentRest { agent } => self.agent_becomes(agent, Presence::Away, t),
            Event::AgentSignedOut { agent } => self.agent_becomes(agent, Presence::Out, t),
            _ => {}
        }
    }
}
