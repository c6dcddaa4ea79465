//! Writing a replication's lines fast, in either format: each instant's prefix (`replication`
//! and `time`) is formatted once for all its events, and each call's id once for its
//! consecutive events; the rest of a line is its event's template (`schema::write_csv`,
//! `schema::write_json`, made from the table of events).

use super::{Format, schema};
use crate::sim::event::Event;
use crate::sim::time::SimTime;

/// More than the longest line (a JSON `transferred` with the largest numbers is ~210 bytes) plus
/// a [`Snippet`]'s array, which is copied whole before its truncation.
const LONGEST_LINE: usize = 320;

/// Writes the lines of one replication in one format.
#[derive(Debug)]
pub struct Lines {
    format: Format,
    replication: u32,
    /// The prefix of the last event's line: `replication,time,` or `{"replication":R,"time":T,"event":"`.
    prefix: Snippet,
    last: Option<SimTime>,
    calls: CallIds,
}

impl Lines {
    pub fn new(format: Format, replication: u32) -> Lines {
        Lines { format, replication, prefix: Snippet::default(), last: None, calls: CallIds::default() }
    }

    /// Appends the line of `event` at `t`, newline included.
    #[inline]
    pub fn write(&mut self, out: &mut Vec<u8>, t: SimTime, event: &Event) {
        if self.last != Some(t) {
            let (mut replication, mut time) = (itoa::Buffer::new(), itoa::Buffer::new());
            let (replication, time) = (replication.format(self.replication), time.format(t.0));
            self.prefix.clear();
            let parts: [&[u8]; 5] = match self.format {
                Format::Csv => [replication.as_bytes(), b",", time.as_bytes(), b",", b""],
                Format::Jsonl => {
                    [b"{\"replication\":", replication.as_bytes(), b",\"time\":", time.as_bytes(), b",\"event\":\""]
                }
            };
            parts.iter().for_each(|part| self.prefix.push(part));
            self.last = Some(t);
        }
        out.reserve(LONGEST_LINE);
        self.prefix.append_to(out);
        let mut line = Line { out, calls: &mut self.calls, numbers: itoa::Buffer::new() };
        match self.format {
            Format::Csv => schema::write_csv(&mut line, event),
            Format::Jsonl => schema::write_json(&mut line, event),
        }
    }
}

/// A short text in a fixed array, appended with one copy of the whole array and a truncation:
/// a copy of known length is a few moves, where one of variable length is a call to memmove,
/// and those calls were a tenth of a run's time with a log.
#[derive(Debug, Clone, Copy)]
struct Snippet {
    bytes: [u8; 64],
    len: usize,
}

impl Default for Snippet {
    fn default() -> Self {
        Snippet { bytes: [0; 64], len: 0 }
    }
}

impl Snippet {
    fn clear(&mut self) {
        self.len = 0;
    }

    /// Appends `text`; it must fit (the texts are numbers and short keys: 63 bytes at most).
    fn push(&mut self, text: &[u8]) {
        let end = (self.len + text.len()).min(self.bytes.len());
        self.bytes[self.len..end].copy_from_slice(&text[..end - self.len]);
        self.len = end;
    }

    /// Appends the snippet to `out`, which must have room for the whole array (see
    /// [`LONGEST_LINE`]), so that the copy never reallocates.
    #[inline]
    fn append_to(&self, out: &mut Vec<u8>) {
        let start = out.len();
        out.extend_from_slice(&self.bytes);
        out.truncate(start + self.len);
    }
}

/// The last call id written, formatted: a call's events often come one after another.
#[derive(Debug, Default)]
struct CallIds {
    last: Option<u64>,
    text: Snippet,
}

/// A line being written, for the templates of both formats.
pub(super) struct Line<'a> {
    out: &'a mut Vec<u8>,
    calls: &'a mut CallIds,
    numbers: itoa::Buffer,
}

impl Line<'_> {
    /// A call's id, formatted once for its consecutive events.
    #[inline]
    pub(super) fn call(&mut self, call: u64) {
        if self.calls.last != Some(call) {
            self.calls.text.clear();
            self.calls.text.push(self.numbers.format(call).as_bytes());
            self.calls.last = Some(call);
        }
        self.calls.text.append_to(self.out);
    }

    #[inline]
    pub(super) fn text(&mut self, text: &[u8]) {
        self.out.extend_from_slice(text);
    }

    #[inline]
    pub(super) fn number(&mut self, n: impl itoa::Integer) {
        self.out.extend_from_slice(self.numbers.format(n).as_bytes());
    }

    /// A finite number, in the shortest form that reads back exactly (as serde_json writes it).
    /// Only a live session's controls carry one, so formatting need not be fast.
    pub(super) fn float(&mut self, x: f64) {
        use std::io::Write as _;
        let _ = write!(self.out, "{x:?}");
    }
}
