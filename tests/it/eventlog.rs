//! The event log: `run --events` writes it, `replay` folds it into the run's reports byte for
//! byte, and a truncated or corrupted log is refused at its line, naming the field.

use std::path::{Path, PathBuf};

use super::support::callsim;

/// Runs `scenario` with `--events dir/events.EXT --force` (a test may write the log of several
/// runs there in turn) and the extra arguments; returns the JSON report on stdout and the log's
/// path.
fn run_with_log(dir: &Path, scenario: &str, extension: &str, extra: &[&str]) -> (String, PathBuf) {
    let log = dir.join(format!("events.{extension}"));
    let mut args = vec!["run", scenario, "--quiet", "--format", "json", "--events", log.to_str().unwrap(), "--force"];
    args.extend_from_slice(extra);
    let output = callsim(&args);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    (String::from_utf8(output.stdout).unwrap(), log)
}

/// `callsim replay LOG --format json [extra]`: (exit code, stdout, stderr).
fn replay(log: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["replay", log.to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    let output = callsim(&args);
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    (output.status.code().unwrap(), text(output.stdout), text(output.stderr))
}

fn example_scenarios() -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .map(|path| format!("scenarios/{}", path.file_name().unwrap().to_str().unwrap()))
        .collect();
    found.sort();
    found
}

#[test]
fn replaying_the_log_of_every_example_gives_the_runs_json_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let scenarios = example_scenarios();
    assert!(scenarios.len() >= 4);
    for scenario in &scenarios {
        for extension in ["csv", "jsonl"] {
            // Two replications on two threads: they may finish out of order.
            let extra = ["--replications", "2", "--threads", "2", "--seed", "7"];
            let (report, log) = run_with_log(dir.path(), scenario, extension, &extra);
            let (status, replayed, stderr) = replay(&log, &[]);
            assert_eq!(status, 0, "{scenario} {extension}: {stderr}");
            assert!(replayed == report, "{scenario} {extension}: the replay's JSON differs from the run's");
            assert!(report.contains(&format!("\"scenario\": \"{scenario}\"")), "the run information is the run's");
        }
    }
}

#[test]
fn the_log_does_not_depend_on_the_thread_count_and_holds_only_the_reported_replications() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    std::fs::create_dir_all(&one).unwrap();
    std::fs::create_dir_all(&two).unwrap();
    // --precision stops at the smallest count that meets it; later replications may have run.
    let extra = ["--horizon", "2h", "--precision", "0.2", "--replications", "2"];
    let (report, log_one) =
        run_with_log(&one, "scenarios/hotline.toml", "csv", &[&extra[..], &["--threads", "1"]].concat());
    let (_, log_two) = run_with_log(&two, "scenarios/hotline.toml", "csv", &[&extra[..], &["--threads", "2"]].concat());
    let bytes = std::fs::read(&log_one).unwrap();
    assert!(bytes == std::fs::read(&log_two).unwrap(), "1 and 2 threads write the same log");
    let text = String::from_utf8(bytes).unwrap();
    let reported: serde_json::Value = serde_json::from_str(&report).unwrap();
    let replications = reported["replications"].as_u64().unwrap();
    let trailer = text.lines().last().unwrap();
    assert!(trailer.starts_with(&format!("# {{\"end\":{{\"replications\":{replications},")), "{trailer}");
    assert_eq!(replay(&log_one, &[]).1, report);
    let leftovers: Vec<_> = std::fs::read_dir(&one).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from("events.csv")], "no temporary segment is left behind");
}

#[test]
fn replications_without_a_single_event_replay_too() {
    // The agents of agents-day start at 07:00 and no call comes before: a 1 h run has no event.
    let dir = tempfile::tempdir().unwrap();
    let (report, log) =
        run_with_log(dir.path(), "scenarios/agents-day.toml", "csv", &["--horizon", "1h", "--replications", "2"]);
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(text.lines().count(), 3, "header, columns, trailer: {text}");
    assert!(text.ends_with("# {\"end\":{\"replications\":2,\"events\":0,\"by_replication\":[0,0]}}\n"), "{text}");
    let (status, replayed, stderr) = replay(&log, &[]);
    assert_eq!(status, 0, "{stderr}");
    assert!(replayed == report);
    let output = callsim(&["trace", log.to_str().unwrap(), "--agent", "early-001", "--replication", "2"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("the log has replications 0 to 1, not 2"));
}

#[test]
fn events_long_after_the_horizon_replay_too() {
    // A 100-year talk (the longest duration a scenario allows), then an hour of wrap-up: the
    // agent's wrap-up-ended comes 100 years and more after the 1 h horizon.
    let scenario = r#"
[simulation]
horizon = "1h"
[[skill_queue]]
name = "A"
wrap_up = "3600s"
talk_time = { dist = "deterministic", value = "100y" }
[[called_route]]
access_code = "1"
device = "queue:A"
[[agent_group]]
name = "g"
count = 1
skills = ["A"]
[[traffic]]
dialed = "1"
rate = "2/h"
"#;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.toml");
    std::fs::write(&path, scenario).unwrap();
    let (report, log) =
        run_with_log(dir.path(), path.to_str().unwrap(), "csv", &["--replications", "2", "--seed", "3"]);
    let latest = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("replication"))
        .map(|l| l.split(',').nth(1).unwrap().parse::<u64>().unwrap())
        .max()
        .unwrap();
    let hundred_years_after_the_horizon = (3_600.0 + 100.0 * 365.25 * 86_400.0) as u64 * 1_000_000;
    assert!(latest > hundred_years_after_the_horizon, "{latest}");
    let (status, replayed, stderr) = replay(&log, &[]);
    assert_eq!(status, 0, "{stderr}");
    assert!(replayed == report);
}

/// A fresh log of the hotline, 1 h, 2 replications: its path and its lines.
fn small_log(dir: &Path, extension: &str) -> (PathBuf, Vec<String>) {
    let (_, log) = run_with_log(dir, "scenarios/hotline.toml", extension, &["--horizon", "1h", "--replications", "2"]);
    let lines = std::fs::read_to_string(&log).unwrap().lines().map(str::to_owned).collect();
    (log, lines)
}

#[test]
fn a_truncated_log_is_refused_at_its_end_and_partial_reports_the_events_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let (log, lines) = small_log(dir.path(), "csv");
    let path = log.to_str().unwrap();
    // Cut in the middle of line 1001: the run was killed while writing.
    let mut cut = lines[..1000].join("\n");
    cut.push('\n');
    cut.push_str(&lines[1000][..10]);
    std::fs::write(&log, &cut).unwrap();
    let (status, stdout, stderr) = replay(&log, &[]);
    assert_eq!(status, 1);
    assert!(stdout.is_empty(), "no report without --partial");
    assert!(
        stderr.contains(&format!("{path}:1001: error: the line is cut off (no end of line): the log is truncated")),
        "{stderr}"
    );
    assert!(stderr.contains("--partial reports the events before the bad line"), "{stderr}");

    let (status, stdout, stderr) = replay(&log, &["--partial"]);
    assert_eq!(status, 1, "a partial report still fails the command");
    assert!(stderr.contains("reporting the 998 events before line 1001 (--partial)"), "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["replications"], 1);

    // Cut at a line's end: the trailer is missing.
    std::fs::write(&log, lines[..1000].join("\n") + "\n").unwrap();
    let (status, _, stderr) = replay(&log, &[]);
    assert_eq!(status, 1);
    assert!(
        stderr.contains(&format!("{path}:1001: error: the log ends without its trailer line: it is truncated")),
        "{stderr}"
    );
}

#[test]
fn a_corrupted_event_is_refused_naming_its_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let (log, lines) = small_log(dir.path(), "csv");
    let path = log.to_str().unwrap();
    let corrupt = |line: usize, from: &str, to: &str| {
        let mut changed = lines.clone();
        assert!(changed[line - 1].contains(from), "{}", changed[line - 1]);
        changed[line - 1] = changed[line - 1].replacen(from, to, 1);
        std::fs::write(&log, changed.join("\n") + "\n").unwrap();
        let (status, stdout, stderr) = replay(&log, &[]);
        assert_eq!(status, 1, "{stderr}");
        assert!(stdout.is_empty());
        stderr
    };
    let answered = lines.iter().position(|l| l.contains(",answered,")).unwrap() + 1;
    let fields: Vec<&str> = lines[answered - 1].split(',').collect();
    let queue = format!(",answered,{},,{},", fields[3], fields[5]);
    let stderr = corrupt(answered, &queue, &format!(",answered,{},,99,", fields[3]));
    assert!(
        stderr.contains(&format!(
            "{path}:{answered}: error: field `queue`: 99 is out of range: the scenario has 2 skill queues"
        )),
        "{stderr}"
    );
    let stderr = corrupt(answered, ",answered,", ",answred,");
    assert!(
        stderr.contains(&format!("{path}:{answered}: error: field `event`: `answred` is not an event")),
        "{stderr}"
    );
    // A time that goes back.
    let time = format!("0,{},", fields[1]);
    let stderr = corrupt(answered, &time, "0,0,");
    assert!(
        stderr.contains(&format!("{path}:{answered}: error: field `time`: 0 is before the previous event's")),
        "{stderr}"
    );
    // A wait longer than the call has been in the system, and a time beyond any scenario.
    let mut huge_wait = fields.clone();
    huge_wait[13] = "18446744073709551615";
    let stderr = corrupt(answered, &lines[answered - 1], &huge_wait.join(","));
    assert!(
        stderr.contains(&format!(
            "{path}:{answered}: error: field `wait`: 18446744073709551615 µs is longer than the call has been in the system"
        )),
        "{stderr}"
    );
    let stderr = corrupt(answered, &time, "0,18446744073709551000,");
    assert!(stderr.contains(&format!("{path}:{answered}: error: field `time`: 18446744073709551000 is later than any event of this scenario can be")), "{stderr}");
    // A talk ended by an agent who was not talking to that call.
    let talk = lines.iter().position(|l| l.contains(",talk-ended,")).unwrap() + 1;
    let mut other = lines[talk - 1].split(',').collect::<Vec<_>>();
    let agent: u32 = other[7].parse().unwrap();
    let stranger = ((agent + 1) % 18).to_string();
    other[7] = &stranger;
    let stderr = corrupt(talk, &lines[talk - 1], &other.join(","));
    assert!(
        stderr.contains(&format!(
            "{path}:{talk}: error: field `agent`: agent {stranger} cannot have a talk-ended event while "
        )),
        "{stderr}"
    );
    // A release of a call that never arrived, and one on another dialed number.
    let released = lines.iter().position(|l| l.contains(",released,")).unwrap() + 1;
    let call = lines[released - 1].split(',').nth(3).unwrap().to_owned();
    let stderr = corrupt(released, &format!(",released,{call},"), ",released,999999,");
    assert!(
        stderr.contains(&format!("{path}:{released}: error: field `call`: call 999999 has not arrived")),
        "{stderr}"
    );
    let mut moved = lines[released - 1].split(',').map(str::to_owned).collect::<Vec<_>>();
    let traffic: u32 = moved[4].parse().unwrap();
    moved[4] = (1 - traffic).to_string();
    let stderr = corrupt(released, &lines[released - 1], &moved.join(","));
    let expected = format!("field `traffic`: call {call} arrived on traffic entry {traffic}, not {}", 1 - traffic);
    assert!(stderr.contains(&expected), "{stderr}");
    // A trailer that does not match.
    let last = lines.len();
    let stderr = corrupt(last, "\"replications\":2", "\"replications\":3");
    assert!(
        stderr.contains(&format!("{path}:{last}: error: the trailer counts 3 replications, but the events of 2")),
        "{stderr}"
    );
    let stderr = corrupt(last, "\"by_replication\":[", "\"by_replication\":[1");
    assert!(stderr.contains(&format!("{path}:{last}: error: the trailer counts 1")), "{stderr}");
    assert!(stderr.contains("events in replication 0, but the log has"), "{stderr}");
}

#[test]
fn a_corrupted_json_line_is_refused_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let (log, mut lines) = small_log(dir.path(), "jsonl");
    let path = log.to_str().unwrap();
    let answered = lines.iter().position(|l| l.contains("\"answered\"")).unwrap();
    let original = lines[answered].clone();
    let line = answered + 1;
    lines[answered] = original.replace("\"wait\":", "\"wiat\":");
    std::fs::write(&log, lines.join("\n") + "\n").unwrap();
    let (status, _, stderr) = replay(&log, &[]);
    assert_eq!(status, 1);
    assert!(stderr.contains(&format!("{path}:{line}: error: unknown field `wiat`")), "{stderr}");
    // Without its wait: the field is named.
    let wait_at = original.find(",\"wait\":").unwrap();
    lines[answered] = format!("{}}}", &original[..wait_at]);
    std::fs::write(&log, lines.join("\n") + "\n").unwrap();
    let (_, _, stderr) = replay(&log, &[]);
    assert!(stderr.contains(&format!("{path}:{line}: error: field `wait`: is missing; answered needs it")), "{stderr}");
    // A field of the wrong type.
    lines[answered] = original.replace("\"agent\":", "\"agent\":\"x").replacen(",\"wait\"", "\",\"wait\"", 1);
    std::fs::write(&log, lines.join("\n") + "\n").unwrap();
    let (_, _, stderr) = replay(&log, &[]);
    assert!(stderr.contains(&format!("{path}:{line}: error: field `agent`: invalid type: string")), "{stderr}");
    // Not JSON at all.
    lines[answered] = original[..original.len() / 2].to_owned();
    std::fs::write(&log, lines.join("\n") + "\n").unwrap();
    let (_, _, stderr) = replay(&log, &[]);
    assert!(stderr.contains(&format!("{path}:{line}: error: ")) && stderr.contains("EOF while parsing"), "{stderr}");
}

#[test]
fn a_file_that_is_not_a_log_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("calls.csv");
    std::fs::write(&fake, "arrival,number\n08:00:00,123451\n").unwrap();
    let (status, stdout, stderr) = replay(&fake, &[]);
    assert_eq!((status, stdout.as_str()), (2, ""));
    assert!(
        stderr.contains(&format!("{}:1: error: line 1 is not a callsim event log header", fake.display())),
        "{stderr}"
    );
    let (status, _, stderr) = replay(&dir.path().join("events.txt"), &[]);
    assert_eq!(status, 2);
    assert!(stderr.contains("an event log must end in .csv or .jsonl"), "{stderr}");
    let output = callsim(&["run", "scenarios/hotline.toml", "--events", "events.log"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("events.log: an event log must end in .csv or .jsonl"));
}
