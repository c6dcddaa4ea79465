//! Overflow by tiers (`tiers`): a second-line team takes a call only after it has waited the
//! tier's delay. Hand-counted answers, and a delay of 0 that is one pooled team.

use callsim::sim::engine;
use callsim::sim::event::{Event, Recorder};
use callsim::sim::id::AgentId;
use callsim::sim::time::SimDuration;

use super::support::{events, model};

/// One specialist and one generalist on queue Q, talk 100 s (deterministic), no wrap-up,
/// with `tiers`.
fn two_tiers(tiers: &str) -> String {
    format!(
        r#"
[simulation]
horizon = "2h"

[[skill_queue]]
name = "Q"
max_wait = "3600s"
wrap_up = 0
talk_time = {{ dist = "deterministic", value = "100s" }}
{tiers}

[[called_route]]
access_code = "1"
device = "queue:Q"

[[agent_group]]
name = "specialists"
count = 1
skills = ["Q"]

[[agent_group]]
name = "generalists"
count = 1
skills = ["Q"]

[[traffic]]
dialed = "1"
rate = "1/h"
"#
    )
}

/// Calls at 0, 10, 50 and 120 s; the generalists are tier 2 after 30 s:
/// - call 0 at 0 s: the specialist (busy until 100 s);
/// - call 1 at 10 s: the generalist is idle but its tier opens at 40 s: answered then, wait 30 s
///   (busy until 140 s);
/// - call 2 at 50 s: both busy; the specialist is free at 100 s: wait 50 s (busy until 200 s);
/// - call 3 at 120 s: the generalist is free at 140 s, when it has waited 20 s only, so it
///   stays idle; the tier opens at 150 s: wait 30 s.
#[test]
fn the_second_tier_takes_a_call_once_it_has_waited_the_delay() {
    let text = two_tiers(r#"tiers = [{ groups = ["specialists"] }, { groups = ["generalists"], after = "30s" }]"#);
    let answers: Vec<(f64, u32, f64)> = events(&model(&text), &[(0.0, 0), (10.0, 0), (50.0, 0), (120.0, 0)])
        .iter()
        .filter_map(|(t, e)| match e {
            Event::Answered { agent: AgentId(agent), wait, .. } => Some((t.secs(), *agent, wait.secs())),
            _ => None,
        })
        .collect();
    assert_eq!(answers, [(0.0, 0, 0.0), (40.0, 1, 30.0), (100.0, 0, 50.0), (150.0, 1, 30.0)]);
    // Without tiers, the idle generalist answers call 1 at once.
    let pooled = events(&model(&two_tiers("")), &[(0.0, 0), (10.0, 0)]);
    assert!(pooled.iter().any(|(t, e)| t.secs() == 10.0
        && matches!(e, Event::Answered { agent: AgentId(1), wait, .. } if *wait == SimDuration::ZERO)));
}

/// Tiers that open at once are one team: an M/M/2 with patience runs event for event as without
/// tiers (the same agents are idle, chosen in the same order).
#[test]
fn a_tier_delay_of_zero_is_one_pooled_team() {
    let poisson = |tiers: &str| {
        let text = two_tiers(tiers)
            .replace(r#"{ dist = "deterministic", value = "100s" }"#, r#"{ dist = "exponential", mean = "100s" }"#)
            .replace("rate = \"1/h\"", "rate = \"60/h\"\npatience = { dist = \"exponential\", mean = \"60s\" }")
            .replace("horizon = \"2h\"", "horizon = \"20h\"");
        engine::run(&model(&text), 0, Recorder::default()).0
    };
    let zero = poisson(r#"tiers = [{ groups = ["specialists"] }, { groups = ["generalists"], after = "0s" }]"#);
    let plain = poisson("");
    assert!(plain.len() > 1_000);
    assert_eq!(plain, zero);
    assert_ne!(
        plain,
        poisson(r#"tiers = [{ groups = ["specialists"] }, { groups = ["generalists"], after = "20s" }]"#)
    );
}

/// `trace` tells which tier answered: call 1 of the hand-counted run above, from call records.
#[test]
fn trace_tells_the_tier_that_answered() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("calls.csv"), "arrival,dialed\n0,1\n10,1\n").unwrap();
    let text = two_tiers(r#"tiers = [{ groups = ["specialists"] }, { groups = ["generalists"], after = "30s" }]"#)
        .replace("horizon = \"2h\"", "horizon = \"2h\"\nrecords = \"calls.csv\"");
    let scenario = dir.path().join("tiers.toml");
    std::fs::write(&scenario, text).unwrap();
    let log = dir.path().join("log.csv");
    let run =
        super::support::callsim(&["run", scenario.to_str().unwrap(), "--quiet", "--events", log.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let trace = super::support::callsim(&["trace", log.to_str().unwrap(), "--call", "1"]);
    let story = String::from_utf8(trace.stdout).unwrap();
    assert!(
        story.contains("00:00:40.0  answered by agent generalists-001 of tier 2 (after 30.0 s) after 30.0 s"),
        "{story}"
    );
}

/// A callback waits for its tier from its request. One specialist, busy 0–1000 s with call 0;
/// a generalist of tier 2 after 60 s. Call 1 at 1 s times out at 11 s (max wait 10 s) and takes
/// the callback: its tier opens at 71 s (the opening at 61 s was for its wait in the line, which
/// it left), when the generalist calls back; the dial takes 5 s.
#[test]
fn a_later_tier_calls_back_once_the_request_has_waited_for_it() {
    let text = two_tiers(r#"tiers = [{ groups = ["specialists"] }, { groups = ["generalists"], after = "60s" }]"#)
        .replace("max_wait = \"3600s\"", "max_wait = \"10s\"\ncallback = { at = [\"timeout\"], accept = 1, dial = { dist = \"deterministic\", value = \"5s\" } }")
        .replace(r#"{ dist = "deterministic", value = "100s" }"#, r#"{ dist = "deterministic", value = "1000s" }"#);
    let events = events(&model(&text), &[(0.0, 0), (1.0, 0)]);
    let call = super::support::journey(&events, 1);
    let times =
        |wanted: fn(&Event) -> bool| call.iter().filter(|(_, e)| wanted(e)).map(|(t, _)| *t).collect::<Vec<_>>();
    assert_eq!(times(|e| matches!(e, Event::CallbackRequested { .. })), [11.0]);
    assert_eq!(times(|e| matches!(e, Event::CallingBack { agent: AgentId(1), .. })), [71.0]);
    assert_eq!(times(|e| matches!(e, Event::CallbackReached { .. })), [76.0]);
}

/// A high-priority caller who has not waited for a tier does not hold back a lower-priority one
/// who has. Agent 0 (tier 1 of Q) talks 0–1000 s; agent 1 (tier 2 of Q, after 30 s; also on R)
/// talks on R 0–50 s. L (priority 0) waits at Q from 1 s, H (priority 5) from 45 s. At 50 s,
/// agent 1 is free: H is first in line but has waited 5 s only, L has waited 49 s: agent 1
/// answers L.
#[test]
fn a_tier_takes_the_first_caller_who_has_waited_for_it() {
    let text = r#"
[simulation]
horizon = "1h"

[[skill_queue]]
name = "Q"
max_wait = "3600s"
wrap_up = 0
talk_time = { dist = "deterministic", value = "1000s" }
tiers = [{ groups = ["first"] }, { groups = ["second"], after = "30s" }]

[[skill_queue]]
name = "R"
wrap_up = 0
talk_time = { dist = "deterministic", value = "50s" }

[[called_route]]
access_code = "1"
device = "queue:Q"

[[called_route]]
access_code = "2"
device = "queue:Q"

[[called_route]]
access_code = "3"
device = "queue:R"

[[agent_group]]
name = "first"
count = 1
skills = ["Q"]

[[agent_group]]
name = "second"
count = 1
skills = ["Q", "R"]

[[traffic]]
dialed = "1"
rate = "1/h"

[[traffic]]
dialed = "2"
rate = "1/h"
priority = 5

[[traffic]]
dialed = "3"
rate = "1/h"
"#;
    // Calls: 0 to Q at 0 s, 1 to R at 0 s, 2 (L) at 1 s, 3 (H) at 45 s.
    let events = events(&model(text), &[(0.0, 0), (0.0, 2), (1.0, 0), (45.0, 1)]);
    let answered: Vec<(f64, u64, u32)> = events
        .iter()
        .filter_map(|(t, e)| match e {
            Event::Answered { call, agent: AgentId(agent), .. } => Some((t.secs(), *call, *agent)),
            _ => None,
        })
        .collect();
    assert_eq!(answered[..3], [(0.0, 0, 0), (0.0, 1, 1), (50.0, 2, 1)]);
}
