//! Invariants of every run, checked on every example scenario and on random scenarios:
//! - the clock never goes back;
//! - every call arrives once and ends exactly once, with no event after its end;
//! - an agent never holds two calls (nor answers during wrap-up);
//! - per queue, offered = answered + abandoned + timed out + busy + no agents;
//! - the same seed gives the same events and the same report, different seeds differ;
//! - replay's checks of a log (`eventlog::StreamCheck`) accept the stream.

use callsim::sim::id::AgentId;
use std::collections::HashMap;

use callsim::output::export::{Exporter, Json};
use callsim::output::report::{Report, RunInfo, Summary, Tables};
use callsim::sim::engine;
use callsim::sim::event::{CallId, Event, Projection, Recorder};
use callsim::sim::model::Model;
use callsim::sim::time::SimTime;
use proptest::prelude::*;

use super::support::{ReplayCheck, model};

#[derive(Default)]
struct Invariants {
    last: SimTime,
    next_call: CallId,
    released: HashMap<CallId, bool>,
    holding: HashMap<AgentId, Option<CallId>>,
    wrapping: HashMap<AgentId, bool>,
    violations: Vec<String>,
}

impl Invariants {
    fn call_event(&mut self, t: SimTime, call: CallId, event: &Event) {
        match self.released.get(&call) {
            None => self.violations.push(format!("{t:?}: {event:?} for a call that never arrived")),
            Some(true) => self.violations.push(format!("{t:?}: {event:?} after the call ended")),
            Some(false) => {}
        }
    }

    fn check_end(&self) -> Vec<String> {
        let mut out = self.violations.clone();
        let open = self.released.values().filter(|r| !**r).count();
        if open > 0 {
            out.push(format!("{open} calls never ended"));
        }
        if self.holding.values().any(Option::is_some) {
            out.push("an agent still holds a call at the end".into());
        }
        out
    }
}

impl Projection for Invariants {
    fn on(&mut self, t: SimTime, event: &Event) {
        if t < self.last {
            self.violations.push(format!("the clock went back from {:?} to {t:?}", self.last));
        }
        self.last = t;
        match *event {
            Event::CallArrived { call, .. } => {
                if call != self.next_call {
                    self.violations.push(format!("call {call} arrived, expected {}", self.next_call));
                }
                self.next_call += 1;
                self.released.insert(call, false);
            }
            Event::Released { call, .. } => {
                self.call_event(t, call, event);
                self.released.insert(call, true);
            }
            Event::Answered { call, agent, .. } => {
                self.call_event(t, call, event);
                if self.holding.get(&agent).copied().flatten().is_some() || self.wrapping.get(&agent) == Some(&true) {
                    self.violations.push(format!("{t:?}: agent {agent} answered call {call} while busy"));
                }
                self.holding.insert(agent, Some(call));
            }
            Event::TalkEnded { call, agent, .. } => {
                self.call_event(t, call, event);
                if self.holding.get(&agent).copied().flatten() != Some(call) {
                    self.violations.push(format!("{t:?}: agent {agent} ended a call it did not hold"));
                }
                self.holding.insert(agent, None);
                self.wrapping.insert(agent, true);
            }
            Event::WrapUpEnded { agent, .. } => {
                self.wrapping.insert(agent, false);
            }
            _ => {
                if let Some(call) = event.call() {
                    self.call_event(t, call, event);
                }
            }
        }
    }
}

/// Runs `replication` and checks every invariant; returns the number of calls.
fn check(model: &Model, replication: u32, name: &str) -> u64 {
    let replay = ReplayCheck::new(model, replication);
    let ((invariants, summary), replay) =
        engine::run(model, replication, ((Invariants::default(), Summary::new(model)), replay));
    let violations = invariants.check_end();
    assert!(violations.is_empty(), "{name}, replication {replication}: {violations:#?}");
    replay.assert_accepted(name);
    let tables = summary.finish();
    let (queues, dialed) = (tables.table("skill_queues").unwrap(), tables.table("dialed_numbers").unwrap());
    for row in &queues.rows {
        let label = row.name();
        let get = |key| queues.get(&label, key).unwrap();
        let outcomes = get("answered") + get("abandoned") + get("timed_out") + get("busy") + get("no_agents");
        assert_eq!(get("offered"), outcomes, "{name}: conservation at {label}");
        for ratio in ["service_level", "abandon_rate", "occupancy"] {
            let value = get(ratio);
            assert!(value.is_nan() || (0.0..=1.0).contains(&value), "{name}: {ratio} {value} at {label}");
        }
        for seconds in ["asa_s", "mean_wait_s", "max_wait_s", "mean_talk_s", "mean_wrap_up_s"] {
            let value = get(seconds);
            assert!(value.is_nan() || value >= 0.0, "{name}: {seconds} {value} at {label}");
        }
    }
    let calls = dialed.get("all numbers", "calls").unwrap();
    let ended = ["completed", "abandoned", "released_by_policy", "released_in_ivr", "transfer_limit"]
        .iter()
        .map(|k| dialed.get("all numbers", k).unwrap())
        .sum::<f64>();
    assert_eq!(calls, ended, "{name}: every counted call ends in exactly one way");
    invariants.next_call
}

#[test]
fn every_example_scenario_keeps_every_invariant() {
    for name in ["hotline", "multi-skill", "full-day"] {
        let text = std::fs::read_to_string(format!("{}/scenarios/{name}.toml", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let model = model(&text);
        for replication in 0..2 {
            assert!(check(&model, replication, name) > 100, "{name} simulates calls");
        }
    }
}

/// Random but valid scenarios: 1–3 voice queues with random limits and policies (release, or a
/// transfer to any queue or the IVR), an IVR whose exits lead to queues or release, 1–3 agent
/// groups with random skills, weights, counts (0 included) and shifts, 1–2 traffic entries.
fn scenario() -> impl Strategy<Value = String> {
    let queue = (
        5u32..300,
        prop::sample::select(vec![0u32, 1, 3, 100]),
        prop::bool::ANY,
        [0usize..5, 0usize..5, 0usize..5],
        prop::bool::ANY,
        prop::bool::ANY,
    );
    let group = (0u32..5, prop::collection::vec(prop::bool::ANY, 3), 1u32..4, prop::option::of((0u32..20, 1u32..4)));
    let traffic = (0usize..4, 20u32..400, prop::option::of(20u32..300), 0u8..3);
    (
        prop::collection::vec(queue, 1..4),
        prop::collection::vec(group, 1..4),
        prop::collection::vec(traffic, 1..3),
        (0.0f64..1.0, 1u32..6, prop::sample::select(vec!["continue", "restart"])),
    )
        .prop_map(|(queues, groups, traffic, (split, limit, patience))| {
            let n = queues.len();
            let target = |choice: usize| match choice {
                0 | 1 => "release".to_owned(),
                4 => "ivr:menu".to_owned(),
                k => format!("queue:q{}", k % n),
            };
            let mut text = format!("[simulation]\nhorizon = \"2h\"\ntransfer_limit = {limit}\npatience_on_transfer = \"{patience}\"\n\n");
            for (i, (max_wait, max_calls, wrap, policies, exp_talk, after)) in queues.iter().enumerate() {
                let talk = if *exp_talk { "{ dist = \"exponential\", mean = \"2m\" }" } else { "{ dist = \"deterministic\", value = \"90s\" }" };
                text += &format!(
                    "[[skill_queue]]\nname = \"q{i}\"\nmax_wait = {max_wait}\nmax_calls = {max_calls}\nwrap_up = {}\ntimeout = \"{}\"\nbusy = \"{}\"\nno_agents = \"{}\"\ntalk_time = {talk}\n",
                    if *wrap { 5 } else { 0 },
                    target(policies[0]),
                    target(policies[1]),
                    target(policies[2]),
                );
                if *after {
                    text += &format!("after_talk = {{ probability = 0.2, to = \"queue:q{}\" }}\n", (i + 1) % n);
                }
                text += &format!("\n[[called_route]]\naccess_code = \"1{i}\"\ndevice = \"queue:q{i}\"\n\n");
            }
            text += &format!(
                "[[ivr]]\nname = \"menu\"\nduration = {{ dist = \"deterministic\", value = \"5s\" }}\nexit = [{{ to = \"queue:q0\", probability = {split} }}, {{ to = \"release\", probability = {} }}]\n\n[[called_route]]\naccess_code = \"9\"\ndevice = \"ivr:menu\"\n\n",
                1.0 - split
            );
            for (g, (count, skills, weight, shift)) in groups.iter().enumerate() {
                let mut names: Vec<String> = (0..n).filter(|&q| skills[q]).map(|q| format!("\"q{q}\"")).collect();
                if names.is_empty() {
                    names.push(format!("\"q{}\"", g % n));
                }
                text += &format!("[[agent_group]]\nname = \"g{g}\"\ncount = {count}\nagent_weight = {weight}\nskills = [{}]\n", names.join(", "));
                if let Some((start, hours)) = shift {
                    text += &format!("shifts = [{{ start = \"{:02}:30\", end = \"{:02}:00\" }}]\n", start % 24, (start + hours) % 24);
                }
                text += "\n";
            }
            let mut dialed_numbers = std::collections::HashSet::new();
            for (route, rate, patience, priority) in traffic {
                let dialed = if route >= n { "9".to_owned() } else { format!("1{route}") };
                if !dialed_numbers.insert(dialed.clone()) {
                    continue; // one entry per dialed number
                }
                text += &format!("[[traffic]]\ndialed = \"{dialed}\"\nrate = \"{rate}/h\"\npriority = {priority}\n");
                if let Some(mean) = patience {
                    text += &format!("patience = {{ dist = \"exponential\", mean = {mean} }}\n");
                }
                text += "\n";
            }
            text
        })
}

proptest! {
    // 64 random scenarios of 2 hours each: a second or two in release mode.
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn random_scenarios_keep_every_invariant(text in scenario(), replication in 0u32..4) {
        let mut model = model(&text);
        check(&model, replication, &text);
        // The same report on one thread and on two.
        model.replications = 3;
        prop_assert_eq!(report_json(&model, 1), report_json(&model, 2));
    }
}

fn report_json(model: &Model, threads: usize) -> String {
    let tables: Vec<Tables> = callsim::app::run::replications(model, threads, &callsim::app::run::Progress::default());
    let info = RunInfo {
        scenario: "s".into(),
        seed: model.seed,
        replications: model.replications,
        horizon_s: 0.0,
        warmup_s: 0.0,
        interval_s: 1_800.0,
        ratios: model.ratios,
    };
    Json.documents(&Report::new(info, &tables).unwrap()).remove(0).contents
}

#[test]
fn the_same_seed_gives_the_same_events_and_report_on_any_thread_count() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/multi-skill.toml")).unwrap();
    let mut model = model(&text);
    model.replications = 4;
    let first = engine::run(&model, 1, Recorder::default()).0;
    let again = engine::run(&model, 1, Recorder::default()).0;
    assert!(first.len() > 1_000);
    assert_eq!(first, again);
    assert_eq!(report_json(&model, 1), report_json(&model, 2));
    let other_replication = engine::run(&model, 2, Recorder::default()).0;
    assert_ne!(first, other_replication);
    let json = report_json(&model, 2);
    model.seed += 1;
    assert_ne!(engine::run(&model, 1, Recorder::default()).0, first, "another seed, other calls");
    assert_ne!(report_json(&model, 2), json);
}

/// Common random numbers: when the calls to a dialed number arrive does not depend on the rest of
/// the configuration, nor on where the entry sits in the file. So two staffing levels are
/// compared on the very same arrivals.
#[test]
fn the_same_callers_arrive_whatever_the_staffing_or_the_order_of_entries() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/hotline.toml")).unwrap();
    let arrivals_to = |text: &str, dialed: &str| -> Vec<SimTime> {
        let model = model(text);
        let traffic = model.traffic.position(|t| t.dialed == dialed).unwrap();
        let events = engine::run(&model, 0, Recorder::default()).0;
        events
            .iter()
            .filter_map(|(t, e)| matches!(*e, Event::CallArrived { traffic: tr, .. } if tr == traffic).then_some(*t))
            .collect()
    };
    let base = arrivals_to(&text, "123452");
    assert!(base.len() > 100);
    let more_agents = text.replace("count = 12", "count = 20");
    assert_eq!(arrivals_to(&more_agents, "123452"), base, "staffing does not move arrivals");
    // Swap the two [[traffic]] entries: 123452's stream is keyed by its number, not its position.
    let (head, tail) = text.split_at(text.find("[[traffic]]").unwrap());
    let entries: Vec<&str> = tail.split("[[traffic]]").filter(|s| !s.trim().is_empty()).collect();
    let swapped = format!("{head}[[traffic]]{}[[traffic]]{}", entries[1], entries[0]);
    assert_eq!(arrivals_to(&swapped, "123452"), base, "reordering entries does not move arrivals");
}
