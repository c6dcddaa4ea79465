//! The tenant's real configuration: `callsim import`, `callsim export` and `callsim validate
//! FILE.json` on the platform's JSON.
//!
//! The fixture `tests/fixtures/platform/tenant.json` (made by `generate.py` beside it) is a
//! realistic tenant — 20 skill queues, 12 called routes with extension codes, 300 agents, 3 IVR
//! flows — with four planted problems: a route to a deleted queue (deviceId 199), a multimedia
//! queue whose timeout transfers to an IVR (skillId 116), an unstaffed queue (skillId 105,
//! "claims") and a transfer loop (skillIds 109 ↔ 110).

use std::path::Path;

use super::support::callsim;

const TENANT: &str = "tests/fixtures/platform/tenant.json";

/// `callsim ARGS...`: (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let output = callsim(args);
    (
        output.status.code().expect("exited, not killed by a signal"),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The `file:line:col: severity: message` lines of a report.
fn heads(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(": error: ") || l.contains(": warning: ")).collect()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn the_tenant_round_trips_byte_for_byte_through_import_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("tenant.toml");
    let (code, stdout, stderr) = run(&["import", TENANT, "-o", scenario.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty(), "the scenario goes to -o, not stdout");
    assert!(stderr.ends_with("2 errors and 7 warnings in all, the import's above (`callsim validate tests/fixtures/platform/tenant.json` lists them all)\n"), "{stderr}");

    // The planted problems make the configuration invalid, so export refuses it by default...
    let (code, stdout, stderr) = run(&["export", scenario.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert!(stderr.contains("not exported: the platform would refuse a configuration with errors"), "{stderr}");

    // ...and --allow-invalid gives back the very document imported: same objects, same order,
    // same ids (the deleted queue's 199 included), same spelling.
    let (code, exported, stderr) = run(&["export", "--allow-invalid", scenario.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let original = std::fs::read_to_string(TENANT).unwrap();
    let parse = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap();
    for list in ["skills", "calledRoutes", "agents", "ivrs"] {
        assert_eq!(parse(&exported)[list], parse(&original)[list], "{list} differ");
    }
    assert_eq!(parse(&original)["agents"].as_array().unwrap().len(), 300);
    assert_eq!(exported, original, "byte-identical JSON");
}

#[test]
fn importing_the_tenant_then_validating_reports_the_planted_problems() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("tenant.toml");
    let (code, _, stderr) = run(&["import", TENANT, "-o", scenario.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let output = callsim(&["validate", scenario.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    let found: Vec<&str> = heads(&stderr).into_iter().map(|l| l.split_once(".toml:").unwrap().1).collect();
    assert_eq!(
        found,
        [
            // maxAnswerWaitTime of 101..103 without ring times: true, and not planted.
            "17:13: warning: no_answer has no effect: no agent serving skill queue \"sales\" has a ring_time, so calls are answered at once",
            "31:13: warning: no_answer has no effect: no agent serving skill queue \"billing\" has a ring_time, so calls are answered at once",
            "45:13: warning: no_answer has no effect: no agent serving skill queue \"tech-support\" has a ring_time, so calls are answered at once",
            // Planted: the unstaffed queue.
            "66:8: warning: no agent serves skill queue \"claims\": every call will get its no-agents policy (release)",
            // Planted: the transfer loop.
            "124:11: warning: transfers can bounce a call forever: queue:tier2-support -> queue:escalations -> queue:tier2-support",
            // Planted: a multimedia queue whose timeout goes to an IVR.
            "216:11: error: multimedia skill queue \"wechat-service\" cannot transfer to IVR \"voicemail\"; multimedia calls can only be transferred to a skill queue",
            // Planted: a route to a deleted queue.
            "314:10: error: skill queue \"skillId-199\" does not exist",
            // No traffic was given: the commented template is there to fill in.
            " warning: the scenario has no [[traffic]]: no call will arrive",
        ]
    );
    let text = std::fs::read_to_string(&scenario).unwrap();
    assert!(text.contains("# [[traffic]]\n# dialed = \"40001\"\n"), "a commented traffic template per dialed number");
}

#[test]
fn validate_on_the_json_names_the_json_path_the_line_and_the_platform_id() {
    let (code, stdout, stderr) = run(&["validate", TENANT]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    let errors: Vec<&str> = heads(&stderr).into_iter().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        errors,
        [
            "tests/fixtures/platform/tenant.json:363:20: error: $.skills[15].skillParam.timeOut.value (skillId 116 \"wechat-service\"): multimedia skill queue \"wechat-service\" cannot transfer to IVR \"voicemail\"; multimedia calls can only be transferred to a skill queue",
            "tests/fixtures/platform/tenant.json:497:19: error: $.calledRoutes[5].deviceId (called route 4100 extension 2): skill queue \"skillId-199\" does not exist",
        ]
    );
    for planted in [
        "tenant.json:106:15: warning: $.skills[4].name (skillId 105 \"claims\"): no agent serves skill queue \"claims\"",
        "tenant.json:206:20: warning: $.skills[8].skillParam.timeOut.value (skillId 109 \"tier2-support\"): transfers can bounce a call forever",
    ] {
        assert!(stderr.contains(planted), "{planted}\nnot in\n{stderr}");
    }
    // The snippet shows the JSON line with a caret under the value.
    assert!(stderr.contains("497 |       \"deviceId\": 199\n    |                   ^^^\n"), "{stderr}");
    assert!(stderr.ends_with("tests/fixtures/platform/tenant.json: 2 errors found, 7 warnings\n"), "{stderr}");
}

#[test]
fn the_example_hotline_validates_imports_and_runs_with_its_traffic() {
    let (code, _, stderr) =
        run(&["validate", "scenarios/platform/hotline.json", "--traffic", "scenarios/platform/hotline-traffic.toml"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.ends_with("scenarios/platform/hotline.json: valid, 1 warning\n"), "{stderr}");

    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("hotline.toml");
    let scenario = scenario.to_str().unwrap();
    let (code, _, stderr) = run(&[
        "import",
        "scenarios/platform/hotline.json",
        "--traffic",
        "scenarios/platform/hotline-traffic.toml",
        "-o",
        scenario,
    ]);
    assert_eq!(code, 0, "{stderr}");
    let (code, json, stderr) = run(&["run", scenario, "--replications", "2", "--horizon", "1h", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let queues: Vec<&str> =
        report["skill_queues"].as_array().unwrap().iter().map(|q| q["queue"].as_str().unwrap()).collect();
    assert!(queues.starts_with(&["A", "B"]), "{queues:?}");
}

#[test]
fn traffic_problems_are_located_in_the_traffic_file() {
    let dir = tempfile::tempdir().unwrap();
    let traffic = write(
        dir.path(),
        "traffic.toml",
        "[simulation]\nhorizon = \"1h\"\n\n[[traffic]]\ndialed = \"99999\"\nrate = \"10/h\"\ntalk_time = { dist = \"exponential\", mean = \"3m\" }\n",
    );
    let (code, _, stderr) = run(&["validate", "scenarios/platform/hotline.json", "--traffic", &traffic]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("traffic.toml:5:10: error: no called route resolves dialed number 99999"), "{stderr}");

    // The configuration comes from the JSON, not from the traffic file.
    let traffic = write(dir.path(), "queues.toml", "[[skill_queue]]\nname = \"C\"\n");
    let (code, _, stderr) = run(&["import", "scenarios/platform/hotline.json", "--traffic", &traffic]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("queues.toml:1:1: error: a traffic file holds [simulation] and [[traffic]] only: the [[skill_queue]] tables come from scenarios/platform/hotline.json"),
        "{stderr}"
    );
    assert!(stderr.ends_with("nothing written\n"), "{stderr}");
}

/// The smallest document with a queue, a route and an agent, in a given spelling.
fn one_queue(route: &str, skill_extra: &str) -> String {
    format!(
        r#"{{"skills": [{{"skillId": 7, "name": "A", "description": "d"{skill_extra}}}],
  "calledRoutes": [{route}],
  "agents": [{{"agentId": "a1", "agentType": "voice", "role": "common", "skills": [{{"skillId": "7"}}]}}]}}"#
    )
}

#[test]
fn both_spellings_of_the_platform_import_to_the_same_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let canonical = write(
        dir.path(),
        "a.json",
        &one_queue(
            r#"{"accessCode": "12345", "extCode": "", "mediaTypeId": 5, "devicetype": 1, "deviceId": 7}"#,
            r#", "mediaTypeId": 5"#,
        ),
    );
    let other = write(
        dir.path(),
        "b.json",
        &one_queue(
            r#"{"accessCode": 12345, "extCode": null, "mediatypeId": "5", "deviceType": "1", "deviceId": "7"}"#,
            r#", "mediatypeId": "5""#,
        ),
    );
    let absent =
        write(dir.path(), "c.json", &one_queue(r#"{"accessCode": "12345", "devicetype": 1, "deviceId": 7}"#, ""));
    let scenario = |path: &str| {
        let (code, toml, stderr) = run(&["import", path]);
        assert_eq!(code, 0, "{stderr}");
        toml.lines().filter(|l| !l.starts_with('#')).collect::<Vec<_>>().join("\n")
    };
    let expected = scenario(&canonical);
    assert!(expected.contains("access_code = \"12345\"\ntype = \"voice\"\ndevice = \"queue:A\""), "{expected}");
    assert!(expected.contains("ids = [\n  \"a1\",\n]"), "{expected}");
    assert_eq!(scenario(&other), expected);
    assert_eq!(scenario(&absent), expected);
}

#[test]
fn unmapped_codes_are_errors_at_their_json_path_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let document = r#"{
  "skills": [
    {"skillId": 1, "name": "A", "mediaTypeId": 7,
     "skillParam": {"busy": {"transferType": "Forward"}, "timeOut": {"transferType": "Transfer", "deviceType": "2", "value": "1"}}},
    {"skillId": 1, "name": "B", "subMediaType": "FAX", "maxWaitTime": -5}
  ],
  "calledRoutes": [{"accessCode": "1", "devicetype": 1, "deviceId": "x"}],
  "agents": [{"agentId": 9, "agentType": 5, "role": 9, "skills": [{"skillId": 1, "skillWeight": "heavy"}]}]
}
"#;
    let path = write(dir.path(), "bad.json", document);
    let output = dir.path().join("out.toml");
    let (code, stdout, stderr) = run(&["import", &path, "-o", output.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.is_empty() && !output.exists(), "nothing written");
    let found: Vec<&str> = heads(&stderr).into_iter().map(|l| l.split_once("bad.json:").unwrap().1).collect();
    assert_eq!(
        found,
        [
            "3:48: error: $.skills[0].mediaTypeId: unknown media type 7: the platform's codes are 5 voice, 19 video, 53 multimedia, 2 voice click-to-dial, 18 video click-to-dial",
            "4:46: error: $.skills[0].skillParam.busy.transferType: unknown transferType \"Forward\": the platform's are \"Release\" and \"Transfer\"",
            "4:112: error: $.skills[0].skillParam.timeOut.deviceType: unknown device type \"2\": the platform's codes are 1 skill queue, 3 IVR",
            "5:17: error: $.skills[1].skillId: skillId 1 is already defined by $.skills[0]",
            "5:49: error: $.skills[1].subMediaType: unknown multimedia subtype \"FAX\": the platform's are WECHAT, EMAIL, WHATSAPP and WEB",
            "5:71: error: $.skills[1].maxWaitTime: maxWaitTime must be a whole number ≥ 0, not -5",
            "7:69: error: $.calledRoutes[0].deviceId: a skill queue's id must be a whole number ≥ 0, not \"x\"",
            "8:42: error: $.agents[0].agentType: unknown agent type 5: the platform's codes are 4 voice, 11 video, 13 multimedia, 99 versatile",
            "8:53: error: $.agents[0].role: unknown platform role 9: callsim reads 1 common agent, 2 quality checker, 3 callout agent",
            "8:97: error: $.agents[0].skills[0].skillWeight: skillWeight must be a whole number ≥ 0, not \"heavy\"",
        ]
    );
    // validate stops at the same errors, before the scenario checks.
    let (code, _, stderr) = run(&["validate", &path]);
    assert_eq!(code, 1);
    assert_eq!(heads(&stderr).len(), 10, "{stderr}");
    let tail = format!(
        "{path}: not importable yet; fix these errors to run the other checks\n{path}: 10 errors found, 0 warnings\n"
    );
    assert!(stderr.ends_with(&tail), "{stderr}");
}

#[test]
fn malformed_json_and_wrong_types_name_the_line_and_the_json_path() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        // Not JSON: unusable input, exit 2.
        ("{\"skills\": [\n  {\"skillId\": 1,,}\n]}", 2, "2:17: error: not JSON: key must be a string"),
        ("{\"skills\": [", 2, "1:12: error: not JSON: EOF while parsing a list"),
        // Columns count characters, not bytes: "é" is two bytes.
        ("{\"skills\": [{\"name\": \"é\" ]}", 2, "1:26: error: not JSON: expected `,` or `}`"),
        ("", 2, "1:0: error: not JSON: EOF while parsing a value"),
        // JSON, but a wrong type: an invalid configuration, exit 1, at its path.
        (
            "{\"skills\": [{\"skillId\": 1, \"name\": \"A\"}, {\"skillId\": 2, \"name\": 5}]}",
            1,
            "1:65: error: $.skills[1].name: invalid type: integer `5`, expected a string",
        ),
        (
            "{\"agents\": [{\"agentId\": 1, \"skills\": {\"skillId\": 1}}]}",
            1,
            "1:38: error: $.agents[0].skills: invalid type: map, expected a sequence",
        ),
        (
            "{\"skills\": [{\"skillId\": 1.5, \"name\": \"A\"}]}",
            1,
            "1:25: error: $.skills[0].skillId: invalid type: floating point `1.5`, expected an integer or a string",
        ),
        (
            "{\"calledRoutes\": [{\"accessCode\": \"1\", \"deviceId\": 1}]}",
            1,
            "1:19: error: $.calledRoutes[0]: missing field `devicetype`",
        ),
        (
            "[1, 2]",
            1,
            "1:1: error: $: a configuration document is an object: { \"skills\": [...], \"calledRoutes\": [...], \"agents\": [...], \"ivrs\": [...] }",
        ),
    ];
    for (text, expected_code, expected) in cases {
        let path = write(dir.path(), "case.json", text);
        let (code, _, stderr) = run(&["validate", &path]);
        assert_eq!(code, expected_code, "{text}: {stderr}");
        assert_eq!(stderr.trim_end().split_once("case.json:").unwrap().1, expected, "{text}");
    }
    let (code, _, stderr) = run(&["validate", "tests/fixtures/platform/no-such-file.json"]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("tests/fixtures/platform/no-such-file.json: error: cannot read the configuration"),
        "{stderr}"
    );
}

#[test]
fn keys_callsim_has_no_use_for_are_listed_once_each_and_weights_that_differ_are_reconciled() {
    let dir = tempfile::tempdir().unwrap();
    let document = r#"{"tenantId": "t1",
  "skills": [{"skillId": 1, "name": "A", "createTime": 1}, {"skillId": 2, "name": "B", "createTime": 2}],
  "calledRoutes": [{"accessCode": "1", "devicetype": 1, "deviceId": 1}, {"accessCode": "2", "devicetype": 1, "deviceId": 2}],
  "agents": [{"agentId": 1, "skills": [{"skillId": 1, "agentWeight": 3}, {"skillId": 2, "agentWeight": 1}]}]}"#;
    let path = write(dir.path(), "extra.json", document);
    let (code, toml, stderr) = run(&["import", &path]);
    assert_eq!(code, 0, "{stderr}");
    let found: Vec<&str> = heads(&stderr).into_iter().map(|l| l.split_once("extra.json:").unwrap().1).collect();
    assert_eq!(
        found,
        [
            "1:14: warning: $.tenantId: callsim has no use for this key; it is ignored",
            "2:56: warning: $.skills[0].createTime: callsim has no use for this key; it is ignored (and in 1 more places)",
            "4:104: warning: $.agents[0].skills[1].agentWeight: agentWeight 1 differs from this agent's 3 at another skill queue; callsim gives an agent one weight at all its queues and takes the highest, 3",
        ]
    );
    assert!(toml.contains("agent_weight = 3\n"), "{toml}");
}

#[test]
fn a_hand_written_scenario_exports_with_new_ids_and_imports_back_to_the_same_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let (code, first, stderr) = run(&["export", "scenarios/multi-skill.toml"]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&first).unwrap();
    // Queues get skillIds from 101 in order, IVRs flowIds from 1; count groups numbered agents.
    assert_eq!(json["skills"][0]["skillId"], 101);
    assert_eq!(
        json["skills"][0]["skillParam"]["timeOut"],
        serde_json::json!({"transferType": "Transfer", "deviceType": "1", "value": "103"})
    );
    assert_eq!(
        json["skills"][1]["skillParam"]["busy"],
        serde_json::json!({"transferType": "Transfer", "deviceType": "3", "value": "2"})
    );
    assert_eq!(
        json["calledRoutes"][0],
        serde_json::json!({"accessCode": "4000", "extCode": "", "mediaTypeId": 5, "devicetype": 3, "deviceId": 1})
    );
    assert_eq!(json["agents"].as_array().unwrap().len(), 20 + 20 + 4 + 2);
    assert_eq!(json["agents"][0]["agentId"], 1001);
    assert_eq!(json["agents"][40]["agentId"], "u-001", "ids kept as written");
    assert_eq!(json["agents"][44]["role"], 2, "quality checkers");
    // Importing the export, then exporting again, changes nothing: the ids are kept now.
    let exported = write(dir.path(), "multi.json", &first);
    let scenario = dir.path().join("multi.toml");
    let (code, _, stderr) = run(&["import", &exported, "-o", scenario.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let (code, second, stderr) = run(&["export", scenario.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(second, first);
}

#[test]
fn export_refuses_what_the_platform_cannot_hold() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("scenarios/hotline.toml")
        .unwrap()
        .replace("max_wait = \"60s\"", "max_wait = \"60.5s\"");
    let path = write(dir.path(), "half.toml", &text);
    let out = dir.path().join("out.json");
    let (code, _, stderr) = run(&["export", &path, "-o", out.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(!out.exists());
    assert!(
        stderr.contains(
            "half.toml:17:12: error: 60.5s is not a whole number of seconds, and the platform takes whole seconds"
        ),
        "{stderr}"
    );
}

#[test]
fn regressions_found_in_review_read_back_and_keep_ids() {
    let dir = tempfile::tempdir().unwrap();
    // A referenced skill without a name: the reference keeps its id, validation names the skill.
    let empty = write(
        dir.path(),
        "empty.json",
        r#"{"skills": [{"skillId": 1, "name": ""}], "calledRoutes": [{"accessCode": "1", "devicetype": 1, "deviceId": 1}]}"#,
    );
    let (code, _, stderr) = run(&["validate", &empty]);
    assert_eq!(code, 1, "{stderr}");
    assert!(!stderr.contains("internal error"), "{stderr}");
    assert!(stderr.contains("$.skills[0].name (skillId 1 \"\"): a skill queue name cannot be empty"), "{stderr}");
    assert!(stderr.contains("skill queue \"skillId-1\" does not exist"), "{stderr}");

    // A skill weight out of range is placed at the skillWeight, not at the skillId beside it.
    let weight = write(
        dir.path(),
        "weight.json",
        r#"{"skills": [{"skillId": 1, "name": "A"}], "calledRoutes": [{"accessCode": "1", "devicetype": 1, "deviceId": 1}],
  "agents": [{"agentId": 1, "skills": [{"skillId": 1, "skillWeight": 0}]}]}"#,
    );
    let (code, _, stderr) = run(&["validate", &weight]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("weight.json:2:70: error: $.agents[0].skills[0].skillWeight (agentId 1): a skill weight must be at least 1 (got 0)"),
        "{stderr}"
    );

    // A traffic file may start with a byte-order mark, and may not set configuration keys inline.
    let bom = write(dir.path(), "bom.toml", "\u{feff}[simulation]\nhorizon = \"1h\"\n");
    let (code, _, stderr) = run(&["validate", "scenarios/platform/hotline.json", "--traffic", &bom]);
    assert_eq!(code, 0, "{stderr}");
    let inline = write(dir.path(), "inline.toml", "skill_queue = []\n");
    let (code, _, stderr) = run(&["validate", "scenarios/platform/hotline.json", "--traffic", &inline]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("inline.toml:1:15: error: a traffic file holds [simulation] and [[traffic]] only"),
        "{stderr}"
    );

    // Export: an id given twice is refused, and "0012" stays text.
    let text = std::fs::read_to_string("scenarios/hotline.toml").unwrap();
    let twice = text
        .replace("name = \"A\"\n", "platform_id = 5\nname = \"A\"\n")
        .replace("name = \"B\"\n", "platform_id = 5\nname = \"B\"\n");
    let (code, _, stderr) = run(&["export", &write(dir.path(), "twice.toml", &twice)]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error: platform_id 5 is also skill_queue[0]'s; the platform needs one id per object"),
        "{stderr}"
    );
    let zeros = text.replace("count = 6\n", "ids = [\"0012\", \"13\"]\n");
    let (code, json, stderr) = run(&["export", &write(dir.path(), "zeros.toml", &zeros)]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["agents"][12]["agentId"], "0012");
    assert_eq!(json["agents"][13]["agentId"], 13);
    assert_eq!(json["agents"][0]["agentId"], 1001, "count agents numbered from 1001, above the numeric ids in use");
}
