//! Agents as the platform runs them: ringing and no-answer, abandoning while ringing, callout
//! rejection, staggered breaks, busy spells, agent weight, skill weight and caller priority —
//! each on a deterministic scenario with its timeline derived in the comments — and the agent
//! state machine over random scenarios.

use std::collections::HashMap;

use callsim::sim::engine::{self, Arrivals};
use callsim::sim::event::Event::{self, *};
use callsim::sim::event::{BusyCause, Projection, Recorder};
use callsim::sim::id::{AgentId, QueueId, TrafficId};
use callsim::sim::time::{SimDuration, SimTime};
use proptest::prelude::*;

use super::support::{events, model};

/// Queue A (talk 100 s, no wrap-up, no-answer after 15 s, then 30 s forced busy), dialed "1"
/// with `patience`; agent groups as given.
fn scenario(groups: &str, patience: &str) -> String {
    format!(
        r#"
[simulation]
horizon = "1h"

[[skill_queue]]
name = "A"
max_wait = "300s"
wrap_up = 0
no_answer = "15s"
no_answer_busy = "30s"
talk_time = {{ dist = "deterministic", value = "100s" }}

[[called_route]]
access_code = "1"
device = "queue:A"

{groups}

[[traffic]]
dialed = "1"
rate = "1/h"
{patience}
"#
    )
}

fn timed(events: &[(SimTime, Event)], keep: impl Fn(&Event) -> bool) -> Vec<(f64, Event)> {
    events.iter().filter(|(_, e)| keep(e)).map(|(t, e)| (t.secs(), *e)).collect()
}

fn not_call_bookkeeping(e: &Event) -> bool {
    !matches!(e, CallArrived { .. } | Routed { .. } | Offered { .. } | AgentSignedIn { .. })
}

#[test]
fn a_call_rings_then_is_answered_and_the_ring_counts_in_the_wait() {
    // Ring 5 s: rings at 0, answered at 5 (wait 5 s), talk ends at 105.
    let text = scenario(
        "[[agent_group]]\nname = \"team\"\ncount = 1\nskills = [\"A\"]\nring_time = { dist = \"deterministic\", value = \"5s\" }",
        "",
    );
    let events = events(&model(&text), &[(0.0, 0)]);
    assert_eq!(
        timed(&events, not_call_bookkeeping),
        [
            (0.0, Ringing { call: 0, queue: QueueId(0), agent: AgentId(0) }),
            (5.0, Answered { call: 0, queue: QueueId(0), agent: AgentId(0), wait: SimDuration(5_000_000) }),
            (105.0, TalkEnded { call: 0, queue: QueueId(0), agent: AgentId(0) }),
            (105.0, Released { call: 0, traffic: TrafficId(0), cause: callsim::sim::event::ReleaseCause::Completed }),
            (105.0, WrapUpEnded { agent: AgentId(0), queue: QueueId(0) }),
        ]
    );
}

const SLOW_AND_FAST: &str = r#"
[[agent_group]]
name = "slow"
count = 1
agent_weight = 2
skills = ["A"]
ring_time = { dist = "deterministic", value = "20s" }

[[agent_group]]
name = "fast"
count = 1
skills = ["A"]
ring_time = { dist = "deterministic", value = "5s" }
"#;

#[test]
fn no_answer_forces_the_agent_busy_and_the_next_agent_gets_the_call() {
    // Agent 0 (weight 2) is offered first; it would ring 20 s but the no-answer time is 15 s:
    // at 15 no answer, agent 0 is busy until 45, and the call goes to idle agent 1, which
    // rings 5 s: answered at 20 after 20 s in the queue.
    let events = events(&model(&scenario(SLOW_AND_FAST, "")), &[(0.0, 0)]);
    assert_eq!(
        timed(&events, |e| not_call_bookkeeping(e)
            && !matches!(e, TalkEnded { .. } | Released { .. } | WrapUpEnded { .. })),
        [
            (0.0, Ringing { call: 0, queue: QueueId(0), agent: AgentId(0) }),
            (15.0, NoAnswer { call: 0, queue: QueueId(0), agent: AgentId(0) }),
            (15.0, AgentBusy { agent: AgentId(0), cause: BusyCause::NoAnswer }),
            (15.0, Ringing { call: 0, queue: QueueId(0), agent: AgentId(1) }),
            (20.0, Answered { call: 0, queue: QueueId(0), agent: AgentId(1), wait: SimDuration(20_000_000) }),
            (45.0, AgentReturned { agent: AgentId(0) }),
        ]
    );
}

#[test]
fn a_call_that_rang_out_keeps_its_place_in_the_line() {
    // Only the slow agent. Call 0 rings from 0; call 1 waits from 1. At 15 no answer: the agent
    // is busy until 45 and call 0 is back in the line — ahead of call 1, as it entered first.
    // At 45 the agent returns and is offered call 0 again, not call 1.
    let slow_only = &SLOW_AND_FAST[..SLOW_AND_FAST.find("[[agent_group]]\nname = \"fast\"").unwrap()];
    let events = events(&model(&scenario(slow_only, "")), &[(0.0, 0), (1.0, 0)]);
    let rings: Vec<(f64, Event)> = timed(&events, |e| matches!(e, Ringing { .. })).into_iter().take(2).collect();
    assert_eq!(
        rings,
        [
            (0.0, Ringing { call: 0, queue: QueueId(0), agent: AgentId(0) }),
            (45.0, Ringing { call: 0, queue: QueueId(0), agent: AgentId(0) })
        ]
    );
}

#[test]
fn a_caller_may_hang_up_while_ringing() {
    // Ring 12 s (under the 15 s no-answer time), patience 10 s: the caller hangs up at 10 while
    // ringing at agent 0, which is available again.
    let text = scenario(
        "[[agent_group]]\nname = \"team\"\ncount = 1\nskills = [\"A\"]\nring_time = { dist = \"deterministic\", value = \"12s\" }",
        "patience = { dist = \"deterministic\", value = \"10s\" }",
    );
    let events = events(&model(&text), &[(0.0, 0), (50.0, 0)]);
    let first: Vec<(f64, Event)> = timed(&events, not_call_bookkeeping).into_iter().take(3).collect();
    assert_eq!(
        first,
        [
            (0.0, Ringing { call: 0, queue: QueueId(0), agent: AgentId(0) }),
            (10.0, Abandoned { call: 0, queue: QueueId(0), wait: SimDuration(10_000_000), ringing: Some(AgentId(0)) }),
            (10.0, Released { call: 0, traffic: TrafficId(0), cause: callsim::sim::event::ReleaseCause::Abandoned }),
        ]
    );
    // The agent is free again: call 1 at 50 rings there at once.
    assert!(events.contains(&(SimTime::from_secs(50.0), Ringing { call: 1, queue: QueueId(0), agent: AgentId(0) })));
}

#[test]
fn callout_agents_reject_with_their_probability_and_the_call_goes_on() {
    // Flow: a rejecting agent is busy for 30 s and the call goes to the other (common) agent.
    let groups = "[[agent_group]]\nname = \"callout\"\nrole = \"callout\"\ncount = 1\nagent_weight = 2\nskills = [\"A\"]\nreject_probability = 0.999999\n\n[[agent_group]]\nname = \"common\"\ncount = 1\nskills = [\"A\"]";
    let events = events(&model(&scenario(groups, "")), &[(0.0, 0)]);
    assert_eq!(
        timed(&events, not_call_bookkeeping).into_iter().take(4).collect::<Vec<_>>(),
        [
            (0.0, CallRejected { call: 0, queue: QueueId(0), agent: AgentId(0) }),
            (0.0, AgentBusy { agent: AgentId(0), cause: BusyCause::Rejected }),
            (0.0, Answered { call: 0, queue: QueueId(0), agent: AgentId(1), wait: SimDuration(0) }),
            (30.0, AgentReturned { agent: AgentId(0) }),
        ]
    );
    // Rate: 4000 calls, one callout agent alone, rejecting with p = 0.3. Each offer is an
    // independent trial, so rejections / offers ≈ 0.3; over ~5700 offers the standard error is
    // 0.006, and ±0.03 is five of them (fixed seed).
    let groups = "[[agent_group]]\nname = \"callout\"\nrole = \"callout\"\ncount = 1\nskills = [\"A\"]\nreject_probability = 0.3";
    let text = scenario(groups, "")
        .replace("value = \"100s\"", "value = \"1s\"")
        .replace("no_answer_busy = \"30s\"", "no_answer_busy = 0");
    let script: Vec<(f64, u32)> = (0..4_000).map(|i| (f64::from(i) * 10.0, 0)).collect();
    let events = super::support::events(&model(&text), &script);
    let rejected = events.iter().filter(|(_, e)| matches!(e, CallRejected { .. })).count() as f64;
    let answered = events.iter().filter(|(_, e)| matches!(e, Answered { .. })).count() as f64;
    assert_eq!(answered, 4_000.0);
    assert!((rejected / (rejected + answered) - 0.3).abs() < 0.03, "{rejected} of {}", rejected + answered);
}

#[test]
fn breaks_are_staggered_across_the_group_and_wait_for_the_call_to_end() {
    // Three agents, signed in (and idle) from 0 in order 0, 1, 2; lunch at 12:00 for 30 min,
    // spread over 1 h: agent i's break is due at 12:00 + 20 min · i.
    // 12:00 agent 0 rests (back 12:30). 12:10 call 0: the longest-idle is agent 1; it talks
    // until 12:11:40 and is idle again. 12:20 agent 1 rests (back 12:50). 12:30 agent 0 is back.
    // 12:39 call 1: the longest-idle is agent 2 (idle since 0); talk until 12:40:40. Its break,
    // due at 12:40, waits for the call: it rests from 12:40:40 to 13:10:40.
    let text = scenario(
        "[[agent_group]]\nname = \"team\"\ncount = 3\nskills = [\"A\"]\nbreaks = [{ start = \"12:00\", duration = \"30m\", spread = \"1h\" }]",
        "",
    )
    .replace("horizon = \"1h\"", "horizon = \"14h\"");
    let t = |h: f64, m: f64, s: f64| h * 3600.0 + m * 60.0 + s;
    let events = events(&model(&text), &[(t(12.0, 10.0, 0.0), 0), (t(12.0, 39.0, 0.0), 0)]);
    assert_eq!(
        timed(&events, |e| matches!(e, AgentRest { .. } | AgentReturned { .. } | Answered { .. })),
        [
            (t(12.0, 0.0, 0.0), AgentRest { agent: AgentId(0) }),
            (t(12.0, 10.0, 0.0), Answered { call: 0, queue: QueueId(0), agent: AgentId(1), wait: SimDuration(0) }),
            (t(12.0, 20.0, 0.0), AgentRest { agent: AgentId(1) }),
            (t(12.0, 30.0, 0.0), AgentReturned { agent: AgentId(0) }),
            (t(12.0, 39.0, 0.0), Answered { call: 1, queue: QueueId(0), agent: AgentId(2), wait: SimDuration(0) }),
            (t(12.0, 40.0, 40.0), AgentRest { agent: AgentId(2) }),
            (t(12.0, 50.0, 0.0), AgentReturned { agent: AgentId(1) }),
            (t(13.0, 10.0, 40.0), AgentReturned { agent: AgentId(2) }),
        ]
    );
}

#[test]
fn busy_spells_take_about_their_share_of_the_time() {
    // 20 agents, no calls, shrinkage share 0.2 in spells of 10 min, over 100 days: 48 000
    // agent-hours, about 58 000 spells. The busy share of each spell-cycle is mean / (mean + gap)
    // = 0.2; with ~58 000 exponential spells the share's standard error is about 0.002, and
    // ±0.01 is five of them (fixed seed).
    let text = scenario(
        "[[agent_group]]\nname = \"team\"\ncount = 20\nskills = [\"A\"]\nshrinkage = { share = 0.2, mean = \"10m\" }",
        "",
    )
    .replace("horizon = \"1h\"", "horizon = \"2400h\"");
    let model = model(&text);
    let events = engine::run_with(&model, 0, Arrivals::Scripted(Vec::new().into()), Recorder::default()).0;
    let mut since: HashMap<AgentId, SimTime> = HashMap::new();
    let mut busy = SimDuration::ZERO;
    for (t, e) in &events {
        match *e {
            AgentBusy { agent, cause: BusyCause::Shrinkage } => {
                since.insert(agent, *t);
            }
            AgentReturned { agent } => busy += t.since(since[&agent]),
            _ => {}
        }
    }
    let share = busy.secs() / (20.0 * 2_400.0 * 3_600.0);
    assert!((share - 0.2).abs() < 0.01, "busy share {share}");
}

#[test]
fn the_heavier_agent_weight_is_offered_first_then_the_longest_idle() {
    // Agents 0 and 1 weight 1, agent 2 weight 5: the first call goes to agent 2; the second to
    // agent 0, idle longer than agent 1 (both since 0, agent 0 first in order).
    let groups = "[[agent_group]]\nname = \"light\"\ncount = 2\nskills = [\"A\"]\n\n[[agent_group]]\nname = \"heavy\"\ncount = 1\nagent_weight = 5\nskills = [\"A\"]";
    let events = events(&model(&scenario(groups, "")), &[(0.0, 0), (1.0, 0)]);
    let answers = timed(&events, |e| matches!(e, Answered { .. }));
    assert_eq!(
        answers,
        [
            (0.0, Answered { call: 0, queue: QueueId(0), agent: AgentId(2), wait: SimDuration(0) }),
            (1.0, Answered { call: 1, queue: QueueId(0), agent: AgentId(0), wait: SimDuration(0) })
        ]
    );
}

#[test]
fn a_free_agent_follows_skill_weight_then_caller_priority_then_the_longest_wait() {
    // One agent with skills A (weight 1) and B (weight 3); talk 100 s. While it talks to call 0,
    // call 1 waits at A (t=1), call 2 at B (t=2), call 3 at B with priority 5 (t=3). At 100 it
    // takes call 3 (B's weight, then the priority beats call 2's longer wait), at 200 call 2,
    // at 300 call 1 although it waited longest.
    let text = r#"
[simulation]
horizon = "1h"

[[skill_queue]]
name = "A"
max_wait = "1000s"
wrap_up = 0
talk_time = { dist = "deterministic", value = "100s" }

[[skill_queue]]
name = "B"
max_wait = "1000s"
wrap_up = 0
talk_time = { dist = "deterministic", value = "100s" }

[[called_route]]
access_code = "1"
device = "queue:A"

[[called_route]]
access_code = "2"
device = "queue:B"

[[called_route]]
access_code = "3"
device = "queue:B"

[[agent_group]]
name = "both"
count = 1
skills = [{ queue = "A", weight = 1 }, { queue = "B", weight = 3 }]

[[traffic]]
dialed = "1"
rate = "1/h"

[[traffic]]
dialed = "2"
rate = "1/h"

[[traffic]]
dialed = "3"
rate = "1/h"
priority = 5
"#;
    let events = events(&model(text), &[(0.0, 0), (1.0, 0), (2.0, 1), (3.0, 2)]);
    let answered: Vec<(f64, u64)> = events
        .iter()
        .filter_map(|(t, e)| match *e {
            Answered { call, .. } => Some((t.secs(), call)),
            _ => None,
        })
        .collect();
    assert_eq!(answered, [(0.0, 0), (100.0, 3), (200.0, 2), (300.0, 1)]);
}

#[test]
fn shifts_that_cover_the_horizon_change_nothing() {
    // The hotline example (8 h) with every group on shift 00:00–08:00, against the same without
    // shifts: the same events, seed for seed.
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/hotline.toml")).unwrap();
    let shift = "\nshifts = [{ start = \"00:00\", end = \"08:00\" }]";
    let with_shifts = text
        .replace("skills = [\"A\"]", &format!("skills = [\"A\"]{shift}"))
        .replace("skills = [\"B\"]", &format!("skills = [\"B\"]{shift}"));
    assert_ne!(with_shifts, text);
    let plain = engine::run(&model(&text), 3, Recorder::default()).0;
    let shifted = engine::run(&model(&with_shifts), 3, Recorder::default()).0;
    assert!(plain.len() > 1_000);
    assert_eq!(plain, shifted);
}

/// An agent's state as the events tell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum State {
    SignedOut,
    Idle,
    Ringing,
    Talking,
    WrapUp,
    Busy,
    Rest,
}

/// Replays every agent's state from the events, checking each transition is one the platform's
/// agent can make, and adds up the time spent in each state.
#[derive(Default)]
struct AgentStates {
    state: HashMap<AgentId, (State, SimTime)>,
    time: HashMap<(AgentId, State), SimDuration>,
    violations: Vec<String>,
}

impl AgentStates {
    fn change(&mut self, t: SimTime, agent: AgentId, allowed: &[State], to: State, event: &Event) {
        let (from, since) = self.state.get(&agent).copied().unwrap_or((State::SignedOut, SimTime::ZERO));
        if !allowed.contains(&from) {
            self.violations.push(format!("{t:?}: agent {agent} in {from:?}: {event:?}"));
        }
        *self.time.entry((agent, from)).or_default() += t.since(since);
        self.state.insert(agent, (to, t));
    }
}

impl Projection for AgentStates {
    fn on(&mut self, t: SimTime, event: &Event) {
        use State::{Busy, Idle, Rest, SignedOut, Talking, WrapUp};
        match *event {
            AgentSignedIn { agent } => self.change(t, agent, &[SignedOut], Idle, event),
            Ringing { agent, .. } => self.change(t, agent, &[Idle], State::Ringing, event),
            Answered { agent, .. } => self.change(t, agent, &[Idle, State::Ringing], Talking, event),
            Abandoned { ringing: Some(agent), .. } => self.change(t, agent, &[State::Ringing], Idle, event),
            TalkEnded { agent, .. } => self.change(t, agent, &[Talking], WrapUp, event),
            WrapUpEnded { agent, .. } => self.change(t, agent, &[WrapUp], Idle, event),
            AgentBusy { agent, cause: BusyCause::NoAnswer } => self.change(t, agent, &[State::Ringing], Busy, event),
            AgentBusy { agent, .. } => self.change(t, agent, &[Idle], Busy, event),
            AgentRest { agent } => self.change(t, agent, &[Idle], Rest, event),
            AgentReturned { agent } => self.change(t, agent, &[Busy, Rest], Idle, event),
            // Ringing: the shift ended while the call rang, and it rang out (NoAnswer first).
            AgentSignedOut { agent } => self.change(t, agent, &[Idle, Busy, Rest, State::Ringing], SignedOut, event),
            _ => {}
        }
    }
}

/// Random agent setups on two queues: shifts (overnight included), staggered breaks, busy
/// spells, ring times with and without a no-answer limit, callout rejection, patience.
fn setup() -> impl Strategy<Value = String> {
    let group =
        (1u32..4, 0u32..24, 2u32..10, prop::bool::ANY, prop::bool::ANY, prop::option::of(1u32..30), prop::bool::ANY);
    (prop::collection::vec(group, 1..4), 0u32..25, prop::bool::ANY).prop_map(|(groups, no_answer, patient)| {
        let mut text = format!(
            "[simulation]\nhorizon = \"30h\"\n\n[[skill_queue]]\nname = \"A\"\nmax_wait = \"5m\"\nwrap_up = 5\nno_answer = {no_answer}\nno_answer_busy = 20\ntalk_time = {{ dist = \"exponential\", mean = \"3m\" }}\n\n[[skill_queue]]\nname = \"B\"\nwrap_up = 0\ntalk_time = {{ dist = \"exponential\", mean = \"1m\" }}\n\n[[called_route]]\naccess_code = \"1\"\ndevice = \"queue:A\"\n\n[[called_route]]\naccess_code = \"2\"\ndevice = \"queue:B\"\n\n"
        );
        for (g, (count, start, hours, breaks, shrinkage, ring, callout)) in groups.into_iter().enumerate() {
            text += &format!(
                "[[agent_group]]\nname = \"g{g}\"\ncount = {count}\nskills = [\"A\", \"B\"]\nshifts = [{{ start = \"{start:02}:00\", end = \"{:02}:00\" }}]\n",
                (start + hours) % 24
            );
            if breaks {
                text += &format!("breaks = [{{ start = \"{:02}:30\", duration = \"20m\", spread = \"1h\" }}]\n", (start + 2) % 24);
            }
            if shrinkage {
                text += "shrinkage = { share = 0.1, mean = \"5m\" }\n";
            }
            if let Some(ring) = ring {
                text += &format!("ring_time = {{ dist = \"exponential\", mean = {ring} }}\n");
            }
            if callout {
                text += "role = \"callout\"\nreject_probability = 0.2\n";
            }
            text += "\n";
        }
        text += "[[traffic]]\ndialed = \"1\"\nrate = \"40/h\"\n";
        if !patient {
            text += "patience = { dist = \"exponential\", mean = \"1m\" }\n";
        }
        text += "\n[[traffic]]\ndialed = \"2\"\nrate = \"20/h\"\npatience = { dist = \"exponential\", mean = \"2m\" }\n";
        text
    })
}

proptest! {
    // 48 random setups of 30 simulated hours: a second or two in release mode.
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn no_agent_answers_while_signed_out_busy_or_resting_and_every_second_has_one_state(text in setup()) {
        let model = model(&text);
        let states = engine::run(&model, 0, AgentStates::default());
        prop_assert!(states.violations.is_empty(), "{:#?}", &states.violations[..states.violations.len().min(5)]);
        // Every agent-second up to the agent's last change lies in exactly one state.
        for (agent, (_, last)) in &states.state {
            let total: SimDuration = states.time.iter().filter(|((a, _), _)| a == agent).map(|(_, &t)| t).sum();
            prop_assert_eq!(total, last.since_start(), "agent {}", agent);
        }
    }
}

/// Found in review: a call that rings out at every agent, with no patience, was offered again and
/// again forever (the max waiting time was suspended while ringing and never applied on return).
#[test]
fn a_call_that_rings_out_again_and_again_times_out_at_its_max_wait() {
    // One agent, ring 20 s, no-answer 15 s, no forced busy time, max wait 60 s: rings at 0, 15,
    // 30 and 45; at 60 the fourth ring runs out and the call has waited 60 s: Skill Timeout.
    let text = scenario(
        "[[agent_group]]\nname = \"team\"\ncount = 1\nskills = [\"A\"]\nring_time = { dist = \"deterministic\", value = \"20s\" }",
        "",
    )
    .replace("max_wait = \"300s\"", "max_wait = \"60s\"")
    .replace("no_answer_busy = \"30s\"", "no_answer_busy = 0");
    let events = events(&model(&text), &[(0.0, 0)]);
    let rings: Vec<f64> = timed(&events, |e| matches!(e, Ringing { .. })).into_iter().map(|(t, _)| t).collect();
    assert_eq!(rings, [0.0, 15.0, 30.0, 45.0]);
    let last: Vec<(f64, Event)> = timed(&events, |e| matches!(e, TimedOut { .. } | Released { .. }));
    assert_eq!(
        last,
        [
            (
                60.0,
                TimedOut {
                    call: 0,
                    queue: QueueId(0),
                    wait: SimDuration(60_000_000),
                    then: callsim::sim::model::Destination::Release
                }
            ),
            (60.0, Released { call: 0, traffic: TrafficId(0), cause: callsim::sim::event::ReleaseCause::Timeout }),
        ]
    );
}

/// Found in review: an agent whose shift ended while a call rang at it was forced busy after the
/// shift; it now signs out at once.
#[test]
fn an_agent_whose_shift_ended_while_ringing_signs_out_after_the_no_answer() {
    // Shift 00:00–00:10; a call at 9 min 50 s rings 20 s, no-answer at 10 min 5 s: sign out then.
    let text = scenario(
        "[[agent_group]]\nname = \"team\"\ncount = 1\nskills = [\"A\"]\nring_time = { dist = \"deterministic\", value = \"20s\" }\nshifts = [{ start = \"00:00\", end = \"00:10\" }]",
        "",
    );
    let events = events(&model(&text), &[(590.0, 0)]);
    let agent: Vec<(f64, Event)> =
        timed(&events, |e| matches!(e, NoAnswer { .. } | AgentBusy { .. } | AgentSignedOut { .. }));
    assert_eq!(
        agent,
        [
            (605.0, NoAnswer { call: 0, queue: QueueId(0), agent: AgentId(0) }),
            (605.0, AgentSignedOut { agent: AgentId(0) })
        ]
    );
}

#[test]
fn quality_checkers_never_take_customer_calls() {
    // The only group holding A is quality checkers: nobody is signed in for A as far as calls go,
    // so a call gets the Skill NoAgents policy.
    let text = scenario(
        "[[agent_group]]\nname = \"supervisors\"\nrole = \"quality-checker\"\ncount = 3\nskills = [\"A\"]",
        "",
    );
    let model = model(&text);
    assert!(model.agents.is_empty(), "quality checkers are not simulated as answering agents");
    let events = events(&model, &[(0.0, 0)]);
    assert!(events.iter().any(|(_, e)| matches!(e, RejectedNoAgents { call: 0, .. })), "{events:?}");
    assert!(!events.iter().any(|(_, e)| matches!(e, Answered { .. } | Ringing { .. })));
}
