//! Warm starts (`run --from SNAPSHOT`, semantics rule 28): a replication that begins with
//! callers waiting and agents busy. Hand-counted timelines, closed forms for what is left of a
//! talk and of a patience, the snapshot written by a run read back, and bad snapshots refused
//! at file:line.

use callsim::input::snapshot;
use callsim::output::report::Summary;
use callsim::sim::engine::{self, Arrivals};
use callsim::sim::event::Event;
use callsim::sim::id::{AgentId, QueueId, TrafficId};
use callsim::sim::model::Model;
use callsim::sim::stats::Estimate;

use super::support::{ReplayCheck, callsim, events, journey, model};

/// One queue A, two agents, talk, wrap-up and patience as given, arrivals too rare to
/// matter in the checks (each check looks at the carried-over calls only).
fn scenario(talk: &str, wrap_up: &str, patience: &str) -> String {
    format!(
        r#"
[simulation]
horizon = "2h"

[[skill_queue]]
name = "A"
max_wait = "1h"
wrap_up = "{wrap_up}"
talk_time = {talk}

[[called_route]]
access_code = "1"
device = "queue:A"

[[agent_group]]
name = "team"
count = 2
skills = ["A"]

[[traffic]]
dialed = "1"
rate = "0.0001/h"
{patience}
"#
    )
}

/// `model` started from the snapshot `json`.
fn warm(mut model: Model, json: &str) -> Model {
    let snapshot = snapshot::parse("snap.json".as_ref(), json).unwrap_or_else(|e| panic!("{e:?}"));
    let warm = snapshot::compile(&snapshot, &model).unwrap_or_else(|e| panic!("{e:?}"));
    model.start_from(warm);
    model
}

/// Hand-counted: at 1 h, agent 1 has talked 40 s of a 100 s talk (60 s left), agent 2 has
/// wrapped up 2 s of 5 s (3 s left); callers have waited 10 s and 50 s. Agent 2 takes the
/// longest waiting at 1 h + 3 s (a wait of 53 s); agent 1 ends its talk at 1 h + 60 s, wraps up
/// 5 s and takes the other at 1 h + 65 s (a wait of 75 s). The replay check accepts the stream.
#[test]
fn carried_over_calls_wait_on_and_busy_agents_finish_what_is_left() {
    let text = scenario(r#"{ dist = "deterministic", value = "100s" }"#, "5s", "");
    let model = warm(
        model(&text),
        r#"{"callsim_snapshot": 1, "at_s": 3600,
            "queues": [{"queue": "A", "waiting": [{"waited_s": 10}, {"waited_s": 50}]}],
            "agents": [{"agent": "team-001", "state": "talking", "for_s": 40, "queue": "A"},
                       {"agent": "team-002", "state": "wrap-up", "for_s": 2, "queue": "A"}]}"#,
    );
    let events = events(&model, &[]);
    let (a1, a2, q) = (AgentId(0), AgentId(1), QueueId(0));
    // Calls 0 and 1 are the carried talks (not counted), then the waiting callers, longest first.
    assert_eq!(events[2].1, Event::CarriedTalking { call: 0, traffic: TrafficId(0), queue: q, agent: a1 });
    assert_eq!(journey(&events, 0).last().map(|e| e.0), Some(3660.0), "60 s of talk left");
    let answered = |call| {
        journey(&events, call).into_iter().find_map(|(t, e)| match e {
            Event::Answered { agent, wait, .. } => Some((t, agent, wait.secs())),
            _ => None,
        })
    };
    assert_eq!(answered(2), Some((3603.0, a2, 53.0)), "the 50 s caller, by the agent wrapping up");
    assert_eq!(answered(3), Some((3665.0, a1, 75.0)), "the 10 s caller, after 60 s talk and 5 s wrap-up");

    // The reports count the waiting callers (with their whole waits) and not the carried talks.
    let summary = engine::run_with(&model, 0, Arrivals::Scripted(Vec::new().into()), Summary::new(&model)).finish();
    assert_eq!(summary.get("skill_queues", "A", "answered"), Some(2.0));
    assert_eq!(summary.get("skill_queues", "A", "asa_s"), Some(64.0));
}

/// Call records before the snapshot's time are past, not a burst at it: of arrivals at 10 min,
/// 59 min, 1 h and 1 h 5 min, a start from 1 h sees the last two, at their own times.
#[test]
fn records_before_the_snapshot_are_past() {
    let text = scenario(r#"{ dist = "deterministic", value = "100s" }"#, "0s", "");
    let model = warm(model(&text), r#"{"callsim_snapshot": 1, "at_s": 3600}"#);
    let events = events(&model, &[(600.0, 0), (3540.0, 0), (3600.0, 0), (3900.0, 0)]);
    let arrived: Vec<f64> =
        events.iter().filter(|(_, e)| matches!(e, Event::CallArrived { .. })).map(|(t, _)| t.secs()).collect();
    assert_eq!(arrived, [3600.0, 3900.0]);
}

/// Exponential talks are memoryless: whatever the agents have talked already (here 500 s of a
/// 100 s mean), what is left is exponential with mean 100 s. With both agents talking and four
/// callers waiting (no patience, no wrap-up), the j-th caller is answered at the j-th end of talk of a
/// process of rate 2/100 s: E[wait] = 50·j s, so the mean ASA of the four is 125 s.
/// ASA = (4S₁ + 3S₂ + 2S₃ + S₄)/4 with Sᵢ ~ Exp(mean 50 s): its sd is 50·√30/4 ≈ 68.5 s, so over
/// 2000 replications the standard error is 1.53 s; 6 s is four of them (the fixed seed makes
/// the run deterministic; a failure would be a bias, not bad luck).
#[test]
fn what_is_left_of_an_exponential_talk_is_exponential() {
    let text = scenario(r#"{ dist = "exponential", mean = "100s" }"#, "0s", "");
    let talking = r#"{"agent": "team-00N", "state": "talking", "for_s": 500, "queue": "A"}"#;
    let json = format!(
        r#"{{"callsim_snapshot": 1, "at_s": 3600,
            "queues": [{{"queue": "A", "waiting": [{{"waited_s": 0}}, {{"waited_s": 0}}, {{"waited_s": 0}}, {{"waited_s": 0}}]}}],
            "agents": [{}, {}]}}"#,
        talking.replace('N', "1"),
        talking.replace('N', "2")
    );
    let model = warm(model(&text), &json);
    let asa = Estimate::of((0..2000).map(|r| {
        let summary = engine::run_with(&model, r, Arrivals::Scripted(Vec::new().into()), Summary::new(&model));
        summary.finish().get("skill_queues", "A", "asa_s").unwrap()
    }));
    assert!((asa.mean - 125.0).abs() < 6.0, "mean ASA {asa:?}, closed form 125 s");
}

/// A caller who has waited 30 s with uniform patience on [0, 120 s] has patience uniform on
/// (30, 120] s: with no agent free (both talk 1000 s), it abandons after a mean total wait of
/// 75 s — where a fresh draw would give 30 + 60 = 90 s. The sd of a total wait is
/// 90/√12 ≈ 26 s, so over 2000 replications the standard error is 0.58 s; 3 s is five of them.
#[test]
fn what_is_left_of_a_patience_is_drawn_given_the_wait_so_far() {
    let text = scenario(
        r#"{ dist = "deterministic", value = "1000s" }"#,
        "5s",
        r#"patience = { dist = "uniform", min = "0s", max = "120s" }"#,
    );
    let json = r#"{"callsim_snapshot": 1, "at_s": 3600,
        "queues": [{"queue": "A", "waiting": [{"waited_s": 30}]}],
        "agents": [{"agent": "team-001", "state": "talking", "queue": "A"},
                   {"agent": "team-002", "state": "talking", "queue": "A"}]}"#;
    let model = warm(model(&text), json);
    let waits = Estimate::of((0..2000).map(|r| {
        let (summary, replay) = engine::run_with(
            &model,
            r,
            Arrivals::Scripted(Vec::new().into()),
            (Summary::new(&model), ReplayCheck::new(&model, r)),
        );
        replay.assert_accepted("a warm start");
        let tables = summary.finish();
        assert_eq!(tables.get("skill_queues", "A", "abandoned"), Some(1.0));
        tables.get("skill_queues", "A", "mean_wait_s").unwrap()
    }));
    assert!((waits.mean - 75.0).abs() < 3.0, "mean wait {waits:?}, closed form 75 s");
}

/// Shifts go on from the snapshot: a group whose shift ends at 01:30 signs out then, though the
/// snapshot (at 01:00) had its agent idle; breaks due before the snapshot are not taken.
#[test]
fn shifts_run_on_from_the_snapshot() {
    let text = scenario(r#"{ dist = "deterministic", value = "100s" }"#, "5s", "")
        .replace("count = 2\n", "count = 2\nshifts = [{ start = \"00:00\", end = \"01:30\" }]\n");
    let model = warm(
        model(&text),
        r#"{"callsim_snapshot": 1, "at_s": 3600, "agents": [{"agent": "team-001", "state": "idle", "for_s": 10}]}"#,
    );
    let events = events(&model, &[]);
    let agent_events: Vec<(f64, Event)> =
        events.iter().map(|(t, e)| (t.secs(), *e)).filter(|(_, e)| e.agent().is_some()).collect();
    assert_eq!(
        agent_events,
        [(3600.0, Event::AgentSignedIn { agent: AgentId(0) }), (5400.0, Event::AgentSignedOut { agent: AgentId(0) }),],
        "only the agent the snapshot names is signed in, until its shift ends"
    );
}

/// `run --snapshot FILE --snapshot-at TIME` writes the first replication's state; `run --from`
/// reads it back, its event log replays, and the header carries the snapshot.
#[test]
fn a_run_writes_a_snapshot_that_a_run_starts_from() {
    let dir = tempfile::tempdir().unwrap();
    let snap = dir.path().join("snap.json");
    let log = dir.path().join("events.jsonl");
    let (snap_arg, log_arg) = (snap.to_str().unwrap(), log.to_str().unwrap());
    let taken = callsim(&[
        "run",
        "scenarios/hotline.toml",
        "--replications",
        "1",
        "--quiet",
        "--snapshot",
        snap_arg,
        "--snapshot-at",
        "04:00",
    ]);
    assert!(taken.status.success(), "{}", String::from_utf8_lossy(&taken.stderr));
    let text = std::fs::read_to_string(&snap).unwrap();
    let written: snapshot::Snapshot = serde_json::from_str(&text).unwrap();
    assert_eq!(written.at_s, 14_400.0);
    assert!(written.agents.iter().any(|a| a.state == snapshot::State::Talking), "at 04:00 agents are talking");

    let again = callsim(&[
        "run",
        "scenarios/hotline.toml",
        "--replications",
        "1",
        "--quiet",
        "--snapshot",
        snap_arg,
        "--snapshot-at",
        "04:00",
    ]);
    assert_eq!(again.status.code(), Some(2), "the snapshot is not overwritten without --force");

    let run = callsim(&[
        "run",
        "scenarios/hotline.toml",
        "--replications",
        "2",
        "--quiet",
        "--from",
        snap_arg,
        "--events",
        log_arg,
    ]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let report = String::from_utf8(run.stdout).unwrap();
    assert!(report.contains("warm-up 4h"), "the counting window starts at the snapshot:\n{report}");
    let replay = callsim(&["replay", log_arg]);
    assert!(replay.status.success(), "{}", String::from_utf8_lossy(&replay.stderr));
    assert_eq!(String::from_utf8(replay.stdout).unwrap(), report, "the log replays to the run's report");
}

/// A snapshot that does not match the scenario is refused before the run, at its line and field.
#[test]
fn a_snapshot_that_does_not_fit_is_refused_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let snap = dir.path().join("snap.json");
    let refuse = |json: &str| {
        std::fs::write(&snap, json).unwrap();
        let out = callsim(&[
            "run",
            "scenarios/hotline.toml",
            "--replications",
            "1",
            "--quiet",
            "--from",
            snap.to_str().unwrap(),
        ]);
        assert!(out.stdout.is_empty(), "nothing runs");
        (out.status.code(), String::from_utf8(out.stderr).unwrap())
    };
    let (code, err) = refuse("{\"callsim_snapshot\": 1, \"at_s\": 100,\n \"queues\": [{\"queue\": \"Z\"}]}");
    assert_eq!(code, Some(1));
    assert!(
        err.contains("snap.json:2:") && err.contains("$.queues[0].queue") && err.contains("\"Z\" is not a skill queue"),
        "{err}"
    );
    let (_, err) = refuse(
        "{\"callsim_snapshot\": 1, \"at_s\": 100,\n \"queues\": [{\"queue\": \"A\", \"waiting\": [{\"waited_s\": 200}]}]}",
    );
    assert!(
        err.contains("$.queues[0].waiting[0].waited_s") && err.contains("200 s is not a time from 0 to at_s"),
        "{err}"
    );
    let (_, err) = refuse(
        "{\"callsim_snapshot\": 1, \"at_s\": 100,\n \"agents\": [{\"agent\": \"team-b-001\", \"state\": \"talking\", \"queue\": \"A\"}]}",
    );
    assert!(err.contains("does not hold the skill of queue A"), "{err}");
    let (_, err) =
        refuse("{\"callsim_snapshot\": 1, \"at_s\": 100,\n \"agents\": [{\"agent\": \"x\", \"state\": \"dancing\"}]}");
    assert!(err.contains("snap.json:2:") && err.contains("$.agents[0].state") && err.contains("dancing"), "{err}");
    let (_, err) = refuse("{\"callsim_snapshot\": 1, \"at_s\": 99999999}");
    assert!(err.contains("$.at_s") && err.contains("the horizon"), "{err}");
    let (code, err) = refuse("{\"callsim_snapshot\": 1,");
    assert_eq!(code, Some(1));
    assert!(err.contains("snap.json:1:"), "{err}");
    let (_, err) = refuse("{\"callsim_snapshot\": 7, \"at_s\": 1}");
    assert!(err.contains("version 7"), "{err}");
}
