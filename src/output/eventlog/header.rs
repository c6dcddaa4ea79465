//! The first and last lines of a log.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::input::diagnostic::Severity;
use crate::input::scenario::{self, Duration, LoadError, SourceFile, ValueError};
use crate::input::snapshot::{self, Snapshot};
use crate::input::validate;
use crate::sim::model::{self, CompileError, Model};

/// The version of the log format. Readers refuse other versions rather than misread them.
pub const FORMAT_VERSION: u32 = 2;

/// Why a log's header cannot be read, or its scenario not rebuilt.
#[derive(Debug, thiserror::Error)]
pub enum HeaderError {
    #[error("line 1 is not a callsim event log header")]
    NotAHeader,
    #[error("the log is in format version {0}; this callsim reads version {FORMAT_VERSION}")]
    Version(u64),
    #[error("the header is not valid: {0}")]
    Invalid(serde_json::Error),
    #[error("the scenario in the log does not load: {0}")]
    Load(LoadError),
    #[error("the header's horizon_s: {0}")]
    Horizon(ValueError),
    #[error("the scenario in the log is not valid: {0}")]
    NotValid(String),
    #[error("the scenario in the log does not compile: {0}")]
    Compile(CompileError),
    #[error("the warm start in the log does not match its scenario: {0}")]
    WarmStart(String),
}

/// What a log says about the run that wrote it: enough to rebuild the model the events refer to,
/// and the run information the reports print.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// [`FORMAT_VERSION`]. First, so that a reader knows the file at once.
    pub callsim_events: u32,
    /// The version of callsim that wrote the log.
    pub callsim: String,
    /// The scenario's path as given to `callsim run`.
    pub scenario: String,
    /// The scenario's directory, absolute: where files it refers to are found.
    pub directory: String,
    /// The seed, after any `--seed`.
    pub seed: u64,
    /// The horizon in seconds, after any `--horizon`.
    pub horizon_s: f64,
    /// The call records that gave the arrivals, after any `--records`; `null` for the traffic's
    /// arrival process.
    pub records: Option<String>,
    /// The scenario file's text.
    pub source: String,
    /// The snapshot a warm start began from (`run --from`); absent for a run from empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warm_start: Option<Snapshot>,
}

impl Header {
    /// The header for a run of the scenario `source` with these overrides applied.
    pub fn new(source: &SourceFile, seed: u64, horizon_s: f64, records: Option<String>) -> Header {
        // The scenario's own path made absolute, then its parent: a bare file name has "" as its
        // directory, which `absolute` refuses.
        let path = std::path::absolute(&source.path).unwrap_or_else(|_| source.path.clone());
        let directory = path.parent().map_or_else(|| source.directory().to_owned(), Path::to_path_buf);
        Header {
            callsim_events: FORMAT_VERSION,
            callsim: env!("CARGO_PKG_VERSION").to_owned(),
            scenario: source.path.display().to_string(),
            directory: directory.display().to_string(),
            seed,
            horizon_s,
            records,
            source: source.text.clone(),
            warm_start: None,
        }
    }

    /// The model the run compiled: the scenario's text with the overrides applied, validated
    /// again (a header may have been edited) except for its call records, which need not be at
    /// hand to read the log.
    pub fn model(&self) -> Result<Model, HeaderError> {
        let source = SourceFile { path: self.scenario.clone().into(), text: self.source.clone() };
        let mut loaded = scenario::parse(source).map_err(HeaderError::Load)?;
        loaded.scenario.simulation.seed = self.seed;
        loaded.scenario.simulation.horizon = Duration::from_number(self.horizon_s).map_err(HeaderError::Horizon)?;
        loaded.scenario.simulation.records.clone_from(&self.records);
        let directory = Path::new(&self.directory);
        let findings = validate::validate_configuration(&loaded.scenario, directory);
        if let Some(error) = findings.iter().find(|d| d.severity == Severity::Error) {
            return Err(HeaderError::NotValid(error.message.clone()));
        }
        let mut model = model::compile(&loaded.scenario, directory).map_err(HeaderError::Compile)?;
        if let Some(snapshot) = &self.warm_start {
            let warm = snapshot::compile(snapshot, &model).map_err(|misfits| {
                HeaderError::WarmStart(
                    misfits.iter().map(|(at, m)| format!("{at}: {m}")).collect::<Vec<_>>().join("; "),
                )
            })?;
            model.start_from(warm);
        }
        Ok(model)
    }
}

/// The last line of a complete log.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trailer {
    /// Replications in the log, numbered from 0.
    pub replications: u32,
    /// Event lines in the log.
    pub events: u64,
    /// Event lines of each replication: a replication may have none (no call, no agent event
    /// before its horizon), and a reader knows it ran from this.
    pub by_replication: Vec<u64>,
}

/// The trailer as it is written: `{"end":{…}}`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct End {
    pub end: Trailer,
}
