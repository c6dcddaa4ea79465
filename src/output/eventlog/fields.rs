//! Reading a line back: a line's fields, however written (CSV cells or JSON keys), and the event
//! they make. Both formats go through [`LineFields::event`], so they are checked alike: every
//! field the event needs is there, and no other is.

use serde::Deserialize;

use super::csv::{self, COLUMNS};
use crate::sim::event::{BusyCause, Event, ReleaseCause, TransferCause};
use crate::sim::model::{DeviceId, Target};
use crate::sim::time::SimTime;

/// A problem with one field of a line (`field` is `"line"` for the line as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        FieldError { field, message: message.into() }
    }
}

/// Every field a line may have; the event's name says which it must have.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineFields<'a> {
    pub replication: u32,
    pub time: u64,
    #[serde(borrow)]
    pub event: &'a str,
    pub call: Option<u64>,
    pub traffic: Option<u32>,
    pub queue: Option<u32>,
    pub ivr: Option<u32>,
    pub agent: Option<u32>,
    pub device: Option<DeviceId>,
    pub from: Option<DeviceId>,
    /// A device (`transferred`) or a target (`left-ivr`).
    #[serde(default, deserialize_with = "device_or_target")]
    pub to: Option<Target>,
    pub then: Option<Target>,
    pub transferred: Option<bool>,
    pub wait: Option<u64>,
    pub ringing: Option<u32>,
    #[serde(borrow)]
    pub cause: Option<&'a str>,
    pub group: Option<u32>,
    pub count: Option<u32>,
    pub factor: Option<f64>,
}

/// `to` as JSON: a device object, or a target (`"release"` or `{"transfer": device}`).
fn device_or_target<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Target>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum To {
        Device(DeviceId),
        Target(Target),
    }
    Ok(Option::<To>::deserialize(deserializer)?.map(|to| match to {
        To::Device(device) => Target::Transfer(device),
        To::Target(target) => target,
    }))
}

impl LineFields<'_> {
    /// A field's name as `&'static str`, from a path serde gives (`"agent"`, or `"to.kind"`).
    pub fn field_name(path: &str) -> Option<&'static str> {
        let key = path.split(['.', '[']).next()?;
        COLUMNS.iter().copied().find(|&column| column == key)
    }

    /// The line's replication, time and event.
    pub fn event(&self) -> Result<(u32, SimTime, Event), FieldError> {
        let name = self.event;
        let need = |field: &'static str| FieldError::new(field, format!("is missing; {name} needs it"));
        let call = || self.call.ok_or_else(|| need("call"));
        let traffic = || self.traffic.ok_or_else(|| need("traffic"));
        let queue = || self.queue.ok_or_else(|| need("queue"));
        let ivr = || self.ivr.ok_or_else(|| need("ivr"));
        let agent = || self.agent.ok_or_else(|| need("agent"));
        let wait = || self.wait.ok_or_else(|| need("wait"));
        let then = || self.then.ok_or_else(|| need("then"));
        let to = || self.to.ok_or_else(|| need("to"));
        let device = |value: Option<DeviceId>, field| value.ok_or_else(|| need(field));
        let cause = || self.cause.ok_or_else(|| need("cause"));
        let group = || self.group.ok_or_else(|| need("group"));
        let count = || self.count.ok_or_else(|| need("count"));
        let factor = || match self.factor {
            Some(factor) if factor.is_finite() && factor >= 0.0 => Ok(factor),
            Some(factor) => Err(FieldError::new("factor", format!("{factor} is not a number at least 0"))),
            None => Err(need("factor")),
        };
        let unknown =
            |expected: &str| FieldError::new("cause", format!("`{}` is not {expected}", self.cause.unwrap_or("")));
        let event = match name {
            "call-arrived" => Event::CallArrived { call: call()?, traffic: traffic()? },
            "routed" => Event::Routed { call: call()?, device: device(self.device, "device")? },
            "entered-ivr" => Event::EnteredIvr { call: call()?, ivr: ivr()? },
            "left-ivr" => Event::LeftIvr { call: call()?, ivr: ivr()?, to: to()? },
            "offered" => Event::Offered {
                call: call()?,
                queue: queue()?,
                transferred: self.transferred.ok_or_else(|| need("transferred"))?,
            },
            "rejected-no-agents" => Event::RejectedNoAgents { call: call()?, queue: queue()?, then: then()? },
            "rejected-busy" => Event::RejectedBusy { call: call()?, queue: queue()?, then: then()? },
            "queued" => Event::Queued { call: call()?, queue: queue()? },
            "ringing" => Event::Ringing { call: call()?, queue: queue()?, agent: agent()? },
            "no-answer" => Event::NoAnswer { call: call()?, queue: queue()?, agent: agent()? },
            "call-rejected" => Event::CallRejected { call: call()?, queue: queue()?, agent: agent()? },
            "answered" => Event::Answered { call: call()?, queue: queue()?, agent: agent()?, wait: wait()? },
            "abandoned" => Event::Abandoned { call: call()?, queue: queue()?, wait: wait()?, ringing: self.ringing },
            "timed-out" => Event::TimedOut { call: call()?, queue: queue()?, wait: wait()?, then: then()? },
            "transferred" => Event::Transferred {
                call: call()?,
                from: device(self.from, "from")?,
                to: match to()? {
                    Target::Transfer(device) => device,
                    Target::Release => return Err(FieldError::new("to", "a transfer goes to a device, not `release`")),
                },
                cause: TransferCause::from_name(cause()?).ok_or_else(|| unknown("a transfer cause"))?,
            },
            "talk-ended" => Event::TalkEnded { call: call()?, queue: queue()?, agent: agent()? },
            "wrap-up-ended" => Event::WrapUpEnded { agent: agent()?, queue: queue()? },
            "released" => Event::Released {
                call: call()?,
                traffic: traffic()?,
                cause: ReleaseCause::from_name(cause()?).ok_or_else(|| unknown("a release cause"))?,
            },
            "agent-busy" => Event::AgentBusy {
                agent: agent()?,
                cause: BusyCause::from_name(cause()?).ok_or_else(|| unknown("a busy cause"))?,
            },
            "agent-rest" => Event::AgentRest { agent: agent()? },
            "agent-returned" => Event::AgentReturned { agent: agent()? },
            "agent-signed-in" => Event::AgentSignedIn { agent: agent()? },
            "agent-signed-out" => Event::AgentSignedOut { agent: agent()? },
            "arrivals-scaled" => Event::ArrivalsScaled { traffic: traffic()?, factor: factor()? },
            "sign-out-ordered" => Event::SignOutOrdered { group: group()?, count: count()? },
            "sign-in-ordered" => Event::SignInOrdered { group: group()?, count: count()? },
            "paused" => Event::Paused,
            "resumed" => Event::Resumed,
            "speed-changed" => Event::SpeedChanged { factor: factor()? },
            other => return Err(FieldError::new("event", format!("`{other}` is not an event"))),
        };
        // A field the event does not have must be absent, so a shifted or garbled line is noticed.
        let (has, len) = csv::fields(&event);
        for (column, present) in self.presence() {
            if present && !has[..len].iter().any(|&(at, _)| at == column) {
                return Err(FieldError::new(
                    COLUMNS[column],
                    format!("is given, but {name} has no {} field", COLUMNS[column]),
                ));
            }
        }
        Ok((self.replication, SimTime(self.time), event))
    }

    /// Whether each event field (by its CSV column) is present.
    fn presence(&self) -> [(usize, bool); 16] {
        [
            (csv::CALL, self.call.is_some()),
            (csv::TRAFFIC, self.traffic.is_some()),
            (csv::QUEUE, self.queue.is_some()),
            (csv::IVR, self.ivr.is_some()),
            (csv::AGENT, self.agent.is_some()),
            (csv::DEVICE, self.device.is_some()),
            (csv::FROM, self.from.is_some()),
            (csv::TO, self.to.is_some()),
            (csv::THEN, self.then.is_some()),
            (csv::TRANSFERRED, self.transferred.is_some()),
            (csv::WAIT, self.wait.is_some()),
            (csv::RINGING, self.ringing.is_some()),
            (csv::CAUSE, self.cause.is_some()),
            (csv::GROUP, self.group.is_some()),
            (csv::COUNT, self.count.is_some()),
            (csv::FACTOR, self.factor.is_some()),
        ]
    }
}
