//! Output: projections over the event stream and how they leave the process. Reports (folds over
//! the events, merged over replications), the event log (the stream itself on disk, and read
//! back), and the exporters that render a report as text, JSON, CSV or HTML, and the one
//! way a figure is written for people (`figure`).

pub mod atomic;
pub mod eventlog;
pub mod export;
pub mod figure;
pub mod report;
pub mod snapshot;
