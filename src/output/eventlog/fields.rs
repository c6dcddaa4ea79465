//! Reading a line back: a line's fields, however written (CSV cells or JSON keys), and the event
//! they make. Both formats go through [`LineFields::event`], so they are checked alike: every
//! field the event needs is there, and no other is.

use serde::Deserialize;

use super::schema::{self as csv, COLUMNS};
use crate::sim::event::Event;
use crate::sim::model::{Destination, DeviceId};
use crate::sim::time::SimTime;

/// A problem with one field of a line (`field` is `"line"` for the line as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub(super) fn new(field: &'static str, message: impl Into<String>) -> Self {
        FieldError { field, message: message.into() }
    }
}

/// Every field a line may have; the event's name says which it must have.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LineFields<'a> {
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
    /// A device (`transferred`) or a destination (`left-ivr`).
    #[serde(default, deserialize_with = "device_or_destination")]
    pub to: Option<Destination>,
    pub then: Option<Destination>,
    pub transferred: Option<bool>,
    pub wait: Option<u64>,
    pub ringing: Option<u32>,
    #[serde(borrow)]
    pub cause: Option<&'a str>,
    pub group: Option<u32>,
    pub count: Option<u32>,
    pub factor: Option<f64>,
}

/// `to` as JSON: a device object, or a destination (`"release"` or `{"transfer": device}`).
fn device_or_destination<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Destination>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum To {
        Device(DeviceId),
        Destination(Destination),
    }
    Ok(Option::<To>::deserialize(deserializer)?.map(|to| match to {
        To::Device(device) => Destination::Transfer(device),
        To::Destination(destination) => destination,
    }))
}

impl LineFields<'_> {
    /// A field's name as `&'static str`, from a path serde gives (`"agent"`, or `"to.kind"`).
    pub(super) fn field_name(path: &str) -> Option<&'static str> {
        let key = path.split(['.', '[']).next()?;
        COLUMNS.iter().copied().find(|&column| column == key)
    }

    /// The line's replication, time and event.
    pub(super) fn event(&self) -> Result<(u32, SimTime, Event), FieldError> {
        let (event, columns) = self.schema_event()?;
        // A field the event does not have must be absent, so a shifted or garbled line is noticed.
        for (column, present) in self.presence() {
            if present && !columns.contains(&column) {
                return Err(FieldError::new(
                    COLUMNS[column],
                    format!("is given, but {} has no {} field", self.event, COLUMNS[column]),
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
