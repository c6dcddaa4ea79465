//! Property tests of the platform import: any canonical document round-trips through import and
//! export byte for byte, and no document — however odd its values — makes import panic or write
//! a scenario that does not read back.

use callsim::input::platform::{self, Document};
use callsim::input::scenario::SourceFile;
use proptest::prelude::*;
use serde_json::{Value, json};

/// A policy: release, or a transfer to a skill, a flow, or an id nobody defines.
fn policy(skills: usize, flows: usize) -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({"transferType": "Release"})),
        (0..skills + 1)
            .prop_map(|s| json!({"transferType": "Transfer", "deviceType": "1", "value": (101 + s).to_string()})),
        (0..flows + 1)
            .prop_map(|f| json!({"transferType": "Transfer", "deviceType": "3", "value": (1 + f).to_string()})),
    ]
}

fn skill(i: usize, skills: usize, flows: usize) -> impl Strategy<Value = Value> {
    (
        prop::sample::select(vec![5, 19, 53, 2, 18]),
        1..600i64,
        1..200i64,
        0..120i64,
        prop::option::of(1..60i64),
        [policy(skills, flows), policy(skills, flows), policy(skills, flows)],
        "[ -~]{0,12}",
    )
        .prop_map(move |(media, wait, num, wrap, answer, [no_agents, busy, time_out], description)| {
            let mut skill = serde_json::Map::new();
            skill.insert("skillId".into(), json!(101 + i));
            skill.insert("name".into(), json!(format!("q{i}")));
            skill.insert("description".into(), json!(description));
            skill.insert("mediaTypeId".into(), json!(media));
            if media == 53 {
                skill.insert("subMediaType".into(), json!("WEB"));
            }
            skill.insert("maxWaitTime".into(), json!(wait));
            skill.insert("maxWaitNum".into(), json!(num));
            skill.insert("maxAgentWrapupTime".into(), json!(wrap));
            if let Some(answer) = answer {
                skill.insert("maxAnswerWaitTime".into(), json!(answer));
            }
            skill.insert("skillParam".into(), json!({"noAgents": no_agents, "busy": busy, "timeOut": time_out}));
            Value::Object(skill)
        })
}

fn route(skills: usize, flows: usize) -> impl Strategy<Value = Value> {
    ("[0-9]{1,6}", "[0-9]{0,3}", prop::sample::select(vec![5, 19, 53, 2, 18]), prop::bool::ANY, 0..skills + flows + 1)
        .prop_map(move |(access, ext, media, to_ivr, id)| {
            let (device_type, device_id) = if to_ivr { (3, 1 + id % (flows + 1)) } else { (1, 101 + id % (skills + 1)) };
            json!({"accessCode": access, "extCode": ext, "mediaTypeId": media, "devicetype": device_type, "deviceId": device_id})
        })
}

/// Agents of one profile: `count` agents from `first_id`. The profile's agentWeight is its
/// index + 1, so no two profiles are equal and each stays one group.
fn profile(index: usize, skills: usize) -> impl Strategy<Value = (usize, Value)> {
    (
        1..5usize,
        prop::sample::select(vec![4, 11, 13, 99]),
        prop::sample::select(vec![1, 2, 3]),
        prop::collection::vec((0..skills + 1, 1..4i64), 1..4),
    )
        .prop_map(move |(count, agent_type, role, skills)| {
            let entries: Vec<Value> = skills
                .iter()
                .map(|(s, w)| json!({"skillId": 101 + s, "agentWeight": index + 1, "skillWeight": w}))
                .collect();
            (count, json!({"agentType": agent_type, "role": role, "skills": entries}))
        })
}

/// A canonical document: as `export` writes it.
fn document() -> impl Strategy<Value = String> {
    (1..6usize, 0..4usize).prop_flat_map(|(skills, flows)| {
        let skill_list: Vec<_> = (0..skills).map(|i| skill(i, skills, flows)).collect();
        (
            skill_list,
            prop::collection::vec(route(skills, flows), 0..5),
            (0..4usize).prop_flat_map(move |n| (0..n).map(|i| profile(i, skills)).collect::<Vec<_>>()),
            Just(flows),
        )
            .prop_map(|(skills, routes, profiles, flows)| {
                let mut agents = Vec::new();
                for (count, template) in profiles {
                    for _ in 0..count {
                        let mut agent = serde_json::Map::new();
                        agent.insert("agentId".into(), json!(1001 + agents.len()));
                        for key in ["agentType", "role", "skills"] {
                            agent.insert(key.into(), template[key].clone());
                        }
                        agents.push(Value::Object(agent));
                    }
                }
                let ivrs: Vec<Value> =
                    (0..flows).map(|f| json!({"flowId": 1 + f, "name": format!("f{f}"), "description": ""})).collect();
                let document = json!({"skills": skills, "calledRoutes": routes, "agents": agents, "ivrs": ivrs});
                // Through the typed document, for the platform's key order (a Value sorts keys).
                let document: Document = serde_json::from_value(document).unwrap();
                serde_json::to_string_pretty(&document).unwrap() + "\n"
            })
    })
}

/// Imports `text`: the scenario text, or `None` when the import found errors.
fn import(text: &str) -> Option<String> {
    let read = platform::parse(SourceFile { path: "p.json".into(), text: text.to_owned() }).ok()?;
    let checked = platform::check(&read, None);
    assert!(!checked.report.starts_with("internal error"), "{}\n{}", checked.report, checked.text.unwrap_or_default());
    checked.text
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn canonical_documents_round_trip_byte_for_byte(text in document()) {
        let scenario = import(&text).expect("a canonical document imports without error");
        let loaded = callsim::input::scenario::parse(SourceFile { path: "p.toml".into(), text: scenario }).unwrap();
        let exported: Document = platform::export(&loaded.scenario).unwrap();
        prop_assert_eq!(serde_json::to_string_pretty(&exported).unwrap() + "\n", text);
    }

    /// Values of every type in every place: import reports or imports, and never panics.
    #[test]
    fn odd_documents_never_panic(text in document(), edits in prop::collection::vec((0..4usize, 0..8usize, odd_value()), 0..6)) {
        let mut value: Value = serde_json::from_str(&text).unwrap();
        for (list, index, odd) in edits {
            let list = ["skills", "calledRoutes", "agents", "ivrs"][list];
            if let Some(Value::Object(object)) = value[list].get_mut(index) {
                let keys: Vec<String> = object.keys().cloned().collect();
                let key = keys[index % keys.len()].clone();
                object.insert(key, odd);
            }
        }
        import(&serde_json::to_string(&value).unwrap());
    }
}

fn odd_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        Just(json!(1.5)),
        Just(json!(true)),
        "\\PC{0,24}".prop_map(|s| json!(s)),
        Just(json!("a\"b\\c\n#d")),
        Just(json!("queue:x y")),
        Just(json!([])),
        Just(json!({})),
    ]
}
