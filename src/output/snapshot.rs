//! Taking a snapshot: a projection that follows who waits where and what each agent does, so
//! that at any instant it can write the [`Snapshot`] a warm start (`run --from`) begins from.
//! Like every output it is a fold over the events (rule 28 says what is carried over).

use std::collections::HashMap;

use crate::input::snapshot::{AgentState, Caller, QueueState, SNAPSHOT_VERSION, Snapshot, State};
use crate::output::report::AgentState as Activity;
use crate::sim::event::{CallId, Event, Projection};
use crate::sim::id::{AgentId, QueueId, Table, TrafficId};
use crate::sim::model::Model;
use crate::sim::time::SimTime;

/// Where a call stands, as far as a snapshot tells it.
#[derive(Debug, Clone, Copy)]
struct CallPlace {
    traffic: TrafficId,
    /// The queue it waits at (ringing included) and since when; `None` elsewhere (an IVR, a
    /// talk, a callback's virtual place).
    waiting: Option<(QueueId, SimTime)>,
}

/// What an agent is doing, and since when.
#[derive(Debug, Clone, Copy)]
struct Doing {
    state: State,
    since: SimTime,
    /// The queue and dialed number of its call, talking or wrapping up.
    call: Option<(QueueId, TrafficId)>,
}

/// The picture of one replication, kept up to date event by event.
#[derive(Debug)]
pub struct Picture<'m> {
    model: &'m Model,
    calls: HashMap<CallId, CallPlace>,
    agents: Table<AgentId, Doing>,
}

impl<'m> Picture<'m> {
    pub fn new(model: &'m Model) -> Self {
        let out = Doing { state: State::Out, since: SimTime::ZERO, call: None };
        Picture { model, calls: HashMap::new(), agents: Table::from_fn(model.agents.len(), |_| out) }
    }

    /// The snapshot at `at` (after every event up to it). Waiting callers are listed longest
    /// waiting first; a caller ringing at an agent is waiting (and the agent idle), as the
    /// platform's queue query shows it.
    pub fn snapshot(&self, at: SimTime) -> Snapshot {
        let secs = |since: SimTime| at.since(since).secs();
        let mut waiting: Vec<Vec<(SimTime, CallId, TrafficId)>> = vec![Vec::new(); self.model.queues.len()];
        for (&call, place) in &self.calls {
            if let Some((q, since)) = place.waiting {
                waiting[q.index()].push((since, call, place.traffic));
            }
        }
        let mut queues = Vec::new();
        for (q, queue) in self.model.queues.enumerate() {
            let callers = &mut waiting[q.index()];
            if callers.is_empty() {
                continue;
            }
            callers.sort_unstable();
            let waiting = callers
                .iter()
                .map(|&(since, _, traffic)| Caller {
                    waited_s: secs(since),
                    dialed: Some(self.model.traffic[traffic].dialed.clone()),
                })
                .collect();
            queues.push(QueueState { queue: queue.name.clone(), waiting });
        }
        let agents = self
            .agents
            .enumerate()
            .filter(|(_, doing)| doing.state != State::Out)
            .map(|(agent, doing)| AgentState {
                agent: self.model.agents[agent].id.clone(),
                state: doing.state,
                for_s: secs(doing.since),
                queue: doing.call.map(|(q, _)| self.model.queues[q].name.clone()),
                dialed: doing.call.map(|(_, t)| self.model.traffic[t].dialed.clone()),
                left_s: None,
            })
            .collect();
        Snapshot { callsim_snapshot: SNAPSHOT_VERSION, at_s: at.secs(), queues, agents }
    }

    fn stop_waiting(&mut self, call: CallId) {
        if let Some(place) = self.calls.get_mut(&call) {
            place.waiting = None;
        }
    }
}

impl Projection for Picture<'_> {
    fn on(&mut self, t: SimTime, event: &Event) {
        match *event {
            Event::CallArrived { call, traffic } | Event::CarriedTalking { call, traffic, .. } => {
                self.calls.insert(call, CallPlace { traffic, waiting: None });
            }
            Event::CarriedOver { call, traffic, queue, wait } => {
                self.calls.insert(call, CallPlace { traffic, waiting: Some((queue, t.minus(wait))) });
            }
            Event::Offered { call, queue, .. } => {
                if let Some(place) = self.calls.get_mut(&call)
                    && place.waiting.is_none()
                {
                    place.waiting = Some((queue, t));
                }
            }
            Event::Answered { call, .. }
            | Event::Abandoned { call, .. }
            | Event::TimedOut { call, .. }
            | Event::Closed { call, .. }
            | Event::RejectedBusy { call, .. }
            | Event::RejectedNoAgents { call, .. }
            | Event::CallbackRequested { call, .. }
            | Event::Transferred { call, .. } => self.stop_waiting(call),
            Event::Released { call, .. } => {
                self.calls.remove(&call);
            }
            _ => {}
        }
        if let Some((agent, activity)) = event.agent_transition() {
            let state = match activity {
                // A ringing agent shows idle: its caller is still waiting.
                Activity::Idle | Activity::Ringing => State::Idle,
                Activity::Talking => State::Talking,
                Activity::WrapUp => State::WrapUp,
                Activity::Busy => State::Busy,
                Activity::Rest => State::Rest,
                Activity::Out => State::Out,
            };
            let doing = &mut self.agents[agent];
            let call = match *event {
                Event::Answered { call, queue, .. }
                | Event::CallbackReached { call, queue, .. }
                | Event::CarriedTalking { call, queue, .. } => self.calls.get(&call).map(|p| (queue, p.traffic)),
                _ if state == State::WrapUp => doing.call,
                _ => None,
            };
            if state != doing.state || state == State::Talking {
                *doing = Doing { state, since: t, call };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::scenario::{SourceFile, parse};

    fn model() -> Model {
        let text = r#"
[[skill_queue]]
name = "A"
talk_time = { dist = "deterministic", value = "100s" }
[[called_route]]
access_code = "1"
device = "queue:A"
[[agent_group]]
name = "g"
count = 1
skills = ["A"]
[[traffic]]
dialed = "1"
rate = "1/h"
"#;
        let loaded =
            parse(SourceFile { path: "t.toml".into(), text: text.into() }).unwrap_or_else(|e| unreachable!("{e}"));
        crate::sim::model::compile(&loaded.scenario, std::path::Path::new(".")).unwrap_or_else(|e| unreachable!("{e}"))
    }

    /// Hand-counted: agent answers call 0 at 10 s; call 1 offered at 20 s waits; at 50 s the
    /// agent has talked 40 s and call 1 has waited 30 s.
    #[test]
    fn a_picture_shows_waits_and_talks_so_far() {
        let model = model();
        let mut picture = Picture::new(&model);
        let (a, q, tr) = (AgentId(0), QueueId(0), TrafficId(0));
        let at = SimTime::from_secs;
        picture.on(at(0.0), &Event::AgentSignedIn { agent: a });
        picture.on(at(10.0), &Event::CallArrived { call: 0, traffic: tr });
        picture.on(at(10.0), &Event::Offered { call: 0, queue: q, transferred: false });
        picture
            .on(at(10.0), &Event::Answered { call: 0, queue: q, agent: a, wait: crate::sim::time::SimDuration::ZERO });
        picture.on(at(20.0), &Event::CallArrived { call: 1, traffic: tr });
        picture.on(at(20.0), &Event::Offered { call: 1, queue: q, transferred: false });
        picture.on(at(20.0), &Event::Queued { call: 1, queue: q });
        let snapshot = picture.snapshot(at(50.0));
        assert_eq!(snapshot.queues.len(), 1);
        assert_eq!(snapshot.queues[0].waiting, vec![Caller { waited_s: 30.0, dialed: Some("1".into()) }]);
        let agent = &snapshot.agents[0];
        assert_eq!((agent.state, agent.for_s, agent.queue.as_deref()), (State::Talking, 40.0, Some("A")));
    }
}
