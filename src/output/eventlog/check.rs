//! What a log must satisfy before its events are folded into reports: ids that exist in the
//! scenario, time that never goes back (nor beyond what a scenario allows), calls that arrive in
//! order and end once with their own dialed number, waits no longer than the call's time in the
//! system, agents that move between states as `docs/events.md` says (no answer while signed out
//! or on another call), replications in order. A log the engine wrote always passes (the
//! invariant tests run every example and random scenario through this check); a corrupted or
//! edited one fails here, at its line, instead of producing wrong reports.

use super::schema::{self, Value};
use crate::output::report::calls::LiveCalls;
use crate::sim::event::{CallId, Event};
use crate::sim::id::{QueueId, TrafficId};
use crate::sim::model::{Destination, DeviceId, Model};
use crate::sim::time::SimTime;

/// A replication that ends with calls still in the system: the log is cut short or forged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("replication {replication} ends with {open} calls not released (call {first} first)")]
pub struct Unreleased {
    pub replication: u32,
    pub open: usize,
    pub first: CallId,
}

/// No event is later than this, 2^62 µs (146 000 years). The engine stays far below it (each
/// duration of a scenario is at most 100 years, and a call makes at most 101 visits); a bound
/// tied to the horizon would not do, as durations follow one another after it.
const LATEST: SimTime = SimTime(1 << 62);

/// Checks a log's events one by one (see the module's documentation).
#[derive(Debug)]
pub struct StreamCheck {
    queues: u32,
    ivrs: u32,
    agents: u32,
    traffic: u32,
    groups: u32,

    /// The replication being read.
    replication: Option<u32>,
    last: SimTime,
    next_call: CallId,
    /// The calls in the system, with their arrival times and traffic entries.
    live: LiveCalls<(SimTime, TrafficId)>,
    /// Each agent's state.
    states: Vec<State>,
    /// Per agent with concurrent sessions (rule 31): its group's room and units per subtype.
    rooms: Vec<Option<(u32, [u32; 5])>>,
    /// Per queue: the index of its subtype in a room's units (4 for a queue that is not
    /// multimedia).
    subtypes: Vec<usize>,
}

/// An agent's state, as its events move it (the table in `docs/events.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    SignedOut,
    /// Idle, or available for the instant before its next event.
    Idle,
    Ringing(CallId),
    Talking(CallId),
    WrapUp,
    /// A concurrent agent's sessions (rule 31): talking, in wrap-up, and the units of its room
    /// they take.
    Sessions(u32, u32, u32),
    Busy,
    Rest,
}

impl State {
    fn words(self) -> String {
        match self {
            State::SignedOut => "signed out".into(),
            State::Idle => "idle".into(),
            State::Ringing(call) => format!("ringing with call {call}"),
            State::Talking(call) => format!("talking to call {call}"),
            State::WrapUp => "in wrap-up".into(),
            State::Sessions(talking, wrapping_up, _) => {
                format!("in {talking} sessions talking and {wrapping_up} in wrap-up")
            }
            State::Busy => "busy".into(),
            State::Rest => "on a break".into(),
        }
    }
}

/// A problem: the field at fault (if one is) and what is wrong.
pub(super) type Problem = (Option<&'static str>, String);

impl StreamCheck {
    pub fn new(model: &Model) -> StreamCheck {
        StreamCheck {
            queues: model.queues.len() as u32,
            ivrs: model.ivrs.len() as u32,
            agents: model.agents.len() as u32,
            traffic: model.traffic.len() as u32,
            groups: model.groups.len() as u32,
            replication: None,
            last: SimTime::ZERO,
            next_call: 0,
            live: LiveCalls::default(),
            states: vec![State::SignedOut; model.agents.len()],
            rooms: model
                .agents
                .iter()
                .map(|a| model.groups[a.group].sessions.as_ref().map(|s| (s.room, s.units)))
                .collect(),
            subtypes: model.queues.iter().map(|q| q.subtype.map_or(4, |s| s as usize)).collect(),
        }
    }

    /// Whether `replication` starts a new replication (the caller then closes the previous one
    /// with [`StreamCheck::end_replication`] first).
    pub fn starts_replication(&self, replication: u32) -> bool {
        self.replication != Some(replication)
    }

    /// Checks the end of the replication being read: every call in it ended.
    pub fn end_replication(&self) -> Result<(), Unreleased> {
        match (self.replication, self.live.oldest()) {
            (Some(replication), Some((first, open))) => Err(Unreleased { replication, open, first }),
            _ => Ok(()),
        }
    }

    /// Checks one event of replication `replication` at `t`.
    pub fn check(&mut self, replication: u32, t: SimTime, event: &Event) -> Result<(), Problem> {
        if self.starts_replication(replication) {
            if let Some(current) = self.replication.filter(|&current| replication < current) {
                return Err((Some("replication"), format!("{replication} comes after replication {current}")));
            }
            // A later replication may follow with a gap: replications can have no events.
            self.replication = Some(replication);
            self.last = SimTime::ZERO;
            self.next_call = 0;
            self.live.clear();
            self.states.fill(State::SignedOut);
        }
        if t < self.last {
            return Err((Some("time"), format!("{} is before the previous event's {}", t.0, self.last.0)));
        }
        if t > LATEST {
            return Err((Some("time"), format!("{} is later than any event of this scenario can be", t.0)));
        }
        self.last = t;
        self.check_ids(event)?;
        match *event {
            // A call carried over at a warm start has been in the system for its wait already.
            Event::CallArrived { call, traffic }
            | Event::CarriedTalking { call, traffic, .. }
            | Event::CarriedOver { call, traffic, .. } => {
                if call != self.next_call {
                    return Err((
                        Some("call"),
                        format!("call {call} arrives, but the next call is {}", self.next_call),
                    ));
                }
                self.next_call += 1;
                let wait = match *event {
                    Event::CarriedOver { wait, .. } => wait,
                    _ => crate::sim::time::SimDuration::ZERO,
                };
                self.live.arrive(call, (t.minus(wait), traffic));
            }
            Event::Released { call, traffic, .. } => {
                match self.live.get(call).copied() {
                    Some((_, dialed)) if dialed != traffic => {
                        return Err((
                            Some("traffic"),
                            format!("call {call} arrived on traffic entry {dialed}, not {traffic}"),
                        ));
                    }
                    Some(_) => {}
                    None => return Err((Some("call"), self.not_live(call))),
                }
                self.live.release(call);
            }
            _ => {
                if let Some(call) = event.call() {
                    let Some(&(arrived, _)) = self.live.get(call) else {
                        return Err((Some("call"), self.not_live(call)));
                    };
                    if let Event::Answered { wait, .. }
                    | Event::Abandoned { wait, .. }
                    | Event::TimedOut { wait, .. }
                    | Event::Closed { wait, .. } = *event
                        && wait > t.since(arrived)
                    {
                        return Err((
                            Some("wait"),
                            format!("{} µs is longer than the call has been in the system", wait.0),
                        ));
                    }
                }
            }
        }
        self.move_agent(event)
    }

    /// Moves the event's agent to its next state, if the event may happen in its present one.
    fn move_agent(&mut self, event: &Event) -> Result<(), Problem> {
        use State::{Busy, Idle, Rest, Ringing, Sessions, SignedOut, Talking, WrapUp};
        let (agent, field) = match *event {
            Event::Abandoned { ringing: Some(agent), .. } => (agent, "ringing"),
            _ => match event.agent() {
                Some(agent) => (agent, "agent"),
                None => return Ok(()),
            },
        };
        let state = self.states[agent.index()];
        let room = self.rooms[agent.index()];
        // The units a session of `queue` takes of the agent's room (0 without concurrent sessions).
        let units =
            |queue: QueueId| room.map_or(0, |(_, units)| units[self.subtypes.get(queue.index()).copied().unwrap_or(4)]);
        // Those units, if the session fits with `used` taken.
        let fits =
            |queue: QueueId, used: u32| room.and_then(|(room, _)| (used + units(queue) <= room).then(|| units(queue)));
        let next = match (*event, state) {
            // Rule 31: a concurrent agent's sessions, counted in units of its room.
            (Event::Answered { queue, .. } | Event::CarriedTalking { queue, .. }, Idle) if room.is_some() => {
                fits(queue, 0).map(|u| Sessions(1, 0, u))
            }
            (Event::CallbackReached { call, queue, .. }, Ringing(ringing)) if room.is_some() && ringing == call => {
                fits(queue, 0).map(|u| Sessions(1, 0, u))
            }
            (Event::Answered { queue, .. }, Sessions(talking, wrapping_up, used)) => {
                fits(queue, used).map(|u| Sessions(talking + 1, wrapping_up, used + u))
            }
            (Event::TalkEnded { .. }, Sessions(talking @ 1.., wrapping_up, used)) => {
                Some(Sessions(talking - 1, wrapping_up + 1, used))
            }
            (Event::WrapUpEnded { .. }, Sessions(0, 1, _)) => Some(Idle),
            (Event::WrapUpEnded { queue, .. }, Sessions(talking, wrapping_up @ 1.., used)) => {
                used.checked_sub(units(queue)).map(|used| Sessions(talking, wrapping_up - 1, used))
            }
            (Event::AgentSignedIn { .. }, SignedOut) => Some(Idle),
            (Event::Ringing { call, .. } | Event::CallingBack { call, .. }, Idle) => Some(Ringing(call)),
            (Event::CallbackReached { call, .. }, Ringing(ringing)) if ringing == call => Some(Talking(call)),
            (Event::CallbackUnreached { call, .. }, Ringing(ringing)) if ringing == call => Some(Idle),
            (Event::Answered { call, .. } | Event::CarriedTalking { call, .. }, Idle) => Some(Talking(call)),
            (Event::Answered { call, .. }, Ringing(ringing)) if ringing == call => Some(Talking(call)),
            (Event::CallRejected { .. }, Idle) => Some(Idle),
            (Event::NoAnswer { call, .. } | Event::Abandoned { call, .. }, Ringing(ringing)) if ringing == call => {
                Some(Idle)
            }
            (Event::TalkEnded { call, .. }, Talking(talking)) if talking == call => Some(WrapUp),
            // Rule 32: the agent stays on the line of the call it has just transferred.
            (Event::Consulting { call, .. }, WrapUp) => Some(Talking(call)),
            (Event::ConsultEnded { call, .. }, Talking(talking)) if talking == call => Some(WrapUp),
            (Event::WrapUpEnded { .. }, WrapUp) => Some(Idle),
            (Event::AgentBusy { .. }, Idle) => Some(Busy),
            (Event::AgentRest { .. }, Idle) => Some(Rest),
            (Event::AgentReturned { .. }, Busy | Rest) => Some(Idle),
            (Event::AgentSignedOut { .. }, Idle | Busy | Rest) => Some(SignedOut),
            _ => None,
        };
        match next {
            Some(next) => {
                self.states[agent.index()] = next;
                Ok(())
            }
            None => Err((
                Some(field),
                format!("agent {agent} cannot have a {} event while {}", event.name(), state.words()),
            )),
        }
    }

    fn not_live(&self, call: CallId) -> String {
        if call < self.next_call {
            format!("call {call} was already released")
        } else {
            format!("call {call} has not arrived")
        }
    }

    /// Every index names a queue, IVR, agent, traffic entry or agent group of the scenario.
    fn check_ids(&self, event: &Event) -> Result<(), Problem> {
        let (fields, len) = schema::fields(event);
        for &(column, value) in &fields[..len] {
            let field = schema::COLUMNS[column];
            let device = match value {
                Value::Device(d) | Value::Destination(Destination::Transfer(d)) => Some(d),
                _ => None,
            };
            let (index, count, what) = match (column, value, device) {
                (_, _, Some(DeviceId::Queue(q))) => (q.0, self.queues, "skill queues"),
                (_, _, Some(DeviceId::Ivr(v))) => (v.0, self.ivrs, "IVRs"),
                (schema::QUEUE, Value::Int(q), _) => (q as u32, self.queues, "skill queues"),
                (schema::IVR, Value::Int(v), _) => (v as u32, self.ivrs, "IVRs"),
                (schema::AGENT | schema::RINGING, Value::Int(a), _) => (a as u32, self.agents, "agents"),
                (schema::TRAFFIC, Value::Int(t), _) => (t as u32, self.traffic, "traffic entries"),
                (schema::GROUP, Value::Int(g), _) => (g as u32, self.groups, "agent groups"),
                _ => continue,
            };
            if index >= count {
                return Err((Some(field), format!("{index} is out of range: the scenario has {count} {what}")));
            }
        }
        Ok(())
    }
}
