//! Callbacks (virtual queue): a caller offered one at a timeout or a busy rejection may hang up
//! and keep its place; an agent calls back in its turn. Hand-counted timelines and a binomial
//! check of the reach probability.

use callsim::sim::event::Event::{self, *};
use callsim::sim::event::ReleaseCause;
use callsim::sim::id::{AgentId, QueueId, TrafficId};
use callsim::sim::model::{Destination, DeviceId};
use callsim::sim::stats::Estimate;
use callsim::sim::time::SimDuration;

use super::support::{events, journey, model, tables};

/// One agent, talk 100 s, no wrap-up, max wait 30 s; a callback taken by every caller offered
/// one, dialled in 20 s, reached with probability `reach`, within 2 minutes for its service level.
fn scenario(at: &str, reach: f64, extra: &str) -> String {
    format!(
        r#"
[simulation]
horizon = "1h"

[[skill_queue]]
name = "A"
max_wait = "30s"
wrap_up = 0
talk_time = {{ dist = "deterministic", value = "100s" }}
callback = {{ at = ["{at}"], accept = 1, reach = {reach}, dial = {{ dist = "deterministic", value = "20s" }}, within = "2m" }}
{extra}

[[called_route]]
access_code = "1"
device = "queue:A"

[[agent_group]]
name = "team"
count = 1
skills = ["A"]

[[traffic]]
dialed = "1"
rate = "1/h"
"#
    )
}

const A: QueueId = QueueId(0);
const AGENT: AgentId = AgentId(0);

fn secs(s: f64) -> SimDuration {
    SimDuration::from_secs(s)
}

/// Call 0 at 0 s talks until 100 s. Call 1 at 10 s times out at 40 s and takes the callback; the
/// agent, free at 100 s, calls back, reaches the caller at 120 s (80 s after asking), and they
/// talk until 220 s.
#[test]
fn a_caller_who_takes_the_callback_is_called_back_in_its_turn() {
    let events = events(&model(&scenario("timeout", 1.0, "")), &[(0.0, 0), (10.0, 0)]);
    assert_eq!(
        journey(&events, 1),
        [
            (10.0, CallArrived { call: 1, traffic: TrafficId(0) }),
            (10.0, Routed { call: 1, device: DeviceId::Queue(A) }),
            (10.0, Offered { call: 1, queue: A, transferred: false }),
            (10.0, Queued { call: 1, queue: A }),
            (40.0, TimedOut { call: 1, queue: A, wait: secs(30.0), then: Destination::Release }),
            (40.0, CallbackRequested { call: 1, queue: A }),
            (100.0, CallingBack { call: 1, queue: A, agent: AGENT }),
            (120.0, CallbackReached { call: 1, queue: A, agent: AGENT, wait: secs(80.0) }),
            (220.0, TalkEnded { call: 1, queue: A, agent: AGENT }),
            (220.0, Released { call: 1, traffic: TrafficId(0), cause: ReleaseCause::Completed }),
        ]
    );
}

#[test]
fn an_unreached_callback_releases_the_call_and_frees_the_agent() {
    let events = events(&model(&scenario("timeout", 0.0, "")), &[(0.0, 0), (10.0, 0)]);
    let tail: Vec<(f64, Event)> = journey(&events, 1).into_iter().rev().take(3).rev().collect();
    assert_eq!(
        tail,
        [
            (100.0, CallingBack { call: 1, queue: A, agent: AGENT }),
            (120.0, CallbackUnreached { call: 1, queue: A, agent: AGENT }),
            (120.0, Released { call: 1, traffic: TrafficId(0), cause: ReleaseCause::CallbackUnreached }),
        ]
    );
}

/// Call 2 at 50 s times out at 80 s and takes a callback too; call 1's callback keeps its place
/// (entry at 10 s) ahead of it. The agent calls 1 back at 100 s (reached at 120 s, 80 s after
/// asking, talk to 220 s), then 2 at 220 s (reached at 240 s, 160 s after asking: over the 2 min).
#[test]
fn callbacks_keep_their_place_and_have_their_own_report() {
    let model = model(&scenario("timeout", 1.0, ""));
    let events = events(&model, &[(0.0, 0), (10.0, 0), (50.0, 0)]);
    assert!(journey(&events, 2).contains(&(220.0, CallingBack { call: 2, queue: A, agent: AGENT })));
    assert!(
        journey(&events, 2).contains(&(240.0, CallbackReached { call: 2, queue: A, agent: AGENT, wait: secs(160.0) }))
    );
    let tables = tables(&model, &[(0.0, 0), (10.0, 0), (50.0, 0)]);
    let get = |key| tables.get("callbacks", "A", key).unwrap_or(f64::NAN);
    let keys = ["requested", "reached", "unreached", "reach_rate", "service_level", "mean_delay_s", "mean_talk_s"];
    assert_eq!(keys.map(get), [2.0, 2.0, 0.0, 1.0, 0.5, 120.0, 100.0]);
    // The visits still timed out at the queue.
    assert_eq!(tables.get("skill_queues", "A", "timed_out"), Some(2.0));
}

#[test]
fn a_busy_queue_offers_the_callback_too() {
    // No room to wait: call 1 at 10 s is rejected busy, takes the callback (entry at 10 s) and
    // is called back when the agent is free at 100 s.
    let events = events(&model(&scenario("busy", 1.0, "max_calls = 0")), &[(0.0, 0), (10.0, 0)]);
    let journey = journey(&events, 1);
    assert!(journey.contains(&(10.0, CallbackRequested { call: 1, queue: A })), "{journey:?}");
    assert!(journey.contains(&(100.0, CallingBack { call: 1, queue: A, agent: AGENT })), "{journey:?}");
}

/// Callers time out into callbacks all day; each callback is reached with probability 0.7. Over
/// 10 fixed-seed replications of about 1 000 callbacks each, the mean reach rate has a standard
/// error of √(0.21 / 10 000) ≈ 0.005; 6 standard errors (0.03) cannot be missed by a correct
/// simulator, and the seed is fixed.
#[test]
fn callbacks_reach_callers_with_the_reach_probability() {
    let text = scenario("timeout", 0.7, "")
        .replace("horizon = \"1h\"", "horizon = \"24h\"\nreplications = 10")
        .replace("rate = \"1/h\"", "rate = \"80/h\"")
        .replace("value = \"100s\"", "value = \"60s\"");
    let model = model(&text);
    let tables = callsim::app::run::replications(&model, 2, &callsim::app::run::Progress::default());
    let reach = Estimate::of(tables.iter().map(|t| t.get("callbacks", "A", "reach_rate").unwrap_or(f64::NAN)));
    let requested = tables[0].get("callbacks", "A", "requested").unwrap_or(0.0);
    assert!(requested > 500.0, "{requested} callbacks");
    assert!((reach.mean - 0.7).abs() < 0.03, "{reach:?}");
}

#[test]
fn a_closing_queue_drops_the_callbacks_it_still_holds() {
    // The agent's shift ends at 120 s while it talks to call 0 (until 200 s); call 1's callback,
    // asked for at 40 s, is still in the line when the agent signs out at 200 s. With
    // closing = "release" it is dropped: closed 160 s after it was asked for.
    let text = scenario("timeout", 1.0, "closing = \"release\"")
        .replace("value = \"100s\"", "value = \"200s\"")
        .replace("skills = [\"A\"]", "skills = [\"A\"]\nshifts = [{ start = \"00:00\", end = \"00:02\" }]");
    let events = events(&model(&text), &[(0.0, 0), (10.0, 0)]);
    let tail: Vec<(f64, Event)> = journey(&events, 1).into_iter().rev().take(2).rev().collect();
    assert_eq!(
        tail,
        [
            (200.0, Closed { call: 1, queue: A, wait: secs(160.0), then: Destination::Release }),
            (200.0, Released { call: 1, traffic: TrafficId(0), cause: ReleaseCause::NoAgents }),
        ]
    );
}
