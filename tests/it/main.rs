//! callsim's integration tests: one binary, one module per behaviour a user relies on.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod agent_choice;
mod agents;

mod bad_input;
mod busyness;
mod callbacks;
mod cli;
mod command_snapshots;
mod consult;
mod erlang;
mod eventlog;
mod examples;
mod gate;
mod handling;
mod html;
mod invalid_scenarios;
mod invariants;
mod lines;
mod live;
mod next_call;
mod outputs;
mod platform;
mod platform_properties;
mod policies;
mod properties;
mod ratios;
mod records;
mod reports;
mod retrials;
mod safe_outputs;
mod sessions;
mod staff;
mod support;
mod sweep;
mod tiers;
mod timeline;
mod wallboard;
mod warm_start;
