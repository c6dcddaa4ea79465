//! callsim: a discrete-event simulator of contact-center call routing.
//!
//! A scenario describes what a tenant administrator configures on a cloud contact center — skill
//! queues, called routes (access code + extension code → skill queue or IVR), agents bound to
//! skill queues — plus the traffic it will face. callsim checks it, simulates it and reports what
//! callers and agents would live through. The crate is four layers, each a folder, each using
//! only the layers above it in this list:
//!
//! | layer | what it holds |
//! |---|---|
//! | [`input`] | the scenario file, the platform's configuration JSON, call records, forecasts; validation and its diagnostics |
//! | [`sim`] | simulated time, the compiled model, the engine, the one event schema, statistics, closed forms |
//! | [`output`] | projections over the events (reports), the event log on disk, the exporters (text, JSON, CSV, HTML) of every result, the one figure formatter, atomic files |
//! | [`app`] | the pipeline every command shares ([`app::prepare`]), the error type, the export manager, and the applications: run, replay, resimulate, trace, sweep, staffing, live |
//!
//! The binary (`src/main.rs`, `src/cli/`) turns flags into calls of [`app`] and prints the one
//! error a command may end with.
//!
//! ```text
//! scenario.toml ─load─► Scenario ─Overrides─► validate ─► findings (stderr)     input, app::prepare
//!  (or tenant.json ─import─►)        │ no error
//!                                 compile ─► Model (dense ids, routing, samplers)    sim::model
//!                                    │
//! call records / Poisson ─► engine ─► (SimTime, Event) stream                       sim::engine, sim::event
//!                                    │
//!              ┌─────────────────────┼───────────────────────┐
//!          Summary (fold)       event log (CSV/JSONL)    live monitor                output::report, output::eventlog, app::live
//!              │                     │ replay / trace / resimulate
//!  replications merged ─► Report ─► text / JSON / CSV / HTML ─► Outputs (checked, atomic)  output::export, app::outputs
//!                   sweep, staffing plan ─┘   (Exporter<T>; figures by output::figure)
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

/// `message_error! { /// doc \n Name }`: an error that is only what to tell the user, a
/// message made from a `String` or a `&str` (the caller knows where it happened).
macro_rules! message_error {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
        #[error("{0}")]
        pub struct $name(String);

        impl From<String> for $name {
            fn from(message: String) -> $name {
                $name(message)
            }
        }

        impl From<&str> for $name {
            fn from(message: &str) -> $name {
                $name(message.to_owned())
            }
        }
    };
}

pub mod app;
pub mod input;
pub mod output;
pub mod sim;
