//! A tiny scenario with deterministic times, where every event and every figure of the summary
//! is derived by hand in the comments.

use callsim::output::report::Summary;
use callsim::sim::engine::{self, Arrivals, ScriptedCall};
use callsim::sim::event::Event::*;
use callsim::sim::event::ReleaseCause;
use callsim::sim::id::{AgentId, QueueId, TrafficId};
use callsim::sim::model::{Destination, DeviceId};
use callsim::sim::time::{SimDuration, SimTime};

use super::support::{events, model};

/// One agent, one queue (max wait 60 s, max 1 caller waiting, wrap-up 5 s, talk exactly 100 s).
/// Dialing 100: patient callers (1000 s). Dialing 200: impatient callers (30 s).
pub(crate) const SOLO: &str = r#"
[simulation]
horizon = "1h"

[[skill_queue]]
name = "A"
max_wait = "60s"
max_calls = 1
wrap_up = "5s"
talk_time = { dist = "deterministic", value = "100s" }

[[called_route]]
access_code = "100"
device = "queue:A"

[[called_route]]
access_code = "200"
device = "queue:A"

[[agent_group]]
name = "solo"
count = 1
skills = ["A"]

[[traffic]]
dialed = "100"
rate = "1/h"
patience = { dist = "deterministic", value = "1000s" }

[[traffic]]
dialed = "200"
rate = "1/h"
patience = { dist = "deterministic", value = "30s" }
"#;

/// Arrivals (seconds, traffic): patient at 0, 10, 190; impatient at 20, 80, 150.
pub(crate) const SCRIPT: [(f64, u32); 6] = [(0.0, 0), (10.0, 0), (20.0, 1), (80.0, 1), (150.0, 1), (190.0, 0)];

fn at(secs: f64) -> SimTime {
    SimTime::from_secs(secs)
}

fn us(secs: f64) -> SimDuration {
    at(secs).since_start()
}

#[test]
fn every_event_at_its_hand_derived_time() {
    let q = DeviceId::Queue(QueueId(0));
    let expected = vec![
        (at(0.0), AgentSignedIn { agent: AgentId(0) }),
        // t=0: call 0 finds the agent idle: answered at once; talk ends at 100.
        (at(0.0), CallArrived { call: 0, traffic: TrafficId(0) }),
        (at(0.0), Routed { call: 0, device: q }),
        (at(0.0), Offered { call: 0, queue: QueueId(0), transferred: false }),
        (at(0.0), Answered { call: 0, queue: QueueId(0), agent: AgentId(0), wait: SimDuration(0) }),
        // t=10: call 1 waits; its deadline is min(max wait 60, patience 1000) → 70.
        (at(10.0), CallArrived { call: 1, traffic: TrafficId(0) }),
        (at(10.0), Routed { call: 1, device: q }),
        (at(10.0), Offered { call: 1, queue: QueueId(0), transferred: false }),
        (at(10.0), Queued { call: 1, queue: QueueId(0) }),
        // t=20: one caller already waits = max calls 1 → Skill Busy → release.
        (at(20.0), CallArrived { call: 2, traffic: TrafficId(1) }),
        (at(20.0), Routed { call: 2, device: q }),
        (at(20.0), Offered { call: 2, queue: QueueId(0), transferred: false }),
        (at(20.0), RejectedBusy { call: 2, queue: QueueId(0), then: Destination::Release }),
        (at(20.0), Released { call: 2, traffic: TrafficId(1), cause: ReleaseCause::Busy }),
        // t=70: call 1 has waited 60 s = max wait → Skill Timeout → release.
        (at(70.0), TimedOut { call: 1, queue: QueueId(0), wait: us(60.0), then: Destination::Release }),
        (at(70.0), Released { call: 1, traffic: TrafficId(0), cause: ReleaseCause::Timeout }),
        // t=80: call 3 (impatient) waits; deadline min(60, 30) → 110.
        (at(80.0), CallArrived { call: 3, traffic: TrafficId(1) }),
        (at(80.0), Routed { call: 3, device: q }),
        (at(80.0), Offered { call: 3, queue: QueueId(0), transferred: false }),
        (at(80.0), Queued { call: 3, queue: QueueId(0) }),
        // t=100: call 0's talk ends; wrap-up until 105, when the agent takes call 3 (waited 25).
        (at(100.0), TalkEnded { call: 0, queue: QueueId(0), agent: AgentId(0) }),
        (at(100.0), Released { call: 0, traffic: TrafficId(0), cause: ReleaseCause::Completed }),
        (at(105.0), WrapUpEnded { agent: AgentId(0), queue: QueueId(0) }),
        (at(105.0), Answered { call: 3, queue: QueueId(0), agent: AgentId(0), wait: us(25.0) }),
        // t=150: call 4 (impatient) waits; at 180 its 30 s patience runs out first.
        (at(150.0), CallArrived { call: 4, traffic: TrafficId(1) }),
        (at(150.0), Routed { call: 4, device: q }),
        (at(150.0), Offered { call: 4, queue: QueueId(0), transferred: false }),
        (at(150.0), Queued { call: 4, queue: QueueId(0) }),
        (at(180.0), Abandoned { call: 4, queue: QueueId(0), wait: us(30.0), ringing: None }),
        (at(180.0), Released { call: 4, traffic: TrafficId(1), cause: ReleaseCause::Abandoned }),
        // t=190: call 5 waits (deadline 250); talk of call 3 ends at 205, wrap-up at 210, then
        // call 5 is answered after 20 s; its talk ends at 310 and wrap-up at 315.
        (at(190.0), CallArrived { call: 5, traffic: TrafficId(0) }),
        (at(190.0), Routed { call: 5, device: q }),
        (at(190.0), Offered { call: 5, queue: QueueId(0), transferred: false }),
        (at(190.0), Queued { call: 5, queue: QueueId(0) }),
        (at(205.0), TalkEnded { call: 3, queue: QueueId(0), agent: AgentId(0) }),
        (at(205.0), Released { call: 3, traffic: TrafficId(1), cause: ReleaseCause::Completed }),
        (at(210.0), WrapUpEnded { agent: AgentId(0), queue: QueueId(0) }),
        (at(210.0), Answered { call: 5, queue: QueueId(0), agent: AgentId(0), wait: us(20.0) }),
        (at(310.0), TalkEnded { call: 5, queue: QueueId(0), agent: AgentId(0) }),
        (at(310.0), Released { call: 5, traffic: TrafficId(0), cause: ReleaseCause::Completed }),
        (at(315.0), WrapUpEnded { agent: AgentId(0), queue: QueueId(0) }),
    ];
    assert_eq!(events(&model(SOLO), &SCRIPT), expected);
}

#[test]
fn every_summary_figure_by_hand() {
    let model = model(SOLO);
    let arrivals = Arrivals::Scripted(SCRIPT.iter().map(|&(s, t)| ScriptedCall::new(at(s), TrafficId(t))).collect());
    let tables = engine::run_with(&model, 0, arrivals, Summary::new(&model)).finish();
    let (queues, dialed) = (tables.table("skill_queues").unwrap(), tables.table("dialed_numbers").unwrap());
    let q = |key| queues.get("A", key).unwrap();
    // Offered 6 = answered 3 (calls 0, 3, 5) + abandoned 1 (4) + timed out 1 (1) + busy 1 (2).
    assert_eq!(
        [q("offered"), q("answered"), q("abandoned"), q("timed_out"), q("busy"), q("no_agents")],
        [6.0, 3.0, 1.0, 1.0, 1.0, 0.0]
    );
    assert_eq!([q("transferred_in"), q("transferred_out")], [0.0, 0.0]);
    // ASA = (0 + 25 + 20) / 3 = 15 s. Requests = answered + abandoned + timed out = 5; their
    // mean wait = (0 + 25 + 20 + 30 + 60) / 5 = 27 s; the longest is 60 s.
    assert_eq!([q("asa_s"), q("mean_wait_s"), q("max_wait_s")], [15.0, 27.0, 60.0]);
    // Within the 20 s threshold: calls 0 (0 s) and 5 (20 s) → 2 / 5. Abandoned 1 / 5.
    assert_eq!([q("service_level"), q("abandon_rate")], [0.4, 0.2]);
    assert_eq!([q("mean_talk_s"), q("mean_wrap_up_s")], [100.0, 5.0]);
    // Busy 0–105, 105–210, 210–315 = 315 s of the 3600 s signed in.
    assert_eq!(q("occupancy"), 315.0 / 3_600.0);
    // The "all queues" row of a one-queue scenario is that queue.
    let bits = |r: usize| queues.rows[r].values.iter().map(|v| v.value().to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(0), bits(1));
    // Dialed 100: calls 0, 1, 5 → completed 2, released by the timeout policy 1.
    let d = |row, key| dialed.get(row, key).unwrap();
    assert_eq!(
        [d("100", "calls"), d("100", "completed"), d("100", "abandoned"), d("100", "released_by_policy")],
        [3.0, 2.0, 0.0, 1.0]
    );
    // Dialed 200: calls 2, 3, 4 → completed 1, abandoned 1, released by the busy policy 1.
    assert_eq!(
        [d("200", "calls"), d("200", "completed"), d("200", "abandoned"), d("200", "released_by_policy")],
        [3.0, 1.0, 1.0, 1.0]
    );
    assert_eq!(
        [d("200", "released_in_ivr"), d("200", "transfer_limit"), d("200", "completion_rate")],
        [0.0, 0.0, 1.0 / 3.0]
    );
    assert_eq!(d("all numbers", "calls"), 6.0);
    assert_eq!(d("all numbers", "completion_rate"), 0.5);
}

#[test]
fn calls_before_the_warm_up_are_simulated_but_not_counted() {
    // Warm-up 15 s: calls 0 and 1 (t = 0, 10) do not count; everything of calls 2..5 does,
    // and agent time counts from 15 s: busy 15–105, 105–210, 210–315 = 300 s of 3585 s.
    let model = model(&SOLO.replace("horizon = \"1h\"", "horizon = \"1h\"\nwarmup = \"15s\""));
    let arrivals = Arrivals::Scripted(SCRIPT.iter().map(|&(s, t)| ScriptedCall::new(at(s), TrafficId(t))).collect());
    let tables = engine::run_with(&model, 0, arrivals, Summary::new(&model)).finish();
    let queues = tables.table("skill_queues").unwrap();
    let q = |key| queues.get("A", key).unwrap();
    assert_eq!([q("offered"), q("answered"), q("abandoned"), q("timed_out"), q("busy")], [4.0, 2.0, 1.0, 0.0, 1.0]);
    assert_eq!(q("asa_s"), 22.5, "calls 3 (25 s) and 5 (20 s)");
    assert_eq!(q("occupancy"), 300.0 / 3_585.0);
}
