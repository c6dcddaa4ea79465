//! The JSON Lines form of an event: `replication`, `time`, then the object serde makes of the
//! event, as `docs/events.md` specifies it.
//!
//! Lines are written by hand, from a template per event made from the table of events
//! ([`super::schema`]), because serde_json took ~200 ns an event (a 10 M-call run writes ~72 M
//! of them); a test checks that the two agree on every event. This is how a value is written.
//! They are read back with serde into [`super::fields::LineFields`].

use super::lines::Line;
use super::schema::Value;
use crate::sim::model::{Destination, DeviceId};

impl Line<'_> {
    /// A field's JSON value.
    #[inline(always)]
    pub(super) fn json(&mut self, value: Value) {
        match value {
            Value::Call(call) => self.call(call),
            Value::Int(n) => self.number(n),
            Value::Float(x) => self.float(x),
            Value::Device(device) => write_device(self, device),
            Value::Destination(to) => destination(self, to),
            Value::Bool(b) => self.text(if b { b"true" } else { b"false" }),
            Value::Name(text) => name(self, text),
            Value::Null => self.text(b"null"),
        }
    }
}

fn write_device(w: &mut Line, device: DeviceId) {
    match device {
        DeviceId::Queue(q) => {
            w.text(b"{\"kind\":\"queue\",\"index\":");
            w.number(q.0);
        }
        DeviceId::Ivr(v) => {
            w.text(b"{\"kind\":\"ivr\",\"index\":");
            w.number(v.0);
        }
    }
    w.text(b"}");
}

fn destination(w: &mut Line, destination: Destination) {
    match destination {
        Destination::Release => w.text(b"\"release\""),
        Destination::Transfer(to) => {
            w.text(b"{\"transfer\":");
            write_device(w, to);
            w.text(b"}");
        }
    }
}

fn name(w: &mut Line, name: &str) {
    w.text(b"\"");
    w.text(name.as_bytes());
    w.text(b"\"");
}
