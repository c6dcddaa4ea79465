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
use serde::{Deserialize, Serialize};
use tempfile::NamedTempFile;

use super::header::End;
use super::{Format, Header, Trailer, csv};
use crate::event::{Event, Projection};
use crate::time::SimTime;

/// Events per chunk handed to the writer thread (~40 bytes each).
const CHUNK: usize = 8_192;
/// Chunks in flight per replication: with [`CHUNK`], the log holds at most ~1.5 MB of events
/// per replication in memory.
const IN_FLIGHT: usize = 4;

/// One line of a JSON Lines log: the event's fields after `replication` and `time`.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Record {
    pub replication: u32,
    pub time: SimTime,
    #[serde(flatten)]
    pub event: Event,
}

/// A log being written to `target`.
#[derive(Debug)]
pub struct EventLog {
    target: PathBuf,
    format: Format,
    header: Header,
}

impl EventLog {
    /// A log for `target`, in the format its extension names.
    pub fn new(target: &Path, header: Header) -> Result<EventLog, String> {
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
        let (full, receiver) = crossbeam_channel::bounded::<Vec<(SimTime, Event)>>(IN_FLIGHT);
        let (giver, recycled) = crossbeam_channel::bounded(IN_FLIGHT + 1);
        let format = self.format;
        let writer = std::thread::Builder::new()
            .name(format!("event-log-{replication}"))
            .spawn(move || write_chunks(file, format, replication, &receiver, &giver))?;
        Ok(Segment { chunk: Vec::with_capacity(CHUNK), full: Some(full), recycled, writer: Some(writer) })
    }

    /// Puts the segments (of replications 0, 1, … in order) together under the target's name,
    /// with the trailer. Returns the trailer.
    pub fn finish(&self, segments: Vec<Written>) -> io::Result<Trailer> {
        let mut segments = segments.into_iter();
        let Some(mut first) = segments.next() else {
            return Err(io::Error::other("no replication was written"));
        };
        let mut trailer = Trailer { replications: 1, events: first.events };
        first.file.as_file_mut().seek(SeekFrom::End(0))?;
        for segment in segments {
            let mut rest = segment.file.reopen()?;
            // On Linux this copies within the kernel (copy_file_range).
            io::copy(&mut rest, first.file.as_file_mut())?;
            trailer.replications += 1;
            trailer.events += segment.events;
        }
        let json = serde_json::to_string(&End { end: trailer }).map_err(io::Error::other)?;
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
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or_else(|| Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".callsim-events-");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    builder.tempfile_in(dir)
}

/// A finished segment: its file and the number of events in it.
#[derive(Debug)]
pub struct Written {
    file: NamedTempFile,
    events: u64,
}

/// The writer thread: formats each chunk and writes it, then hands the chunk back for reuse.
fn write_chunks(
    mut file: NamedTempFile,
    format: Format,
    replication: u32,
    chunks: &Receiver<Vec<(SimTime, Event)>>,
    recycle: &Sender<Vec<(SimTime, Event)>>,
) -> io::Result<Written> {
    let mut bytes = Vec::with_capacity(CHUNK * 64);
    let mut events = 0u64;
    for mut chunk in chunks {
        bytes.clear();
        match format {
            Format::Csv => {
                for (t, event) in &chunk {
                    csv::write_line(&mut bytes, replication, *t, event);
                }
            }
            Format::Jsonl => {
                for &(time, event) in &chunk {
                    serde_json::to_writer(&mut bytes, &Record { replication, time, event })
                        .map_err(io::Error::other)?;
                    bytes.push(b'\n');
                }
            }
        }
        file.write_all(&bytes)?;
        events += chunk.len() as u64;
        chunk.clear();
        let _ = recycle.try_send(chunk); // if the engine has enough chunks, this one is dropped
    }
    Ok(Written { file, events })
}

/// The projection that writes one replication's events (see the module's documentation).
#[derive(Debug)]
pub struct Segment {
    chunk: Vec<(SimTime, Event)>,
    /// `None` once closed.
    full: Option<Sender<Vec<(SimTime, Event)>>>,
    recycled: Receiver<Vec<(SimTime, Event)>>,
    writer: Option<JoinHandle<io::Result<Written>>>,
}

impl Segment {
    fn hand_over(&mut self) {
        let next = self.recycled.try_recv().unwrap_or_else(|_| Vec::with_capacity(CHUNK));
        let chunk = std::mem::replace(&mut self.chunk, next);
        if let Some(full) = &self.full
            && full.send(chunk).is_err()
        {
            // The writer stopped on an error, which `finish` reports; stop sending.
            self.full = None;
        }
    }

    /// Writes what is left and waits for the writer: the segment, or the first write error.
    pub fn finish(mut self) -> io::Result<Written> {
        if !self.chunk.is_empty() {
            self.hand_over();
        }
        self.full = None;
        match self.writer.take().map(JoinHandle::join) {
            Some(Ok(written)) => written,
            Some(Err(_)) | None => Err(io::Error::other("the event log's writer thread failed")),
        }
    }
}

impl Projection for Segment {
    #[inline]
    fn on(&mut self, t: SimTime, event: &Event) {
        self.chunk.push((t, *event));
        if self.chunk.len() == CHUNK {
            self.hand_over();
        }
    }
}
