//! Every report figure on hand-computable events: two tiny scenarios with deterministic times,
//! each figure derived in the comments from the event timeline written out beside it.

use callsim::output::report::{Summary, Tables};
use callsim::sim::engine::{self, Arrivals, ScriptedCall};
use callsim::sim::id::TrafficId;
use callsim::sim::time::SimTime;

use super::support::model;
use super::timeline::{SCRIPT, SOLO};

fn run(text: &str, script: &[(f64, u32)]) -> Tables {
    let model = model(text);
    let arrivals = Arrivals::Scripted(
        script.iter().map(|&(s, t)| ScriptedCall::new(SimTime::from_secs(s), TrafficId(t))).collect(),
    );
    engine::run_with(&model, 0, arrivals, Summary::new(&model)).finish()
}

/// The figures of `row` in `table` under `keys`, in order (NaN as NaN).
fn figures(tables: &Tables, table: &str, row: &str, keys: &[&str]) -> Vec<f64> {
    keys.iter().map(|key| tables.get(table, row, key).unwrap_or_else(|| panic!("{table}: no {row} / {key}"))).collect()
}

/// Asserts figures equal, treating NaN (undefined) as equal to NaN, within 1e-9.
#[track_caller]
fn assert_figures(actual: Vec<f64>, expected: &[f64]) {
    assert_eq!(actual.len(), expected.len());
    let same = actual.iter().zip(expected).all(|(a, e)| (a.is_nan() && e.is_nan()) || (a - e).abs() < 1e-9);
    assert!(same, "\n  actual: {actual:?}\nexpected: {expected:?}");
}

const NAN: f64 = f64::NAN;

/// The SOLO timeline (tests/it/timeline.rs), one queue A, 1 h, 30 min intervals:
/// call 0 (dialed 100) answered at 0 (wait 0), talk 0–100, wrap-up to 105;
/// call 1 (100) waits 10–70, times out (60 s), released;
/// call 2 (200) at 20: busy, released;
/// call 3 (200) waits 80–105 (25 s), talk 105–205, wrap-up to 210;
/// call 4 (200) waits 150–180, abandons (30 s);
/// call 5 (100) waits 190–210 (20 s), talk 210–310, wrap-up to 315.
#[test]
fn skill_queue_figures_by_hand() {
    let tables = run(SOLO, &SCRIPT);
    let q = |keys: &[&str]| figures(&tables, "skill_queues", "A", keys);
    // Requests = answered 3 + abandoned 1 + timed out 1; every talk lasted 100 s > 0, so
    // connected = 3, lost = 5 − 3.
    assert_figures(q(&["offered", "requests", "answered", "connected", "lost"]), &[6.0, 5.0, 3.0, 3.0, 2.0]);
    assert_figures(
        q(&["abandoned", "abandoned_ringing", "timed_out", "busy", "no_agents"]),
        &[1.0, 0.0, 1.0, 1.0, 0.0],
    );
    // Both policies released: timeout (call 1) and busy (call 2).
    assert_figures(
        q(&["timeout_released", "timeout_to_queue", "timeout_to_ivr", "busy_released", "busy_to_queue", "busy_to_ivr"]),
        &[1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
    );
    assert_figures(q(&["no_agents_released", "no_agents_to_queue", "no_agents_to_ivr"]), &[0.0; 3]);
    // Rates over the 5 requests: connected 3, lost 2, answered within 20 s 2 (0 s, 20 s), abandoned 1.
    assert_figures(q(&["connection_rate", "loss_rate", "service_level", "abandon_rate"]), &[0.6, 0.4, 0.4, 0.2]);
    // Answer waits 0, 25, 20 s; "within" is inclusive.
    let answered = ["5s", "10s", "15s", "20s", "30s", "60s"].map(|n| format!("answered_within_{n}"));
    assert_figures(q(&answered.each_ref().map(String::as_str)), &[1.0, 1.0, 1.0, 2.0, 3.0, 3.0]);
    // The one abandon waited 30 s.
    let abandoned = ["5s", "10s", "15s", "20s", "30s", "60s"].map(|n| format!("abandoned_within_{n}"));
    assert_figures(q(&abandoned.each_ref().map(String::as_str)), &[0.0, 0.0, 0.0, 0.0, 1.0, 1.0]);
    // No ring time: the mean ring is undefined.
    assert_figures(
        q(&["asa_s", "mean_wait_s", "max_wait_s", "mean_ring_s", "mean_talk_s", "mean_wrap_up_s"]),
        &[15.0, 27.0, 60.0, NAN, 100.0, 5.0],
    );
    // Calls at the queue: 10–70, 80–105, 150–180, 190–210 = 135 call-seconds over 3600 s.
    assert_figures(q(&["mean_waiting", "occupancy"]), &[135.0 / 3_600.0, 315.0 / 3_600.0]);
}

#[test]
fn wait_percentiles_by_hand() {
    // Request waits sorted: 0, 20, 25, 30, 60 s. The p-th percentile is the smallest wait with
    // at least p % of the 5 requests at or below it (rounded to the nearest count): p50 → the
    // 3rd (25 s), p80 → the 4th (30 s), p90, p95, p99 → the 5th (60 s). The histogram holds two
    // significant digits: within 1 %, and never above the largest wait.
    let tables = run(SOLO, &SCRIPT);
    let p =
        figures(&tables, "skill_queues", "A", &["p50_wait_s", "p80_wait_s", "p90_wait_s", "p95_wait_s", "p99_wait_s"]);
    for (value, expected) in p.iter().zip([25.0, 30.0, 60.0, 60.0, 60.0]) {
        assert!((value - expected).abs() <= expected * 0.01 && *value <= 60.0, "{p:?}");
    }
}

#[test]
fn access_codes_split_the_queue_by_dialed_number_and_add_up_to_it() {
    let tables = run(SOLO, &SCRIPT);
    let a = |row, keys: &[&str]| figures(&tables, "access_codes", row, keys);
    // 100: calls 0, 1, 5 — answered 0 s and 20 s, timed out after 60 s.
    assert_figures(
        a("100", &["offered", "requests", "answered", "timed_out", "service_level"]),
        &[3.0, 3.0, 2.0, 1.0, 2.0 / 3.0],
    );
    // 200: calls 2, 3, 4 — busy, answered after 25 s, abandoned after 30 s.
    assert_figures(a("200", &["offered", "requests", "busy", "asa_s", "service_level"]), &[3.0, 2.0, 1.0, 25.0, 0.0]);
    // The all-numbers row equals the all-queues row in every visit figure.
    let access = tables.table("access_codes").unwrap();
    for column in &access.kind.columns {
        let (by_number, by_queue) = (
            tables.get("access_codes", "all numbers", column.key).unwrap(),
            tables.get("skill_queues", "all queues", column.key).unwrap(),
        );
        assert!(by_number == by_queue || (by_number.is_nan() && by_queue.is_nan()), "{}", column.key);
    }
}

#[test]
fn dialed_numbers_time_in_system_by_hand() {
    let tables = run(SOLO, &SCRIPT);
    // 100: call 0 0–100, call 1 10–70, call 5 190–310 → (100 + 60 + 120) / 3.
    // 200: call 2 20–20, call 3 80–205, call 4 150–180 → (0 + 125 + 30) / 3.
    let d = |row| figures(&tables, "dialed_numbers", row, &["mean_time_in_system_s"])[0];
    assert_figures(vec![d("100"), d("200"), d("all numbers")], &[280.0 / 3.0, 155.0 / 3.0, 435.0 / 6.0]);
}

#[test]
fn agent_time_by_state_by_hand() {
    let tables = run(SOLO, &SCRIPT);
    let keys = ["answered", "transfers_made", "talk_s", "wrap_up_s", "ringing_s", "idle_s", "busy_s", "rest_s"];
    // Talks 0–100, 105–205, 210–310; wrap-ups 100–105, 205–210, 310–315; idle the rest of 3600 s.
    let expected = [3.0, 0.0, 300.0, 15.0, 0.0, 3_285.0, 0.0, 0.0];
    assert_figures(figures(&tables, "agents", "solo-001/solo", &keys), &expected);
    assert_figures(figures(&tables, "agent_groups", "solo", &keys), &expected);
    assert_figures(
        figures(&tables, "agent_groups", "all agents", &["signed_in_s", "occupancy"]),
        &[3_600.0, 315.0 / 3_600.0],
    );
}

#[test]
fn intervals_by_hand() {
    let tables = run(SOLO, &SCRIPT);
    // 30 min intervals over 1 h: 00:00 holds every visit (all offered before 00:30).
    let i = |row, keys: &[&str]| figures(&tables, "queue_intervals", row, keys);
    assert_figures(
        i("00:00/A", &["offered", "answered", "service_level", "mean_waiting"]),
        &[6.0, 3.0, 0.4, 135.0 / 1_800.0],
    );
    assert_figures(i("00:30/A", &["offered", "answered", "service_level", "mean_waiting"]), &[0.0, 0.0, NAN, 0.0]);
    assert_figures(i("00:00/all queues", &["offered", "requests"]), &[6.0, 5.0]);
    // The agent: signed in all along; 300 s talking and 15 s wrapping up in 00:00, idle after.
    let g = |row| figures(&tables, "group_intervals", row, &["signed_in", "idle", "talking", "wrap_up", "occupancy"]);
    assert_figures(g("00:00/solo"), &[1.0, 1_485.0 / 1_800.0, 300.0 / 1_800.0, 15.0 / 1_800.0, 315.0 / 1_800.0]);
    assert_figures(g("00:30/all agents"), &[1.0, 1.0, 0.0, 0.0, 0.0]);
}

/// An IVR in front of queue A (ringing 5 s, timeout to B, every answered call transferred to B
/// after talk) and queue B (auto-answer, wrap-up 10 s), 15 min intervals.
const RELAY: &str = r#"
[simulation]
horizon = "1h"
interval = "15m"

[[ivr]]
name = "menu"
duration = { dist = "deterministic", value = "10s" }
exit = [{ to = "queue:A", probability = 1.0 }]

[[skill_queue]]
name = "A"
max_wait = "40s"
wrap_up = "0s"
timeout = "queue:B"
talk_time = { dist = "deterministic", value = "50s" }
after_talk = { probability = 1.0, to = "queue:B" }

[[skill_queue]]
name = "B"
wrap_up = "10s"
talk_time = { dist = "deterministic", value = "30s" }

[[called_route]]
access_code = "300"
device = "ivr:menu"

[[called_route]]
access_code = "301"
device = "queue:A"

[[agent_group]]
name = "front"
count = 1
skills = ["A"]
ring_time = { dist = "deterministic", value = "5s" }

[[agent_group]]
name = "back"
count = 1
skills = ["B"]

[[traffic]]
dialed = "300"
rate = "1/h"
patience = { dist = "deterministic", value = "1000s" }

[[traffic]]
dialed = "301"
rate = "1/h"
patience = { dist = "deterministic", value = "3s" }
"#;

/// Call 0 (300) at 0: IVR 0–10; A: rings at front 10–15, talk 15–65; after talk → B, which is
/// busy with call 1: waits 65–92, talk 92–122, wrap-up 122–132; released completed at 122.
/// Call 1 (300) at 2: IVR 2–12; A: waits 12–52 (front is ringing, then talking), times out
/// (40 s) → B: answered at once at 52, talk 52–82, wrap-up 82–92; released completed at 82.
/// Call 2 (301) at 200: A: rings at front 200–203, the caller hangs up after 3 s.
const RELAY_SCRIPT: [(f64, u32); 3] = [(0.0, 0), (2.0, 0), (200.0, 1)];

#[test]
fn transfers_rings_and_ivr_by_hand() {
    let tables = run(RELAY, &RELAY_SCRIPT);
    let q = |row, keys: &[&str]| figures(&tables, "skill_queues", row, keys);
    assert_figures(
        q("A", &["offered", "transferred_in", "requests", "answered", "connected", "abandoned", "abandoned_ringing"]),
        &[3.0, 2.0, 3.0, 1.0, 1.0, 1.0, 1.0],
    );
    assert_figures(q("A", &["timed_out", "timeout_to_queue", "transferred_out", "lost"]), &[1.0, 1.0, 2.0, 2.0]);
    // Waits 5 (answered after the ring), 40 (timed out), 3 (hung up while ringing).
    assert_figures(
        q("A", &["asa_s", "mean_wait_s", "max_wait_s", "service_level", "abandoned_within_5s", "answered_within_5s"]),
        &[5.0, 16.0, 40.0, 1.0 / 3.0, 1.0, 1.0],
    );
    // Rings 10–15 (answered) and 200–203 (abandoned): mean 4 s. Wrap-up 0 s is one wrap-up of 0.
    assert_figures(q("A", &["mean_ring_s", "mean_talk_s", "mean_wrap_up_s"]), &[4.0, 50.0, 0.0]);
    // At A: 10–15, 12–52, 200–203 = 48 call-seconds; the front agent worked 50 s of 3600.
    assert_figures(q("A", &["mean_waiting", "occupancy"]), &[48.0 / 3_600.0, 50.0 / 3_600.0]);
    // B: both calls transferred in; waits 0 and 27.
    assert_figures(
        q("B", &["offered", "transferred_in", "answered", "asa_s", "answered_within_20s", "answered_within_30s"]),
        &[2.0, 2.0, 2.0, 13.5, 1.0, 2.0],
    );
    assert_figures(q("B", &["mean_waiting", "occupancy", "mean_wrap_up_s"]), &[27.0 / 3_600.0, 80.0 / 3_600.0, 10.0]);

    // By access code: 300's calls made 4 visits (A twice, B twice), 301's one.
    let a = |row, keys: &[&str]| figures(&tables, "access_codes", row, keys);
    assert_figures(a("300", &["offered", "answered", "timed_out", "transferred_out"]), &[4.0, 3.0, 1.0, 2.0]);
    assert_figures(a("301", &["offered", "abandoned", "abandoned_ringing"]), &[1.0, 1.0, 1.0]);

    // VDN: 300's calls completed at 82 (arrived 2) and 122 (arrived 0); 301's abandoned.
    let d = |row, keys: &[&str]| figures(&tables, "dialed_numbers", row, keys);
    assert_figures(d("300", &["calls", "completed", "mean_time_in_system_s"]), &[2.0, 2.0, 101.0]);
    assert_figures(d("301", &["calls", "abandoned", "mean_time_in_system_s"]), &[1.0, 1.0, 3.0]);

    // Agents: front rang 5 + 3 s, talked 50 s, transferred call 0 after talk; back talked 2 × 30
    // and wrapped up 2 × 10.
    let keys = ["answered", "transfers_made", "talk_s", "wrap_up_s", "ringing_s", "idle_s", "occupancy"];
    assert_figures(
        figures(&tables, "agents", "front-001/front", &keys),
        &[1.0, 1.0, 50.0, 0.0, 8.0, 3_542.0, 50.0 / 3_600.0],
    );
    assert_figures(
        figures(&tables, "agents", "back-001/back", &keys),
        &[2.0, 0.0, 60.0, 20.0, 0.0, 3_520.0, 80.0 / 3_600.0],
    );

    // IVR: two entries, two exits to queue A after 10 s each.
    let v = figures(&tables, "ivrs", "menu", &["entries", "exits", "released", "to_queue", "to_ivr", "mean_time_s"]);
    assert_figures(v, &[2.0, 2.0, 0.0, 2.0, 0.0, 10.0]);
    assert_figures(figures(&tables, "ivr_exits", "menu/queue:A", &["calls", "share"]), &[2.0, 1.0]);

    // 15 min intervals: everything happens in 00:00; the front agent rang 8 s and talked 50 s of
    // its 900 s there.
    let g = figures(&tables, "group_intervals", "00:00/front", &["signed_in", "ringing", "talking", "occupancy"]);
    assert_figures(g, &[1.0, 8.0 / 900.0, 50.0 / 900.0, 50.0 / 900.0]);
    assert_figures(figures(&tables, "queue_intervals", "00:00/A", &["mean_waiting"]), &[48.0 / 900.0]);
    assert_eq!(tables.table("queue_intervals").unwrap().rows.len(), 4 * 3, "4 intervals × (A, B, all queues)");
}

/// A ringing queue with a no-answer time: the preferred agent (`slow`, weight 2) lets every call
/// ring out after 3 s and is forced busy 30 s; the call then rings at `fast`, who answers after
/// 1 s. Warm-up 100 s, 15 min intervals.
const NO_ANSWER: &str = r#"
[simulation]
horizon = "1h"
warmup = "100s"
interval = "15m"

[[skill_queue]]
name = "A"
max_wait = "600s"
wrap_up = "0s"
no_answer = "3s"
no_answer_busy = "30s"
talk_time = { dist = "deterministic", value = "50s" }

[[called_route]]
access_code = "500"
device = "queue:A"

[[agent_group]]
name = "slow"
count = 1
skills = ["A"]
agent_weight = 2
ring_time = { dist = "deterministic", value = "5s" }

[[agent_group]]
name = "fast"
count = 1
skills = ["A"]
ring_time = { dist = "deterministic", value = "1s" }

[[traffic]]
dialed = "500"
rate = "1/h"
patience = { dist = "deterministic", value = "1000s" }
"#;

/// Call 0 at 50 (before the warm-up: not counted): rings at slow 50–53, no answer (slow busy
/// 53–83), rings at fast 53–54, talk 54–104. Call 1 at 200: slow 200–203, no answer (busy
/// 203–233), fast 203–204, talk 204–254. Call 2 at 3599, one second before the horizon: slow
/// 3599–3602, fast 3602–3603, talk 3603–3653, all but its first second in the drain.
const NO_ANSWER_SCRIPT: [(f64, u32); 3] = [(50.0, 0), (200.0, 0), (3_599.0, 0)];

#[test]
fn no_answers_warm_up_and_drain_by_hand() {
    let tables = run(NO_ANSWER, &NO_ANSWER_SCRIPT);
    // Calls 1 and 2 count (call 0 arrived before the warm-up), with all their events, drain
    // included: two answers after 4 s, four rings of 3 + 1 + 3 + 1 s, two talks of 50 s.
    let q = |keys: &[&str]| figures(&tables, "skill_queues", "A", keys);
    assert_figures(q(&["offered", "answered", "asa_s", "mean_ring_s", "mean_talk_s"]), &[2.0, 2.0, 4.0, 2.0, 50.0]);
    // Calls at the queue within [100, 3600]: call 1 200–204, call 2 3599–3600 (call 0's 50–54
    // is before the window).
    assert_figures(q(&["mean_waiting"]), &[5.0 / 3_500.0]);
    // Agent time counts within [100, 3600] whichever call it is for. slow: rang 200–203 and
    // 3599–3600, busy 203–233. fast: talked 100–104 (call 0) and 204–254, rang 203–204.
    let keys = ["answered", "talk_s", "ringing_s", "busy_s", "idle_s", "signed_in_s"];
    assert_figures(figures(&tables, "agents", "slow-001/slow", &keys), &[0.0, 0.0, 4.0, 30.0, 3_466.0, 3_500.0]);
    assert_figures(figures(&tables, "agents", "fast-001/fast", &keys), &[2.0, 54.0, 1.0, 0.0, 3_445.0, 3_500.0]);
    // slow's occupancy leaves its 30 s busy out of the denominator: 0 / 3470.
    assert_figures(figures(&tables, "agents", "slow-001/slow", &["occupancy"]), &[0.0]);
    // Intervals: 00:00 holds 800 s of the window (100–900) and call 1; call 2 was offered at
    // 3599, in 00:45.
    let i = |row, keys: &[&str]| figures(&tables, "queue_intervals", row, keys);
    assert_figures(i("00:00/A", &["offered", "answered", "mean_waiting"]), &[1.0, 1.0, 4.0 / 800.0]);
    assert_figures(i("00:45/A", &["offered", "answered", "mean_waiting"]), &[1.0, 1.0, 1.0 / 900.0]);
    let g = |row, keys: &[&str]| figures(&tables, "group_intervals", row, keys);
    assert_figures(g("00:00/fast", &["signed_in", "talking", "ringing"]), &[1.0, 54.0 / 800.0, 1.0 / 800.0]);
    assert_figures(g("00:00/slow", &["busy", "ringing", "occupancy"]), &[30.0 / 800.0, 3.0 / 800.0, 0.0]);
}

/// The SOLO timeline's 2 answers within 20 s (calls 0 and 5) over each denominator: 5 requests
/// (the platform's, and the default), 6 offered visits (call 2's busy rejection too), 3 answered.
#[test]
fn the_service_level_is_over_requests_offered_or_answered_calls() {
    for (of, expected) in [("requests", 2.0 / 5.0), ("offered", 2.0 / 6.0), ("answered", 2.0 / 3.0)] {
        let text = SOLO.replacen("name = \"A\"", &format!("name = \"A\"\nservice_level_of = \"{of}\""), 1);
        let tables = run(&text, &SCRIPT);
        assert_figures(figures(&tables, "skill_queues", "A", &["service_level"]), &[expected]);
        // One queue: the "all queues" row follows it; the access codes keep the platform's.
        assert_figures(figures(&tables, "skill_queues", "all queues", &["service_level"]), &[expected]);
        let by_number = figures(&tables, "access_codes", "all numbers", &["service_level"]);
        assert_figures(by_number, &[0.4]);
    }
}
