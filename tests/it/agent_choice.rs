//! Which idle agent a queue offers a call to (`agent_choice`): hand-counted choices for each
//! rule, a uniform random choice, and queue figures that do not depend on the rule.

use callsim::output::report::{Summary, Tables};
use callsim::sim::engine;
use callsim::sim::event::Event;
use callsim::sim::id::AgentId;

use super::support::{events, model};

/// Two agents in two groups, on one queue with a deterministic talk of 10 s and no wrap-up:
/// "slow" (written first; skill weight 1, talk factor 10: its talks last 100 s) and "fast"
/// (skill weight 2).
fn two_agents(choice: &str) -> String {
    format!(
        r#"
[simulation]
horizon = "2h"

[[skill_queue]]
name = "Q"
wrap_up = 0
agent_choice = "{choice}"
talk_time = {{ dist = "deterministic", value = "10s" }}

[[called_route]]
access_code = "1"
device = "queue:Q"

[[agent_group]]
name = "slow"
count = 1
skills = ["Q"]
talk_factor = 10

[[agent_group]]
name = "fast"
count = 1
skills = [{{ queue = "Q", weight = 2 }}]

[[traffic]]
dialed = "1"
rate = "1/h"
"#
    )
}

/// The agent who answers each call, in order.
fn answering(events: &[(callsim::sim::time::SimTime, Event)]) -> Vec<u32> {
    events
        .iter()
        .filter_map(|(_, e)| match e {
            Event::Answered { agent: AgentId(agent), .. } => Some(*agent),
            _ => None,
        })
        .collect()
}

/// Calls at 0, 1, 20, 200 and 400 s, counted by hand (agent 0 is "slow", 1 is "fast"):
/// - longest idle: 0 at 0 s (a tie at sign-in goes to agent order; busy until 100 s), 1 at 1 s
///   (until 11 s), 1 at 20 s (the only one idle), 1 at 200 s (idle since 30 s, agent 0 only since
///   100 s), 0 at 400 s (idle since 100 s, agent 1 since 210 s).
/// - group order: the same until 200 s, where "slow" is written first: 0; and 0 again at 400 s.
/// - fewest calls: at 200 s agent 0 has 1 call and agent 1 has 2: 0; at 400 s both have 2, and
///   agent 1 has been idle longer (since 30 s, agent 0 since 300 s): 1.
/// - skill weight: agent 1 (weight 2) whenever idle: 1 at 0 s, 0 at 1 s (until 101 s), then 1.
#[test]
fn each_rule_picks_the_agent_counted_by_hand() {
    let script = [(0.0, 0), (1.0, 0), (20.0, 0), (200.0, 0), (400.0, 0)];
    for (choice, expected) in [
        ("longest-idle", [0, 1, 1, 1, 0]),
        ("group-order", [0, 1, 1, 0, 0]),
        ("fewest-calls", [0, 1, 1, 0, 1]),
        ("skill-weight", [1, 0, 1, 1, 1]),
    ] {
        assert_eq!(answering(&events(&model(&two_agents(choice)), &script)), expected, "{choice}");
    }
}

/// With both agents alike (no talk factor) and calls 100 s apart, both are always idle: the
/// longest idle alternates exactly, and `random` picks agent 0 for Binomial(2000, ½) of 2000
/// calls — 1000 ± 22.4 (one standard deviation). The seed is fixed; ±5 standard deviations
/// (a chance below 10⁻⁶ for a correct choice) is the tolerance, and the choices must not
/// alternate.
#[test]
fn random_picks_each_idle_agent_equally_often() {
    let script: Vec<(f64, u32)> = (0..2_000).map(|i| (f64::from(i) * 100.0, 0)).collect();
    let alike =
        |choice| two_agents(choice).replace("talk_factor = 10", "").replace("horizon = \"2h\"", "horizon = \"60h\"");
    let longest = answering(&events(&model(&alike("longest-idle")), &script));
    assert_eq!(longest.iter().filter(|&&a| a == 0).count(), 1_000);
    let random = answering(&events(&model(&alike("random")), &script));
    assert_eq!(random.len(), 2_000);
    let zeros = random.iter().filter(|&&a| a == 0).count() as f64;
    assert!((zeros - 1_000.0).abs() <= 5.0 * 22.4, "agent 0 answered {zeros} of 2000");
    assert!(random.windows(2).any(|w| w[0] == w[1]), "random choices never repeat an agent");
}

/// Five agents alike in two groups, an M/M/5 with patience: the queue's figures are the same to
/// the bit under every rule, because each talk is drawn per answer from the traffic's stream,
/// whoever answers; only who did the work differs.
#[test]
fn the_queue_figures_do_not_depend_on_which_idle_agent_answers() {
    let center = |choice: &str| {
        model(&format!(
            r#"
[simulation]
horizon = "8h"
seed = 3

[[skill_queue]]
name = "Q"
agent_choice = "{choice}"

[[called_route]]
access_code = "1"
device = "queue:Q"

[[agent_group]]
name = "first"
count = 3
skills = ["Q"]

[[agent_group]]
name = "second"
count = 2
skills = [{{ queue = "Q", weight = 2 }}]

[[traffic]]
dialed = "1"
rate = "80/h"
talk_time = {{ dist = "exponential", mean = "3m" }}
patience = {{ dist = "exponential", mean = "2m" }}
"#
        ))
    };
    let run = |choice| -> Tables {
        let model = center(choice);
        engine::run(&model, 0, Summary::new(&model)).finish()
    };
    let longest = run("longest-idle");
    for choice in ["random", "skill-weight", "fewest-calls", "group-order"] {
        let other = run(choice);
        // As text: a figure with nothing to measure is NaN, which is unequal to itself.
        let table = |tables: &Tables, key| format!("{:?}", tables.table(key).unwrap());
        assert_eq!(table(&longest, "skill_queues"), table(&other, "skill_queues"), "{choice}");
        assert_ne!(table(&longest, "agents"), table(&other, "agents"), "{choice} chose the same agents");
    }
}
