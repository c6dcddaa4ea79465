//! Property tests: whatever a file holds, loading, validating and rendering never panic.
//!
//! Two generators: arbitrary text (mostly not TOML), and scenario-shaped TOML built from the real
//! keys with values of every type — the documents most likely to reach deep into validation.

use callsim::input::diagnostic::render;
use callsim::input::scenario::{LoadError, SourceFile, parse};
use callsim::input::validate::validate;
use proptest::prelude::*;

fn check(text: String) {
    let source = SourceFile { path: "p.toml".into(), text };
    match parse(source) {
        Ok(loaded) => {
            let findings = validate(&loaded.scenario, loaded.source.directory());
            let rendered = render(&loaded.source, &findings);
            assert_eq!(rendered.lines().filter(|l| l.starts_with("p.toml")).count(), findings.len());
        }
        Err(LoadError::Syntax { .. } | LoadError::Invalid { .. }) => {}
        Err(other) => panic!("text cannot fail to read: {other}"),
    }
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|x| if x.is_finite() { format!("{x:?}") } else { "nan".into() }),
        Just("\"90s\"".to_owned()),
        Just("\"-5s\"".to_owned()),
        Just("\"120/h\"".to_owned()),
        Just("\"08:00\"".to_owned()),
        Just("\"queue:A\"".to_owned()),
        Just("\"ivr:menu\"".to_owned()),
        Just("\"release\"".to_owned()),
        Just("[]".to_owned()),
        Just("[\"A\", \"B\"]".to_owned()),
        Just("{ dist = \"exponential\", mean = \"3m\" }".to_owned()),
        Just("{ dist = \"uniform\", min = 5, max = 1 }".to_owned()),
        Just("[{ to = \"queue:A\", probability = 0.7 }]".to_owned()),
        Just("[{ start = \"22:00\", end = \"06:00\" }]".to_owned()),
        Just("[{ groups = [\"A\"] }, { groups = [\"B\", \"nope\"], after = \"30s\" }]".to_owned()),
        Just("{ \"1\" = 3, \"x\" = -1 }".to_owned()),
        Just("\"fewest-calls\"".to_owned()),
        Just("\"weighted-wait\"".to_owned()),
        Just("{ web = 3, wechat = 0 }".to_owned()),
        Just("\"multimedia\"".to_owned()),
        Just("{ probability = 0.5, to = \"queue:B\", transfer = \"consult\" }".to_owned()),
        Just("{ probability = 1, to = \"queue:A\", transfer = \"conference\" }".to_owned()),
        "[a-zA-Z0-9 :_-]{0,24}".prop_map(|s| format!("{s:?}")),
    ]
}

/// Each table with its own keys, so that most documents get past the unknown-key check and into
/// validation.
const TABLES: [(&str, &[&str]); 7] = [
    (
        "[[skill_queue]]",
        &[
            "name",
            "type",
            "subtype",
            "max_wait",
            "max_calls",
            "wrap_up",
            "timeout",
            "busy",
            "no_agents",
            "talk_time",
            "service_level",
            "wrap_up_time",
            "agent_choice",
            "priority",
            "tiers",
            "after_talk",
        ],
    ),
    ("[[ivr]]", &["name", "duration", "exit"]),
    ("[[called_route]]", &["access_code", "extension", "type", "device"]),
    (
        "[[agent_group]]",
        &[
            "name",
            "count",
            "ids",
            "role",
            "type",
            "skills",
            "agent_weight",
            "shifts",
            "talk_factor",
            "next_call",
            "sessions",
            "session_slowdown",
        ],
    ),
    ("[lines]", &["tenant", "access_codes"]),
    ("[[traffic]]", &["dialed", "rate", "talk_time", "patience", "priority"]),
    ("[simulation]", &["horizon", "warmup", "seed", "replications", "interval"]),
];

fn entry() -> impl Strategy<Value = String> {
    (0..TABLES.len(), proptest::collection::vec((any::<prop::sample::Index>(), value()), 0..8)).prop_map(
        |(t, pairs)| {
            let (table, keys) = TABLES[t];
            let mut text = format!("{table}\n");
            let mut seen = std::collections::HashSet::new();
            for (key, value) in pairs {
                let key = keys[key.index(keys.len())];
                if seen.insert(key) {
                    text.push_str(&format!("{key} = {value}\n"));
                }
            }
            text
        },
    )
}

proptest! {
    // 256 cases each (proptest's default) keep this under a second while covering every
    // generator branch many times over.
    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        check(text);
    }

    #[test]
    fn scenario_shaped_documents_never_panic(entries in proptest::collection::vec(entry(), 0..12)) {
        check(entries.join("\n"));
    }
}
