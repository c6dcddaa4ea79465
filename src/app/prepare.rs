//! The pipeline every command starts with: load a scenario, apply the command line's overrides,
//! validate it, print the findings and a verdict, and compile the model the engine runs.
//!
//! ```text
//! path ──load──► Loaded ──Overrides::apply──► validate ──► findings + verdict (stderr)
//!                                                 │ no error
//!                                              compile ──► Prepared { loaded, model }
//! ```
//!
//! `run`, `serve`, `sweep`, `staff`, `validate` and `export` all go through here, so a scenario
//! is judged the same way whichever command reads it.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::{Error, Result, Status};
use crate::input::diagnostic::{self, Severity};
use crate::input::scenario::{self, Duration, Loaded, Scenario};
use crate::input::validate;
use crate::sim::model::{self, Model};

/// What the command line overrides in a scenario's `[simulation]` table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overrides {
    /// `--seed`: every random stream's seed.
    pub seed: Option<u64>,
    /// `--replications`.
    pub replications: Option<u32>,
    /// `--horizon`: when arrivals stop.
    pub horizon: Option<Duration>,
    /// `--records`: call records replayed instead of the traffic's arrivals, relative to where
    /// callsim runs (not to the scenario).
    pub records: Option<PathBuf>,
}

impl Overrides {
    /// Writes the overrides into `scenario`.
    pub fn apply(&self, scenario: &mut Scenario) {
        let simulation = &mut scenario.simulation;
        if let Some(seed) = self.seed {
            simulation.seed = seed;
        }
        if let Some(replications) = self.replications {
            simulation.replications = replications;
        }
        if let Some(horizon) = self.horizon {
            simulation.horizon = horizon;
        }
        if let Some(records) = &self.records {
            // The scenario resolves its files against its own directory: make this one absolute.
            let records = std::path::absolute(records).unwrap_or_else(|_| records.clone());
            simulation.records = Some(records.display().to_string());
        }
    }
}

/// A loaded scenario and the number of errors its validation found.
#[derive(Debug)]
pub struct Checked {
    pub loaded: Loaded,
    pub errors: usize,
}

/// A scenario without errors, and the model compiled from it.
#[derive(Debug)]
pub struct Prepared {
    pub loaded: Loaded,
    pub model: Model,
}

/// Loads `path`, applies `overrides`, validates, and writes the findings and a verdict to
/// `findings`. Fails only when the file is not a scenario at all; errors are counted.
pub fn check(path: &Path, overrides: &Overrides, findings: &mut dyn Write) -> Result<Checked> {
    let mut loaded = match scenario::load(path) {
        Ok(loaded) => loaded,
        Err(error) => {
            let _ = findings.write_all(diagnostic::render_load_error(&error).as_bytes());
            if error.is_unusable_input() {
                return Err(Error::reported(Status::Unusable));
            }
            let _ =
                writeln!(findings, "{}: not a scenario yet; fix this error to run the other checks", path.display());
            return Err(Error::reported(Status::Invalid));
        }
    };
    overrides.apply(&mut loaded.scenario);
    let found = validate::validate(&loaded.scenario, loaded.source.directory());
    let _ = findings.write_all(diagnostic::render(&loaded.source, &found).as_bytes());
    let errors = found.iter().filter(|d| d.severity == Severity::Error).count();
    let _ = writeln!(findings, "{}: {}", path.display(), verdict(errors, found.len() - errors));
    Ok(Checked { loaded, errors })
}

/// [`check`], failing (with the findings already written) when the scenario has an error.
pub fn validated(path: &Path, overrides: &Overrides, findings: &mut dyn Write) -> Result<Loaded> {
    match check(path, overrides, findings)? {
        Checked { loaded, errors: 0 } => Ok(loaded),
        Checked { .. } => Err(Error::reported(Status::Invalid)),
    }
}

/// [`validated`], then compiled into the model the engine runs.
pub fn prepare(path: &Path, overrides: &Overrides, findings: &mut dyn Write) -> Result<Prepared> {
    let loaded = validated(path, overrides, findings)?;
    let model = model::compile(&loaded.scenario, loaded.source.directory())
        .map_err(|e| Error::invalid(format!("{}: error: {e}", path.display())))?;
    Ok(Prepared { loaded, model })
}

/// The last line of a check: "valid, 2 warnings" or "3 errors found, 1 warning".
pub fn verdict(errors: usize, warnings: usize) -> String {
    let judged = if errors == 0 { "valid".to_owned() } else { format!("{} found", plural(errors, "error")) };
    format!("{judged}, {}", plural(warnings, "warning"))
}

/// "1 error", "2 errors".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_replace_only_what_was_given() {
        let text = "[simulation]\nseed = 1\nreplications = 3\n";
        let source = scenario::SourceFile { path: "t.toml".into(), text: text.into() };
        let mut loaded = scenario::parse(source).unwrap_or_else(|e| unreachable!("{e}"));
        let overrides = Overrides { seed: Some(9), ..Overrides::default() };
        overrides.apply(&mut loaded.scenario);
        assert_eq!((loaded.scenario.simulation.seed, loaded.scenario.simulation.replications), (9, 3));
    }

    #[test]
    fn a_verdict_counts_errors_and_warnings_in_words() {
        assert_eq!(verdict(0, 1), "valid, 1 warning");
        assert_eq!(verdict(2, 0), "2 errors found, 0 warnings");
    }
}
