//! The event type: every state change of a run, as a past-tense fact. This is the log's schema.
//!
//! The engine's only output is a stream of `(SimTime, Event)`; every report is a fold over it
//! ([`crate::output::report`]). An event carries what a projection needs to fold it without looking at
//! the engine: the call, the queue, the agent, the cause. Ids are indices into the compiled
//! [`crate::sim::model::Model`] (queues, IVRs, agents, traffic entries); calls are numbered from 0 in
//! order of arrival, so "arrived after the warm-up" is "id at least the first such id".
//!
//! For one visit of a call to a skill queue the events are, in order:
//!
//! ```text
//! Offered ─┬─ RejectedNoAgents ───────────────────┐
//!          ├─ RejectedBusy ───────────────────────┤
//!          ├─ Answered ── TalkEnded ──────────────┼─ then Transferred or Released
//!          └─ Queued ─┬─ Answered ── TalkEnded ───┤   (and the agent's WrapUpEnded)
//!                     ├─ TimedOut ────────────────┘
//!                     └─ Abandoned ── Released
//! ```
//!
//! With ring times, `Ringing` comes before `Answered` (the caller may abandon while ringing), and
//! a `NoAnswer` or `CallRejected` puts the call back in the line, where the visit goes on.

use serde::{Deserialize, Serialize};

use crate::sim::id::{AgentId, GroupId, IvrId, QueueId, TrafficId};
use crate::sim::model::{Destination, DeviceId};
use crate::sim::time::{SimDuration, SimTime};

/// A call's number, in order of arrival from 0.
pub type CallId = u64;

/// Why a call was transferred.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TransferCause {
    /// Skill Timeout policy.
    Timeout,
    /// Skill Busy policy.
    Busy,
    /// Skill NoAgents policy.
    NoAgents,
    /// The agent transferred the call after talking.
    AfterTalk,
    /// The caller left an IVR by an exit to a device.
    IvrExit,
}

/// How a call ended. Every call ends exactly once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReleaseCause {
    /// Talked to an agent, and was not transferred afterwards.
    Completed,
    /// Hung up while waiting in a queue, or while the call rang at an agent.
    Abandoned,
    /// Released by a queue's Skill Timeout policy.
    Timeout,
    /// Released by a queue's Skill Busy policy.
    Busy,
    /// Released by a queue's Skill NoAgents policy.
    NoAgents,
    /// Left an IVR by its release exit.
    Ivr,
    /// Would have exceeded the scenario's transfer limit.
    TransferLimit,
    /// An agent called back and did not reach the caller.
    CallbackUnreached,
    /// Found every line of its access code, or of the tenant, taken (`[lines]`): a busy tone.
    TrunkBusy,
}

/// Why an agent is busy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BusyCause {
    /// Let a call ring past the queue's no-answer time.
    NoAnswer,
    /// Rejected an offered call (callout agents).
    Rejected,
    /// An unplanned busy spell (the group's shrinkage).
    Shrinkage,
}

/// The schema of the log: every event, its name in the log (the `"event"` field, the CSV
/// `event` column) and its fields, in the order the JSON line writes them. Each field's name is
/// its key in JSON and its column in CSV ([`crate::output::eventlog`]'s `COLUMNS`); its type
/// says how it is written and read. This one table makes the [`Event`] type, its names, and
/// both log writers and the reader: adding an event is a row here (with a field that has a
/// column), plus the engine code that emits it.
///
/// `event_table!(callback)` hands the rows to `callback!`, which generates code for each.
macro_rules! event_table {
    ($callback:ident) => {
        $callback! {
            /// A caller dialed traffic entry `traffic`'s number.
            CallArrived "call-arrived" { call: CallId, traffic: TrafficId },
            /// The called route resolved the dialed number to `device`.
            Routed "routed" { call: CallId, device: DeviceId },
            /// The call entered an IVR flow.
            EnteredIvr "entered-ivr" { call: CallId, ivr: IvrId },
            /// The call left an IVR flow by the exit to `to`.
            LeftIvr "left-ivr" { call: CallId, ivr: IvrId, to: Destination },
            /// The call reached skill queue `queue` — by a route (`transferred` false) or a transfer.
            Offered "offered" { call: CallId, queue: QueueId, transferred: bool },
            /// No agent of the queue was signed in; the Skill NoAgents policy sends it `then`.
            RejectedNoAgents "rejected-no-agents" { call: CallId, queue: QueueId, then: Destination },
            /// No idle agent and the queue already held its max calls; the Skill Busy policy sends it `then`.
            RejectedBusy "rejected-busy" { call: CallId, queue: QueueId, then: Destination },
            /// No idle agent: the call waits.
            Queued "queued" { call: CallId, queue: QueueId },
            /// The call was offered to an agent and rings there (only when the group has a ring time).
            Ringing "ringing" { call: CallId, queue: QueueId, agent: AgentId },
            /// The agent let the call ring past the no-answer time: the agent is forced busy (or signs
            /// out, if its shift has ended) and the call is back in the line, placed by its entry time —
            /// unless it reached its max waiting time while ringing (then `TimedOut` follows).
            NoAnswer "no-answer" { call: CallId, queue: QueueId, agent: AgentId },
            /// A callout agent rejected the offered call: as [`Event::NoAnswer`], the agent is forced busy
            /// and the call is back in the line, placed by its entry time (or times out).
            CallRejected "call-rejected" { call: CallId, queue: QueueId, agent: AgentId },
            /// An agent answered, `wait` µs after the call entered this queue (ringing included).
            Answered "answered" { call: CallId, queue: QueueId, agent: AgentId, wait: SimDuration },
            /// The caller hung up after waiting `wait` µs — while ringing at agent `ringing`, if set
            /// (that agent is then available again).
            Abandoned "abandoned" { call: CallId, queue: QueueId, wait: SimDuration, ringing: Option<AgentId> },
            /// The wait reached the queue's max waiting time; the Skill Timeout policy sends it `then`.
            TimedOut "timed-out" { call: CallId, queue: QueueId, wait: SimDuration, then: Destination },
            /// The last agent of `queue` signed out while the call waited there `wait` µs, and the
            /// queue's closing rule sends it `then` (release, or its NoAgents policy's destination).
            Closed "closed" { call: CallId, queue: QueueId, wait: SimDuration, then: Destination },
            /// At a timeout or a busy rejection, the caller took the queue's callback: it hangs up and
            /// keeps its place in the line, where an agent will take it in its turn.
            CallbackRequested "callback-requested" { call: CallId, queue: QueueId },
            /// An agent took the callback in its turn and calls the caller back.
            CallingBack "calling-back" { call: CallId, queue: QueueId, agent: AgentId },
            /// The agent reached the caller, `wait` µs after the callback was requested; they talk.
            CallbackReached "callback-reached" { call: CallId, queue: QueueId, agent: AgentId, wait: SimDuration },
            /// The agent did not reach the caller: the call is released (`callback-unreached`).
            CallbackUnreached "callback-unreached" { call: CallId, queue: QueueId, agent: AgentId },
            /// The call moved on to `to`, from `from`, because of `cause`.
            Transferred "transferred" { call: CallId, from: DeviceId, to: DeviceId, cause: TransferCause },
            /// The agent finished talking to the caller; wrap-up starts.
            TalkEnded "talk-ended" { call: CallId, queue: QueueId, agent: AgentId },
            /// After talking to the caller at `queue`, the agent transferred the call consultatively
            /// or into a conference (rule 32) and stays on the line with it.
            Consulting "consulting" { call: CallId, queue: QueueId, agent: AgentId },
            /// The agent who stayed on the line left the call (the conference time after the
            /// target's agent answered, that agent's talk's end, or the call's end): its
            /// wrap-up of the call of `queue` starts.
            ConsultEnded "consult-ended" { call: CallId, queue: QueueId, agent: AgentId },
            /// The agent finished wrap-up after a call of `queue`, and is available again.
            WrapUpEnded "wrap-up-ended" { agent: AgentId, queue: QueueId },
            /// The call ended (traffic entry `traffic`'s caller).
            Released "released" { call: CallId, traffic: TrafficId, cause: ReleaseCause },
            /// The caller was not served (abandoned, or released by a Busy, NoAgents or Timeout
            /// policy) and will call again: the call is not released but waits out its retrial delay.
            WillCallAgain "will-call-again" { call: CallId, traffic: TrafficId },
            /// The caller called again: the call is routed anew, as on arrival.
            CalledAgain "called-again" { call: CallId, traffic: TrafficId },
            /// The agent is busy (not available for calls) because of `cause`.
            AgentBusy "agent-busy" { agent: AgentId, cause: BusyCause },
            /// The agent started a planned break (rest).
            AgentRest "agent-rest" { agent: AgentId },
            /// The agent came back from busy or rest and is available.
            AgentReturned "agent-returned" { agent: AgentId },
            /// The agent signed in (start of a shift) and is available.
            AgentSignedIn "agent-signed-in" { agent: AgentId },
            /// The agent signed out (end of a shift, once any call and its wrap-up are finished; right
            /// after a no-answer or a rejection if the shift ended while the call rang).
            AgentSignedOut "agent-signed-out" { agent: AgentId },
            /// A live session's what-if: from now on, traffic entry `traffic` arrives at the scenario's
            /// rate times `factor`.
            ArrivalsScaled "arrivals-scaled" { traffic: TrafficId, factor: f64 },
            /// A live session's what-if: up to `count` agents of group `group` sign out (their
            /// `AgentSignedOut` events follow, now or after their call).
            SignOutOrdered "sign-out-ordered" { group: GroupId, count: u32 },
            /// A live session's what-if: up to `count` agents of group `group` sign in.
            SignInOrdered "sign-in-ordered" { group: GroupId, count: u32 },
            /// A live session stopped pacing the simulation.
            Paused "paused",
            /// A live session paces the simulation again.
            Resumed "resumed",
            /// A live session's pace is now `factor` simulated seconds per wall-clock second (0: as fast
            /// as the engine goes).
            SpeedChanged "speed-changed" { factor: f64 },
            /// At a warm start (`run --from`): a caller of traffic entry `traffic` was already
            /// waiting at `queue`, for `wait`. Its visit goes on as offered now (`offered` follows).
            CarriedOver "carried-over" { call: CallId, traffic: TrafficId, queue: QueueId, wait: SimDuration },
            /// At a warm start: a caller of traffic entry `traffic` was already talking to
            /// `agent`, who answered it at `queue`. It is not counted in the reports.
            CarriedTalking "carried-talking" { call: CallId, traffic: TrafficId, queue: QueueId, agent: AgentId },
        }
    };
}
pub(crate) use event_table;

/// `Some(value)` for the field named `call`, `None` for any other.
macro_rules! call_field {
    (call, $value:ident) => {
        Some($value)
    };
    ($field:ident, $value:ident) => {
        None
    };
}

/// Makes the [`Event`] enum, its names and its call from the table.
macro_rules! define_event {
    ($( $(#[$doc:meta])* $variant:ident $name:literal $({ $($field:ident : $type:ty),* })? ,)*) => {
        /// One state change.
        #[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "event")]
        pub enum Event {
            $( $(#[$doc])* #[serde(rename = $name)] $variant $({ $($field: $type),* })?, )*
        }

        impl Event {
            /// The event's name in the log (kebab-case, serde's `"event"` tag).
            pub fn name(&self) -> &'static str {
                match self {
                    $( Event::$variant { .. } => $name, )*
                }
            }

            /// The call the event is about, if any: its `call` field.
            #[allow(unused_variables)]
            pub fn call(&self) -> Option<CallId> {
                match *self {
                    $( Event::$variant $({ $($field),* })? => None $($(.or(call_field!($field, $field)))*)?, )*
                }
            }
        }
    };
}

event_table!(define_event);

/// What an agent is doing, as its events move it ([`Event::agent_transition`]); the engine, the
/// reports, the live monitor and the log check all follow this one state (the live API writes
/// these names, `signed-out` for `Out`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AgentState {
    #[serde(rename = "signed-out")]
    Out,
    Idle,
    Ringing,
    Talking,
    WrapUp,
    Busy,
    Rest,
}

impl AgentState {
    pub const ALL: [AgentState; 7] = [
        AgentState::Out,
        AgentState::Idle,
        AgentState::Ringing,
        AgentState::Talking,
        AgentState::WrapUp,
        AgentState::Busy,
        AgentState::Rest,
    ];

    /// The state's name, as serde writes it.
    pub fn name(self) -> &'static str {
        match self {
            AgentState::Out => "signed-out",
            AgentState::Idle => "idle",
            AgentState::Ringing => "ringing",
            AgentState::Talking => "talking",
            AgentState::WrapUp => "wrap-up",
            AgentState::Busy => "busy",
            AgentState::Rest => "rest",
        }
    }

    /// The CTI platform's agent status code (its "CTI Platform Agent Status Code Reference"):
    /// 0 not signed in, 1 idle, 4 answering (our ringing), 5 talking, 6 working (wrap-up),
    /// 7 showing busy, 8 rest.
    pub fn cti_code(self) -> u8 {
        match self {
            AgentState::Out => 0,
            AgentState::Idle => 1,
            AgentState::Ringing => 4,
            AgentState::Talking => 5,
            AgentState::WrapUp => 6,
            AgentState::Busy => 7,
            AgentState::Rest => 8,
        }
    }
}

/// A consumer of the event stream. The engine is generic over it, so dispatch is static and a
/// projection that ignores an event costs nothing.
pub trait Projection {
    /// Folds one event that happened at `t`. Events arrive in non-decreasing time.
    fn on(&mut self, t: SimTime, event: &Event);
}

impl<A: Projection, B: Projection> Projection for (A, B) {
    #[inline]
    fn on(&mut self, t: SimTime, event: &Event) {
        self.0.on(t, event);
        self.1.on(t, event);
    }
}

/// A projection that may be absent (a run without an event log): one predictable branch per event.
impl<P: Projection> Projection for Option<P> {
    #[inline]
    fn on(&mut self, t: SimTime, event: &Event) {
        if let Some(projection) = self {
            projection.on(t, event);
        }
    }
}

/// Keeps every event, in order: for tests and small runs.
#[derive(Debug, Default, Clone)]
pub struct Recorder(pub Vec<(SimTime, Event)>);

impl Projection for Recorder {
    fn on(&mut self, t: SimTime, event: &Event) {
        self.0.push((t, *event));
    }
}

impl Event {
    /// Whether the event is a live session's control (a what-if or a change of pace) rather than
    /// something the simulation did.
    pub fn is_control(&self) -> bool {
        matches!(
            self,
            Event::ArrivalsScaled { .. }
                | Event::SignOutOrdered { .. }
                | Event::SignInOrdered { .. }
                | Event::Paused
                | Event::Resumed
                | Event::SpeedChanged { .. }
        )
    }

    /// The agent state transition the event makes: the agent it moves and the state it is in
    /// from now on (the table in `docs/events.md`). A no-answer or a rejection leaves the agent
    /// idle for the instant before its `agent-busy` or `agent-signed-out`. Inlined: the report
    /// projection asks it of every event, and three callers made the compiler keep it apart.
    #[inline(always)]
    pub fn agent_transition(&self) -> Option<(AgentId, AgentState)> {
        let state = match *self {
            Event::Ringing { .. } | Event::CallingBack { .. } => AgentState::Ringing,
            Event::Answered { .. }
            | Event::CallbackReached { .. }
            | Event::CarriedTalking { .. }
            | Event::Consulting { .. } => AgentState::Talking,
            Event::TalkEnded { .. } | Event::ConsultEnded { .. } => AgentState::WrapUp,
            Event::NoAnswer { .. }
            | Event::CallRejected { .. }
            | Event::CallbackUnreached { .. }
            | Event::Abandoned { ringing: Some(_), .. }
            | Event::WrapUpEnded { .. }
            | Event::AgentReturned { .. }
            | Event::AgentSignedIn { .. } => AgentState::Idle,
            Event::AgentBusy { .. } => AgentState::Busy,
            Event::AgentRest { .. } => AgentState::Rest,
            Event::AgentSignedOut { .. } => AgentState::Out,
            _ => return None,
        };
        Some((self.agent()?, state))
    }

    /// The agent the event involves, if any (for `abandoned`, the agent it was ringing at).
    #[inline(always)]
    pub fn agent(&self) -> Option<AgentId> {
        match *self {
            Event::Ringing { agent, .. }
            | Event::CallingBack { agent, .. }
            | Event::CallbackReached { agent, .. }
            | Event::CallbackUnreached { agent, .. }
            | Event::NoAnswer { agent, .. }
            | Event::CallRejected { agent, .. }
            | Event::Answered { agent, .. }
            | Event::CarriedTalking { agent, .. }
            | Event::TalkEnded { agent, .. }
            | Event::Consulting { agent, .. }
            | Event::ConsultEnded { agent, .. }
            | Event::WrapUpEnded { agent, .. }
            | Event::AgentBusy { agent, .. }
            | Event::AgentRest { agent }
            | Event::AgentReturned { agent }
            | Event::AgentSignedIn { agent }
            | Event::AgentSignedOut { agent } => Some(agent),
            Event::Abandoned { ringing, .. } => ringing,
            _ => None,
        }
    }
}

/// The names of a cause enum's values, as serde spells them, both ways.
macro_rules! named {
    ($type:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $type {
            /// Every value, in declaration order.
            pub const ALL: &[$type] = &[$($type::$variant),+];

            /// The value's name in the log (kebab-case, as serde spells it).
            pub fn name(self) -> &'static str {
                match self { $($type::$variant => $name),+ }
            }

            /// The value named `name`, if any.
            pub fn from_name(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|value| value.name() == name)
            }
        }
    };
}

named!(TransferCause { Timeout => "timeout", Busy => "busy", NoAgents => "no-agents", AfterTalk => "after-talk", IvrExit => "ivr-exit" });
named!(ReleaseCause {
    Completed => "completed",
    Abandoned => "abandoned",
    Timeout => "timeout",
    Busy => "busy",
    NoAgents => "no-agents",
    Ivr => "ivr",
    TransferLimit => "transfer-limit",
    CallbackUnreached => "callback-unreached",
    TrunkBusy => "trunk-busy",
});
named!(BusyCause { NoAnswer => "no-answer", Rejected => "rejected", Shrinkage => "shrinkage" });

#[cfg(test)]
mod tests {
    use super::*;

    fn serde_name<T: Serialize>(value: &T) -> String {
        serde_json::to_value(value).map(|v| v.as_str().unwrap_or_default().to_owned()).unwrap_or_default()
    }

    #[test]
    fn cause_names_are_serde_names() {
        for &cause in TransferCause::ALL {
            assert_eq!(cause.name(), serde_name(&cause));
            assert_eq!(TransferCause::from_name(cause.name()), Some(cause));
        }
        for &cause in ReleaseCause::ALL {
            assert_eq!(cause.name(), serde_name(&cause));
            assert_eq!(ReleaseCause::from_name(cause.name()), Some(cause));
        }
        for &cause in BusyCause::ALL {
            assert_eq!(cause.name(), serde_name(&cause));
        }
        assert_eq!(BusyCause::from_name("lunch"), None);
    }
}
