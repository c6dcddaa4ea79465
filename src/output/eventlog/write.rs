//! Writing a log while the engine runs, without slowing it much and in bounded memory.
//!
//! Each replication's [`Segment`] is a projection that copies events into fixed-size chunks and
//! hands them over a bounded channel to a writer thread, which formats them into a temporary file
//! beside the target. The engine's cost is a copy per event; when the disk or the formatting
//! falls behind, the engine waits rather than buffering without bound. When the run is over,
//! [`EventLog::finish`] appends the segments of the replications the report used, in order, to
//! the first one, adds the trailer and renames the whole into place — so the target is either
//! the previous file or a complete log, never half a log.

use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use crossbeam_channel::{Receiver, Sender};
use tempfile::NamedTempFile;

use super::header::End;
use super::{Format, Header, Lines, Trailer, UnknownFormat, csv};
use crate::sim::event::{Event, Projection};
use crate::sim::time::SimTime;

/// Bytes of formatted lines handed to the writer thread at a time.
const BUFFER: usize = 1 << 20;
/// Buffers in flight per replication: the log holds at most ~6 MB per replication in memory.
const IN_FLIGHT: usize = 4;

/// A log being written to `target`.
#[derive(Debug)]
pub struct EventLog {
    target: PathBuf,
    format: Format,
    header: Header,
}

impl EventLog {
    /// A log for `target`, in the format its extension names.
    pub fn new(target: &Path, header: Header) -> Result<EventLog, UnknownFormat> {
        Ok(EventLog { target: target.to_owned(), format: Format::of(target)?, header })
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Starts the segment of replication `replication`; the first one begins with the header.
    pub fn segment(&self, replication: u32) -> io::Result<Segment> {
        let mut file = temporary(&self.target)?;
        if replication == 0 {
            let json = serde_json::to_string(&self.header).map_err(io::Error::other)?;
            match self.format {
                Format::Csv => writeln!(file, "# {json}\n{}", csv::COLUMNS.join(","))?,
                Format::Jsonl => writeln!(file, "{json}")?,
            }
        }
        let (full, buffers) = crossbeam_channel::bounded::<Vec<u8>>(IN_FLIGHT);
        let (giver, recycled) = crossbeam_channel::bounded(IN_FLIGHT + 1);
        let writer = std::thread::Builder::new()
            .name(format!("event-log-{replication}"))
            .spawn(move || write_buffers(file, &buffers, &giver))?;
        let lines = Lines::new(self.format, replication);
        Ok(Segment {
            lines,
            bytes: Vec::with_capacity(BUFFER + 256),
            events: 0,
            full: Some(full),
            recycled,
            writer: Some(writer),
        })
    }

    /// Puts the segments (of replications 0, 1, … in order) together under the target's name,
    /// with the trailer. Returns the trailer.
    pub fn finish(&self, segments: Vec<Written>) -> io::Result<Trailer> {
        let mut segments = segments.into_iter();
        let Some(mut first) = segments.next() else {
            return Err(io::Error::other("no replication was written"));
        };
        let mut trailer = Trailer { replications: 1, events: first.events, by_replication: vec![first.events] };
        first.file.as_file_mut().seek(SeekFrom::End(0))?;
        for segment in segments {
            let mut rest = segment.file.reopen()?;
            // On Linux this copies within the kernel (copy_file_range).
            io::copy(&mut rest, first.file.as_file_mut())?;
            trailer.replications += 1;
            trailer.events += segment.events;
            trailer.by_replication.push(segment.events);
        }
        let json = serde_json::to_string(&End { end: trailer.clone() }).map_err(io::Error::other)?;
        match self.format {
            Format::Csv => writeln!(first.file, "# {json}")?,
            Format::Jsonl => writeln!(first.file, "{json}")?,
        }
        first.file.as_file_mut().flush()?;
        first.file.persist(&self.target).map_err(|e| e.error)?;
        Ok(trailer)
    }
}

/// A temporary file beside `target`, readable by others like any output (tempfile makes it 0600).
fn temporary(target: &Path) -> io::Result<NamedTempFile> {
    crate::output::atomic::temporary(target)
}

/// A finished segment: its file and the number of events in it.
#[derive(Debug)]
pub struct Written {
    file: NamedTempFile,
    events: u64,
}

/// The writer thread: writes each buffer, then hands it back for reuse.
fn write_buffers(
    mut file: NamedTempFile,
    buffers: &Receiver<Vec<u8>>,
    recycle: &Sender<Vec<u8>>,
) -> io::Result<NamedTempFile> {
    for mut bytes in buffers {
        file.write_all(&bytes)?;
        bytes.clear();
        let _ = recycle.try_send(bytes); // if the engine has enough buffers, this one is dropped
    }
    Ok(file)
}

/// The projection that writes one replication's events: it formats each event's line and hands
/// the lines, a megabyte at a time, to a thread that writes them to the segment's file.
///
/// Formatting happens here, on the engine's thread: handing the events themselves to another
/// thread to format was no faster (moving 40-byte events between cores cost the engine as
/// much as formatting them), and with both cores running replications it would only compete.
#[derive(Debug)]
pub struct Segment {
    lines: Lines,
    bytes: Vec<u8>,
    events: u64,
    /// `None` once closed, or once the writer stopped on an error.
    full: Option<Sender<Vec<u8>>>,
    recycled: Receiver<Vec<u8>>,
    writer: Option<JoinHandle<io::Result<NamedTempFile>>>,
}

impl Segment {
    fn hand_over(&mut self) {
        let next = self.recycled.try_recv().unwrap_or_else(|_| Vec::with_capacity(BUFFER + 256));
        let bytes = std::mem::replace(&mut self.bytes, next);
        if let Some(full) = &self.full
            && full.send(bytes).is_err()
        {
            // The writer stopped on an error, which `finish` reports; stop sending.
            self.full = None;
        }
    }

    /// Writes what is left and waits for the writer: the segment, or the first write error.
    pub fn finish(mut self) -> io::Result<Written> {
        if !self.bytes.is_empty() {
            self.hand_over();
        }
        self.full = None;
        match self.writer.take().map(JoinHandle::join) {
            Some(Ok(file)) => Ok(Written { file: file?, events: self.events }),
            Some(Err(_)) | None => Err(io::Error::other("the event log's writer thread failed")),
        }
    }
}

impl Projection for Segment {
    #[inline]
    fn on(&mut self, time: SimTime, event: &Event) {
        self.lines.write(&mut self.bytes, time, event);
        self.events += 1;
        if self.bytes.len() >= BUFFER {
            self.hand_over();
        }
    }
}
