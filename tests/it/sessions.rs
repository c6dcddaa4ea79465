//! Concurrent sessions (rule 31): a multimedia agent handles several sessions at once.
//! Hand-counted events and figures, a pool of K × n agents that K sessions each of n agents
//! equal exactly, and Erlang C for that pool.

use callsim::sim::analytic::erlang_c_service_level;
use callsim::sim::engine;
use callsim::sim::event::{Event, Recorder};
use callsim::sim::id::{AgentId, QueueId};
use callsim::sim::stats::Estimate;

use super::support::{callsim, events, model, tables};

/// A web chat queue (and a WeChat queue and a phone queue, for the groups that hold them), talk
/// 100 s deterministic, wrap-up 10 s; one agent of `group_type` with `skills` and `keys`.
fn desk(group_type: &str, skills: &str, keys: &str) -> String {
    format!(
        r#"
[simulation]
horizon = "1h"

[[skill_queue]]
name = "web"
type = "multimedia"
subtype = "web"
max_wait = "3000s"
wrap_up = "10s"
talk_time = {{ dist = "deterministic", value = "100s" }}

[[skill_queue]]
name = "wx"
type = "multimedia"
subtype = "wechat"
max_wait = "3000s"
wrap_up = "10s"
talk_time = {{ dist = "deterministic", value = "100s" }}

[[skill_queue]]
name = "phone"
max_wait = "3000s"
wrap_up = "10s"
talk_time = {{ dist = "deterministic", value = "100s" }}

[[called_route]]
access_code = "1"
device = "queue:web"
type = "multimedia"

[[called_route]]
access_code = "2"
device = "queue:wx"
type = "multimedia"

[[called_route]]
access_code = "3"
device = "queue:phone"

[[agent_group]]
name = "desk"
type = "{group_type}"
count = 1
skills = {skills}
{keys}

[[traffic]]
dialed = "1"
rate = "1/h"

[[traffic]]
dialed = "2"
rate = "1/h"

[[traffic]]
dialed = "3"
rate = "1/h"
"#
    )
}

/// (time, call, wait) of an answer, in seconds.
type AnswerAt = (f64, u64, f64);

/// (time, call, wait) of every answer, and (time, call) of every talk's end, in seconds.
fn answers_and_ends(events: &[(callsim::sim::time::SimTime, Event)]) -> (Vec<AnswerAt>, Vec<(f64, u64)>) {
    let answers = events
        .iter()
        .filter_map(|(t, e)| match *e {
            Event::Answered { call, wait, .. } => Some((t.secs(), call, wait.secs())),
            _ => None,
        })
        .collect();
    let ends = events
        .iter()
        .filter_map(|(t, e)| match *e {
            Event::TalkEnded { call, .. } => Some((t.secs(), call)),
            _ => None,
        })
        .collect();
    (answers, ends)
}

/// One agent, two web chats at once, each other session in progress stretching a new one by
/// half. Chats at 0, 10, 20 and 300 s:
/// - 0 at 0 s: answered, alone: talk 100 s (to 100 s), wrap-up to 110 s;
/// - 1 at 10 s: answered, one other in progress: talk 150 s (to 160 s), wrap-up to 170 s;
/// - 2 at 20 s: the agent is full; chat 0's wrap-up frees room at 110 s: wait 90 s, one other
///   (chat 1) in progress: talk 150 s (to 260 s), wrap-up to 270 s;
/// - 3 at 300 s: the agent has no session: answered at once, talk 100 s.
#[test]
fn two_sessions_at_once_each_stretched_by_the_other_and_a_third_waits_for_room() {
    let text = desk("multimedia", r#"["web"]"#, "sessions = 2\nsession_slowdown = 0.5");
    let m = model(&text);
    let (answers, ends) = answers_and_ends(&events(&m, &[(0.0, 0), (10.0, 0), (20.0, 0), (300.0, 0)]));
    assert_eq!(answers, vec![(0.0, 0, 0.0), (10.0, 1, 0.0), (110.0, 2, 90.0), (300.0, 3, 0.0)]);
    assert_eq!(ends, vec![(100.0, 0), (160.0, 1), (260.0, 2), (400.0, 3)]);

    // The figures of the same four chats. Sessions in progress: 1 on [0, 10), 2 on [10, 170),
    // 1 on [170, 270), none to 300, 1 on [300, 410): 10 + 320 + 100 + 110 = 540 session-seconds
    // over 3600 s on duty, and half of that as a share of a room of two. The agent is talking
    // while any session talks ([0, 260) and [300, 400): 360 s), in wrap-up while all of its
    // sessions are ([260, 270) and [400, 410): 20 s).
    let t = tables(&m, &[(0.0, 0), (10.0, 0), (20.0, 0), (300.0, 0)]);
    let sessions = t.table("sessions").expect("a sessions table with concurrent sessions");
    assert_eq!(sessions.get("desk", "sessions"), Some(4.0));
    assert!((sessions.get("desk", "sessions_per_agent").unwrap() - 540.0 / 3600.0).abs() < 1e-9);
    assert!((sessions.get("desk", "concurrency_occupancy").unwrap() - 270.0 / 3600.0).abs() < 1e-9);
    let groups = t.table("agent_groups").unwrap();
    assert_eq!(groups.get("desk", "talk_s"), Some(360.0));
    assert_eq!(groups.get("desk", "wrap_up_s"), Some(20.0));
    let queues = t.table("skill_queues").unwrap();
    assert_eq!(queues.get("web", "mean_talk_s"), Some(125.0), "(100 + 150 + 150 + 100) / 4");
    assert_eq!(queues.get("web", "mean_wrap_up_s"), Some(10.0));
}

/// `sessions = { web = 3, wechat = 2 }`: a web chat takes a third of the agent's room, a
/// WeChat half of it. Three web chats fit, and a WeChat then waits until two of them have
/// ended (their wrap-ups end at 110 and 111 s: one chat freed is not room enough). A WeChat and
/// a web chat fit, and a second web chat then does not (1/2 + 1/3 + 1/3 > 1): it waits for the
/// first session's wrap-up (110 s).
#[test]
fn each_subtype_takes_its_share_of_the_room() {
    let text = desk("multimedia", r#"["web", "wx"]"#, "sessions = { web = 3, wechat = 2 }");
    let m = model(&text);
    let (answers, _) = answers_and_ends(&events(&m, &[(0.0, 0), (1.0, 0), (2.0, 0), (3.0, 1)]));
    assert_eq!(answers, vec![(0.0, 0, 0.0), (1.0, 1, 0.0), (2.0, 2, 0.0), (111.0, 3, 108.0)]);
    let (answers, _) = answers_and_ends(&events(&m, &[(0.0, 1), (1.0, 0), (2.0, 0)]));
    assert_eq!(answers, vec![(0.0, 0, 0.0), (1.0, 1, 0.0), (110.0, 2, 108.0)]);
}

/// A versatile agent takes no chat while on the phone, and no call while it has a chat: a chat
/// at 10 s waits for the phone call's wrap-up (110 s); a call at 250 s waits for the chat of
/// 200 s to end (wrap-up to 310 s), though the agent had room for another chat.
#[test]
fn a_versatile_agent_takes_no_chat_on_a_call_and_no_call_in_a_chat() {
    let text = desk("versatile", r#"["phone", "web"]"#, "sessions = { web = 2 }");
    let m = model(&text);
    let (answers, _) = answers_and_ends(&events(&m, &[(0.0, 2), (10.0, 0), (200.0, 0), (250.0, 2)]));
    assert_eq!(answers, vec![(0.0, 0, 0.0), (110.0, 1, 100.0), (200.0, 2, 0.0), (310.0, 3, 60.0)]);
}

/// A multimedia queue, Poisson 180 calls/h, exponential talk of 180 s (9 erlangs), no wrap-up,
/// no patience, served by `agents` agents of `keys`.
fn chat_pool(agents: u32, keys: &str, horizon: &str, replications: u32) -> String {
    format!(
        r#"
[simulation]
horizon = "{horizon}"
warmup = "10h"
replications = {replications}
seed = 13

[[skill_queue]]
name = "chat"
type = "multimedia"
subtype = "web"
max_wait = "60000s"
max_calls = 10000
wrap_up = 0
talk_time = {{ dist = "exponential", mean = "180s" }}

[[called_route]]
access_code = "1"
device = "queue:chat"
type = "multimedia"

[[agent_group]]
name = "desk"
type = "multimedia"
count = {agents}
skills = ["chat"]
{keys}

[[traffic]]
dialed = "1"
rate = "180/h"
"#
    )
}

/// Without slowdown or wrap-up, three agents of four sessions each are twelve servers: a call
/// is answered at once exactly when fewer than twelve sessions are in progress, and the talk
/// times are drawn in the order of the answers either way, so every queue figure is the same
/// to the bit as that of twelve agents of one session.
#[test]
fn k_sessions_without_slowdown_equal_a_pool_of_k_times_the_agents() {
    let sessions = model(&chat_pool(3, "sessions = 4", "30h", 1));
    let pool = model(&chat_pool(12, "", "30h", 1));
    // Every figure of the calls; the queues' occupancy is their agents' (a quarter as many).
    let figures = |m: &callsim::sim::model::Model| {
        let t = engine::run(m, 0, callsim::output::report::Summary::new(m)).finish();
        let mut figures = Vec::new();
        for key in ["skill_queues", "access_codes", "dialed_numbers", "queue_intervals"] {
            let table = t.table(key).unwrap();
            for row in &table.rows {
                for (column, cell) in table.kind.columns.iter().zip(&row.values) {
                    if column.key != "occupancy" {
                        figures.push(format!("{key} {} {}: {:?}", row.name(), column.key, cell));
                    }
                }
            }
        }
        figures
    };
    assert_eq!(figures(&sessions), figures(&pool));
    let offered = |m: &callsim::sim::model::Model| {
        engine::run(m, 0, Recorder::default()).0.iter().filter(|(_, e)| matches!(e, Event::Offered { .. })).count()
    };
    assert!(offered(&sessions) > 3_000, "enough calls to make the comparison tell");
}

/// ... and that pool is M/M/12 at 9 erlangs: the service level at 20 s is Erlang C's. Over 10
/// fixed-seed replications of 200 h (36 000 calls each) after a 10 h warm-up, the estimate is
/// within 3 half-widths of its 95 % interval (about 6.5 standard errors: a correct simulator
/// fails this about once in 10⁸, and the seed is fixed, so it cannot flake), and the interval
/// is narrow enough (≤ 0.01) to tell K sessions from K agents of one session at a time (a pool
/// of 3 would be unstable).
#[test]
fn k_sessions_each_of_n_agents_are_erlang_c_of_k_times_n() {
    let m = model(&chat_pool(3, "sessions = 4", "210h", 10));
    let tables = callsim::app::run::replications(&m, 2, &callsim::app::run::Progress::default());
    let sl = Estimate::of(
        tables.iter().map(|t| t.table("skill_queues").and_then(|t| t.get("chat", "service_level")).unwrap()),
    );
    let truth = erlang_c_service_level(12, 9.0, 180.0, 20.0);
    assert!(sl.ci95 <= 0.01 && (sl.mean - truth).abs() <= 3.0 * sl.ci95, "SL {sl:?} against Erlang C {truth}");
}

#[test]
fn one_session_at_a_time_changes_nothing() {
    let plain = model(&chat_pool(3, "", "30h", 1));
    for keys in ["sessions = 1", "sessions = { web = 1 }\nsession_slowdown = 0.3"] {
        let ones = model(&chat_pool(3, keys, "30h", 1));
        assert_eq!(engine::run(&plain, 0, Recorder::default()).0, engine::run(&ones, 0, Recorder::default()).0);
    }
}

/// A group whose agents hold several sessions is offered a call the least full first: with two
/// agents of three sessions, chats alternate between them rather than filling the first.
#[test]
fn chats_go_to_the_least_full_agent_first() {
    let text = desk("multimedia", r#"["web"]"#, "sessions = 3").replace("count = 1", "count = 2");
    let m = model(&text);
    let agents: Vec<u32> = events(&m, &[(0.0, 0), (1.0, 0), (2.0, 0), (3.0, 0)])
        .iter()
        .filter_map(|(_, e)| match *e {
            Event::Answered { agent: AgentId(a), queue: QueueId(0), .. } => Some(a),
            _ => None,
        })
        .collect();
    assert_eq!(agents, vec![0, 1, 0, 1]);
}

#[test]
fn a_warm_start_refuses_concurrent_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("s.json");
    let output =
        callsim(&["run", "scenarios/chat.toml", "--snapshot", target.to_str().unwrap(), "--snapshot-at", "2h"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("agent group \"chat_desk\" handles concurrent sessions"), "{stderr}");
    assert!(!target.exists(), "no snapshot written");
}

/// `trace` tells a concurrent agent's answer with its sessions in progress, this one included.
#[test]
fn trace_tells_the_sessions_in_progress_at_an_answer() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("chat.csv");
    let run =
        callsim(&["run", "scenarios/chat.toml", "--replications", "1", "--quiet", "--events", log.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let story = (0..60)
        .map(|call| {
            let out = callsim(&["trace", log.to_str().unwrap(), "--call", &call.to_string()]);
            String::from_utf8(out.stdout).unwrap()
        })
        .find(|story| story.contains("sessions in progress"))
        .expect("a chat answered while its agent had another in progress");
    let line = story.lines().find(|l| l.contains("answered by agent chat_desk-")).unwrap();
    assert!(
        line.ends_with(", one of its 2 sessions in progress") || line.ends_with(", one of its 3 sessions in progress"),
        "{line}"
    );
}

/// An agent whose last session ends is idle as of then, behind agents idle longer: two agents of
/// two sessions each; a web chat at 1 s (talk 100 s) goes to the first, a WeChat at 2 s (talk
/// 40 s) to the second (the less full). The second is free at 52 s, the first at 111 s: a chat
/// at 200 s goes to the second, idle the longer.
#[test]
fn an_agent_whose_last_session_ends_is_idle_from_then() {
    let text = desk("multimedia", r#"["web", "wx"]"#, "sessions = { web = 2, wechat = 2 }")
        .replace("count = 1", "count = 2")
        .replacen(
            r#"subtype = "wechat"
max_wait = "3000s"
wrap_up = "10s"
talk_time = { dist = "deterministic", value = "100s" }"#,
            r#"subtype = "wechat"
max_wait = "3000s"
wrap_up = "10s"
talk_time = { dist = "deterministic", value = "40s" }"#,
            1,
        );
    let answers: Vec<(f64, u32)> = events(&model(&text), &[(1.0, 0), (2.0, 1), (200.0, 0)])
        .iter()
        .filter_map(|(t, e)| match *e {
            Event::Answered { agent: AgentId(a), .. } => Some((t.secs(), a)),
            _ => None,
        })
        .collect();
    assert_eq!(answers, vec![(1.0, 0), (2.0, 1), (200.0, 1)]);
}

/// `replay` counts a concurrent agent's room in units: with `{ web = 3, wechat = 2 }` a third
/// WeChat at once (3 × 1/2 of the room) is refused, where three web chats are not.
#[test]
fn replay_refuses_sessions_beyond_the_room() {
    let m = model(&desk("multimedia", r#"["web", "wx"]"#, "sessions = { web = 3, wechat = 2 }"));
    let answers = |traffic: u32, queue: u32| {
        let mut check = callsim::output::eventlog::StreamCheck::new(&m);
        let at = callsim::sim::time::SimTime::ZERO;
        check.check(0, at, &Event::AgentSignedIn { agent: AgentId(0) }).unwrap();
        (0..3u64)
            .map(|call| {
                let traffic = callsim::sim::id::TrafficId(traffic);
                check.check(0, at, &Event::CallArrived { call, traffic }).unwrap();
                let wait = callsim::sim::time::SimDuration::ZERO;
                check.check(0, at, &Event::Answered { call, queue: QueueId(queue), agent: AgentId(0), wait }).is_ok()
            })
            .collect::<Vec<bool>>()
    };
    assert_eq!(answers(0, 0), vec![true, true, true], "three web chats fill the room");
    assert_eq!(answers(1, 1), vec![true, true, false], "two WeChats fill it");
}
