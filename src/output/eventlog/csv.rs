//! The CSV form of an event: one column per event field, empty where the event has no such field.
//!
//! Every value is a number, a name in kebab-case, `true`/`false`, or a device (`queue:3`, `ivr:0`)
//! or destination (`release`, or a device), so no field ever needs quoting and a line is split at its
//! commas. Each event's template is made from the table of events ([`super::schema`]); this is
//! how a value is written in a cell, and how a line's cells are read back.

use super::fields::{FieldError, LineFields};
use super::lines::Line;
pub(super) use super::schema::COLUMNS;
use super::schema::{
    AGENT, CALL, CAUSE, COUNT, DEVICE, FACTOR, FROM, GROUP, IVR, QUEUE, RINGING, THEN, TO, TRAFFIC, TRANSFERRED, Value,
    WAIT,
};
use crate::sim::event::Event;
use crate::sim::id::{IvrId, QueueId};
use crate::sim::model::{Destination, DeviceId};
use crate::sim::time::SimTime;

impl Line<'_> {
    /// A field's cell (without its comma).
    #[inline(always)]
    pub(super) fn csv(&mut self, value: Value) {
        match value {
            Value::Call(call) => self.call(call),
            Value::Int(n) => self.number(n),
            Value::Float(x) => self.float(x),
            Value::Device(device) => self.device(device),
            Value::Destination(destination) => self.destination(destination),
            Value::Bool(b) => self.text(if b { b"true" } else { b"false" }),
            Value::Name(name) => self.text(name.as_bytes()),
            Value::Null => {}
        }
    }

    fn device(&mut self, device: DeviceId) {
        match device {
            DeviceId::Queue(q) => {
                self.text(b"queue:");
                self.number(q.0);
            }
            DeviceId::Ivr(v) => {
                self.text(b"ivr:");
                self.number(v.0);
            }
        }
    }

    fn destination(&mut self, destination: Destination) {
        match destination {
            Destination::Release => self.text(b"release"),
            Destination::Transfer(device) => self.device(device),
        }
    }
}

fn field_error(column: usize, message: impl Into<String>) -> FieldError {
    FieldError::new(COLUMNS[column], message)
}

/// Reads one line (without its newline) back: (replication, time, event).
pub(super) fn read_line(line: &str) -> Result<(u32, SimTime, Event), FieldError> {
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
            q.parse().ok().map(QueueId).map(DeviceId::Queue)
        } else if let Some(v) = text.strip_prefix("ivr:") {
            v.parse().ok().map(IvrId).map(DeviceId::Ivr)
        } else {
            None
        };
        parsed.map(Some).ok_or_else(|| field_error(column, format!("`{text}` is not a device (queue:N or ivr:N)")))
    };
    let destination = |column: usize| -> Result<Option<Destination>, FieldError> {
        if cells[column] == "release" {
            Ok(Some(Destination::Release))
        } else {
            Ok(device(column)?.map(Destination::Transfer))
        }
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
        to: destination(TO)?,
        then: destination(THEN)?,
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
