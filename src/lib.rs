//! callsim: a discrete-event simulator of contact-center call routing.
//!
//! A scenario describes what a tenant administrator configures on a cloud contact center — skill
//! queues, called routes (access code + extension code → skill queue or IVR), agents bound to
//! skill queues — plus the traffic it will face. This crate reads and checks it:
//!
//! ```text
//! scenario.toml ──load──► Scenario (serde types, as written)      scenario::load
//!                   │
//!               validate ──► diagnostics (errors stop; warnings)   validate::validate
//!                   │
//!                render ──► file:line:col: error: message          diagnostic::render
//! ```
//!
//! ```
//! use callsim::input::scenario::{parse, SourceFile};
//!
//! let text = r#"
//! [[skill_queue]]
//! name = "A"
//! talk_time = { dist = "exponential", mean = "3m" }
//!
//! [[called_route]]
//! access_code = "12345"
//! extension = "1"
//! device = "queue:A"
//!
//! [[agent_group]]
//! name = "team-a"
//! count = 10
//! skills = ["A"]
//!
//! [[traffic]]
//! dialed = "123451"
//! rate = "120/h"
//! "#;
//! let loaded = parse(SourceFile { path: "hotline.toml".into(), text: text.into() }).unwrap();
//! let findings = callsim::input::validate::validate(&loaded.scenario, loaded.source.directory());
//! assert!(findings.is_empty());
//! assert_eq!(loaded.scenario.skill_queues[0].max_wait.secs(), 60.0); // the platform's default
//! ```

pub mod app;
pub mod input;
pub mod output;
pub mod sim;
