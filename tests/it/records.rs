//! Trace-driven arrivals: real call records replace the Poisson arrivals; `trace` tells what
//! happened to each call and agent.

use std::path::Path;

use super::support::callsim;
use super::timeline::SOLO;

/// Writes `scenario` and `records` (as calls.csv) into `dir`; returns the scenario's path.
fn setup(dir: &Path, scenario: &str, records: &str) -> String {
    std::fs::write(dir.join("calls.csv"), records).unwrap();
    let path = dir.join("scenario.toml");
    std::fs::write(&path, scenario).unwrap();
    path.to_str().unwrap().to_owned()
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap()
}

/// The timeline of `tests/it/timeline.rs`, now from call records: the same calls, the same fates.
const SOLO_RECORDS: &str = "arrival,dialed\n0,100\n10,100\n20,200\n80,200\n150,200\n190,100\n";

#[test]
fn records_replay_the_hand_derived_timeline_and_trace_tells_each_call_and_the_agent() {
    let dir = tempfile::tempdir().unwrap();
    let scenario =
        setup(dir.path(), &SOLO.replace("horizon = \"1h\"", "horizon = \"1h\"\nrecords = \"calls.csv\""), SOLO_RECORDS);
    let log = dir.path().join("log.csv");
    let output = callsim(&["run", &scenario, "--quiet", "--format", "json", "--events", log.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(output.stderr));
    let replayed = callsim(&["replay", log.to_str().unwrap(), "--format", "json"]);
    assert!(replayed.stdout == output.stdout, "a run from records replays to the same report");
    let trace = |args: &[&str]| {
        let output = callsim(&[&["trace", log.to_str().unwrap()], args].concat());
        assert_eq!(output.status.code(), Some(0), "{}", text(output.stderr));
        text(output.stdout)
    };
    // Call 1 waits the queue's 60 s max wait; the Timeout policy releases it.
    assert_eq!(
        trace(&["--call", "1"]),
        "call 1\n\
         00:00:10.0  arrived on 100 → queue A\n\
         00:00:10.0  waits in queue A\n\
         00:01:10.0  waited 1m00s; timed out: Skill Timeout → released (timeout)\n\
         00:01:10.0  in the system 1m00s\n"
    );
    // Call 2 finds call 1 waiting and max calls 1: the Busy policy releases it.
    assert_eq!(
        trace(&["--call", "2"]),
        "call 2\n\
         00:00:20.0  arrived on 200 → queue A\n\
         00:00:20.0  queue A is full and no agent is idle: Skill Busy → released (busy)\n\
         00:00:20.0  in the system 0.0 s\n"
    );
    // Call 3 waits for call 0's talk (0–100 s) and wrap-up (5 s): answered at 105 after 25 s.
    assert_eq!(
        trace(&["--call", "3"]),
        "call 3\n\
         00:01:20.0  arrived on 200 → queue A\n\
         00:01:20.0  waits in queue A\n\
         00:01:45.0  answered by agent solo-001 after 25.0 s\n\
         00:03:25.0  talked 1m40s → released (completed)\n\
         00:03:25.0  in the system 2m05s\n"
    );
    assert_eq!(
        trace(&["--agent", "solo-001"]),
        "agent solo-001 of group solo\n\
         00:00:00.0  signed in\n\
         00:00:00.0  answered call 0 of queue A, which waited 0.0 s\n\
         00:01:40.0  ended call 0 after talking 1m40s; wrap-up\n\
         00:01:45.0  wrap-up done after 5.0 s; available\n\
         00:01:45.0  answered call 3 of queue A, which waited 25.0 s\n\
         00:03:25.0  ended call 3 after talking 1m40s; wrap-up\n\
         00:03:30.0  wrap-up done after 5.0 s; available\n\
         00:03:30.0  answered call 5 of queue A, which waited 20.0 s\n\
         00:05:10.0  ended call 5 after talking 1m40s; wrap-up\n\
         00:05:15.0  wrap-up done after 5.0 s; available\n"
    );
    let missing = callsim(&["trace", log.to_str().unwrap(), "--call", "6"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(missing.stderr).contains("call 6 is not in replication 0, whose calls are 0 to 5"));
    let unknown = callsim(&["trace", log.to_str().unwrap(), "--agent", "solo-01"]);
    assert!(text(unknown.stderr).contains("the scenario has no agent solo-01; did you mean solo-001?"));
}

/// One agent, one queue, no wrap-up, callers who never hang up: each call's wait is
/// max(0, when the agent is next free − its arrival) — Lindley's recursion.
const ONE_AGENT: &str = r#"
[simulation]
horizon = "20h"

[[skill_queue]]
name = "A"
max_wait = "60000s"
max_calls = 10000
wrap_up = "0s"
talk_time = { dist = "exponential", mean = "1m" }

[[called_route]]
access_code = "100"
device = "queue:A"

[[agent_group]]
name = "one"
count = 1
skills = ["A"]

[[traffic]]
dialed = "100"
"#;

#[test]
fn a_thousand_records_through_one_agent_wait_as_computed_by_hand() {
    // Arrivals 60 s apart give or take a few seconds; talk times between 10 and 89 s, each with
    // a 1 ms fraction so no talk ends at the very instant of an arrival (whole seconds).
    let arrival = |i: u64| 60 * i + 5 * (i % 7);
    let talk_ms = |i: u64| (10 + (i * 37) % 80) * 1_000 + 1;
    let mut records = String::from("arrival,dialed,talk\n");
    for i in 0..1_000 {
        records += &format!("{},100,{}.{:03}\n", arrival(i), talk_ms(i) / 1_000, talk_ms(i) % 1_000);
    }
    let dir = tempfile::tempdir().unwrap();
    let scenario = setup(dir.path(), ONE_AGENT, &records);
    let log = dir.path().join("log.csv");
    let records_path = dir.path().join("calls.csv");
    let output = callsim(&[
        "run",
        &scenario,
        "--quiet",
        "--records",
        records_path.to_str().unwrap(),
        "--events",
        log.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(output.stderr));
    // wait (µs) of each answered call, by call id, from the log's `answered` lines.
    let mut waits = vec![None; 1_000];
    for line in std::fs::read_to_string(&log).unwrap().lines().filter(|l| l.contains(",answered,")) {
        let cells: Vec<&str> = line.split(',').collect();
        waits[cells[3].parse::<usize>().unwrap()] = Some(cells[13].parse::<u64>().unwrap());
    }
    // By hand, in ms: call 0 arrives at 0 and talks 10.001 s, call 1 at 65 s (free: 0 wait),
    // talks 47.001 s to 112.001; call 2 at 130 (free), talks 84.001 s to 214.001; call 3 at 195
    // waits 19.001 s, talks 41.001 s to 255.002; call 4 at 260 (free).
    assert_eq!(&waits[..5], &[Some(0), Some(0), Some(0), Some(19_001_000), Some(0)]);
    let mut free_at_ms: u64 = 0;
    for (i, wait) in waits.iter().enumerate() {
        let i = i as u64;
        let expected = free_at_ms.saturating_sub(arrival(i) * 1_000);
        assert_eq!(*wait, Some(expected * 1_000), "call {i}");
        free_at_ms = arrival(i) * 1_000 + expected + talk_ms(i);
    }
    assert!(waits.iter().filter(|w| w.is_some_and(|w| w > 0)).count() > 100, "the queue is busy enough to matter");
}

#[test]
fn bad_records_are_reported_with_their_line_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let solo = SOLO.replace("horizon = \"1h\"", "horizon = \"1h\"\nrecords = \"calls.csv\"");
    let scenario = setup(dir.path(), &solo, "arrival,dialed,talk\n0,100,\n10,999,\nsoon,100,\n20,200,long\n");
    let calls = dir.path().join("calls.csv");
    let calls = calls.display();
    let output = callsim(&["validate", &scenario]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(output.stderr);
    for expected in [
        format!(
            "{calls}:3:1: error: field `dialed`: `999` is not a dialed number of the scenario's traffic (100, 200)"
        ),
        format!("{calls}:4:1: error: field `arrival`: `soon` is not an arrival"),
        format!("{calls}:5:1: error: field `talk`: invalid duration \"long\""),
    ] {
        assert!(stderr.contains(&expected), "{expected}\nnot in\n{stderr}");
    }

    // Out of order: an error naming both lines, unless --sort.
    setup(dir.path(), &solo, "arrival,dialed\n0,100\n20,200\n10,100\n");
    let output = callsim(&["run", &scenario, "--quiet"]);
    assert_eq!(output.status.code(), Some(1));
    let expected = format!(
        "{calls}:4: error: field `arrival`: 00:00:10.0 is before 00:00:20.0, the arrival on line 3; sort the file or pass --sort"
    );
    assert!(text(output.stderr).contains(&expected), "{}", expected);
    let sorted = callsim(&["run", &scenario, "--quiet", "--sort", "--format", "json"]);
    assert_eq!(sorted.status.code(), Some(0), "{}", text(sorted.stderr));

    // A record at the horizon, and an unknown column.
    setup(dir.path(), &solo, "arrival,dialed\n0,100\n01:00:00,100\n");
    let stderr = text(callsim(&["validate", &scenario]).stderr);
    assert!(stderr.contains("field `arrival`: is a time of day here but seconds on the first record"), "{stderr}");
    setup(dir.path(), &solo, "arrival,dialed\n0,100\n3600,100\n");
    let stderr = text(callsim(&["validate", &scenario]).stderr);
    assert!(
        stderr.contains(&format!("{calls}:3:1: error: field `arrival`: 01:00:00.0 is not before the horizon")),
        "{stderr}"
    );
    // A file with no record, given on the command line: the message names it.
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "arrival,dialed\n").unwrap();
    let output = callsim(&["run", &scenario, "--quiet", "--records", empty.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(output.stderr);
    assert!(stderr.contains(&format!("{}: the file holds no call record", empty.display())), "{stderr}");
    setup(dir.path(), &solo, "arrival,number\n0,100\n");
    let stderr = text(callsim(&["validate", &scenario]).stderr);
    assert!(
        stderr.contains("`number` is not a column of call records; the columns are arrival, dialed, talk, patience"),
        "{stderr}"
    );
}
