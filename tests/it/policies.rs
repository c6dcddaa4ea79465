//! Each skill policy (timeout, busy, no agents) × each action (release, transfer to a queue,
//! transfer to an IVR), extension-code routing, the transfer limit, patience on transfer and
//! shifts — each on a small deterministic scenario, following the call that the rule affects.

use callsim::sim::event::Event::{self, *};
use callsim::sim::event::{CallId, ReleaseCause, TransferCause};
use callsim::sim::id::{AgentId, IvrId, QueueId, TrafficId};
use callsim::sim::model::{Destination, DeviceId};
use callsim::sim::stats::Estimate;
use callsim::sim::time::{SimDuration, SimTime};

use super::support::{events, journey, model, tables};

/// Queue A (its `policy` set to `action`) and queue B (always staffed), an IVR "menu" (10 s,
/// then release). Talk is 100 s everywhere; A's agent count and limits are set per policy.
fn scenario(policy: &str, action: &str, a_agents: u32, a_limits: &str) -> String {
    let a_group = if a_agents > 0 {
        format!("[[agent_group]]\nname = \"team-a\"\ncount = {a_agents}\nskills = [\"A\"]\n")
    } else {
        String::new()
    };
    format!(
        r#"
[simulation]
horizon = "1h"

[[skill_queue]]
name = "A"
wrap_up = 0
{a_limits}
{policy} = "{action}"
talk_time = {{ dist = "deterministic", value = "100s" }}

[[skill_queue]]
name = "B"
wrap_up = 0
talk_time = {{ dist = "deterministic", value = "100s" }}

[[ivr]]
name = "menu"
duration = {{ dist = "deterministic", value = "10s" }}
exit = [{{ to = "release", probability = 1.0 }}]

[[called_route]]
access_code = "1"
device = "queue:A"

{a_group}
[[agent_group]]
name = "team-b"
count = 1
skills = ["B"]

[[traffic]]
dialed = "1"
rate = "1/h"
"#
    )
}

const A: QueueId = QueueId(0);
const B: QueueId = QueueId(1);
const QUEUE_B: DeviceId = DeviceId::Queue(B);
const MENU: DeviceId = DeviceId::Ivr(IvrId(0));

/// How each policy is provoked, and the call it happens to, at what time.
/// - no agents: A has no agent; call 0 arrives at 0.
/// - busy: A has one agent and room for one waiting caller; calls at 0, 1, 2 → call 2 at t=2.
/// - timeout: A has one agent and a 10 s max wait; calls at 0, 1 → call 1 times out at t=11.
fn provoke(policy: &str, action: &str) -> (Vec<(SimTime, Event)>, CallId, f64) {
    match policy {
        "no_agents" => (events(&model(&scenario(policy, action, 0, "")), &[(0.0, 0)]), 0, 0.0),
        "busy" => {
            (events(&model(&scenario(policy, action, 1, "max_calls = 1")), &[(0.0, 0), (1.0, 0), (2.0, 0)]), 2, 2.0)
        }
        _ => (events(&model(&scenario(policy, action, 1, "max_wait = \"10s\"")), &[(0.0, 0), (1.0, 0)]), 1, 11.0),
    }
}

/// The event that applies the policy, and the causes it leads to.
fn policy_event(policy: &str, call: CallId, then: Destination) -> (Event, TransferCause, ReleaseCause) {
    match policy {
        "no_agents" => (RejectedNoAgents { call, queue: A, then }, TransferCause::NoAgents, ReleaseCause::NoAgents),
        "busy" => (RejectedBusy { call, queue: A, then }, TransferCause::Busy, ReleaseCause::Busy),
        _ => (
            TimedOut { call, queue: A, wait: SimDuration(10_000_000), then },
            TransferCause::Timeout,
            ReleaseCause::Timeout,
        ),
    }
}

/// The call the policy applied to: the first event of `after_policy`'s journey.
fn policy_call(journey: &[(f64, Event)]) -> CallId {
    match journey[0].1 {
        RejectedNoAgents { call, .. } | RejectedBusy { call, .. } | TimedOut { call, .. } => call,
        other => panic!("not a policy event: {other:?}"),
    }
}

fn after_policy(policy: &str, action: &str) -> Vec<(f64, Event)> {
    let (events, call, t) = provoke(policy, action);
    let journey = journey(&events, call);
    let at =
        journey.iter().position(|(_, e)| matches!(e, RejectedNoAgents { .. } | RejectedBusy { .. } | TimedOut { .. }));
    let at = at.unwrap_or_else(|| panic!("{policy} never applied: {journey:?}"));
    assert_eq!(journey[at].0, t, "{policy} applies at t={t}");
    journey[at..].to_vec()
}

#[test]
fn each_policy_can_release() {
    for policy in ["no_agents", "busy", "timeout"] {
        let journey = after_policy(policy, "release");
        let call = policy_call(&journey);
        let (event, _, cause) = policy_event(policy, call, Destination::Release);
        let t = journey[0].0;
        assert_eq!(journey, vec![(t, event), (t, Released { call, traffic: TrafficId(0), cause })], "{policy}");
    }
}

#[test]
fn each_policy_can_transfer_to_a_queue() {
    for policy in ["no_agents", "busy", "timeout"] {
        let journey = after_policy(policy, "queue:B");
        let t = journey[0].0;
        let call = policy_call(&journey);
        let (event, cause, _) = policy_event(policy, call, Destination::Transfer(QUEUE_B));
        // B's agent is idle: answered at once, talks 100 s, the call completes.
        assert_eq!(
            journey,
            vec![
                (t, event),
                (t, Transferred { call, from: DeviceId::Queue(A), to: QUEUE_B, cause }),
                (t, Offered { call, queue: B, transferred: true }),
                (t, Answered { call, queue: B, agent: journey_agent(policy), wait: SimDuration(0) }),
                (t + 100.0, TalkEnded { call, queue: B, agent: journey_agent(policy) }),
                (t + 100.0, Released { call, traffic: TrafficId(0), cause: ReleaseCause::Completed }),
            ],
            "{policy}"
        );
    }
}

/// B's agent: agent 0 when A has no group, else agent 1 (team-a is numbered first).
fn journey_agent(policy: &str) -> AgentId {
    AgentId(u32::from(policy != "no_agents"))
}

#[test]
fn each_policy_can_transfer_to_an_ivr() {
    for policy in ["no_agents", "busy", "timeout"] {
        let journey = after_policy(policy, "ivr:menu");
        let t = journey[0].0;
        let call = policy_call(&journey);
        let (event, cause, _) = policy_event(policy, call, Destination::Transfer(MENU));
        // 10 s in the menu, then its only exit: release.
        assert_eq!(
            journey,
            vec![
                (t, event),
                (t, Transferred { call, from: DeviceId::Queue(A), to: MENU, cause }),
                (t, EnteredIvr { call, ivr: IvrId(0) }),
                (t + 10.0, LeftIvr { call, ivr: IvrId(0), to: Destination::Release }),
                (t + 10.0, Released { call, traffic: TrafficId(0), cause: ReleaseCause::Ivr }),
            ],
            "{policy}"
        );
    }
}

#[test]
fn transfers_are_counted_out_of_one_queue_and_into_the_other() {
    let model = model(&scenario("no_agents", "queue:B", 0, ""));
    let arrivals = callsim::sim::engine::Arrivals::Scripted(
        [callsim::sim::engine::ScriptedCall::new(SimTime::ZERO, TrafficId(0))].into(),
    );
    let tables =
        callsim::sim::engine::run_with(&model, 0, arrivals, callsim::output::report::Summary::new(&model)).finish();
    let queues = tables.table("skill_queues").unwrap();
    assert_eq!(queues.get("A", "no_agents"), Some(1.0));
    assert_eq!(queues.get("A", "transferred_out"), Some(1.0));
    assert_eq!(queues.get("B", "offered"), Some(1.0));
    assert_eq!(queues.get("B", "transferred_in"), Some(1.0));
    assert_eq!(queues.get("all queues", "offered"), Some(2.0), "a call is counted at every queue it visits");
}

const HOTLINE: &str = r#"
[[skill_queue]]
name = "A"
talk_time = { dist = "deterministic", value = "60s" }

[[skill_queue]]
name = "B"
talk_time = { dist = "deterministic", value = "60s" }

[[called_route]]
access_code = "12345"
extension = "1"
device = "queue:A"

[[called_route]]
access_code = "12345"
extension = "2"
device = "queue:B"

[[agent_group]]
name = "team"
count = 2
skills = ["A", "B"]

[[traffic]]
dialed = "123451"
rate = "1/h"

[[traffic]]
dialed = "123452"
rate = "1/h"
"#;

#[test]
fn access_code_plus_extension_code_reaches_its_queue() {
    let model = model(HOTLINE);
    assert_eq!(model.routes.get("123451"), Some(&DeviceId::Queue(QueueId(0))), "12345 + 1 → A");
    assert_eq!(model.routes.get("123452"), Some(&DeviceId::Queue(QueueId(1))), "12345 + 2 → B");
    assert_eq!(model.routes.get("12345"), None, "the access code alone is not a route here");
    let events = events(&model, &[(0.0, 0), (1.0, 1)]);
    let offers: Vec<(u64, QueueId)> = events
        .iter()
        .filter_map(|(_, e)| match *e {
            Offered { call, queue, .. } => Some((call, queue)),
            _ => None,
        })
        .collect();
    assert_eq!(offers, [(0, A), (1, B)], "a call to 123451 is offered at A, one to 123452 at B");
}

#[test]
fn the_transfer_limit_releases_a_call_bouncing_between_queues() {
    // No agent anywhere; each queue's no-agents policy sends the call to the other.
    let text = r#"
[simulation]
transfer_limit = 3

[[skill_queue]]
name = "A"
no_agents = "queue:B"
talk_time = { dist = "deterministic", value = "1s" }

[[skill_queue]]
name = "B"
no_agents = "queue:A"
talk_time = { dist = "deterministic", value = "1s" }

[[called_route]]
access_code = "1"
device = "queue:A"

[[traffic]]
dialed = "1"
rate = "1/h"
"#;
    let journey = journey(&events(&model(text), &[(0.0, 0)]), 0);
    let offers = journey.iter().filter(|(_, e)| matches!(e, Offered { .. })).count();
    let transfers = journey.iter().filter(|(_, e)| matches!(e, Transferred { .. })).count();
    assert_eq!((offers, transfers), (4, 3), "A, B, A, B: three transfers, then the limit");
    assert_eq!(
        journey.last().map(|(_, e)| *e),
        Some(Released { call: 0, traffic: TrafficId(0), cause: ReleaseCause::TransferLimit })
    );
}

/// Queue A times out after 30 s into queue B; the one agent (serving both) is busy for 1000 s;
/// callers have exactly 50 s of patience.
fn patience_scenario(option: &str) -> String {
    format!(
        r#"
[simulation]
patience_on_transfer = "{option}"

[[skill_queue]]
name = "A"
max_wait = "30s"
timeout = "queue:B"
talk_time = {{ dist = "deterministic", value = "1s" }}

[[skill_queue]]
name = "B"
max_wait = "100s"
talk_time = {{ dist = "deterministic", value = "1000s" }}

[[called_route]]
access_code = "1"
device = "queue:A"

[[called_route]]
access_code = "2"
device = "queue:B"

[[agent_group]]
name = "team"
count = 1
skills = ["A", "B"]

[[traffic]]
dialed = "1"
rate = "1/h"
patience = {{ dist = "deterministic", value = "50s" }}

[[traffic]]
dialed = "2"
rate = "1/h"
"#
    )
}

#[test]
fn patience_continues_after_a_transfer_by_default() {
    // Call 0 (dialed 2) occupies the agent. Call 1 waits 30 s at A, times out into B with
    // 50 − 30 = 20 s of patience left: abandons at B at t = 1 + 30 + 20 = 51, after 20 s there.
    let journey = journey(&events(&model(&patience_scenario("continue")), &[(0.0, 1), (1.0, 0)]), 1);
    assert_eq!(journey.last().map(|(t, _)| *t), Some(51.0));
    assert!(
        journey.contains(&(51.0, Abandoned { call: 1, queue: B, wait: SimDuration(20_000_000), ringing: None })),
        "{journey:?}"
    );
}

#[test]
fn patience_restarts_at_each_queue_when_asked() {
    // The full 50 s apply again at B (below B's 100 s max wait): abandons at 1 + 30 + 50 = 81.
    let journey = journey(&events(&model(&patience_scenario("restart")), &[(0.0, 1), (1.0, 0)]), 1);
    assert!(
        journey.contains(&(81.0, Abandoned { call: 1, queue: B, wait: SimDuration(50_000_000), ringing: None })),
        "{journey:?}"
    );
}

/// `patience_scenario` with a patience of B's own (deterministic, so every time is exact).
fn patience_scenario_with_queue_patience(option: &str, b_patience: &str) -> String {
    patience_scenario(option).replace(
        "max_wait = \"100s\"",
        &format!("max_wait = \"100s\"\npatience = {{ dist = \"deterministic\", value = \"{b_patience}\" }}"),
    )
}

/// The time and wait of call 1's abandonment at B, from the hand-counted timeline: call 0
/// (dialed 2) holds the one agent from t = 0; call 1 arrives at t = 1, waits 30 s at A and times
/// out into B at t = 31.
fn abandoned_at_b(text: &str) -> (f64, SimDuration) {
    let journey = journey(&events(&model(text), &[(0.0, 1), (1.0, 0)]), 1);
    let abandoned = journey.iter().find_map(|&(t, e)| match e {
        Abandoned { queue, wait, .. } if queue == B => Some((t, wait)),
        _ => None,
    });
    abandoned.unwrap_or_else(|| panic!("call 1 should abandon at B: {journey:?}"))
}

#[test]
fn patience_is_drawn_afresh_at_the_next_queue_with_redraw() {
    // Without a patience of B's own, redraw draws the traffic's 50 s again: abandons at
    // 31 + 50 = 81 (as restart does: a deterministic draw is the same value).
    assert_eq!(abandoned_at_b(&patience_scenario("redraw")), (81.0, SimDuration::from_secs(50.0)));
    // B's own 70 s: abandons at 31 + 70 = 101, whatever is left of the first patience.
    assert_eq!(
        abandoned_at_b(&patience_scenario_with_queue_patience("redraw", "70s")),
        (101.0, SimDuration::from_secs(70.0))
    );
}

#[test]
fn a_queue_patience_applies_at_a_first_queue_and_not_after_a_transfer_unless_redrawn() {
    // continue: B's own patience does not apply to a transferred caller, who has 50 − 30 = 20 s
    // left: abandons at 51, as without it.
    assert_eq!(
        abandoned_at_b(&patience_scenario_with_queue_patience("continue", "70s")),
        (51.0, SimDuration::from_secs(20.0))
    );
    // restart: the first value (the traffic's 50 s) again: 81.
    assert_eq!(
        abandoned_at_b(&patience_scenario_with_queue_patience("restart", "70s")),
        (81.0, SimDuration::from_secs(50.0))
    );
    // At a first queue, the queue's patience replaces the traffic's: a caller dialing B
    // directly (traffic 2, no patience of its own) waits behind call 0 and hangs up after 70 s.
    let events = events(&model(&patience_scenario_with_queue_patience("continue", "70s")), &[(0.0, 1), (5.0, 1)]);
    let journey = journey(&events, 1);
    assert!(
        journey.contains(&(75.0, Abandoned { call: 1, queue: B, wait: SimDuration::from_secs(70.0), ringing: None })),
        "{journey:?}"
    );
}

#[test]
fn shifts_sign_agents_in_and_out_and_a_busy_agent_finishes_first() {
    // One agent on shift 00:00–00:10; talk 300 s, wrap-up 5 s. Call 0 at 8 min is answered and
    // talks until 13 min; the agent signs out after wrap-up, at 13 min 5 s. Call 1 at 15 min finds
    // nobody signed in → Skill NoAgents → release.
    let text = r#"
[simulation]
horizon = "1h"

[[skill_queue]]
name = "A"
wrap_up = "5s"
talk_time = { dist = "deterministic", value = "300s" }

[[called_route]]
access_code = "1"
device = "queue:A"

[[agent_group]]
name = "morning"
count = 1
skills = ["A"]
shifts = [{ start = "00:00", end = "00:10" }]

[[traffic]]
dialed = "1"
rate = "1/h"
"#;
    let events = events(&model(text), &[(480.0, 0), (900.0, 0)]);
    let agent: Vec<(f64, Event)> = events
        .iter()
        .filter(|(_, e)| matches!(e, AgentSignedIn { .. } | AgentSignedOut { .. } | WrapUpEnded { .. }))
        .map(|(t, e)| (t.secs(), *e))
        .collect();
    assert_eq!(
        agent,
        [
            (0.0, AgentSignedIn { agent: AgentId(0) }),
            (785.0, WrapUpEnded { agent: AgentId(0), queue: QueueId(0) }),
            (785.0, AgentSignedOut { agent: AgentId(0) })
        ]
    );
    assert!(
        journey(&events, 1)
            .contains(&(900.0, RejectedNoAgents { call: 1, queue: QueueId(0), then: Destination::Release }))
    );
}

/// Found in review: a call that rang out after its max waiting time and timed out into an IVR kept
/// its patience deadline, which fired later: a second time-out, two IVR visits, two releases.
#[test]
fn a_call_timing_out_after_a_ring_into_an_ivr_ends_once() {
    let text = r#"
[[skill_queue]]
name = "A"
max_wait = "10s"
no_answer = "15s"
timeout = "ivr:menu"
talk_time = { dist = "deterministic", value = "60s" }

[[ivr]]
name = "menu"
duration = { dist = "deterministic", value = "500s" }
exit = [{ to = "release", probability = 1.0 }]

[[called_route]]
access_code = "1"
device = "queue:A"

[[agent_group]]
name = "team"
count = 1
skills = ["A"]
ring_time = { dist = "deterministic", value = "20s" }

[[traffic]]
dialed = "1"
rate = "1/h"
patience = { dist = "deterministic", value = "100s" }
"#;
    // Rings 0–15 with no answer; it has waited 15 s > 10 s: timed out into the menu at 15, which
    // it leaves at 515, released. The 100 s patience deadline (t = 100) must not fire.
    let journey = journey(&events(&model(text), &[(0.0, 0)]), 0);
    let timeouts = journey.iter().filter(|(_, e)| matches!(e, TimedOut { .. })).count();
    let releases: Vec<f64> = journey.iter().filter(|(_, e)| matches!(e, Released { .. })).map(|(t, _)| *t).collect();
    assert_eq!((timeouts, releases), (1, vec![515.0]), "{journey:?}");
}

/// Every call meets a queue with no agents and is transferred at once to queue B, an M/M/10+M
/// queue at load 1.2; the traffic's patience is exponential with mean 60 s, B's own with mean
/// 300 s. Returns B's row over `replications` replications after a warm-up.
fn second_queue_figures(option: &str) -> (Estimate, Estimate, Estimate) {
    let rate = 1.2 * 10.0 / 180.0;
    let text = format!(
        r#"
[simulation]
patience_on_transfer = "{option}"
horizon = "{horizon}s"
warmup = "7200s"
replications = 10
seed = 19

[[skill_queue]]
name = "A"
no_agents = "queue:B"

[[skill_queue]]
name = "B"
max_wait = "60000s"
max_calls = 10000
wrap_up = 0
service_level = 20
patience = {{ dist = "exponential", mean = 300 }}

[[called_route]]
access_code = "1"
device = "queue:A"

[[agent_group]]
name = "agents"
count = 10
skills = ["B"]

[[traffic]]
dialed = "1"
rate = "{rate}/s"
talk_time = {{ dist = "exponential", mean = 180 }}
patience = {{ dist = "exponential", mean = 60 }}
"#,
        horizon = 7200.0 + 1.0e5 / rate,
    );
    let model = model(&text);
    let tables: Vec<_> = callsim::app::run::replications(&model, 2, &callsim::app::run::Progress::default())
        .into_iter()
        .filter_map(|tables| tables.table("skill_queues").cloned())
        .collect();
    let figure = |key: &str| Estimate::of(tables.iter().map(|t| t.get("B", key).unwrap_or(f64::NAN)));
    (figure("abandon_rate"), figure("mean_wait_s"), figure("service_level"))
}

/// Erlang A in the second queue: with `redraw` the patience there is a fresh Exp(300 s) draw, with
/// `continue` it is what is left of the traffic's Exp(60 s) draw (A takes no time), so each is
/// M/M/10+M with its own mean patience. A figure agrees within 3 half-widths of its 95 %
/// interval over 10 fixed-seed replications of 10⁵ calls (about 6.5 standard errors: a correct
/// simulator fails this about once in 10⁸, and the seed is fixed, so it cannot flake), and the
/// two closed forms are far apart, so each run must pick the right one.
#[test]
fn redraw_gives_erlang_a_with_the_second_queues_patience() {
    let rate = 1.2 * 10.0 / 180.0;
    for (option, patience) in [("redraw", 300.0), ("continue", 60.0)] {
        let theory = callsim::sim::analytic::erlang_a(10, rate, 180.0, patience);
        let service_level = callsim::sim::analytic::erlang_a_service_level(10, rate, 180.0, patience, 20.0);
        let (abandon, wait, level) = second_queue_figures(option);
        for (name, truth, simulated) in [
            ("P(abandon)", theory.p_abandon, abandon),
            ("mean wait", theory.mean_wait, wait),
            ("service level", service_level, level),
        ] {
            assert!(
                (simulated.mean - truth).abs() <= 3.0 * simulated.ci95 && simulated.ci95 <= 0.15 * truth,
                "{option}: {name} {simulated:?} against Erlang A's {truth}"
            );
        }
    }
}

/// Every caller waits exactly 30 s at A (its one agent rejects all but one call in 10⁷, so calls time out
/// into B) and then at B until its patience runs out (B's agent rejects them too, and B's max
/// wait is never reached). Patience is Exp(120 s). Returns B's mean wait over 10 replications.
fn mean_wait_at_b_after_30_s_at_a(option: &str) -> Estimate {
    let text = format!(
        r#"
[simulation]
patience_on_transfer = "{option}"
horizon = "200h"
replications = 10
seed = 7

[[skill_queue]]
name = "A"
max_wait = "30s"
timeout = "queue:B"
talk_time = {{ dist = "deterministic", value = "1s" }}

[[skill_queue]]
name = "B"
max_wait = "60000s"
talk_time = {{ dist = "deterministic", value = "1s" }}

[[called_route]]
access_code = "1"
device = "queue:A"

[[agent_group]]
name = "at-a"
count = 1
skills = ["A"]
role = "callout"
reject_probability = 0.9999999

[[agent_group]]
name = "at-b"
count = 1
skills = ["B"]
role = "callout"
reject_probability = 0.9999999

[[traffic]]
dialed = "1"
rate = "60/h"
patience = {{ dist = "exponential", mean = "120s" }}
"#
    );
    let model = model(&text);
    let tables: Vec<_> = callsim::app::run::replications(&model, 2, &callsim::app::run::Progress::default())
        .into_iter()
        .filter_map(|tables| tables.table("skill_queues").cloned())
        .collect();
    Estimate::of(tables.iter().map(|t| t.get("B", "mean_wait_s").unwrap_or(f64::NAN)))
}

/// `restart` keeps the survivors' long patience: E[P | P > 30 s] = 30 + 120 = 150 s for
/// exponential P. A fresh draw (`redraw`) and what is left (`continue`, memoryless) both give
/// 120 s. About 9 400 callers reach B per replication, so the 95 % half-width over 10 fixed-seed
/// replications is about 1 s; 3 half-widths is 6.5 standard errors (cannot flake, and the seed
/// is fixed), against a 30 s gap between the answers.
#[test]
fn restart_is_survivor_biased_and_redraw_is_not() {
    for (option, truth) in [("restart", 150.0), ("redraw", 120.0), ("continue", 120.0)] {
        let wait = mean_wait_at_b_after_30_s_at_a(option);
        assert!(
            (wait.mean - truth).abs() <= 3.0 * wait.ci95 && wait.ci95 < 5.0,
            "{option}: mean wait at B {wait:?}, expected {truth} s"
        );
    }
}

/// One agent on shift 00:00–00:10 with talk 700 s and no wrap-up: call 0 at 60 s is answered and talks until
/// 760 s; calls 1 and 2 (at 120 s and 180 s) wait behind it. The shift ends at 600 s with the
/// agent talking, so it signs out when the talk ends, at 760 s, and the queue is closed with the
/// two callers waiting 640 s and 580 s. NoAgents goes to queue B, which has its own agent.
fn closing_scenario(closing: &str) -> String {
    format!(
        r#"
[simulation]
horizon = "1h"

[[skill_queue]]
name = "A"
max_wait = "3000s"
no_agents = "queue:B"
closing = "{closing}"
wrap_up = 0
talk_time = {{ dist = "deterministic", value = "700s" }}

[[skill_queue]]
name = "B"
talk_time = {{ dist = "deterministic", value = "10s" }}

[[called_route]]
access_code = "1"
device = "queue:A"

[[agent_group]]
name = "day"
count = 1
skills = ["A"]
shifts = [{{ start = "00:00", end = "00:10" }}]

[[agent_group]]
name = "overflow"
count = 1
skills = ["B"]

[[traffic]]
dialed = "1"
rate = "1/h"
"#
    )
}

const A_CLOSING: &[(f64, u32)] = &[(60.0, 0), (120.0, 0), (180.0, 0)];

#[test]
fn by_default_callers_keep_waiting_when_the_last_agent_signs_out() {
    // `wait`: no `closed`; calls 1 and 2 wait on until their max wait, 3000 s after entry.
    let events = events(&model(&closing_scenario("wait")), A_CLOSING);
    assert!(!events.iter().any(|(_, e)| matches!(e, Closed { .. })));
    let journey = journey(&events, 1);
    assert!(
        journey.contains(&(
            3_120.0,
            TimedOut { call: 1, queue: A, wait: SimDuration::from_secs(3_000.0), then: Destination::Release }
        )),
        "{journey:?}"
    );
}

#[test]
fn closing_releases_the_waiting_callers_first_in_line_first() {
    let events = events(&model(&closing_scenario("release")), A_CLOSING);
    let at_close: Vec<Event> = events.iter().filter(|(t, _)| t.secs() == 760.0).map(|(_, e)| *e).collect();
    let closed = |call, secs| Closed { call, queue: A, wait: SimDuration::from_secs(secs), then: Destination::Release };
    let released = |call| Released { call, traffic: TrafficId(0), cause: ReleaseCause::NoAgents };
    let signed_out = at_close.iter().position(|e| matches!(e, AgentSignedOut { .. })).expect("signs out at 760 s");
    assert_eq!(at_close[signed_out + 1..], [closed(1, 640.0), released(1), closed(2, 580.0), released(2)]);
}

#[test]
fn closing_by_the_no_agents_policy_transfers_the_waiting_callers() {
    let events = events(&model(&closing_scenario("no-agents")), A_CLOSING);
    let journey = journey(&events, 1);
    let b = QueueId(1);
    let overflow = AgentId(1);
    assert_eq!(
        journey[journey.len() - 6..],
        [
            (
                760.0,
                Closed { call: 1, queue: A, wait: SimDuration::from_secs(640.0), then: Destination::Transfer(QUEUE_B) }
            ),
            (760.0, Transferred { call: 1, from: DeviceId::Queue(A), to: QUEUE_B, cause: TransferCause::NoAgents }),
            (760.0, Offered { call: 1, queue: b, transferred: true }),
            (760.0, Answered { call: 1, queue: b, agent: overflow, wait: SimDuration::ZERO }),
            (770.0, TalkEnded { call: 1, queue: b, agent: overflow }),
            (770.0, Released { call: 1, traffic: TrafficId(0), cause: ReleaseCause::Completed }),
        ]
    );
    // Counted as NoAgents outcomes of A, sent to a queue, and not as requests.
    let tables = tables(&model(&closing_scenario("no-agents")), A_CLOSING);
    let a = |key| tables.table("skill_queues").and_then(|t| t.get("A", key));
    assert_eq!((a("no_agents"), a("no_agents_to_queue"), a("requests")), (Some(2.0), Some(2.0), Some(1.0)));
}

#[test]
fn a_call_the_closing_agent_let_ring_out_does_not_go_back_into_the_line() {
    // Rings 40 s against a 30 s no-answer time. Call 0 at 590 s rings at the one agent; its shift
    // ends at 600 s while it rings; at 620 s the ring ends unanswered, the agent signs out, and
    // the closing rule applies to the call there: released after 30 s.
    let text = closing_scenario("release")
        .replace("max_wait = \"3000s\"", "max_wait = \"3000s\"\nno_answer = \"30s\"")
        .replace("shifts = [{ start = \"00:00\", end = \"00:10\" }]", "shifts = [{ start = \"00:00\", end = \"00:10\" }]\nring_time = { dist = \"deterministic\", value = \"40s\" }");
    let journey = journey(&events(&model(&text), &[(590.0, 0)]), 0);
    assert_eq!(
        journey[journey.len() - 3..],
        [
            (620.0, NoAnswer { call: 0, queue: A, agent: AgentId(0) }),
            (620.0, Closed { call: 0, queue: A, wait: SimDuration::from_secs(30.0), then: Destination::Release }),
            (620.0, Released { call: 0, traffic: TrafficId(0), cause: ReleaseCause::NoAgents }),
        ],
        "{journey:?}"
    );
}
