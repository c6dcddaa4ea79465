//! Each file in `scenarios/invalid/` exhibits one diagnostic. Its `# expect:` lines hold the
//! exact findings `callsim validate` must print — `line:col: severity: message`, in order — and
//! the exit status follows: 1 when an error is expected, 0 for warnings only.

use super::support::callsim;

#[test]
fn each_invalid_scenario_prints_exactly_its_expected_diagnostics() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/invalid");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 45, "one file per diagnostic, found {}", files.len());
    let mut failures = Vec::new();
    for path in files {
        let relative = format!("scenarios/invalid/{}", path.file_name().unwrap().to_str().unwrap());
        let text = std::fs::read_to_string(&path).unwrap();
        let expected: Vec<String> = text
            .lines()
            .filter_map(|l| l.strip_prefix("# expect: "))
            .map(|e| if e.starts_with("scenarios/") { e.to_owned() } else { format!("{relative}:{e}") })
            .collect();
        assert!(!expected.is_empty(), "{relative} has no # expect: line");
        let output = callsim(&["validate", &relative]);
        let stderr = String::from_utf8(output.stderr).unwrap();
        let found: Vec<String> = stderr
            .lines()
            .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
            .map(str::to_owned)
            .collect();
        let expected_status = if expected.iter().any(|e| e.contains(": error: ")) { 1 } else { 0 };
        if found != expected || output.status.code() != Some(expected_status) {
            failures.push(format!(
                "{relative}: exit {:?} (expected {expected_status})\n  expected: {expected:#?}\n  found: {found:#?}",
                output.status.code()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_finding_shows_the_offending_line_with_a_caret_under_the_span() {
    let output = callsim(&["validate", "scenarios/invalid/queue-name-space.toml"]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    insta::assert_snapshot!(stderr, @r#"
    scenarios/invalid/queue-name-space.toml:8:8: error: skill queue name "Sales Team" contains a space; the platform forbids spaces in names
    8 | name = "Sales Team"
      |        ^^^^^^^^^^^^
    scenarios/invalid/queue-name-space.toml: 1 error found, 0 warnings
    "#);
}
