//! Bad input never panics: each kind gets a clear error naming the place, and a non-zero exit
//! (2 for a file that is unreadable or not TOML, 1 for TOML that is not a valid scenario).

use super::support::{validate_path, validate_text};

/// The first error line of stderr (or its first line), without the temporary directory's path.
fn first_line(stderr: &str) -> String {
    let line = stderr.lines().find(|l| l.contains(": error: ")).or_else(|| stderr.lines().next()).unwrap_or_default();
    match line.find("scenario.toml") {
        Some(at) => line[at..].to_owned(),
        None => line.to_owned(),
    }
}

const QUEUE: &str = "[[skill_queue]]\nname = \"A\"\n";

#[test]
fn an_empty_file_is_a_scenario_without_queues() {
    let (code, stderr) = validate_text("");
    assert_eq!(code, 1);
    assert_eq!(
        first_line(&stderr),
        "scenario.toml: error: the scenario defines no skill queue: add a [[skill_queue]] table"
    );
    assert!(stderr.contains("warning: the scenario has no [[traffic]]: no call will arrive"), "{stderr}");
}

#[test]
fn binary_junk_is_not_utf8_text() {
    let junk: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8 | 0x80).collect();
    let (code, stderr) = validate_text(junk);
    assert_eq!(code, 2);
    assert!(
        first_line(&stderr).starts_with("scenario.toml:1:1: error: the file is not UTF-8 text (invalid byte 0x"),
        "{stderr}"
    );
}

#[test]
fn a_non_utf8_byte_is_located_by_line_and_column() {
    let mut text = b"[[skill_queue]]\nname = \"caf".to_vec();
    text.extend_from_slice(&[0xe9, b'"', b'\n']); // Latin-1 é
    let (code, stderr) = validate_text(text);
    assert_eq!(code, 2);
    assert_eq!(
        first_line(&stderr),
        "scenario.toml:2:12: error: the file is not UTF-8 text (invalid byte 0xe9); save the scenario as UTF-8"
    );
}

#[test]
fn a_50_mb_file_is_refused_before_parsing() {
    let mut text = String::from(QUEUE);
    let filler = "# padding padding padding padding padding padding padding padding\n";
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(filler);
    }
    let (code, stderr) = validate_text(text);
    assert_eq!(code, 2);
    assert!(first_line(&stderr).starts_with("scenario.toml: error: the file is 52428"), "{stderr}");
}

#[test]
fn deeply_nested_tables_and_arrays_hit_the_parser_limit_not_the_stack() {
    let dotted = format!("[{}]\nx = 1\n", vec!["t"; 20_000].join("."));
    let inline = format!("x = {}1{}\n", "{ a = ".repeat(20_000), " }".repeat(20_000));
    let arrays = format!("x = {}1{}\n", "[".repeat(20_000), "]".repeat(20_000));
    for text in [dotted, inline, arrays] {
        let (code, stderr) = validate_text(&text);
        assert!(code == 1 || code == 2, "exit {code}: {stderr}");
        assert!(first_line(&stderr).starts_with("scenario.toml:1:"), "{stderr}");
    }
}

#[test]
fn syntax_errors_are_not_toml_with_their_position() {
    let (code, stderr) = validate_text("[[skill_queue]]\nname = \"A\nmax_wait = 3\n");
    assert_eq!(code, 2);
    assert!(first_line(&stderr).starts_with("scenario.toml:2:"), "{stderr}");
    assert!(first_line(&stderr).contains("error: not TOML: "), "{stderr}");
}

#[test]
fn negative_and_huge_numbers_are_range_or_type_errors() {
    let cases = [
        ("max_calls = -5", "6:13: error: max_calls must be between 1 and 10000 (got -5)"),
        ("max_calls = 1e10", "6:13: error: invalid type: floating point `10000000000.0`, expected an integer"),
        ("max_wait = 1e300", "6:12: error: a duration must be at most 100 years (got 1e300 s)"),
        ("max_wait = -1", "6:12: error: a duration cannot be negative (got -1)"),
    ];
    for (line, expected) in cases {
        let text = format!("[simulation]\nseed = 3\n\n{QUEUE}{line}\n");
        let (code, stderr) = validate_text(text);
        assert_eq!(code, 1, "{line}");
        assert_eq!(first_line(&stderr), format!("scenario.toml:{expected}"), "{line}");
    }
    let (code, stderr) = validate_text("[simulation]\nseed = 99999999999999999999999\n");
    assert_eq!(code, 1);
    assert_eq!(
        first_line(&stderr),
        "scenario.toml:2:8: error: invalid type: integer `99999999999999999999999`, expected a whole number ≥ 0"
    );
    let (code, stderr) = validate_text("[simulation]\nseed = -1\n");
    assert_eq!(code, 1);
    assert_eq!(
        first_line(&stderr),
        "scenario.toml:2:8: error: invalid value: integer `-1`, expected a whole number ≥ 0"
    );
}

#[test]
fn nan_is_rejected_wherever_a_number_is_expected() {
    let (code, stderr) = validate_text(format!("{QUEUE}max_wait = nan\n"));
    assert_eq!(code, 1);
    assert_eq!(first_line(&stderr), "scenario.toml:3:12: error: a duration must be a number, not NaN");
    let (code, stderr) = validate_text(format!("{QUEUE}talk_time = {{ dist = \"gamma\", mean = \"3m\", cv = nan }}\n"));
    assert_eq!(code, 1);
    assert!(
        first_line(&stderr).starts_with(
            "scenario.toml:3:49: error: the coefficient of variation must be a finite number greater than 0 (got NaN)"
        ),
        "{stderr}"
    );
}

#[test]
fn durations_in_bad_units_or_negative_name_the_field() {
    let (code, stderr) = validate_text(format!("{QUEUE}wrap_up = \"5 parsecs\"\n"));
    assert_eq!(code, 1);
    assert!(
        first_line(&stderr)
            .starts_with("scenario.toml:3:11: error: invalid duration \"5 parsecs\": unknown time unit \"parsecs\""),
        "{stderr}"
    );
    let (code, stderr) = validate_text(format!("{QUEUE}wrap_up = \"-5s\"\n"));
    assert_eq!(code, 1);
    assert_eq!(
        first_line(&stderr),
        "scenario.toml:3:11: error: invalid duration \"-5s\": a duration cannot be negative"
    );
}

#[test]
fn a_missing_file_or_a_directory_is_unusable_input() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stderr) = validate_path(&dir.path().join("nowhere.toml"));
    assert_eq!(code, 2);
    assert!(stderr.contains("nowhere.toml: error: cannot read the scenario: "), "{stderr}");
    let (code, stderr) = validate_path(dir.path());
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read the scenario"), "{stderr}");
}
