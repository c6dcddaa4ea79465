//! The catalogue of report tables and their columns, in report order. Each column's definition
//! is in `docs/reports.md` under the same key; the values are computed in the same order by the
//! tallies (`visits.rs`, `agents.rs`, `ivrs.rs`, `vdn.rs`).
//!
//! The three visit tables come in two kinds each, the second with the columns only a pooled run
//! reports (`waited`, `wait_probability`); [`visit_kinds`] picks them. Same keys, so a tool that
//! looks a table or a column up by key finds it in either.

use std::sync::LazyLock;

use crate::input::scenario::Ratios;

use super::table::{Column, TableKind, TextRows, Unit};

const fn column(key: &'static str, heading: &'static str, unit: Unit, group: &'static str) -> Column {
    Column { key, heading, unit, group }
}

/// The thresholds of the "answered within N s" and "abandoned within N s" counters.
pub const WITHIN_SECS: [u64; 6] = [5, 10, 15, 20, 30, 60];

/// The wait percentiles reported per skill queue and per access code.
pub const PERCENTILES: [f64; 5] = [50.0, 80.0, 90.0, 95.0, 99.0];

/// Indicators of visits to skill queues, wherever they are tallied (per queue, per access code,
/// per interval): [`visits`] in this order, `VisitTally::values` yields them so.
const VOLUME: &[Column] = &[
    column("offered", "offered", Unit::Calls, "Volume"),
    column("transferred_in", "xfer in", Unit::Calls, "Volume"),
    column("requests", "requests", Unit::Calls, "Volume"),
    column("answered", "answered", Unit::Calls, "Volume"),
    column("connected", "connected", Unit::Calls, "Volume"),
    column("lost", "lost", Unit::Calls, "Volume"),
    column("abandoned", "abandoned", Unit::Calls, "Volume"),
    column("abandoned_ringing", "ab. ringing", Unit::Calls, "Volume"),
    column("timed_out", "timed out", Unit::Calls, "Volume"),
    column("busy", "busy", Unit::Calls, "Volume"),
    column("no_agents", "no agents", Unit::Calls, "Volume"),
    column("transferred_out", "xfer out", Unit::Calls, "Volume"),
];

const POLICIES: &[Column] = &[
    column("timeout_released", "timeout rel.", Unit::Calls, "Policies"),
    column("timeout_to_queue", "timeout to queue", Unit::Calls, "Policies"),
    column("timeout_to_ivr", "timeout to IVR", Unit::Calls, "Policies"),
    column("busy_released", "busy rel.", Unit::Calls, "Policies"),
    column("busy_to_queue", "busy to queue", Unit::Calls, "Policies"),
    column("busy_to_ivr", "busy to IVR", Unit::Calls, "Policies"),
    column("no_agents_released", "no ag. rel.", Unit::Calls, "Policies"),
    column("no_agents_to_queue", "no ag. to queue", Unit::Calls, "Policies"),
    column("no_agents_to_ivr", "no ag. to IVR", Unit::Calls, "Policies"),
];

const RATES: &[Column] = &[
    column("connection_rate", "connected %", Unit::Ratio, "Rates"),
    column("loss_rate", "lost %", Unit::Ratio, "Rates"),
    column("service_level", "SL", Unit::Ratio, "Rates"),
    column("abandon_rate", "aband. %", Unit::Ratio, "Rates"),
];

const WITHIN: &[Column] = &[
    column("answered_within_5s", "5 s", Unit::Calls, "Answered within"),
    column("answered_within_10s", "10 s", Unit::Calls, "Answered within"),
    column("answered_within_15s", "15 s", Unit::Calls, "Answered within"),
    column("answered_within_20s", "20 s", Unit::Calls, "Answered within"),
    column("answered_within_30s", "30 s", Unit::Calls, "Answered within"),
    column("answered_within_60s", "60 s", Unit::Calls, "Answered within"),
    column("abandoned_within_5s", "5 s", Unit::Calls, "Abandoned within"),
    column("abandoned_within_10s", "10 s", Unit::Calls, "Abandoned within"),
    column("abandoned_within_15s", "15 s", Unit::Calls, "Abandoned within"),
    column("abandoned_within_20s", "20 s", Unit::Calls, "Abandoned within"),
    column("abandoned_within_30s", "30 s", Unit::Calls, "Abandoned within"),
    column("abandoned_within_60s", "60 s", Unit::Calls, "Abandoned within"),
];

const TIMES: &[Column] = &[
    column("asa_s", "ASA s", Unit::Seconds, "Times"),
    column("mean_wait_s", "wait s", Unit::Seconds, "Times"),
    column("max_wait_s", "max wait s", Unit::Seconds, "Times"),
    column("mean_ring_s", "ring s", Unit::Seconds, "Times"),
    column("mean_talk_s", "talk s", Unit::Seconds, "Times"),
    column("mean_wrap_up_s", "wrap s", Unit::Seconds, "Times"),
];

/// Requests that waited more than 0 µs, at the end of the volume group (pooled reports only).
const WAITED: Column = column("waited", "waited", Unit::Calls, "Volume");
/// waited / requests, at the end of the rates group (pooled reports only).
const WAIT_PROBABILITY: Column = column("wait_probability", "P(wait)", Unit::Ratio, "Rates");

/// The visit columns. With `ratios = "pooled"` they have `waited` and `wait_probability` too:
/// new figures are pooled-only so that the default reports stay as they were to the byte.
fn visits(ratios: Ratios) -> Vec<Column> {
    match ratios {
        Ratios::ReplicationMean => [VOLUME, POLICIES, RATES, WITHIN, TIMES].concat(),
        Ratios::Pooled => [VOLUME, &[WAITED], POLICIES, RATES, &[WAIT_PROBABILITY], WITHIN, TIMES].concat(),
    }
}

/// Wait percentiles, from an HDR histogram of the waits of requests.
const WAIT_PERCENTILES: &[Column] = &[
    column("p50_wait_s", "p50 s", Unit::Seconds, "Wait percentiles"),
    column("p80_wait_s", "p80 s", Unit::Seconds, "Wait percentiles"),
    column("p90_wait_s", "p90 s", Unit::Seconds, "Wait percentiles"),
    column("p95_wait_s", "p95 s", Unit::Seconds, "Wait percentiles"),
    column("p99_wait_s", "p99 s", Unit::Seconds, "Wait percentiles"),
];

const MEAN_WAITING: Column = column("mean_waiting", "waiting", Unit::Average, "Load");
const OCCUPANCY: Column = column("occupancy", "occup.", Unit::Ratio, "Load");

fn skill_queue_kind(ratios: Ratios) -> TableKind {
    TableKind {
        key: "skill_queues",
        title: "Skill queue",
        labels: &["queue"],
        columns: [&visits(ratios), WAIT_PERCENTILES, &[MEAN_WAITING, OCCUPANCY]].concat(),
        in_text: TextRows::All,
    }
}

/// Skill Queue Traffic Report: one row per queue and `all queues`.
pub static SKILL_QUEUES: LazyLock<TableKind> = LazyLock::new(|| skill_queue_kind(Ratios::ReplicationMean));
/// The same with the pooled-only columns.
pub static SKILL_QUEUES_POOLED: LazyLock<TableKind> = LazyLock::new(|| skill_queue_kind(Ratios::Pooled));

fn access_code_kind(ratios: Ratios) -> TableKind {
    TableKind {
        key: "access_codes",
        title: "Access code",
        labels: &["dialed"],
        columns: [&visits(ratios), WAIT_PERCENTILES].concat(),
        in_text: TextRows::All,
    }
}

/// Skill Queue Traffic Report by Access Code: one row per dialed number and `all numbers`.
pub static ACCESS_CODES: LazyLock<TableKind> = LazyLock::new(|| access_code_kind(Ratios::ReplicationMean));
/// The same with the pooled-only columns.
pub static ACCESS_CODES_POOLED: LazyLock<TableKind> = LazyLock::new(|| access_code_kind(Ratios::Pooled));

/// VDN Traffic Report: how each dialed number's calls finally ended.
pub static DIALED_NUMBERS: LazyLock<TableKind> = LazyLock::new(|| dialed_numbers(false));

/// The VDN table of a scenario with `[lines]`: with the calls refused at the trunk.
static DIALED_NUMBERS_WITH_LINES: LazyLock<TableKind> = LazyLock::new(|| dialed_numbers(true));

/// The VDN table's kind: with a `trunk_busy` column only when the scenario has lines, so that
/// other reports stay as they were to the byte.
pub fn dialed_numbers_kind(lines: bool) -> &'static TableKind {
    if lines { &DIALED_NUMBERS_WITH_LINES } else { &DIALED_NUMBERS }
}

fn dialed_numbers(lines: bool) -> TableKind {
    let mut columns = vec![
        column("calls", "calls", Unit::Calls, ""),
        column("completed", "completed", Unit::Calls, ""),
        column("abandoned", "abandoned", Unit::Calls, ""),
        column("released_by_policy", "policy rel.", Unit::Calls, ""),
        column("released_in_ivr", "IVR rel.", Unit::Calls, ""),
        column("transfer_limit", "xfer limit", Unit::Calls, ""),
    ];
    if lines {
        columns.push(column("trunk_busy", "trunk busy", Unit::Calls, ""));
    }
    columns.extend([
        column("completion_rate", "completed %", Unit::Ratio, ""),
        column("mean_time_in_system_s", "in system s", Unit::Seconds, ""),
    ]);
    TableKind {
        key: "dialed_numbers",
        title: "Dialed number (VDN)",
        labels: &["dialed"],
        columns,
        in_text: TextRows::All,
    }
}

/// Callbacks per queue that offers them (only then).
pub static CALLBACKS: LazyLock<TableKind> = LazyLock::new(|| TableKind {
    key: "callbacks",
    title: "Callbacks",
    labels: &["queue"],
    columns: vec![
        column("requested", "requested", Unit::Calls, ""),
        column("reached", "reached", Unit::Calls, ""),
        column("unreached", "unreached", Unit::Calls, ""),
        column("reach_rate", "reached %", Unit::Ratio, ""),
        column("service_level", "SL", Unit::Ratio, ""),
        column("mean_delay_s", "delay s", Unit::Seconds, ""),
        column("mean_talk_s", "talk s", Unit::Seconds, ""),
    ],
    in_text: TextRows::All,
});

/// Retrials per dialed number: first attempts and retrials apart (only with retrials).
pub static RETRIALS: LazyLock<TableKind> = LazyLock::new(|| TableKind {
    key: "retrials",
    title: "Retrials",
    labels: &["dialed"],
    columns: vec![
        column("callers", "callers", Unit::Calls, ""),
        column("retrials", "retrials", Unit::Calls, ""),
        column("attempts", "attempts", Unit::Calls, ""),
        column("retrials_per_caller", "retr./caller", Unit::Ratio, ""),
        column("lost_for_good", "lost for good", Unit::Calls, ""),
        column("lost_for_good_rate", "lost %", Unit::Ratio, ""),
    ],
    in_text: TextRows::All,
});

/// Agent time and work; the same columns per agent and per agent group.
fn agent_columns() -> Vec<Column> {
    vec![
        column("answered", "answered", Unit::Calls, ""),
        column("transfers_made", "xfers", Unit::Calls, ""),
        column("talk_s", "talk s", Unit::Seconds, ""),
        column("wrap_up_s", "wrap s", Unit::Seconds, ""),
        column("ringing_s", "ringing s", Unit::Seconds, ""),
        column("idle_s", "idle s", Unit::Seconds, ""),
        column("busy_s", "busy s", Unit::Seconds, ""),
        column("rest_s", "rest s", Unit::Seconds, ""),
        column("signed_in_s", "signed in s", Unit::Seconds, ""),
        column("occupancy", "occup.", Unit::Ratio, ""),
    ]
}

/// Agent Traffic Report, per agent.
pub static AGENTS: LazyLock<TableKind> = LazyLock::new(|| TableKind {
    key: "agents",
    title: "Agent",
    labels: &["agent", "group"],
    columns: agent_columns(),
    in_text: TextRows::None,
});

/// Agent Traffic Report, per agent group and `all agents`.
pub static AGENT_GROUPS: LazyLock<TableKind> = LazyLock::new(|| TableKind {
    key: "agent_groups",
    title: "Agent group",
    labels: &["group"],
    columns: agent_columns(),
    in_text: TextRows::All,
});

/// Concurrent sessions per agent group that has them (only then), and all such groups.
pub static SESSIONS: LazyLock<TableKind> = LazyLock::new(|| TableKind {
    key: "sessions",
    title: "Concurrent sessions",
    labels: &["group"],
    columns: vec![
        column("sessions", "sessions", Unit::Calls, ""),
        column("sessions_per_agent", "per agent", Unit::Average, ""),
        column("concurrency_occupancy", "conc. occup.", Unit::Ratio, ""),
    ],
    in_text: TextRows::All,
});

/// IVR Traffic Report: one row per IVR and `all IVRs`.
pub static IVRS: LazyLock<TableKind> = LazyLock::new(|| TableKind {
    key: "ivrs",
    title: "IVR",
    labels: &["ivr"],
    columns: vec![
        column("entries", "entries", Unit::Calls, ""),
        column("exits", "exits", Unit::Calls, ""),
        column("released", "released", Unit::Calls, ""),
        column("to_queue", "to queue", Unit::Calls, ""),
        column("to_ivr", "to IVR", Unit::Calls, ""),
        column("mean_time_s", "time s", Unit::Seconds, ""),
    ],
    in_text: TextRows::All,
});

/// IVR exits by destination.
pub static IVR_EXITS: LazyLock<TableKind> = LazyLock::new(|| TableKind {
    key: "ivr_exits",
    title: "IVR exit",
    labels: &["ivr", "to"],
    columns: vec![column("calls", "calls", Unit::Calls, ""), column("share", "share", Unit::Ratio, "")],
    in_text: TextRows::All,
});

fn queue_interval_kind(ratios: Ratios) -> TableKind {
    TableKind {
        key: "queue_intervals",
        title: "Queues by interval",
        labels: &["interval_start", "queue"],
        columns: [&visits(ratios), &[MEAN_WAITING][..]].concat(),
        in_text: TextRows::Totals("all queues"),
    }
}

/// Skill queue indicators per report interval: one row per (interval, queue) and per
/// (interval, `all queues`). The text report prints the `all queues` rows.
pub static QUEUE_INTERVALS: LazyLock<TableKind> = LazyLock::new(|| queue_interval_kind(Ratios::ReplicationMean));
/// The same with the pooled-only columns.
pub static QUEUE_INTERVALS_POOLED: LazyLock<TableKind> = LazyLock::new(|| queue_interval_kind(Ratios::Pooled));

/// The visit tables' kinds of a run merged by `ratios`: `[skill_queues, access_codes,
/// queue_intervals]`.
pub fn visit_kinds(ratios: Ratios) -> [&'static TableKind; 3] {
    match ratios {
        Ratios::ReplicationMean => [&SKILL_QUEUES, &ACCESS_CODES, &QUEUE_INTERVALS],
        Ratios::Pooled => [&SKILL_QUEUES_POOLED, &ACCESS_CODES_POOLED, &QUEUE_INTERVALS_POOLED],
    }
}

/// Agents by state per report interval: one row per (interval, group) and (interval, `all
/// agents`). The text report prints the `all agents` rows.
pub static GROUP_INTERVALS: LazyLock<TableKind> = LazyLock::new(|| TableKind {
    key: "group_intervals",
    title: "Agents by interval",
    labels: &["interval_start", "group"],
    columns: vec![
        column("signed_in", "signed in", Unit::Average, ""),
        column("idle", "idle", Unit::Average, ""),
        column("ringing", "ringing", Unit::Average, ""),
        column("talking", "talking", Unit::Average, ""),
        column("wrap_up", "wrap-up", Unit::Average, ""),
        column("busy", "busy", Unit::Average, ""),
        column("rest", "rest", Unit::Average, ""),
        column("occupancy", "occup.", Unit::Ratio, ""),
    ],
    in_text: TextRows::Totals("all agents"),
});

/// Every table a report can have, in report order.
pub fn table_kinds() -> [&'static TableKind; 9] {
    [
        &SKILL_QUEUES,
        &ACCESS_CODES,
        &DIALED_NUMBERS,
        &AGENTS,
        &AGENT_GROUPS,
        &IVRS,
        &IVR_EXITS,
        &QUEUE_INTERVALS,
        &GROUP_INTERVALS,
    ]
}
