//! Lines (`[lines]`): enough lines change nothing; too few give a busy tone at the trunk, with
//! Erlang B's blocking; an access code's lines are its own, and freed when a caller hangs up.

use callsim::sim::analytic::erlang_b;
use callsim::sim::engine;
use callsim::sim::event::{Event, Recorder, ReleaseCause};
use callsim::sim::stats::Estimate;

use super::support::{events, model};

/// One queue of `max_calls` 3 and 4 agents with no wrap-up, M/M/4/7 at 3.6 Erlangs, and `lines`.
fn small_queue(lines: &str) -> String {
    format!(
        r#"
[simulation]
horizon = "20h"
seed = 9

[[skill_queue]]
name = "Q"
max_calls = 3
max_wait = "600s"
wrap_up = 0
talk_time = {{ dist = "exponential", mean = "3m" }}

[[called_route]]
access_code = "1"
device = "queue:Q"

[[agent_group]]
name = "agents"
count = 4
skills = ["Q"]

[[traffic]]
dialed = "1"
rate = "72/h"
patience = {{ dist = "exponential", mean = "2m" }}
{lines}
"#
    )
}

fn causes(events: &[(callsim::sim::time::SimTime, Event)], wanted: ReleaseCause) -> usize {
    events.iter().filter(|(_, e)| matches!(e, Event::Released { cause, .. } if *cause == wanted)).count()
}

/// At most `max_calls` wait and 4 talk, so with one line more than that no call is refused and
/// the run is the same event for event. With exactly `max_calls` + agents, a call that would
/// find the line full finds the lines full instead (without wrap-up, a full line means every
/// agent talks): its busy tone replaces the Skill Busy
/// release one for one, and every other call goes as before (a rejected call changes nothing).
#[test]
fn lines_for_every_caller_in_the_system_change_nothing() {
    let run = |lines: &str| engine::run(&model(&small_queue(lines)), 0, Recorder::default()).0;
    let plain = run("");
    assert_eq!(plain, run("[lines]\ntenant = 8"));
    assert_eq!(plain, run("[lines]\naccess_codes = { \"1\" = 8 }"));
    let tight = run("[lines]\ntenant = 7");
    let busy = causes(&plain, ReleaseCause::Busy);
    assert!(busy > 20, "the line fills up: {busy} busy releases");
    assert_eq!(causes(&tight, ReleaseCause::TrunkBusy), busy);
    assert_eq!(causes(&tight, ReleaseCause::Busy), 0);
    let answers = |events: &[(_, Event)]| -> Vec<_> {
        events.iter().filter(|(_, e)| matches!(e, Event::Answered { .. })).cloned().collect()
    };
    assert_eq!(answers(&plain), answers(&tight));
}

/// Four lines and ten agents: a call holds its line through an IVR (exponential, 30 s) and its
/// talk (exponential, 150 s), and never waits, so the trunk is an M/G/4/4 loss system at 60/h ×
/// 180 s = 3 Erlangs: the busy tones are Erlang B's B(4, 3) = 0.206 of the calls, whatever the
/// holding time's distribution. Over 10 fixed-seed replications of 200 h (12 000 calls each)
/// after a 10 h warm-up, within 3 half-widths of the 95 % interval (about 6.5 standard errors:
/// a correct simulator fails this about once in 10⁸, and the seed is fixed, so it cannot flake).
#[test]
fn too_few_lines_block_as_erlang_b_says() {
    let text = r#"
[simulation]
horizon = "210h"
warmup = "10h"
replications = 10
seed = 4

[lines]
tenant = 4

[[ivr]]
name = "welcome"
duration = { dist = "exponential", mean = "30s" }
exit = [{ probability = 1, to = "queue:Q" }]

[[skill_queue]]
name = "Q"
wrap_up = 0
talk_time = { dist = "exponential", mean = "150s" }

[[called_route]]
access_code = "1"
device = "ivr:welcome"

[[agent_group]]
name = "agents"
count = 10
skills = ["Q"]

[[traffic]]
dialed = "1"
rate = "60/h"
"#;
    let tables = callsim::app::run::replications(&model(text), 2, &callsim::app::run::Progress::default());
    let blocked = Estimate::of(tables.iter().map(|t| {
        let numbers = t.table("dialed_numbers").unwrap();
        numbers.get("1", "trunk_busy").unwrap() / numbers.get("1", "calls").unwrap()
    }));
    let exact = erlang_b(4, 3.0);
    assert!((exact - 0.2061).abs() < 0.0005);
    assert!(
        (blocked.mean - exact).abs() <= 3.0 * blocked.ci95 && blocked.ci95 < 0.01,
        "busy tones {blocked:?}, Erlang B {exact}"
    );
}

/// Hand-counted: access code "1" has one line, "2" none (the tenant has plenty). Talk 100 s.
/// Call 0 (to 1) at 0 s takes the line; call 1 (to 1) at 10 s gets a busy tone and calls again
/// 200 s later, when the line is free again (call 0 ended at 100 s): answered at 210 s. Call 2
/// (to 2) at 20 s is answered: its access code has no limit.
#[test]
fn an_access_codes_lines_are_its_own_and_free_again_when_the_caller_hangs_up() {
    let text = r#"
[simulation]
horizon = "1h"

[lines]
tenant = 10
access_codes = { "1" = 1 }

[[skill_queue]]
name = "Q"
wrap_up = 0
talk_time = { dist = "deterministic", value = "100s" }

[[called_route]]
access_code = "1"
device = "queue:Q"

[[called_route]]
access_code = "2"
device = "queue:Q"

[[agent_group]]
name = "agents"
count = 3
skills = ["Q"]

[[traffic]]
dialed = "1"
rate = "1/h"
retrial = { probability = 1, delay = { dist = "deterministic", value = "200s" }, after = ["trunk-busy"] }

[[traffic]]
dialed = "2"
rate = "1/h"
"#;
    use callsim::sim::id::TrafficId;
    let model = model(text);
    let events = events(&model, &[(0.0, 0), (10.0, 0), (20.0, 1)]);
    let call = |n| super::support::journey(&events, n);
    let (one, two) = (TrafficId(0), TrafficId(1));
    assert_eq!(
        call(1)[..4],
        [
            (10.0, Event::CallArrived { call: 1, traffic: one }),
            (10.0, Event::WillCallAgain { call: 1, traffic: one }),
            (210.0, Event::CalledAgain { call: 1, traffic: one }),
            (
                210.0,
                Event::Routed { call: 1, device: callsim::sim::model::DeviceId::Queue(callsim::sim::id::QueueId(0)) }
            ),
        ]
    );
    assert!(call(1).iter().any(|(t, e)| *t == 210.0 && matches!(e, Event::Answered { .. })));
    assert_eq!(call(2)[0], (20.0, Event::CallArrived { call: 2, traffic: two }));
    assert!(call(2).iter().any(|(t, e)| *t == 20.0 && matches!(e, Event::Answered { .. })));
    // Without the retrial, call 1's busy tone is in its dialed number's row, and only there.
    let no_retrial = text.replace(
        r#"retrial = { probability = 1, delay = { dist = "deterministic", value = "200s" }, after = ["trunk-busy"] }"#,
        "",
    );
    let tables = super::support::tables(&super::support::model(&no_retrial), &[(0.0, 0), (10.0, 0), (20.0, 1)]);
    let numbers = tables.table("dialed_numbers").unwrap();
    assert_eq!(numbers.get("1", "trunk_busy"), Some(1.0));
    assert_eq!(numbers.get("2", "trunk_busy"), Some(0.0));
    assert_eq!(numbers.get("1", "completed"), Some(1.0));
    let plain = super::support::tables(
        &super::support::model(&no_retrial.replace("[lines]\ntenant = 10\naccess_codes = { \"1\" = 1 }", "")),
        &[(0.0, 0)],
    );
    assert!(plain.table("dialed_numbers").unwrap().kind.columns.iter().all(|c| c.key != "trunk_busy"));
}
