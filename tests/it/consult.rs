//! Consultation and conference (rule 32): an agent who transfers a call after talking stays on
//! the line until the target's agent answers and a conference time has passed, or until that
//! agent's talk ends. Hand-counted events and agent times.

use callsim::sim::engine;
use callsim::sim::event::{Event, Recorder};
use callsim::sim::id::AgentId;

use super::support::{events, model, tables};

/// Agent `first` (queue A, talk 100 s) transfers every call to queue B (agent `second`, talk
/// 200 s) with `transfer`; wrap-up 10 s on both; traffic 0 dials A, traffic 1 dials B.
fn two_desks(transfer: &str, patience: &str) -> String {
    format!(
        r#"
[simulation]
horizon = "1h"

[[skill_queue]]
name = "A"
max_wait = "3000s"
wrap_up = "10s"
talk_time = {{ dist = "deterministic", value = "100s" }}
after_talk = {{ probability = 1, to = "queue:B"{transfer} }}

[[skill_queue]]
name = "B"
max_wait = "3000s"
wrap_up = "10s"
talk_time = {{ dist = "deterministic", value = "200s" }}

[[called_route]]
access_code = "1"
device = "queue:A"

[[called_route]]
access_code = "2"
device = "queue:B"

[[agent_group]]
name = "first"
count = 1
skills = ["A"]

[[agent_group]]
name = "second"
count = 1
skills = ["B"]

[[traffic]]
dialed = "1"
rate = "1/h"
{patience}

[[traffic]]
dialed = "2"
rate = "1/h"
"#
    )
}

const CONSULT: &str = r#", transfer = "consult", conference_time = { dist = "deterministic", value = "30s" }"#;

/// The events of agent 0 (the first desk), as (seconds, event name).
fn first_agent(events: &[(callsim::sim::time::SimTime, Event)]) -> Vec<(f64, &'static str)> {
    events.iter().filter(|(_, e)| e.agent() == Some(AgentId(0))).map(|(t, e)| (t.secs(), e.name())).collect()
}

/// A call at 0 s: the first agent talks to 100 s, transfers it and stays on the line; the second
/// answers at once, the two talk together for the conference time, and the first leaves at
/// 130 s and wraps up to 140 s. It was busy talking for 130 s; the second talks its 200 s.
#[test]
fn a_consultative_transfer_keeps_the_first_agent_until_the_conference_time_is_over() {
    let m = model(&two_desks(CONSULT, ""));
    let events = events(&m, &[(0.0, 0)]);
    assert_eq!(
        first_agent(&events),
        vec![
            (0.0, "agent-signed-in"),
            (0.0, "answered"),
            (100.0, "talk-ended"),
            (100.0, "consulting"),
            (130.0, "consult-ended"),
            (140.0, "wrap-up-ended"),
        ]
    );
    let t = tables(&m, &[(0.0, 0)]);
    let groups = t.table("agent_groups").unwrap();
    assert_eq!(groups.get("first", "talk_s"), Some(130.0));
    assert_eq!(groups.get("first", "wrap_up_s"), Some(10.0));
    assert_eq!(groups.get("second", "talk_s"), Some(200.0));
    assert_eq!(groups.get("first", "transfers_made"), Some(1.0), "the transfer is the first agent's");
    let queues = t.table("skill_queues").unwrap();
    assert_eq!(queues.get("A", "mean_talk_s"), Some(100.0), "the visit's talk ends at the transfer");
    assert_eq!(queues.get("A", "mean_wrap_up_s"), Some(10.0), "wrap-up counts from leaving the call");
}

/// The second agent is busy to 210 s with a call of its own (at 0 s): the first agent holds
/// the transferred caller from 100 s until the second answers at 210 s, and leaves 30 s later.
#[test]
fn the_first_agent_holds_on_until_the_target_answers() {
    let m = model(&two_desks(CONSULT, ""));
    let events = events(&m, &[(0.0, 1), (0.0, 0)]);
    let leaves = first_agent(&events).into_iter().find(|&(_, name)| name == "consult-ended");
    assert_eq!(leaves, Some((240.0, "consult-ended")));
    let talk = tables(&m, &[(0.0, 1), (0.0, 0)]).table("agent_groups").unwrap().get("first", "talk_s");
    assert_eq!(talk, Some(240.0), "100 s of its own talk and 140 s on the line");
}

/// In a conference the first agent stays until the second's talk ends (300 s), and leaves
/// before the call is released.
#[test]
fn in_a_conference_the_first_agent_stays_to_the_end_of_the_talk() {
    let m = model(&two_desks(r#", transfer = "conference""#, ""));
    let events = events(&m, &[(0.0, 0)]);
    let names: Vec<(f64, &str)> = events
        .iter()
        .filter(|(t, e)| t.secs() == 300.0 && e.call() == Some(0))
        .map(|(t, e)| (t.secs(), e.name()))
        .collect();
    assert_eq!(names, vec![(300.0, "talk-ended"), (300.0, "consult-ended"), (300.0, "released")]);
    let t = tables(&m, &[(0.0, 0)]);
    assert_eq!(t.table("agent_groups").unwrap().get("first", "talk_s"), Some(300.0));
}

/// A caller who hangs up while the first agent holds on (patience 60 s, used up only while
/// waiting: it waits at B from 100 s, with B busy to 210 s) ends the first agent's part at
/// 160 s, before its release.
#[test]
fn a_caller_who_hangs_up_frees_the_agent_on_the_line() {
    let patience = r#"patience = { dist = "deterministic", value = "60s" }"#;
    let m = model(&two_desks(CONSULT, patience));
    let events = events(&m, &[(0.0, 1), (0.0, 0)]);
    let at_160: Vec<&str> = events.iter().filter(|(t, _)| t.secs() == 160.0).map(|(_, e)| e.name()).collect();
    assert_eq!(at_160, vec!["abandoned", "consult-ended", "released"]);
    assert!(first_agent(&events).contains(&(170.0, "wrap-up-ended")));
}

#[test]
fn a_blind_transfer_is_the_default() {
    let plain = model(&two_desks("", ""));
    let blind = model(&two_desks(r#", transfer = "blind""#, ""));
    assert_eq!(engine::run(&plain, 0, Recorder::default()).0, engine::run(&blind, 0, Recorder::default()).0);
}
