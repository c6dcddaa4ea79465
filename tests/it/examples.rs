//! Every example scenario a planner can copy is valid, without a single warning.

use super::support::callsim;

#[test]
fn every_example_scenario_is_valid_without_warnings() {
    let mut checked = 0;
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let relative = format!("scenarios/{}", path.file_name().unwrap().to_str().unwrap());
        let output = callsim(&["validate", &relative]);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr, format!("{relative}: valid, 0 warnings\n"), "{relative}");
        assert_eq!(output.status.code(), Some(0), "{relative}");
        checked += 1;
    }
    assert!(checked >= 3, "the hotline, multi-skill and full-day examples exist");
}
