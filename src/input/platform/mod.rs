//! The platform's own configuration: import a tenant's skill queues, called routes, agents and
//! IVR flows from the JSON its query APIs return, and export a scenario's configuration back.
//!
//! "Validating a configuration before go-live" means the tenant's actual configuration, not one
//! retyped by hand. So the flow is:
//!
//! ```text
//! tenant.json ──read──► Document (serde types of the platform's JSON)        read
//!                 │
//!              import ──► scenario TOML text + where each entry came from      import
//!                 │            (+ the traffic file's text, verbatim)
//!        scenario::parse ──► Scenario ──validate──► findings                    (the usual path)
//!                 │
//!              locate ──► each finding at its JSON path, line and platform id   locate
//!
//! scenario.toml ──export──► Document ──► the platform's JSON                    export
//! ```
//!
//! The importer writes TOML text rather than a [`crate::input::scenario::Scenario`] so that `callsim
//! validate tenant.json` and `callsim validate imported.toml` check exactly the same scenario.
//! The format and every mapping are in `docs/platform.md`.

pub mod document;
mod export;
mod import;
pub mod json_path;
mod locate;
mod read;

pub use document::Document;
pub use export::export;
pub use import::{Imported, import};
pub use json_path::JsonPath;
pub use locate::{Checked, check};
pub use read::{ReadDocument, ReadError, parse, read};

use crate::input::diagnostic::Severity;

/// Documents above this size are refused before parsing. JSON spends about 150 bytes an agent
/// where the imported scenario spends about 10, so a document of this size still imports into a
/// scenario under the 16 MiB scenario limit (which `check` enforces); 10 000 agents with a dozen
/// skills each stay under 20 MiB of JSON.
pub const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

/// A finding about a platform document, at a JSON path.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub severity: Severity,
    pub at: JsonPath,
    pub message: String,
}

impl Finding {
    pub fn error(at: JsonPath, message: impl Into<String>) -> Self {
        Finding { severity: Severity::Error, at, message: message.into() }
    }

    pub fn warning(at: JsonPath, message: impl Into<String>) -> Self {
        Finding { severity: Severity::Warning, at, message: message.into() }
    }
}
