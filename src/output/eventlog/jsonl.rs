//! The JSON Lines form of an event: `replication`, `time`, then the object serde makes of the
//! event, as `docs/events.md` specifies it.
//!
//! Lines are written by hand, from a template per event, because serde_json took ~200 ns an
//! event (a 10 M-call run writes ~72 M of them); a test checks that the two agree on every event.
//! They are read back with serde into [`super::fields::LineFields`].

use super::lines::Line;
use crate::sim::event::Event;
use crate::sim::model::{DeviceId, Target};

/// Appends the event's name and fields, the closing brace and the newline.
#[inline]
pub(super) fn write_fields(w: &mut Line, event: &Event) {
    match *event {
        Event::CallArrived { call, traffic } => {
            w.text(b"call-arrived\",\"call\":");
            w.call(call);
            w.text(b",\"traffic\":");
            w.number(traffic);
            w.text(b"}\n");
        }
        Event::Routed { call, device } => {
            w.text(b"routed\",\"call\":");
            w.call(call);
            w.text(b",\"device\":");
            write_device(w, device);
            w.text(b"}\n");
        }
        Event::EnteredIvr { call, ivr } => {
            w.text(b"entered-ivr\",\"call\":");
            w.call(call);
            w.text(b",\"ivr\":");
            w.number(ivr);
            w.text(b"}\n");
        }
        Event::LeftIvr { call, ivr, to } => {
            w.text(b"left-ivr\",\"call\":");
            w.call(call);
            w.text(b",\"ivr\":");
            w.number(ivr);
            w.text(b",\"to\":");
            target(w, to);
            w.text(b"}\n");
        }
        Event::Offered { call, queue, transferred } => {
            w.text(b"offered\",\"call\":");
            w.call(call);
            w.text(b",\"queue\":");
            w.number(queue);
            w.text(b",\"transferred\":");
            w.text(if transferred { b"true" } else { b"false" });
            w.text(b"}\n");
        }
        Event::RejectedNoAgents { call, queue, then } => {
            w.text(b"rejected-no-agents\",\"call\":");
            w.call(call);
            w.text(b",\"queue\":");
            w.number(queue);
            w.text(b",\"then\":");
            target(w, then);
            w.text(b"}\n");
        }
        Event::RejectedBusy { call, queue, then } => {
            w.text(b"rejected-busy\",\"call\":");
            w.call(call);
            w.text(b",\"queue\":");
            w.number(queue);
            w.text(b",\"then\":");
            target(w, then);
            w.text(b"}\n");
        }
        Event::Queued { call, queue } => {
            w.text(b"queued\",\"call\":");
            w.call(call);
            w.text(b",\"queue\":");
            w.number(queue);
            w.text(b"}\n");
        }
        Event::Ringing { call, queue, agent } => {
            w.text(b"ringing\",\"call\":");
            w.call(call);
            w.text(b",\"queue\":");
            w.number(queue);
            w.text(b",\"agent\":");
            w.number(agent);
            w.text(b"}\n");
        }
        Event::NoAnswer { call, queue, agent } => {
            w.text(b"no-answer\",\"call\":");
            w.call(call);
            w.text(b",\"queue\":");
            w.number(queue);
            w.text(b",\"agent\":");
            w.number(agent);
            w.text(b"}\n");
        }
        Event::CallRejected { call, queue, agent } => {
            w.text(b"call-rejected\",\"call\":");
            w.call(call);
            w.text(b",\"queue\":");
            w.number(queue);
            w.text(b",\"agent\":");
            w.number(agent);
            w.text(b"}\n");
        }
        Event::Answered { call, queue, agent, wait } => {
            w.text(b"answered\",\"call\":");
            w.call(call);
            w.text(b",\"queue\":");
            w.number(queue);
            w.text(b",\"agent\":");
            w.number(agent);
            w.text(b",\"wait\":");
            w.number(wait);
            w.text(b"}\n");
        }
        Event::Abandoned { call, queue, wait, ringing } => {
            w.text(b"abandoned\",\"call\":");
            w.call(call);
            w.text(b",\"queue\":");
            w.number(queue);
            w.text(b",\"wait\":");
            w.number(wait);
            w.text(b",\"ringing\":");
            match ringing {
                Some(agent) => w.number(agent),
                None => w.text(b"null"),
            }
            w.text(b"}\n");
        }
        Event::TimedOut { call, queue, wait, then } => {
            w.text(b"timed-out\",\"call\":");
            w.call(call);
            w.text(b",\"queue\":");
            w.number(queue);
            w.text(b",\"wait\":");
            w.number(wait);
            w.text(b",\"then\":");
            target(w, then);
            w.text(b"}\n");
        }
        Event::Transferred { call, from, to, cause } => {
            w.text(b"transferred\",\"call\":");
            w.call(call);
            w.text(b",\"from\":");
            write_device(w, from);
            w.text(b",\"to\":");
            write_device(w, to);
            w.text(b",\"cause\":");
            name(w, cause.name());
            w.text(b"}\n");
        }
        Event::TalkEnded { call, queue, agent } => {
            w.text(b"talk-ended\",\"call\":");
            w.call(call);
            w.text(b",\"queue\":");
            w.number(queue);
            w.text(b",\"agent\":");
            w.number(agent);
            w.text(b"}\n");
        }
        Event::WrapUpEnded { agent, queue } => {
            w.text(b"wrap-up-ended\",\"agent\":");
            w.number(agent);
            w.text(b",\"queue\":");
            w.number(queue);
            w.text(b"}\n");
        }
        Event::Released { call, traffic, cause } => {
            w.text(b"released\",\"call\":");
            w.call(call);
            w.text(b",\"traffic\":");
            w.number(traffic);
            w.text(b",\"cause\":");
            name(w, cause.name());
            w.text(b"}\n");
        }
        Event::AgentBusy { agent, cause } => {
            w.text(b"agent-busy\",\"agent\":");
            w.number(agent);
            w.text(b",\"cause\":");
            name(w, cause.name());
            w.text(b"}\n");
        }
        Event::AgentRest { agent } => {
            w.text(b"agent-rest\",\"agent\":");
            w.number(agent);
            w.text(b"}\n");
        }
        Event::AgentReturned { agent } => {
            w.text(b"agent-returned\",\"agent\":");
            w.number(agent);
            w.text(b"}\n");
        }
        Event::AgentSignedIn { agent } => {
            w.text(b"agent-signed-in\",\"agent\":");
            w.number(agent);
            w.text(b"}\n");
        }
        Event::AgentSignedOut { agent } => {
            w.text(b"agent-signed-out\",\"agent\":");
            w.number(agent);
            w.text(b"}\n");
        }
        Event::ArrivalsScaled { traffic, factor } => {
            w.text(b"arrivals-scaled\",\"traffic\":");
            w.number(traffic);
            w.text(b",\"factor\":");
            w.float(factor);
            w.text(b"}\n");
        }
        Event::SignOutOrdered { group, count } | Event::SignInOrdered { group, count } => {
            w.text(if matches!(event, Event::SignOutOrdered { .. }) {
                b"sign-out-ordered"
            } else {
                b"sign-in-ordered"
            });
            w.text(b"\",\"group\":");
            w.number(group);
            w.text(b",\"count\":");
            w.number(count);
            w.text(b"}\n");
        }
        Event::Paused => w.text(b"paused\"}\n"),
        Event::Resumed => w.text(b"resumed\"}\n"),
        Event::SpeedChanged { factor } => {
            w.text(b"speed-changed\",\"factor\":");
            w.float(factor);
            w.text(b"}\n");
        }
    }
}

fn write_device(w: &mut Line, device: DeviceId) {
    match device {
        DeviceId::Queue(q) => {
            w.text(b"{\"kind\":\"queue\",\"index\":");
            w.number(q);
        }
        DeviceId::Ivr(v) => {
            w.text(b"{\"kind\":\"ivr\",\"index\":");
            w.number(v);
        }
    }
    w.text(b"}");
}

fn target(w: &mut Line, target: Target) {
    match target {
        Target::Release => w.text(b"\"release\""),
        Target::Transfer(to) => {
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
