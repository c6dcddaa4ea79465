//! The CSV form of an event: one column per event field, empty where the event has no such field.
//!
//! Every value is a number, a name in kebab-case, `true`/`false`, or a device (`queue:3`, `ivr:0`)
//! or target (`release`, or a device), so no field ever needs quoting and a line is split at its
//! commas. The writer is hand-made for speed: a 10 M-call run writes ~72 M lines.

use super::fields::{FieldError, LineFields};
use super::lines::Line;
use crate::sim::event::Event;
use crate::sim::model::{DeviceId, Target};
use crate::sim::time::SimTime;

/// The header row, after the comment line that holds the log's header.
pub const COLUMNS: [&str; 19] = [
    "replication",
    "time",
    "event",
    "call",
    "traffic",
    "queue",
    "ivr",
    "agent",
    "device",
    "from",
    "to",
    "then",
    "transferred",
    "wait",
    "ringing",
    "cause",
    "group",
    "count",
    "factor",
];

/// A field of an event, by its column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Value {
    Int(u64),
    Float(f64),
    Device(DeviceId),
    Target(Target),
    Bool(bool),
    Name(&'static str),
}

pub(super) const CALL: usize = 3;
pub(super) const TRAFFIC: usize = 4;
pub(super) const QUEUE: usize = 5;
pub(super) const IVR: usize = 6;
pub(super) const AGENT: usize = 7;
pub(super) const DEVICE: usize = 8;
pub(super) const FROM: usize = 9;
pub(super) const TO: usize = 10;
pub(super) const THEN: usize = 11;
pub(super) const TRANSFERRED: usize = 12;
pub(super) const WAIT: usize = 13;
pub(super) const RINGING: usize = 14;
pub(super) const CAUSE: usize = 15;
pub(super) const GROUP: usize = 16;
pub(super) const COUNT: usize = 17;
pub(super) const FACTOR: usize = 18;

/// The event's fields as (column, value), in column order.
pub(super) fn fields(event: &Event) -> ([(usize, Value); 4], usize) {
    use Value::{Bool, Device, Float, Int, Name};
    let n = |v: u32| Int(u64::from(v));
    let mut out = [(0, Int(0)); 4];
    let mut len = 0;
    let mut put = |column: usize, value: Value| {
        out[len] = (column, value);
        len += 1;
    };
    match *event {
        Event::CallArrived { call, traffic } => {
            put(CALL, Int(call));
            put(TRAFFIC, n(traffic));
        }
        Event::Routed { call, device } => {
            put(CALL, Int(call));
            put(DEVICE, Device(device));
        }
        Event::EnteredIvr { call, ivr } => {
            put(CALL, Int(call));
            put(IVR, n(ivr));
        }
        Event::LeftIvr { call, ivr, to } => {
            put(CALL, Int(call));
            put(IVR, n(ivr));
            put(TO, Value::Target(to));
        }
        Event::Offered { call, queue, transferred } => {
            put(CALL, Int(call));
            put(QUEUE, n(queue));
            put(TRANSFERRED, Bool(transferred));
        }
        Event::RejectedNoAgents { call, queue, then } | Event::RejectedBusy { call, queue, then } => {
            put(CALL, Int(call));
            put(QUEUE, n(queue));
            put(THEN, Value::Target(then));
        }
        Event::Queued { call, queue } => {
            put(CALL, Int(call));
            put(QUEUE, n(queue));
        }
        Event::Ringing { call, queue, agent }
        | Event::NoAnswer { call, queue, agent }
        | Event::CallRejected { call, queue, agent }
        | Event::TalkEnded { call, queue, agent } => {
            put(CALL, Int(call));
            put(QUEUE, n(queue));
            put(AGENT, n(agent));
        }
        Event::Answered { call, queue, agent, wait } => {
            put(CALL, Int(call));
            put(QUEUE, n(queue));
            put(AGENT, n(agent));
            put(WAIT, Int(wait));
        }
        Event::Abandoned { call, queue, wait, ringing } => {
            put(CALL, Int(call));
            put(QUEUE, n(queue));
            put(WAIT, Int(wait));
            if let Some(agent) = ringing {
                put(RINGING, n(agent));
            }
        }
        Event::TimedOut { call, queue, wait, then } => {
            put(CALL, Int(call));
            put(QUEUE, n(queue));
            put(THEN, Value::Target(then));
            put(WAIT, Int(wait));
        }
        Event::Transferred { call, from, to, cause } => {
            put(CALL, Int(call));
            put(FROM, Device(from));
            put(TO, Device(to));
            put(CAUSE, Name(cause.name()));
        }
        Event::WrapUpEnded { agent, queue } => {
            put(QUEUE, n(queue));
            put(AGENT, n(agent));
        }
        Event::Released { call, traffic, cause } => {
            put(CALL, Int(call));
            put(TRAFFIC, n(traffic));
            put(CAUSE, Name(cause.name()));
        }
        Event::AgentBusy { agent, cause } => {
            put(AGENT, n(agent));
            put(CAUSE, Name(cause.name()));
        }
        Event::AgentRest { agent }
        | Event::AgentReturned { agent }
        | Event::AgentSignedIn { agent }
        | Event::AgentSignedOut { agent } => put(AGENT, n(agent)),
        Event::ArrivalsScaled { traffic, factor } => {
            put(TRAFFIC, n(traffic));
            put(FACTOR, Float(factor));
        }
        Event::SignOutOrdered { group, count } | Event::SignInOrdered { group, count } => {
            put(GROUP, n(group));
            put(COUNT, n(count));
        }
        Event::Paused | Event::Resumed => {}
        Event::SpeedChanged { factor } => put(FACTOR, Float(factor)),
    }
    (out, len)
}

/// Appends the event's name and fields, and the newline.
#[inline]
pub(super) fn write_fields(w: &mut Line, event: &Event) {
    match *event {
        Event::CallArrived { call, traffic } => {
            w.text(b"call-arrived,");
            w.call(call);
            w.text(b",");
            w.number(traffic);
            w.text(b",,,,,,,,,,,,,,\n");
        }
        Event::Routed { call, device } => {
            w.text(b"routed,");
            w.call(call);
            w.text(b",,,,,");
            w.device(device);
            w.text(b",,,,,,,,,,\n");
        }
        Event::EnteredIvr { call, ivr } => {
            w.text(b"entered-ivr,");
            w.call(call);
            w.text(b",,,");
            w.number(ivr);
            w.text(b",,,,,,,,,,,,\n");
        }
        Event::LeftIvr { call, ivr, to } => {
            w.text(b"left-ivr,");
            w.call(call);
            w.text(b",,,");
            w.number(ivr);
            w.text(b",,,,");
            w.target(to);
            w.text(b",,,,,,,,\n");
        }
        Event::Offered { call, queue, transferred } => {
            w.text(b"offered,");
            w.call(call);
            w.text(b",,");
            w.number(queue);
            w.text(b",,,,,,,");
            w.text(if transferred { b"true" } else { b"false" });
            w.text(b",,,,,,\n");
        }
        Event::RejectedNoAgents { call, queue, then } => {
            w.text(b"rejected-no-agents,");
            w.call(call);
            w.text(b",,");
            w.number(queue);
            w.text(b",,,,,,");
            w.target(then);
            w.text(b",,,,,,,\n");
        }
        Event::RejectedBusy { call, queue, then } => {
            w.text(b"rejected-busy,");
            w.call(call);
            w.text(b",,");
            w.number(queue);
            w.text(b",,,,,,");
            w.target(then);
            w.text(b",,,,,,,\n");
        }
        Event::Queued { call, queue } => {
            w.text(b"queued,");
            w.call(call);
            w.text(b",,");
            w.number(queue);
            w.text(b",,,,,,,,,,,,,\n");
        }
        Event::Ringing { call, queue, agent } => {
            w.text(b"ringing,");
            w.call(call);
            w.text(b",,");
            w.number(queue);
            w.text(b",,");
            w.number(agent);
            w.text(b",,,,,,,,,,,\n");
        }
        Event::NoAnswer { call, queue, agent } => {
            w.text(b"no-answer,");
            w.call(call);
            w.text(b",,");
            w.number(queue);
            w.text(b",,");
            w.number(agent);
            w.text(b",,,,,,,,,,,\n");
        }
        Event::CallRejected { call, queue, agent } => {
            w.text(b"call-rejected,");
            w.call(call);
            w.text(b",,");
            w.number(queue);
            w.text(b",,");
            w.number(agent);
            w.text(b",,,,,,,,,,,\n");
        }
        Event::Answered { call, queue, agent, wait } => {
            w.text(b"answered,");
            w.call(call);
            w.text(b",,");
            w.number(queue);
            w.text(b",,");
            w.number(agent);
            w.text(b",,,,,,");
            w.number(wait);
            w.text(b",,,,,\n");
        }
        Event::Abandoned { call, queue, wait, ringing } => {
            w.text(b"abandoned,");
            w.call(call);
            w.text(b",,");
            w.number(queue);
            w.text(b",,,,,,,,");
            w.number(wait);
            w.text(b",");
            if let Some(agent) = ringing {
                w.number(agent);
            }
            w.text(b",,,,\n");
        }
        Event::TimedOut { call, queue, then, wait } => {
            w.text(b"timed-out,");
            w.call(call);
            w.text(b",,");
            w.number(queue);
            w.text(b",,,,,,");
            w.target(then);
            w.text(b",,");
            w.number(wait);
            w.text(b",,,,,\n");
        }
        Event::Transferred { call, from, to, cause } => {
            w.text(b"transferred,");
            w.call(call);
            w.text(b",,,,,,");
            w.device(from);
            w.text(b",");
            w.device(to);
            w.text(b",,,,,");
            w.text(cause.name().as_bytes());
            w.text(b",,,\n");
        }
        Event::TalkEnded { call, queue, agent } => {
            w.text(b"talk-ended,");
            w.call(call);
            w.text(b",,");
            w.number(queue);
            w.text(b",,");
            w.number(agent);
            w.text(b",,,,,,,,,,,\n");
        }
        Event::WrapUpEnded { queue, agent } => {
            w.text(b"wrap-up-ended,,,");
            w.number(queue);
            w.text(b",,");
            w.number(agent);
            w.text(b",,,,,,,,,,,\n");
        }
        Event::Released { call, traffic, cause } => {
            w.text(b"released,");
            w.call(call);
            w.text(b",");
            w.number(traffic);
            w.text(b",,,,,,,,,,,");
            w.text(cause.name().as_bytes());
            w.text(b",,,\n");
        }
        Event::AgentBusy { agent, cause } => {
            w.text(b"agent-busy,,,,,");
            w.number(agent);
            w.text(b",,,,,,,,");
            w.text(cause.name().as_bytes());
            w.text(b",,,\n");
        }
        Event::AgentRest { agent } => {
            w.text(b"agent-rest,,,,,");
            w.number(agent);
            w.text(b",,,,,,,,,,,\n");
        }
        Event::AgentReturned { agent } => {
            w.text(b"agent-returned,,,,,");
            w.number(agent);
            w.text(b",,,,,,,,,,,\n");
        }
        Event::AgentSignedIn { agent } => {
            w.text(b"agent-signed-in,,,,,");
            w.number(agent);
            w.text(b",,,,,,,,,,,\n");
        }
        Event::AgentSignedOut { agent } => {
            w.text(b"agent-signed-out,,,,,");
            w.number(agent);
            w.text(b",,,,,,,,,,,\n");
        }
        Event::ArrivalsScaled { traffic, factor } => {
            w.text(b"arrivals-scaled,,");
            w.number(traffic);
            w.text(b",,,,,,,,,,,,,,");
            w.float(factor);
            w.text(b"\n");
        }
        Event::SignOutOrdered { group, count } => {
            w.text(b"sign-out-ordered,,,,,,,,,,,,,,");
            w.number(group);
            w.text(b",");
            w.number(count);
            w.text(b",\n");
        }
        Event::SignInOrdered { group, count } => {
            w.text(b"sign-in-ordered,,,,,,,,,,,,,,");
            w.number(group);
            w.text(b",");
            w.number(count);
            w.text(b",\n");
        }
        Event::Paused => w.text(b"paused,,,,,,,,,,,,,,,,\n"),
        Event::Resumed => w.text(b"resumed,,,,,,,,,,,,,,,,\n"),
        Event::SpeedChanged { factor } => {
            w.text(b"speed-changed,,,,,,,,,,,,,,,,");
            w.float(factor);
            w.text(b"\n");
        }
    }
}

impl Line<'_> {
    fn device(&mut self, device: DeviceId) {
        match device {
            DeviceId::Queue(q) => {
                self.text(b"queue:");
                self.number(q);
            }
            DeviceId::Ivr(v) => {
                self.text(b"ivr:");
                self.number(v);
            }
        }
    }

    fn target(&mut self, target: Target) {
        match target {
            Target::Release => self.text(b"release"),
            Target::Transfer(device) => self.device(device),
        }
    }
}

fn field_error(column: usize, message: impl Into<String>) -> FieldError {
    FieldError::new(COLUMNS[column], message)
}

/// Reads one line (without its newline) back: (replication, time, event).
pub fn read_line(line: &str) -> Result<(u32, SimTime, Event), FieldError> {
    // Split at the commas by hand into a fixed array: `str::split` and a `Vec` per line were
    // half of a replay's time.
    let mut cells = [""; COLUMNS.len()];
    let (mut count, mut start) = (0, 0);
    for (i, byte) in line.bytes().enumerate() {
        if byte == b',' {
            if let Some(cell) = cells.get_mut(count) {
                *cell = &line[start..i]; // a comma is ASCII, so `i` is a char boundary
            }
            count += 1;
            start = i + 1;
        }
    }
    if let Some(cell) = cells.get_mut(count) {
        *cell = &line[start..];
    }
    count += 1;
    if count != COLUMNS.len() {
        return Err(FieldError::new("line", format!("has {count} fields, not {}", COLUMNS.len())));
    }
    let int = |column: usize| -> Result<Option<u64>, FieldError> {
        let text = cells[column];
        if text.is_empty() {
            return Ok(None);
        }
        text.parse::<u64>().map(Some).map_err(|_| field_error(column, format!("`{text}` is not a whole number")))
    };
    let small = |column: usize| -> Result<Option<u32>, FieldError> {
        match int(column)? {
            Some(value) => {
                u32::try_from(value).map(Some).map_err(|_| field_error(column, format!("{value} is too large")))
            }
            None => Ok(None),
        }
    };
    let device = |column: usize| -> Result<Option<DeviceId>, FieldError> {
        let text = cells[column];
        if text.is_empty() {
            return Ok(None);
        }
        let parsed = if let Some(q) = text.strip_prefix("queue:") {
            q.parse().ok().map(DeviceId::Queue)
        } else if let Some(v) = text.strip_prefix("ivr:") {
            v.parse().ok().map(DeviceId::Ivr)
        } else {
            None
        };
        parsed.map(Some).ok_or_else(|| field_error(column, format!("`{text}` is not a device (queue:N or ivr:N)")))
    };
    let target = |column: usize| -> Result<Option<Target>, FieldError> {
        if cells[column] == "release" { Ok(Some(Target::Release)) } else { Ok(device(column)?.map(Target::Transfer)) }
    };
    let required = |column: usize, value: Option<u64>| value.ok_or_else(|| field_error(column, "is empty"));
    let fields = LineFields {
        replication: u32::try_from(required(0, int(0)?)?).map_err(|_| field_error(0, "is too large"))?,
        time: required(1, int(1)?)?,
        event: cells[2],
        call: int(CALL)?,
        traffic: small(TRAFFIC)?,
        queue: small(QUEUE)?,
        ivr: small(IVR)?,
        agent: small(AGENT)?,
        device: device(DEVICE)?,
        from: device(FROM)?,
        to: target(TO)?,
        then: target(THEN)?,
        transferred: match cells[TRANSFERRED] {
            "" => None,
            "true" => Some(true),
            "false" => Some(false),
            other => return Err(field_error(TRANSFERRED, format!("`{other}` is not true or false"))),
        },
        wait: int(WAIT)?,
        ringing: small(RINGING)?,
        cause: Some(cells[CAUSE]).filter(|c| !c.is_empty()),
        group: small(GROUP)?,
        count: small(COUNT)?,
        factor: match cells[FACTOR] {
            "" => None,
            text => Some(text.parse::<f64>().map_err(|_| field_error(FACTOR, format!("`{text}` is not a number")))?),
        },
    };
    fields.event()
}
