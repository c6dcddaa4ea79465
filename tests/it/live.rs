//! Live mode (`callsim serve`): the monitoring API tells what an offline run's events tell at
//! the same simulated time; many slow clients cannot hold the engine back; a recorded session
//! with what-ifs runs again to the same events and reports.

use callsim::sim::id::{AgentId, GroupId, TrafficId};
use std::collections::{BTreeSet, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::callsim;

/// A `callsim serve` child process, killed when dropped (a failing test leaves no server behind).
pub(crate) struct Server {
    child: Child,
    pub address: SocketAddr,
    stderr: std::sync::mpsc::Receiver<String>,
}

impl Server {
    /// Starts `callsim serve ARGS --listen 127.0.0.1:0` in the crate root and waits (at most 30 s)
    /// for the line that gives its address.
    pub(crate) fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_callsim"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .arg("serve")
            .args(args)
            .args(["--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (lines, stderr) = std::sync::mpsc::channel();
        let pipe = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                if lines.send(line).is_err() {
                    break;
                }
            }
        });
        // Drain stdout so that the report printed at the end cannot block the server.
        let mut stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Ok(line) = stderr.recv_timeout(left) else {
                let _ = child.kill();
                let _ = child.wait();
                panic!("callsim serve did not say where it listens within 30 s; stderr: {seen:?}")
            };
            if let Some(rest) = line.split("live at http://").nth(1) {
                let address = rest.split('/').next().unwrap().parse().unwrap();
                return Server { child, address, stderr };
            }
            seen.push(line);
        }
    }

    /// `METHOD PATH` with an optional JSON body: (status code, JSON body).
    pub(crate) fn request(&self, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
        let body = body.map(Value::to_string).unwrap_or_default();
        let mut stream = TcpStream::connect(self.address).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            self.address,
            body.len()
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let (head, body) = response.split_once("\r\n\r\n").unwrap();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        (status, serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}")))
    }

    pub(crate) fn get(&self, path: &str) -> Value {
        let (status, body) = self.request("GET", path, None);
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }

    pub(crate) fn post(&self, path: &str, body: Value) -> Value {
        let (status, answer) = self.request("POST", path, Some(&body));
        assert_eq!(status, 200, "POST {path} {body}: {answer}");
        answer
    }

    /// Polls `/api/status` (every 20 ms, at most 60 s) until `done` holds.
    pub(crate) fn wait_for(&self, what: &str, done: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let status = self.get("/api/status");
            if done(&status) {
                return status;
            }
            assert!(Instant::now() < deadline, "waited 60 s for {what}; last status {status}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits (at most 60 s) for the process to exit by itself; its stderr.
    pub(crate) fn wait_for_exit(mut self) -> (i32, Vec<String>) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                let lines = self.stderr.try_iter().collect();
                return (status.code().unwrap_or(-1), lines);
            }
            assert!(Instant::now() < deadline, "callsim serve did not exit within 60 s");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The process's peak resident memory so far, in kB (Linux).
    pub(crate) fn peak_memory_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn time_s(value: &Value) -> f64 {
    value["time_s"].as_f64().unwrap()
}

fn micros(secs: f64) -> u64 {
    (secs * 1e6).round() as u64
}

/// The live figures of one queue, folded from a log's events by this test's own reading of
/// `docs/live.md` (not by the monitor's code).
#[derive(Debug, Default)]
struct Expected {
    waiting: BTreeSet<(u64, u64)>,
    offered: u64,
    answered: u64,
    within: u64,
    abandoned: u64,
    timed_out: u64,
}

/// Reads an offline log up to `until` µs: per queue name its figures, per agent id its state
/// (`agents`: the ids by agent index).
fn fold_log(path: &Path, until: u64, agents: &[String]) -> (HashMap<String, Expected>, HashMap<String, String>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    let source: toml::Table = header["source"].as_str().unwrap().parse().unwrap();
    let queues: Vec<String> =
        source["skill_queue"].as_array().unwrap().iter().map(|q| q["name"].as_str().unwrap().to_owned()).collect();
    let window_start = until - until % 300_000_000;
    let mut by_queue: Vec<Expected> = queues.iter().map(|_| Expected::default()).collect();
    let mut visit: HashMap<u64, (usize, u64)> = HashMap::new();
    let mut state: HashMap<String, String> = agents.iter().map(|a| (a.clone(), "signed-out".to_owned())).collect();
    for line in lines {
        let e: Value = serde_json::from_str(line).unwrap();
        if e.get("time").is_none() {
            continue; // the trailer
        }
        let t = e["time"].as_u64().unwrap();
        if t > until {
            break;
        }
        let in_window = t >= window_start;
        let call = e["call"].as_u64();
        let queue = e["queue"].as_u64().map(|q| q as usize);
        let agent = e["agent"].as_u64().map(|a| agents[a as usize].clone());
        match e["event"].as_str().unwrap() {
            "offered" => {
                visit.insert(call.unwrap(), (queue.unwrap(), t));
                by_queue[queue.unwrap()].offered += u64::from(in_window);
            }
            "queued" | "ringing" => {
                let (at, since) = visit[&call.unwrap()];
                by_queue[at].waiting.insert((since, call.unwrap()));
            }
            "answered" | "abandoned" | "timed-out" => {
                let (at, since) = visit[&call.unwrap()];
                let queue = &mut by_queue[at];
                queue.waiting.remove(&(since, call.unwrap()));
                if in_window {
                    match e["event"].as_str().unwrap() {
                        "answered" => {
                            queue.answered += 1;
                            queue.within += u64::from(e["wait"].as_u64().unwrap() <= 20_000_000);
                        }
                        "abandoned" => queue.abandoned += 1,
                        _ => queue.timed_out += 1,
                    }
                }
            }
            _ => {}
        }
        let new_state = match e["event"].as_str().unwrap() {
            "agent-signed-in" | "wrap-up-ended" | "agent-returned" => Some("idle"),
            "abandoned" if e["ringing"].is_u64() => {
                state.insert(agents[e["ringing"].as_u64().unwrap() as usize].clone(), "idle".into());
                None
            }
            "ringing" => Some("ringing"),
            "answered" => Some("talking"),
            "talk-ended" => Some("wrap-up"),
            "agent-busy" => Some("busy"),
            "agent-rest" => Some("rest"),
            "agent-signed-out" => Some("signed-out"),
            _ => None,
        };
        if let (Some(agent), Some(new_state)) = (agent, new_state) {
            state.insert(agent, new_state.to_owned());
        }
    }
    (queues.into_iter().zip(by_queue).collect(), state)
}

/// The API, paused at some simulated time, shows what the offline run's events up to that time
/// show: calls waiting, the longest wait, the window's counters, each agent's state and the
/// agents by state per queue.
#[test]
fn the_api_shows_what_an_offline_run_shows_at_the_same_time() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("offline.jsonl");
    let offline = callsim(&[
        "run",
        "scenarios/hotline.toml",
        "--seed",
        "11",
        "--replications",
        "1",
        "--events",
        log.to_str().unwrap(),
    ]);
    assert!(offline.status.success(), "{}", String::from_utf8_lossy(&offline.stderr));

    // Pause at an instant with calls waiting (the comparison holds at any instant; this one
    // makes it tell more): pause, look, resume a moment if the lines are empty, pause again.
    let server = Server::start(&["scenarios/hotline.toml", "--seed", "11", "--speed", "2000"]);
    server.wait_for("simulated 00:30", |s| time_s(s) >= 1800.0);
    let mut attempts = 0;
    let (at, queues, agents) = loop {
        let paused = server.post("/api/control", json!({"action": "pause"}));
        assert_eq!(paused["event"], "paused");
        let status = server.wait_for("the paused state", |s| s["status"]["state"] == "paused");
        let at = time_s(&status);
        assert_eq!(at, paused["applied_at_s"].as_f64().unwrap(), "paused where the control applied");
        let queues = server.get("/api/queues");
        let waiting = queues["queues"].as_array().unwrap().iter().any(|q| q["calls_waiting"].as_u64() > Some(0));
        attempts += 1;
        if waiting || attempts == 100 {
            break (at, queues, server.get("/api/agents"));
        }
        server.post("/api/control", json!({"action": "resume"}));
        server.wait_for("running on", |s| s["status"]["state"] == "running" && time_s(s) > at);
    };
    assert_eq!(time_s(&queues), at);
    assert_eq!(time_s(&agents), at);
    let ids: Vec<String> =
        agents["agents"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap().to_owned()).collect();
    let (expected, states) = fold_log(&log, micros(at), &ids);
    assert_eq!(queues["window_start_s"].as_f64().unwrap(), (at / 300.0).floor() * 300.0);
    let mut busy_somewhere = false;
    for queue in queues["queues"].as_array().unwrap() {
        let name = queue["name"].as_str().unwrap();
        let e = &expected[name];
        let w = &queue["window"];
        assert_eq!(queue["calls_waiting"], e.waiting.len(), "{name}: calls waiting");
        let longest = e.waiting.first().map_or(0.0, |&(since, _)| (micros(at) - since) as f64 / 1e6);
        assert!((queue["longest_wait_s"].as_f64().unwrap() - longest).abs() < 1e-6, "{name}: longest wait");
        assert_eq!(w["offered"], e.offered, "{name}: offered in the window");
        assert_eq!(w["answered"], e.answered, "{name}: answered in the window");
        assert_eq!(w["answered_within_threshold"], e.within, "{name}: answered within 20 s");
        assert_eq!(w["abandoned"], e.abandoned, "{name}: abandoned in the window");
        assert_eq!(w["timed_out"], e.timed_out, "{name}: timed out in the window");
        let requests = e.answered + e.abandoned + e.timed_out;
        if requests > 0 {
            assert!((w["service_level"].as_f64().unwrap() - e.within as f64 / requests as f64).abs() < 1e-12);
        } else {
            assert!(w["service_level"].is_null());
        }
        busy_somewhere |= e.offered > 0 && !e.waiting.is_empty();
    }
    assert!(busy_somewhere, "the test pauses at a time with calls waiting and calls offered in the window");

    let listed = agents["agents"].as_array().unwrap();
    assert_eq!(listed.len(), states.len());
    for agent in listed {
        let id = agent["id"].as_str().unwrap();
        assert_eq!(agent["state"], states[id].as_str(), "agent {id}");
    }
    // Per queue, the agents by state add up from the agent list and the agents' skills.
    let talking_total: u64 =
        queues["queues"].as_array().unwrap().iter().map(|q| q["agents"]["talking"].as_u64().unwrap()).sum();
    assert!(talking_total > 0, "agents are talking");
}

/// Two hundred clients on the event stream — half of them never read a byte — do not hold the
/// simulation back or make it buffer: the unpaced run still ends, within a bound far above its
/// own time, with the offline run's reports, and the server's memory stays small.
#[test]
fn two_hundred_stream_clients_cannot_slow_or_bloat_the_engine() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("live");
    let server = Server::start(&[
        "scenarios/multi-skill.toml",
        "--seed",
        "5",
        "--horizon",
        "3d",
        "--paused",
        "--exit-at-end",
        "--out",
        out.to_str().unwrap(),
    ]);
    let mut readers = Vec::new();
    let mut idle = Vec::new();
    for i in 0..200 {
        let mut stream = TcpStream::connect(server.address).unwrap();
        write!(stream, "GET /api/stream HTTP/1.1\r\nHost: {}\r\n\r\n", server.address).unwrap();
        if i % 2 == 0 {
            idle.push(stream); // never reads
        } else {
            stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
            readers.push(std::thread::spawn(move || {
                // Reads boards until the stream ends; counts those seen.
                let mut boards = 0u64;
                let mut reader = BufReader::new(stream);
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                    boards += u64::from(line.starts_with("event: board"));
                    line.clear();
                }
                boards
            }));
        }
    }
    let started = Instant::now();
    server.post("/api/control", json!({"action": "speed", "speed": "max"}));
    server.post("/api/control", json!({"action": "resume"}));
    let memory = server.peak_memory_kb();
    let (code, stderr) = server.wait_for_exit();
    let took = started.elapsed();
    assert_eq!(code, 0, "{stderr:?}");
    // Alone, this run takes well under 2 s on the CI machine; 60 s leaves room for a loaded
    // machine while still catching an engine that waits for its clients.
    assert!(took < Duration::from_secs(60), "the session took {took:?}");
    assert!(memory < 200_000, "peak resident memory {memory} kB");
    let boards: Vec<u64> = readers.into_iter().map(|r| r.join().unwrap()).collect();
    assert!(boards.iter().all(|&n| n >= 1), "every reading client got boards: {boards:?}");
    drop(idle);

    // The engine's results are those of the same run offline.
    let offline = dir.path().join("offline");
    let run = callsim(&[
        "run",
        "scenarios/multi-skill.toml",
        "--seed",
        "5",
        "--horizon",
        "3d",
        "--replications",
        "1",
        "--out",
        offline.to_str().unwrap(),
    ]);
    assert!(run.status.success());
    let live = std::fs::read_to_string(out.join("report.json")).unwrap();
    assert!(live.contains("\"skill_queues\""), "{live}");
    assert_eq!(live, std::fs::read_to_string(offline.join("report.json")).unwrap());
}

/// A session recorded with two what-ifs (+30 % arrivals on one number, five agents signed out)
/// runs again from its log to the same events, and its reports replay byte for byte. An edited
/// what-if in the log is caught at its line.
#[test]
fn a_recorded_session_with_two_what_ifs_replays_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("session.jsonl");
    let live = dir.path().join("live");
    let server = Server::start(&[
        "scenarios/hotline.toml",
        "--horizon",
        "3h",
        "--speed",
        "3600",
        "--exit-at-end",
        "--events",
        log.to_str().unwrap(),
        "--out",
        live.to_str().unwrap(),
    ]);
    server.wait_for("simulated 00:40", |s| time_s(s) >= 2400.0);
    let more = server.post("/api/what-if", json!({"kind": "arrivals", "dialed": "123451", "percent": 30}));
    assert_eq!(more["event"], "arrivals-scaled");
    server.wait_for("simulated 01:20", |s| time_s(s) >= 4800.0);
    let fewer = server.post("/api/what-if", json!({"kind": "sign-out", "group": "team-a", "count": 5}));
    assert_eq!(fewer["event"], "sign-out-ordered");
    let status = server.get("/api/status");
    assert_eq!(status["status"]["arrival_factors"][0]["factor"], 1.3);
    server.post("/api/control", json!({"action": "speed", "speed": "max"}));
    let (code, stderr) = server.wait_for_exit();
    assert_eq!(code, 0, "{stderr:?}");

    let text = std::fs::read_to_string(&log).unwrap();
    let scaled = text.lines().filter(|l| l.contains("\"arrivals-scaled\"")).count();
    let ordered = text.lines().filter(|l| l.contains("\"sign-out-ordered\"")).count();
    assert_eq!((scaled, ordered), (1, 1), "both what-ifs are in the log");

    let replayed = dir.path().join("replayed");
    let replay = callsim(&["replay", log.to_str().unwrap(), "--resimulate", "--out", replayed.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&replay.stderr);
    assert!(replay.status.success(), "{said}");
    assert!(said.contains("resimulated: the simulation gives the log's"), "{said}");
    for report in ["report.json", "report.txt", "skill_queues.csv"] {
        assert_eq!(
            std::fs::read(live.join(report)).unwrap(),
            std::fs::read(replayed.join(report)).unwrap(),
            "{report} of the live session and of its replay"
        );
    }

    // The what-ifs changed the run: without them (same seed), the reports differ.
    let plain = dir.path().join("plain");
    let run = callsim(&[
        "run",
        "scenarios/hotline.toml",
        "--horizon",
        "3h",
        "--replications",
        "1",
        "--out",
        plain.to_str().unwrap(),
    ]);
    assert!(run.status.success());
    assert_ne!(std::fs::read(plain.join("report.json")).unwrap(), std::fs::read(live.join("report.json")).unwrap());

    // A log whose what-if was edited (+30 % became +40 %) no longer resimulates: caught at a line.
    let edited = dir.path().join("edited.jsonl");
    std::fs::write(&edited, text.replacen("\"factor\":1.3", "\"factor\":1.4", 1)).unwrap();
    let check = callsim(&["replay", edited.to_str().unwrap(), "--resimulate"]);
    let said = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(1), "{said}");
    assert!(said.contains("edited.jsonl:") && said.contains("the simulation made"), "{said}");
}

/// Bad control requests get a 400 naming what is wrong, and change nothing.
#[test]
fn bad_requests_are_refused_with_a_reason() {
    let server = Server::start(&["scenarios/hotline.toml", "--paused"]);
    let refused = |path: &str, body: Value, needle: &str| {
        let (status, answer) = server.request("POST", path, Some(&body));
        assert_eq!(status, 400, "{body}: {answer}");
        let message = answer["error"].as_str().unwrap();
        assert!(message.contains(needle), "{body}: {message}");
    };
    refused("/api/what-if", json!({"kind": "arrivals", "dialed": "999", "percent": 10}), "123451");
    refused("/api/what-if", json!({"kind": "sign-out", "group": "nobody", "count": 1}), "team-a");
    refused("/api/what-if", json!({"kind": "arrivals", "dialed": "123451", "percent": -150}), "at least -100");
    refused("/api/what-if", json!({"kind": "hire", "group": "team-a"}), "expected");
    refused("/api/control", json!({"action": "speed", "speed": 0}), "greater than 0");
    refused("/api/control", json!({"action": "speed", "speed": "fast"}), "\"fast\"");
    refused("/api/what-if", json!({"kind": "sign-in", "group": "team-a", "count": 0}), "at least 1");
    refused("/api/what-if", json!({"kind": "arrivals", "dialed": "123451"}), "\"percent\"");
    let (status, answer) = server.request("GET", "/api/agents?state=lunch", None);
    assert_eq!(status, 400, "{answer}");
    assert!(answer["error"].as_str().unwrap().contains("wrap-up"), "{answer}");
    let (status, answer) = server.request("GET", "/api/agents?shoe=1", None);
    assert_eq!(status, 400, "{answer}");
    assert!(answer["error"].as_str().unwrap().contains("expected"), "{answer}");
    // Requests the session cannot apply now are a 409 with the reason.
    let conflict = |body: Value, needle: &str| {
        let (status, answer) = server.request("POST", "/api/what-if", Some(&body));
        assert_eq!(status, 409, "{body}: {answer}");
        assert!(answer["error"].as_str().unwrap().contains(needle), "{body}: {answer}");
    };
    conflict(json!({"kind": "arrivals", "dialed": "123451", "percent": 1e300}), "from 0 to 100");
    server.post("/api/what-if", json!({"kind": "arrivals", "dialed": "123451", "percent": -100}));
    conflict(json!({"kind": "arrivals", "dialed": "123451", "percent": 50}), "give \"factor\"");
    let restarted = server.post("/api/what-if", json!({"kind": "arrivals", "dialed": "123451", "factor": 1}));
    assert_eq!(restarted["event"], "arrivals-scaled");
    let unchanged = server.post("/api/what-if", json!({"kind": "arrivals", "dialed": "123451", "percent": 0}));
    assert!(unchanged["event"].is_null(), "{unchanged}");
    let (status, answer) = server.request("GET", "/api/queues/Z", None);
    assert_eq!(status, 404, "{answer}");
    let (status, answer) = server.request("GET", "/api/what-if", None);
    assert_eq!((status, answer["error"].is_string()), (405, true), "{answer}");
    let (status, answer) = server.request("GET", "/api/nothing", None);
    assert_eq!((status, answer["error"].is_string()), (404, true), "{answer}");
    // A body one byte over the 2 MB limit: the server reads it all before refusing, so the test
    // cannot race the server's closing of the connection.
    let mut stream = TcpStream::connect(server.address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let over = (2 << 20) + 1;
    write!(stream, "POST /api/what-if HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {over}\r\n\r\n")
        .unwrap();
    stream.write_all(&vec![b' '; over]).unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    assert!(response.starts_with("HTTP/1.1 413") && response.contains("\"error\""), "{response}");
    let status = server.get("/api/status");
    assert_eq!(status["status"]["state"], "paused");
    assert_eq!(time_s(&status), 0.0);
    assert_eq!(status["status"]["arrival_factors"][0]["factor"], 1.0);
}

fn hotline() -> callsim::sim::model::Model {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/hotline.toml")).unwrap();
    crate::support::model(&text)
}

/// The events of replication 0 of `model`, with `controls` applied at their times (seconds).
fn with_controls(
    model: &callsim::sim::model::Model,
    controls: &[(f64, callsim::sim::engine::Control)],
    budget: usize,
    step: f64,
) -> Vec<(callsim::sim::time::SimTime, callsim::sim::event::Event)> {
    use callsim::sim::engine::{Arrivals, Simulation};
    use callsim::sim::time::SimTime;
    let mut sim = Simulation::new(model, 0, Arrivals::Poisson, callsim::sim::event::Recorder::default());
    let mut t = 0.0;
    for &(at, control) in controls {
        // Uneven steps, each in slices of `budget` entries, up to the control's time.
        while t < at {
            t = (t + step).min(at);
            while !sim.advance(SimTime::from_secs(t), budget) {}
        }
        sim.apply(control);
    }
    sim.finish().0
}

/// Stepping changes nothing: advancing in uneven steps and small slices gives exactly the events
/// of the run in one go, and so do controls applied at the same times.
#[test]
fn a_simulation_in_steps_gives_the_events_of_one_run() {
    use callsim::sim::engine::{Control, Pace};
    let model = hotline();
    let whole = callsim::sim::engine::run(&model, 0, callsim::sim::event::Recorder::default()).0;
    assert_eq!(with_controls(&model, &[(7_000.0, Control::Pause)], usize::MAX, 7_000.0).len(), whole.len() + 1);
    let stepped = with_controls(&model, &[(28_000.0, Control::Speed(Pace::Max))], 3, 7.3);
    assert_eq!(stepped.len(), whole.len() + 1);
    let without_control: Vec<_> = stepped.iter().filter(|(_, e)| !e.is_control()).copied().collect();
    assert_eq!(without_control, whole);

    let controls = [
        (1_000.0, Control::ScaleArrivals { traffic: TrafficId(0), factor: 1.5 }),
        (2_000.0, Control::SignOut { group: GroupId(0), count: 4 }),
        (2_000.0, Control::SignIn { group: GroupId(0), count: 1 }),
    ];
    assert_eq!(with_controls(&model, &controls, usize::MAX, 1e9), with_controls(&model, &controls, 2, 13.1));
}

/// What each what-if does, counted in the events.
#[test]
fn what_ifs_do_what_they_say() {
    use callsim::sim::engine::Control;
    use callsim::sim::event::Event;
    let model = hotline();
    let team_a: Vec<AgentId> = model.groups[GroupId(0)].members().collect();
    let arrivals_of = |events: &[(callsim::sim::time::SimTime, Event)], after: f64| {
        events
            .iter()
            .filter(|(t, e)| t.secs() > after && matches!(e, Event::CallArrived { traffic: TrafficId(0), .. }))
            .count()
    };

    // Five of team A's twelve sign out at 01:00: idle ones at once, the others after their call;
    // none of the five answers a call afterwards, and the other seven stay.
    let events = with_controls(&model, &[(3_600.0, Control::SignOut { group: GroupId(0), count: 5 })], usize::MAX, 1e9);
    let ordered =
        events.iter().position(|(_, e)| matches!(e, Event::SignOutOrdered { group: GroupId(0), count: 5 })).unwrap();
    let gone: Vec<AgentId> = events[ordered..]
        .iter()
        .filter_map(|(_, e)| match *e {
            Event::AgentSignedOut { agent } if team_a.contains(&agent) => Some(agent),
            _ => None,
        })
        .collect();
    assert_eq!(gone.len(), 5, "{gone:?}");
    let answered_by_gone =
        events[ordered..].iter().filter(|(_, e)| matches!(*e, Event::Answered { agent, .. } if gone.contains(&agent)));
    // An agent signed out after its call may answer nothing once it is out.
    for (t, e) in answered_by_gone {
        let Event::Answered { agent, .. } = *e else { unreachable!() };
        let out_at = events[ordered..].iter().find(|(_, e)| *e == Event::AgentSignedOut { agent }).unwrap().0;
        assert!(*t < out_at, "agent {agent} answered at {t} after signing out at {out_at}");
    }

    // Arrivals at factor 0 from 01:00: no call on that number afterwards; the other number goes on.
    let stopped =
        with_controls(&model, &[(3_600.0, Control::ScaleArrivals { traffic: TrafficId(0), factor: 0.0 })], 64, 600.0);
    assert_eq!(arrivals_of(&stopped, 3_600.0), 0);
    assert!(
        stopped
            .iter()
            .any(|(t, e)| t.secs() > 3_600.0 && matches!(e, Event::CallArrived { traffic: TrafficId(1), .. }))
    );

    // Factor 2 from the start doubles the volume: 200/h for 8 h is 1600 calls, so 3200 expected
    // at factor 2; a Poisson count's standard deviation is √3200 ≈ 57, and ±300 is over five of
    // them (the seed is fixed, so this cannot flake).
    let doubled =
        with_controls(&model, &[(0.0, Control::ScaleArrivals { traffic: TrafficId(0), factor: 2.0 })], usize::MAX, 1e9);
    let n = arrivals_of(&doubled, -1.0) as f64;
    assert!((n - 3_200.0).abs() < 300.0, "{n} calls at factor 2");
}

/// Once the simulation is over the session keeps serving its final state, and refuses controls
/// with a 409 that says why.
#[test]
fn an_over_session_serves_its_final_state_and_refuses_controls() {
    let server = Server::start(&["scenarios/hotline.toml", "--horizon", "40m", "--speed", "max"]);
    let status = server.wait_for("the end", |s| s["status"]["state"] == "over");
    assert!(time_s(&status) >= 2400.0, "the clock reached the horizon: {status}");
    let queues = server.get("/api/queues");
    assert_eq!(time_s(&queues), time_s(&status));
    assert!(queues["queues"].as_array().unwrap().iter().all(|q| q["calls_waiting"] == 0));
    let (code, answer) = server.request("POST", "/api/control", Some(&json!({"action": "pause"})));
    assert_eq!(code, 409, "{answer}");
    assert!(answer["error"].as_str().unwrap().contains("over"), "{answer}");
}

/// Found in review: two controls at one instant, where the first schedules something for that
/// very instant (a callout agent signed in rejects a waiting call and, with no forced-busy time,
/// returns at once), came out in another order when resimulated. A control now applies after
/// everything due at its instant, so the live order (controls back to back) and the resimulated
/// one (an advance before each) agree.
#[test]
fn controls_at_one_instant_apply_as_they_resimulate() {
    use callsim::sim::engine::{Arrivals, Control, Simulation};
    use callsim::sim::time::SimTime;
    let model = crate::support::model(
        r#"
[simulation]
horizon = "2h"
seed = 5
[[skill_queue]]
name = "Q"
max_wait = "1h"
max_calls = 1000
no_answer_busy = "0s"
wrap_up = "0s"
[[called_route]]
access_code = "1"
device = "queue:Q"
[[agent_group]]
name = "g"
count = 4
skills = ["Q"]
role = "callout"
reject_probability = 0.9
[[traffic]]
dialed = "1"
rate = "600/h"
talk_time = { dist = "exponential", mean = "3m" }
"#,
    );
    let at = SimTime::from_secs(600.0);
    let run = |between: bool| {
        let mut sim = Simulation::new(&model, 0, Arrivals::Poisson, callsim::sim::event::Recorder::default());
        sim.apply(Control::SignOut { group: GroupId(0), count: 3 });
        sim.advance(at, usize::MAX);
        for _ in 0..3 {
            if between {
                sim.advance(at, usize::MAX);
            }
            sim.apply(Control::SignIn { group: GroupId(0), count: 1 });
        }
        sim.finish().0
    };
    let live = run(false);
    let rejected_at_once =
        live.iter().any(|(t, e)| *t == at && matches!(e, callsim::sim::event::Event::AgentReturned { .. }));
    assert!(rejected_at_once, "the case of the review: an agent returns at the controls' instant");
    let resimulated = run(true);
    let first_difference = live.iter().zip(&resimulated).position(|(a, b)| a != b);
    assert_eq!(first_difference, None, "live {:?}", first_difference.map(|i| (&live[i], &resimulated[i])));
    assert_eq!(live.len(), resimulated.len());
}

/// Found in review: agents a what-if signed out stay out only until the group's next shift start,
/// an overlapping one included.
#[test]
fn a_shift_start_brings_back_agents_a_what_if_signed_out() {
    use callsim::sim::engine::Control;
    use callsim::sim::event::Event;
    let model = crate::support::model(
        r#"
[simulation]
horizon = "4h"
[[skill_queue]]
name = "Q"
talk_time = { dist = "exponential", mean = "3m" }
[[called_route]]
access_code = "1"
device = "queue:Q"
[[agent_group]]
name = "g"
count = 5
skills = ["Q"]
shifts = [{ start = "00:00", end = "02:00" }, { start = "01:00", end = "03:00" }]
[[traffic]]
dialed = "1"
rate = "20/h"
"#,
    );
    let events = with_controls(&model, &[(1_800.0, Control::SignOut { group: GroupId(0), count: 3 })], usize::MAX, 1e9);
    let signed_in_at = |t: f64| {
        let mut on = std::collections::BTreeSet::new();
        for (_, e) in events.iter().take_while(|(at, _)| at.secs() <= t) {
            match *e {
                Event::AgentSignedIn { agent } => on.insert(agent),
                Event::AgentSignedOut { agent } => on.remove(&agent),
                _ => false,
            };
        }
        on.len()
    };
    assert_eq!(signed_in_at(1_000.0), 5);
    assert_eq!(signed_in_at(3_000.0), 2, "three signed out at 00:30 (idle, or after their call)");
    assert_eq!(signed_in_at(3_600.0), 5, "all back at the 01:00 shift start");
}
