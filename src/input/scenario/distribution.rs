//! Probability distributions of durations (talk time, patience, IVR time), as a scenario writes
//! them: a table tagged by `dist`, with parameters a planner knows (means and coefficients of
//! variation rather than shape and scale).
//!
//! ```toml
//! talk_time = { dist = "exponential", mean = "180s" }
//! talk_time = { dist = "lognormal", mean = "3m", cv = 0.8 }
//! patience  = { dist = "empirical", file = "patience.csv" }
//! ```

use std::path::Path;

use serde::Deserialize;

use super::units::Duration;

/// A distribution of durations.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "dist", rename_all = "lowercase", deny_unknown_fields)]
pub enum Distribution {
    /// Exponential with the given mean (memoryless: the Erlang formulas' assumption).
    Exponential { mean: Duration },
    /// Always the same value.
    Deterministic { value: Duration },
    /// Uniform between `min` and `max`.
    Uniform { min: Duration, max: Duration },
    /// Lognormal with the given mean and coefficient of variation (standard deviation / mean).
    Lognormal { mean: Duration, cv: f64 },
    /// Gamma with the given mean and coefficient of variation; shape = 1 / cv².
    Gamma { mean: Duration, cv: f64 },
    /// Erlang-k: the sum of `k` exponential phases, with the given overall mean.
    Erlang { mean: Duration, k: i64 },
    /// Drawn uniformly from a list of observed values, given inline or as a one-column CSV file
    /// next to the scenario (one value per row, in seconds or with a unit; an optional header).
    Empirical {
        #[serde(default)]
        values: Option<Vec<Duration>>,
        #[serde(default)]
        file: Option<String>,
    },
}

/// One parameter problem: the parameter's key and what is wrong with it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterProblem {
    /// The key inside the distribution's table, e.g. `"cv"`.
    pub key: &'static str,
    /// What is wrong, in the planner's words.
    pub message: String,
}

impl Distribution {
    /// Parameters that describe no distribution: a zero mean, a non-positive cv, min above max,
    /// k below 1, an empty or doubly-given empirical list. File contents are checked by validation,
    /// which knows where the scenario lives.
    pub fn parameter_problems(&self) -> Vec<ParameterProblem> {
        let mut problems = Vec::new();
        let mut problem = |key, message: String| problems.push(ParameterProblem { key, message });
        let positive_mean = |mean: &Duration| mean.secs() > 0.0;
        match self {
            Distribution::Exponential { mean }
            | Distribution::Gamma { mean, .. }
            | Distribution::Lognormal { mean, .. }
            | Distribution::Erlang { mean, .. }
                if !positive_mean(mean) =>
            {
                problem("mean", format!("the mean must be greater than 0 (got {mean})"));
            }
            _ => {}
        }
        match self {
            Distribution::Lognormal { cv, .. } | Distribution::Gamma { cv, .. } if !(cv.is_finite() && *cv > 0.0) => {
                problem(
                    "cv",
                    format!(
                        "the coefficient of variation must be a finite number greater than 0 (got {cv}); for a constant use dist = \"deterministic\""
                    ),
                );
            }
            Distribution::Uniform { min, max } if min > max => {
                problem("min", format!("min ({min}) is greater than max ({max})"));
            }
            Distribution::Erlang { k, .. } if !(1..=1_000).contains(k) => {
                problem("k", format!("the number of phases k must be between 1 and 1000 (got {k})"));
            }
            Distribution::Empirical { values, file } => match (values, file) {
                (Some(_), Some(_)) => problem("file", "give either values or file, not both".into()),
                (None, None) => {
                    problem("values", "an empirical distribution needs values = [...] or file = \"...\"".into())
                }
                (Some(values), None) if values.is_empty() => problem("values", "the list of values is empty".into()),
                _ => {}
            },
            _ => {}
        }
        problems
    }
}

/// Why an empirical CSV file could not be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EmpiricalError {
    /// The file cannot be read, or holds no value.
    #[error("{0}")]
    Unreadable(String),
    /// A row is not a duration.
    #[error("{file}:{line}: {message}")]
    Row { file: String, line: u64, message: String },
}

/// Reads a one-column CSV file of durations (seconds, or with a unit such as `"90s"`). Lines
/// starting with `#` are comments. The first row is a header when it does not start with a digit
/// (so a mistyped first value is still reported, not swallowed as a header).
pub fn read_empirical(path: &Path) -> Result<Vec<Duration>, EmpiricalError> {
    let shown = path.display().to_string();
    let unreadable =
        |e: &dyn std::fmt::Display| EmpiricalError::Unreadable(format!("cannot read empirical file {shown}: {e}"));
    let text = std::fs::read_to_string(path).map_err(|e| unreadable(&e))?;
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).comment(Some(b'#')).flexible(true).from_reader(text.as_bytes());
    let mut values = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|e| unreadable(&e))?;
        let field = record.get(0).unwrap_or("").trim();
        if row == 0 && !field.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
            continue; // a header
        }
        let parsed = match field.parse::<f64>() {
            Ok(secs) => Duration::from_number(secs),
            Err(_) => Duration::parse(field),
        };
        match parsed {
            Ok(value) => values.push(value),
            Err(message) => {
                // The record's position is where the reader resumed, before any blank or comment
                // lines it skipped: step over those to the row itself.
                let mut offset = record.position().map_or(0, |p| p.byte() as usize).min(text.len());
                while let Some(rest) = text.get(offset..) {
                    let end = rest.find('\n').map_or(rest.len(), |p| p + 1);
                    let row = rest[..end].trim();
                    if end == 0 || !(row.is_empty() || row.starts_with('#')) {
                        break;
                    }
                    offset += end;
                }
                let line = text.as_bytes()[..offset].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
                return Err(EmpiricalError::Row { file: shown, line, message: message.to_string() });
            }
        }
    }
    if values.is_empty() {
        return Err(EmpiricalError::Unreadable(format!("empirical file {shown} holds no values")));
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(toml_text: &str) -> Vec<String> {
        #[derive(Deserialize)]
        struct Holder {
            d: Distribution,
        }
        let holder: Holder = toml::from_str(toml_text).unwrap();
        holder.d.parameter_problems().into_iter().map(|p| format!("{}: {}", p.key, p.message)).collect()
    }

    #[test]
    fn sound_parameters_have_no_problems() {
        for text in [
            r#"d = { dist = "exponential", mean = "180s" }"#,
            r#"d = { dist = "deterministic", value = 0 }"#,
            r#"d = { dist = "uniform", min = 10, max = 10 }"#,
            r#"d = { dist = "lognormal", mean = "3m", cv = 0.8 }"#,
            r#"d = { dist = "gamma", mean = "3m", cv = 2.0 }"#,
            r#"d = { dist = "erlang", mean = "3m", k = 3 }"#,
            r#"d = { dist = "empirical", values = [1, "2s", 3.5] }"#,
            r#"d = { dist = "empirical", file = "talk.csv" }"#,
        ] {
            assert_eq!(problems(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn impossible_parameters_are_named() {
        assert_eq!(
            problems(r#"d = { dist = "exponential", mean = 0 }"#),
            ["mean: the mean must be greater than 0 (got 0s)"]
        );
        assert_eq!(
            problems(r#"d = { dist = "uniform", min = 30, max = 10 }"#),
            ["min: min (30s) is greater than max (10s)"]
        );
        assert_eq!(
            problems(r#"d = { dist = "erlang", mean = 5, k = 0 }"#),
            ["k: the number of phases k must be between 1 and 1000 (got 0)"]
        );
        assert!(problems(r#"d = { dist = "gamma", mean = 5, cv = nan }"#)[0].starts_with("cv: "));
        assert!(problems(r#"d = { dist = "lognormal", mean = 5, cv = 0.0 }"#)[0].contains("deterministic"));
        assert_eq!(problems(r#"d = { dist = "empirical", values = [] }"#), ["values: the list of values is empty"]);
        assert_eq!(problems(r#"d = { dist = "empirical" }"#).len(), 1);
    }

    #[test]
    fn empirical_files_with_header_comments_and_units() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("talk.csv");
        std::fs::write(&path, "talk_seconds\n# observed on Monday\n120\n\"3m\"\n45.5\n").unwrap();
        let secs: Vec<f64> = read_empirical(&path).unwrap().into_iter().map(Duration::secs).collect();
        assert_eq!(secs, [120.0, 180.0, 45.5]);
        std::fs::write(&path, "120\n\n\nlong\n").unwrap();
        match read_empirical(&path) {
            Err(EmpiricalError::Row { line: 4, message, .. }) => assert!(message.contains("\"long\""), "{message}"),
            other => panic!("expected a row error on line 4 (blank lines count), got {other:?}"),
        }
        std::fs::write(&path, "10 # note\n20\n").unwrap();
        assert!(
            matches!(read_empirical(&path), Err(EmpiricalError::Row { line: 1, .. })),
            "a mistyped first value is an error, not a header"
        );
        std::fs::write(&path, "header only\n").unwrap();
        assert!(matches!(read_empirical(&path), Err(EmpiricalError::Unreadable(m)) if m.contains("holds no values")));
        assert!(matches!(read_empirical(&dir.path().join("missing.csv")), Err(EmpiricalError::Unreadable(_))));
    }
}
