//! The applications: what each command does, built from the layers below — run, replay,
//! resimulate and trace an event log, sweep, staffing search, live serving, and the referee grid
//! against closed forms.

pub mod error;
pub mod gate;
pub mod live;
pub mod outputs;
pub mod prepare;
pub mod referee;
pub mod replay;
pub mod resimulate;
pub mod run;
pub mod snapshot;
pub mod staffing;
pub mod sweep;
pub mod trace;
