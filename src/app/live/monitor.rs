//! The live views: a projection that keeps what the platform's real-time monitoring interfaces
//! show — per skill queue the calls waiting, the longest current wait, its agents by state and
//! the current 5-minute window's counters; per agent its state and since when — and turns it
//! into a [`Snapshot`] on demand. Every figure is defined in `docs/live.md`.
//!
//! It is a fold over the events like every report, so the numbers a live session shows are the
//! numbers an offline run's event log gives at the same simulated time.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::output::report::AgentState;
use crate::output::report::calls::LiveCalls;
use crate::sim::agent_states::AgentStates;
use crate::sim::event::{Event, Projection};
use crate::sim::id::{self, AgentId, QueueId};
use crate::sim::model::Model;
use crate::sim::time::{SimDuration, SimTime};

/// The platform settles real-time call statistics in 5-minute windows aligned on the clock
/// (00:00–00:05, 00:05–00:10, …).
pub const WINDOW: SimDuration = SimDuration::from_minutes(5);

#[derive(Debug, Clone, Copy)]
struct AgentNow {
    state: AgentState,
    since: SimTime,
    /// The queue of the call it rings with, talks to or wraps up.
    queue: Option<QueueId>,
}

/// A call's current visit to a skill queue.
#[derive(Debug, Clone, Copy)]
struct Visit {
    queue: QueueId,
    since: SimTime,
    /// Queued or ringing: counted in the queue's calls waiting.
    waiting: bool,
    /// When an agent answered it (for the talk time).
    answered: Option<SimTime>,
}

/// Counters of one queue in the current window.
#[derive(Debug, Clone, Copy, Default)]
struct Window {
    offered: u64,
    answered: u64,
    answered_within: u64,
    abandoned: u64,
    timed_out: u64,
    wait_sum: SimDuration,
    talks: u64,
    talk_sum: SimDuration,
}

/// The live state, folded from the events.
#[derive(Debug)]
pub struct Monitor<'m> {
    model: &'m Model,
    agents: id::Table<AgentId, AgentNow>,
    /// Per call in the system, its current visit to a queue (`None` before its first or in an
    /// IVR).
    visits: LiveCalls<Option<Visit>>,
    /// Per queue: (visit start, call) of the calls waiting, oldest first.
    waiting: id::Table<QueueId, BTreeSet<(SimTime, u64)>>,
    window_start: SimTime,
    windows: id::Table<QueueId, Window>,
    events: u64,
    /// Agents' states, with concurrent agents' sessions counted.
    states: AgentStates,
}

impl<'m> Monitor<'m> {
    pub fn new(model: &'m Model) -> Self {
        let agent = AgentNow { state: AgentState::Out, since: SimTime::ZERO, queue: None };
        Monitor {
            model,
            agents: id::Table::from_fn(model.agents.len(), |_| agent),
            visits: LiveCalls::default(),
            waiting: id::Table::from_fn(model.queues.len(), |_| BTreeSet::new()),
            window_start: SimTime::ZERO,
            windows: id::Table::from_fn(model.queues.len(), |_| Window::default()),
            states: AgentStates::new(model),
            events: 0,
        }
    }

    /// Starts a new window if `t` is past the current one.
    fn roll(&mut self, t: SimTime) {
        if t >= self.window_start.plus(WINDOW) {
            self.window_start = t.floor_to(WINDOW);
            self.windows.iter_mut().for_each(|w| *w = Window::default());
        }
    }

    fn become_(&mut self, agent: AgentId, state: AgentState, queue: Option<QueueId>, t: SimTime) {
        self.agents[agent] = AgentNow { state, since: t, queue };
    }

    fn stop_waiting(&mut self, call: u64) -> Option<Visit> {
        let visit = self.visits.get_mut(call)?.as_mut()?;
        if visit.waiting {
            visit.waiting = false;
            self.waiting[visit.queue].remove(&(visit.since, call));
        }
        Some(*visit)
    }

    fn start_waiting(&mut self, call: u64) {
        if let Some(Some(visit)) = self.visits.get_mut(call)
            && !visit.waiting
        {
            visit.waiting = true;
            self.waiting[visit.queue].insert((visit.since, call));
        }
    }

    /// The live views at simulated time `now` (the time the session reached, at or after the
    /// last event).
    pub fn snapshot(&mut self, now: SimTime) -> Snapshot {
        self.roll(now);
        let model = self.model;
        let mut queues: Vec<QueueView> = model
            .queues
            .enumerate()
            .map(|(q, queue)| {
                let w = &self.windows[q];
                let requests = w.answered + w.abandoned + w.timed_out;
                let ratio = |n: u64, d: u64| (d > 0).then(|| n as f64 / d as f64);
                QueueView {
                    name: queue.name.clone(),
                    calls_waiting: self.waiting[q].len() as u64,
                    longest_wait_s: self.waiting[q].first().map_or(0.0, |&(since, _)| now.since(since).secs()),
                    agents: AgentCounts::default(),
                    window: WindowView {
                        offered: w.offered,
                        answered: w.answered,
                        answered_within_threshold: w.answered_within,
                        threshold_s: queue.service_level.secs(),
                        abandoned: w.abandoned,
                        timed_out: w.timed_out,
                        service_level: ratio(w.answered_within, requests),
                        average_wait_s: (w.answered > 0).then(|| w.wait_sum.mean_secs(w.answered)),
                        average_talk_s: (w.talks > 0).then(|| w.talk_sum.mean_secs(w.talks)),
                    },
                }
            })
            .collect();
        let mut agents = Vec::with_capacity(self.agents.len());
        for (a, now_state) in self.agents.enumerate() {
            let agent = &model.agents[a];
            if now_state.state != AgentState::Out {
                for &(q, _) in &agent.skills {
                    queues[q.index()].agents.count(now_state.state);
                }
            }
            agents.push(AgentView {
                id: agent.id.clone(),
                group: model.groups[agent.group].name.clone(),
                state: now_state.state,
                cti_state: now_state.state.cti_code(),
                time_in_state_s: now.since(now_state.since).secs(),
                queue: now_state.queue.map(|q| model.queues[q].name.clone()),
            });
        }
        Snapshot {
            time_s: now.secs(),
            clock: clock(now),
            window_start_s: self.window_start.secs(),
            window_end_s: self.window_start.plus(WINDOW).secs(),
            events: self.events,
            queues,
            agents,
        }
    }
}

/// The wallboard's clock at `now`: the whole seconds of the simulated day.
fn clock(now: SimTime) -> String {
    crate::output::figure::day_clock(now.since_start().whole_secs())
}

impl Projection for Monitor<'_> {
    fn on(&mut self, t: SimTime, event: &Event) {
        self.events += 1;
        self.roll(t);
        match *event {
            Event::CallArrived { call, .. } | Event::CarriedOver { call, .. } | Event::CarriedTalking { call, .. } => {
                self.visits.arrive(call, None)
            }
            Event::Offered { call, queue, .. } => {
                if let Some(visit) = self.visits.get_mut(call) {
                    *visit = Some(Visit { queue, since: t, waiting: false, answered: None });
                }
                self.windows[queue].offered += 1;
            }
            Event::Queued { call, .. } => self.start_waiting(call),
            Event::Ringing { call, .. } => {
                self.start_waiting(call);
            }
            Event::NoAnswer { .. } | Event::CallRejected { .. } => {} // still waiting
            Event::Answered { call, queue, wait, .. } => {
                self.stop_waiting(call);
                if let Some(Some(visit)) = self.visits.get_mut(call) {
                    visit.answered = Some(t);
                }
                let w = &mut self.windows[queue];
                w.answered += 1;
                w.answered_within += u64::from(wait <= self.model.queues[queue].service_level);
                w.wait_sum += wait;
            }
            Event::Abandoned { call, queue, .. } => {
                self.stop_waiting(call);
                self.windows[queue].abandoned += 1;
            }
            Event::TimedOut { call, queue, .. } => {
                self.stop_waiting(call);
                self.windows[queue].timed_out += 1;
            }
            Event::TalkEnded { call, queue, .. } => {
                if let Some(answered) = self.visits.get(call).and_then(|v| v.as_ref()?.answered) {
                    let w = &mut self.windows[queue];
                    w.talks += 1;
                    w.talk_sum += t.since(answered);
                }
            }
            Event::RejectedBusy { call, .. }
            | Event::RejectedNoAgents { call, .. }
            | Event::Closed { call, .. }
            | Event::CallbackRequested { call, .. }
            | Event::Transferred { call, .. } => {
                self.stop_waiting(call);
                if let Some(visit) = self.visits.get_mut(call) {
                    *visit = None;
                }
            }
            Event::Released { call, .. } => {
                self.stop_waiting(call);
                self.visits.release(call);
            }
            // Agents' own events move only their state (below); routing, IVRs and a session's
            // controls change no view.
            _ => {}
        }
        if let Some((agent, state)) = self.states.transition(event) {
            // The queue of the call it rings with, talks to or wraps up.
            let queue = match *event {
                Event::Ringing { queue, .. } | Event::Answered { queue, .. } | Event::TalkEnded { queue, .. } => {
                    Some(queue)
                }
                _ => None,
            };
            self.become_(agent, state, queue, t);
        }
    }
}

/// What the live API serves, at one simulated instant.
#[derive(Debug, Clone, Serialize)]
pub struct Snapshot {
    /// Simulated seconds since the start.
    pub time_s: f64,
    /// The simulated time of day, `HH:MM:SS`.
    pub clock: String,
    /// The current 5-minute window, [start, end) in simulated seconds.
    pub window_start_s: f64,
    pub window_end_s: f64,
    /// Events folded so far.
    pub events: u64,
    pub queues: Vec<QueueView>,
    pub agents: Vec<AgentView>,
}

/// One skill queue, now.
#[derive(Debug, Clone, Serialize)]
pub struct QueueView {
    pub name: String,
    pub calls_waiting: u64,
    pub longest_wait_s: f64,
    pub agents: AgentCounts,
    pub window: WindowView,
}

/// The agents with a queue's skill, by state (an agent with several skills counts in each).
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct AgentCounts {
    pub signed_in: u64,
    pub idle: u64,
    pub ringing: u64,
    pub talking: u64,
    pub wrap_up: u64,
    pub busy: u64,
    pub rest: u64,
}

impl AgentCounts {
    fn count(&mut self, state: AgentState) {
        self.signed_in += 1;
        match state {
            AgentState::Idle => self.idle += 1,
            AgentState::Ringing => self.ringing += 1,
            AgentState::Talking => self.talking += 1,
            AgentState::WrapUp => self.wrap_up += 1,
            AgentState::Busy => self.busy += 1,
            AgentState::Rest => self.rest += 1,
            AgentState::Out => self.signed_in -= 1,
        }
    }
}

/// A queue's counters in the current 5-minute window.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct WindowView {
    pub offered: u64,
    pub answered: u64,
    pub answered_within_threshold: u64,
    pub threshold_s: f64,
    pub abandoned: u64,
    pub timed_out: u64,
    /// `null` with no request in the window.
    pub service_level: Option<f64>,
    pub average_wait_s: Option<f64>,
    pub average_talk_s: Option<f64>,
}

/// One agent, now.
#[derive(Debug, Clone, Serialize)]
pub struct AgentView {
    pub id: String,
    pub group: String,
    pub state: AgentState,
    pub cti_state: u8,
    pub time_in_state_s: f64,
    pub queue: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::id::{AgentId, QueueId, TrafficId};
    use crate::sim::time::SimDuration;

    fn model() -> Model {
        let text = r#"
[[skill_queue]]
name = "A"
talk_time = { dist = "exponential", mean = "3m" }
[[called_route]]
access_code = "1"
device = "queue:A"
[[agent_group]]
name = "g"
count = 2
skills = ["A"]
[[traffic]]
dialed = "1"
rate = "10/h"
"#;
        let source = crate::input::scenario::SourceFile { path: "t.toml".into(), text: text.into() };
        let loaded = crate::input::scenario::parse(source).unwrap_or_else(|e| panic!("{e}"));
        crate::sim::model::compile(&loaded.scenario, loaded.source.directory()).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Hand-computed: two agents; call 0 is answered at once at 280 s; calls 1 and 2 wait from
    /// 290 s and 295 s; agent 0 answers call 1 at 310 s (wait 20 s: within the threshold), talks
    /// until 370 s; call 2 hangs up at 330 s.
    #[test]
    fn figures_from_hand_written_events() {
        let model = model();
        let mut m = Monitor::new(&model);
        let s = SimTime::from_secs;
        let events = [
            (0.0, Event::AgentSignedIn { agent: AgentId(0) }),
            (0.0, Event::AgentSignedIn { agent: AgentId(1) }),
            (100.0, Event::AgentBusy { agent: AgentId(1), cause: crate::sim::event::BusyCause::Shrinkage }),
            (280.0, Event::CallArrived { call: 0, traffic: TrafficId(0) }),
            (280.0, Event::Offered { call: 0, queue: QueueId(0), transferred: false }),
            (280.0, Event::Answered { call: 0, queue: QueueId(0), agent: AgentId(0), wait: SimDuration(0) }),
            (290.0, Event::CallArrived { call: 1, traffic: TrafficId(0) }),
            (290.0, Event::Offered { call: 1, queue: QueueId(0), transferred: false }),
            (290.0, Event::Queued { call: 1, queue: QueueId(0) }),
            (295.0, Event::CallArrived { call: 2, traffic: TrafficId(0) }),
            (295.0, Event::Offered { call: 2, queue: QueueId(0), transferred: false }),
            (295.0, Event::Queued { call: 2, queue: QueueId(0) }),
        ];
        for (t, e) in events {
            m.on(s(t), &e);
        }
        let at_299 = m.snapshot(s(299.0));
        let a = &at_299.queues[0];
        assert_eq!((a.calls_waiting, a.longest_wait_s), (2, 9.0));
        assert_eq!((a.window.offered, a.window.answered, a.window.service_level), (3, 1, Some(1.0)));
        assert_eq!((a.agents.signed_in, a.agents.talking, a.agents.busy, a.agents.idle), (2, 1, 1, 0));
        assert_eq!(at_299.window_start_s, 0.0);

        // 300 s opens a new window: its counters start from zero, the waiting calls stay.
        let later = [
            (305.0, Event::TalkEnded { call: 0, queue: QueueId(0), agent: AgentId(0) }),
            (305.0, Event::WrapUpEnded { agent: AgentId(0), queue: QueueId(0) }),
            (
                305.0,
                Event::Released { call: 0, traffic: TrafficId(0), cause: crate::sim::event::ReleaseCause::Completed },
            ),
            (310.0, Event::Answered { call: 1, queue: QueueId(0), agent: AgentId(0), wait: SimDuration(20_000_000) }),
            (330.0, Event::Abandoned { call: 2, queue: QueueId(0), wait: SimDuration(35_000_000), ringing: None }),
            (
                330.0,
                Event::Released { call: 2, traffic: TrafficId(0), cause: crate::sim::event::ReleaseCause::Abandoned },
            ),
            (370.0, Event::TalkEnded { call: 1, queue: QueueId(0), agent: AgentId(0) }),
        ];
        for (t, e) in later {
            m.on(s(t), &e);
        }
        let at_380 = m.snapshot(s(380.0));
        let a = &at_380.queues[0];
        assert_eq!((a.calls_waiting, a.longest_wait_s), (0, 0.0));
        let w = a.window;
        assert_eq!((w.offered, w.answered, w.answered_within_threshold, w.abandoned, w.timed_out), (0, 1, 1, 1, 0));
        assert_eq!(w.service_level, Some(0.5), "1 within 20 s of 2 requests");
        assert_eq!(w.average_wait_s, Some(20.0));
        // Talks that ended in the window: call 0 (25 s, answered in the last window) and call 1 (60 s).
        assert_eq!(w.average_talk_s, Some(42.5));
        assert_eq!((at_380.window_start_s, at_380.window_end_s), (300.0, 600.0));
        let agent = &at_380.agents[0];
        assert_eq!((agent.state, agent.cti_state, agent.time_in_state_s), (AgentState::WrapUp, 6, 10.0));
        assert_eq!(agent.queue.as_deref(), Some("A"));
        assert_eq!(at_380.clock, "00:06:20");

        // A window with no event in it shows zeros and undefined ratios.
        let idle = m.snapshot(s(700.0)).queues[0].window;
        assert_eq!((idle.answered, idle.service_level, idle.average_wait_s), (0, None, None));
        assert_eq!(clock(s(86_400.0 + 61.0)), "day 2 00:01:01");
    }
}
