//! The simulation core: simulated time, the compiled model, the engine and the one event schema
//! it emits, with the statistics and closed forms the results are judged by. Reads only a
//! validated scenario ([`crate::input`]); knows nothing of files or formats.

pub mod agent_states;
pub mod analytic;
pub mod engine;
pub mod event;
pub mod id;
pub mod model;
pub mod stats;
pub mod time;
