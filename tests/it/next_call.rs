//! Which waiting call a free agent takes when several of its queues have one (`next_call`),
//! counted by hand.

use callsim::sim::event::Event;

use super::support::{events, model};

/// One agent on queue A (skill weight 1, queue priority 5) and B (skill weight 2, priority 0);
/// talk 100 s, no wrap-up. Call 0 to A at 0 s keeps the agent busy until 100 s; call 1 waits at
/// A from 10 s, call 2 at B from `b_at`.
fn agent_of_two_queues(rule: &str) -> callsim::sim::model::Model {
    model(&format!(
        r#"
[simulation]
horizon = "1h"

[[skill_queue]]
name = "A"
max_wait = "3600s"
wrap_up = 0
priority = 5
talk_time = {{ dist = "deterministic", value = "100s" }}

[[skill_queue]]
name = "B"
max_wait = "3600s"
wrap_up = 0
talk_time = {{ dist = "deterministic", value = "100s" }}

[[called_route]]
access_code = "1"
device = "queue:A"

[[called_route]]
access_code = "2"
device = "queue:B"

[[agent_group]]
name = "both"
count = 1
skills = [{{ queue = "A", weight = 1 }}, {{ queue = "B", weight = 2 }}]
next_call = "{rule}"

[[traffic]]
dialed = "1"
rate = "1/h"

[[traffic]]
dialed = "2"
rate = "1/h"
"#
    ))
}

/// The call the agent answers at 100 s.
fn taken_at_100(rule: &str, b_at: f64) -> u64 {
    let events = events(&agent_of_two_queues(rule), &[(0.0, 0), (10.0, 0), (b_at, 1)]);
    events
        .iter()
        .find_map(|(t, e)| match e {
            Event::Answered { call, .. } if t.secs() == 100.0 => Some(*call),
            _ => None,
        })
        .unwrap()
}

/// At 100 s call 1 has waited 90 s at A; call 2, from 60 s, 40 s at B (from 50 s, 50 s):
/// - skill weight: B's weight 2 beats A's 1: call 2;
/// - longest waiting: call 1 (90 s);
/// - queue priority: A's 5 beats B's 0: call 1;
/// - weighted wait: 90 × 1 = 90 against 40 × 2 = 80: call 1; but against 50 × 2 = 100: call 2.
#[test]
fn each_rule_takes_the_call_counted_by_hand() {
    for (rule, from_60, from_50) in
        [("skill-weight", 2, 2), ("longest-waiting", 1, 1), ("queue-priority", 1, 1), ("weighted-wait", 1, 2)]
    {
        assert_eq!((taken_at_100(rule, 60.0), taken_at_100(rule, 50.0)), (from_60, from_50), "{rule}");
    }
}
