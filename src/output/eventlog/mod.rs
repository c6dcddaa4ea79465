//! The event log: the event stream of a run on disk, in CSV or JSON Lines, so that it can be
//! replayed into the same reports ([`crate::app::replay`]), traced call by call ([`crate::app::trace`]) or
//! read by other tools. The file format is specified in `docs/events.md`.
//!
//! ```text
//! line 1      header: format version, the scenario's text and the run's overrides (JSON)
//! then        one event per line, replication by replication, in the order of the stream
//! last line   trailer: events written, in all and per replication — a log without it is truncated
//! ```
//!
//! The header carries the scenario's text, so replaying or tracing a log needs no other file
//! (unless the scenario reads files of its own, found from `directory`).

mod check;
mod csv;
mod fields;
mod header;
mod jsonl;
mod lines;
mod read;
mod schema;
mod write;

pub use check::{StreamCheck, Unreleased};
pub use header::{FORMAT_VERSION, Header, HeaderError, Trailer};
pub use lines::Lines;
pub use read::{Entry, LogReader};
pub use write::{EventLog, Segment, Written};

use std::path::Path;

/// How the log is written, chosen by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.csv`: one column per event field, empty where an event has no such field.
    Csv,
    /// `.jsonl`: one JSON object per line, as serde serialises [`crate::sim::event::Event`].
    Jsonl,
}

/// A path whose extension names no log format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: an event log must end in .csv or .jsonl", .0.display())]
pub struct UnknownFormat(pub std::path::PathBuf);

impl Format {
    /// The format for `path`'s extension.
    pub fn of(path: &Path) -> Result<Format, UnknownFormat> {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("csv") => Ok(Format::Csv),
            Some("jsonl") => Ok(Format::Jsonl),
            _ => Err(UnknownFormat(path.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    use super::csv::{self, COLUMNS};
    use super::fields::LineFields;
    use super::{Format, Lines};
    use crate::sim::event::{BusyCause, Event, ReleaseCause, TransferCause};
    use crate::sim::id::{AgentId, GroupId, IvrId, QueueId, TrafficId};
    use crate::sim::model::{Destination, DeviceId};
    use crate::sim::time::{SimDuration, SimTime};

    /// A JSON line as serde writes and reads it: the reference the hand-made writer must match.
    #[derive(Debug, Serialize, Deserialize)]
    struct Record {
        replication: u32,
        time: SimTime,
        #[serde(flatten)]
        event: Event,
    }

    /// Every variant, with each shape of its optional and device fields.
    fn every_event() -> Vec<Event> {
        let (q, v) = (DeviceId::Queue(QueueId(3)), DeviceId::Ivr(IvrId(1)));
        vec![
            Event::CallArrived { call: 12_345_678_901, traffic: TrafficId(2) },
            Event::Routed { call: 7, device: v },
            Event::EnteredIvr { call: 7, ivr: IvrId(1) },
            Event::LeftIvr { call: 7, ivr: IvrId(1), to: Destination::Release },
            Event::LeftIvr { call: 7, ivr: IvrId(1), to: Destination::Transfer(q) },
            Event::Offered { call: 7, queue: QueueId(3), transferred: true },
            Event::Offered { call: 7, queue: QueueId(0), transferred: false },
            Event::RejectedNoAgents { call: 7, queue: QueueId(3), then: Destination::Transfer(v) },
            Event::RejectedBusy { call: 7, queue: QueueId(3), then: Destination::Release },
            Event::Queued { call: 7, queue: QueueId(3) },
            Event::Ringing { call: 7, queue: QueueId(3), agent: AgentId(40) },
            Event::NoAnswer { call: 7, queue: QueueId(3), agent: AgentId(40) },
            Event::CallRejected { call: 7, queue: QueueId(3), agent: AgentId(40) },
            Event::Answered { call: 7, queue: QueueId(3), agent: AgentId(40), wait: SimDuration(1_500_000) },
            Event::Abandoned { call: 7, queue: QueueId(3), wait: SimDuration(7), ringing: None },
            Event::Abandoned { call: 7, queue: QueueId(3), wait: SimDuration(7), ringing: Some(AgentId(4)) },
            Event::TimedOut {
                call: 7,
                queue: QueueId(3),
                wait: SimDuration(60_000_000),
                then: Destination::Transfer(q),
            },
            Event::Closed { call: 7, queue: QueueId(3), wait: SimDuration(45_000_000), then: Destination::Release },
            Event::Transferred { call: 7, from: q, to: v, cause: TransferCause::NoAgents },
            Event::TalkEnded { call: 7, queue: QueueId(3), agent: AgentId(40) },
            Event::WrapUpEnded { agent: AgentId(40), queue: QueueId(3) },
            Event::Released { call: 7, traffic: TrafficId(1), cause: ReleaseCause::TransferLimit },
            Event::WillCallAgain { call: 7, traffic: TrafficId(1) },
            Event::CallbackRequested { call: 7, queue: QueueId(3) },
            Event::CallingBack { call: 7, queue: QueueId(3), agent: AgentId(40) },
            Event::CallbackReached { call: 7, queue: QueueId(3), agent: AgentId(40), wait: SimDuration(600_000_000) },
            Event::CallbackUnreached { call: 7, queue: QueueId(3), agent: AgentId(40) },
            Event::Released { call: 7, traffic: TrafficId(1), cause: ReleaseCause::CallbackUnreached },
            Event::CalledAgain { call: 7, traffic: TrafficId(1) },
            Event::AgentBusy { agent: AgentId(4), cause: BusyCause::Shrinkage },
            Event::AgentRest { agent: AgentId(4) },
            Event::AgentReturned { agent: AgentId(4) },
            Event::AgentSignedIn { agent: AgentId(u32::MAX) },
            Event::AgentSignedOut { agent: AgentId(0) },
            Event::ArrivalsScaled { traffic: TrafficId(2), factor: 1.3 },
            Event::ArrivalsScaled { traffic: TrafficId(0), factor: 0.0 },
            Event::SignOutOrdered { group: GroupId(1), count: 5 },
            Event::SignInOrdered { group: GroupId(0), count: u32::MAX },
            Event::Paused,
            Event::Resumed,
            Event::SpeedChanged { factor: 60.0 },
            Event::SpeedChanged { factor: 0.1 + 0.2 },
        ]
    }

    #[test]
    fn every_variant_is_covered() {
        let names: std::collections::BTreeSet<&str> = every_event().iter().map(Event::name).collect();
        assert_eq!(names.len(), 36, "one sample at least of each of the 36 events");
    }

    #[test]
    fn json_lines_are_what_serde_writes_and_reads() {
        let mut lines = Lines::new(Format::Jsonl, 2);
        for (i, event) in every_event().into_iter().enumerate() {
            let time = SimTime(189_475_200_000_000 + i as u64 / 2); // pairs share an instant
            let mut written = Vec::new();
            lines.write(&mut written, time, &event);
            let expected = serde_json::to_string(&Record { replication: 2, time, event }).unwrap() + "\n";
            assert_eq!(String::from_utf8(written.clone()).unwrap(), expected);
            let value: serde_json::Value = serde_json::from_slice(&written).unwrap();
            assert_eq!(value["event"], event.name(), "the name is serde's tag");
            let read: Record = serde_json::from_slice(&written).unwrap();
            assert_eq!((read.replication, read.time, read.event), (2, time, event));
            let fields: LineFields = serde_json::from_slice(&written).unwrap();
            assert_eq!(fields.event(), Ok((2, time, event)), "the reader's own way");
        }
    }

    #[test]
    fn the_largest_numbers_are_written_whole() {
        let event = Event::Transferred {
            call: u64::MAX,
            from: DeviceId::Queue(QueueId(u32::MAX)),
            to: DeviceId::Ivr(IvrId(u32::MAX)),
            cause: TransferCause::AfterTalk,
        };
        let time = SimTime(u64::MAX);
        let (mut json, mut csv_line) = (Vec::new(), Vec::new());
        Lines::new(Format::Jsonl, u32::MAX).write(&mut json, time, &event);
        let expected = serde_json::to_string(&Record { replication: u32::MAX, time, event }).unwrap() + "\n";
        assert_eq!(String::from_utf8(json).unwrap(), expected);
        Lines::new(Format::Csv, u32::MAX).write(&mut csv_line, time, &event);
        let text = String::from_utf8(csv_line).unwrap();
        assert_eq!(csv::read_line(text.trim_end()), Ok((u32::MAX, time, event)));
    }

    #[test]
    fn csv_lines_read_back_to_the_same_event() {
        let mut lines = Lines::new(Format::Csv, 1);
        for (i, event) in every_event().into_iter().enumerate() {
            let time = SimTime(1_000 + i as u64 / 3);
            let mut written = Vec::new();
            lines.write(&mut written, time, &event);
            let text = String::from_utf8(written).unwrap();
            let line = text.strip_suffix('\n').unwrap();
            assert_eq!(line.split(',').count(), COLUMNS.len(), "{line}");
            assert_eq!(csv::read_line(line), Ok((1, time, event)), "{line}");
        }
    }

    #[test]
    fn csv_lines_name_the_bad_field() {
        let bad = |line: &str| csv::read_line(line).unwrap_err();
        let answered = "0,5,answered,7,,3,,40,,,,,,1500000,,,,,";
        assert!(csv::read_line(answered).is_ok());
        assert_eq!(bad("0,5,answered,7,,3,,x40,,,,,,1500000,,,,,").field, "agent");
        assert_eq!(bad("0,5,answered,7,,3,,40,,,,,,,,,,,").field, "wait");
        assert_eq!(bad("0,5,answered,7,,3,,40,,,,,,1500000,,busy,,,").field, "cause");
        assert_eq!(bad("0,5,answerd,7,,3,,40,,,,,,1500000,,,,,").field, "event");
        assert_eq!(bad("0,-5,answered,7,,3,,40,,,,,,1500000,,,,,").field, "time");
        assert_eq!(bad("0,5,answered,7,,3,,40,,,,,,1500000,,,,").field, "line");
        assert_eq!(bad("0,5,routed,7,,,,,queue:x,,,,,,,,,,").field, "device");
        assert_eq!(bad("0,5,released,7,1,,,,,,,,,,,gone,,,").message, "`gone` is not a release cause");
        assert_eq!(bad("0,5,offered,7,,3,,,,,,,yes,,,,,,").field, "transferred");
        assert_eq!(bad("0,5,arrivals-scaled,,2,,,,,,,,,,,,,,-1").field, "factor");
        assert_eq!(bad("0,5,arrivals-scaled,,2,,,,,,,,,,,,,,x").field, "factor");
        assert_eq!(bad("0,5,sign-out-ordered,,,,,,,,,,,,,,1,,").field, "count");
        assert_eq!(bad("0,5,paused,,,,,,,,,,,,,,1,,").field, "group");
    }
}
