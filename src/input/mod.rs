//! Input: what the planner hands callsim, read and checked. The scenario file, the platform's own
//! configuration, real call records and forecasts, and the semantic checks with their
//! diagnostics. Nothing here runs a simulation.

mod csv_rows;
pub mod diagnostic;
pub mod forecast;
pub mod platform;
pub mod records;
pub mod scenario;
pub mod snapshot;
pub mod validate;
