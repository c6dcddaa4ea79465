//! The export manager: every file a command will write, checked before any work starts, then
//! written atomically.
//!
//! A command names its inputs and its outputs first. [`Outputs::file`] and
//! [`Outputs::directory`] refuse, before the run, an output
//! - in a directory that does not exist, or that is a directory itself;
//! - that is one of the inputs (the scenario, the call records, the log being replayed, ...);
//! - that another output of the same command writes too;
//! - that exists already, unless `--force`.
//!
//! Each check removes the temporary files a killed run left in the output's directory (see
//! [`crate::output::atomic`]). [`Outputs::write`] then writes through a temporary sibling and
//! renames it into place, so a file's name holds either its old contents or the new, whole.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::{Error, Result};
use crate::input::scenario::Loaded;
use crate::input::snapshot::Snapshot;
use crate::output::atomic;
use crate::output::eventlog::{EventLog, Header};
use crate::output::export::{self, Format};
use crate::output::report::Report;
use crate::sim::model::Model;

/// The inputs and outputs of one command.
#[derive(Debug, Default)]
pub struct Outputs {
    force: bool,
    inputs: Vec<(PathBuf, String)>,
    outputs: Vec<PathBuf>,
}

impl Outputs {
    /// A command's outputs; `force` lets them replace existing files.
    pub fn new(force: bool) -> Outputs {
        Outputs { force, ..Outputs::default() }
    }

    /// Names a file the command reads (`what` says which, for the message), never to be written;
    /// refused when an output already reserved is that file.
    pub fn input(&mut self, path: &Path, what: &str) -> Result<()> {
        let id = identity(path);
        if self.outputs.contains(&id) {
            return Err(Error::unusable(format!(
                "error: cannot write {}: it is {what} of this command",
                path.display()
            )));
        }
        self.inputs.push((id, what.to_owned()));
        Ok(())
    }

    /// Checks that `path` can be written as an output, and reserves it.
    pub fn file(&mut self, path: &Path) -> Result<()> {
        let cannot = |why: String| Error::unusable(format!("error: cannot write {}: {why}", path.display()));
        let parent = atomic::directory_of(path);
        if !parent.is_dir() {
            return Err(cannot(format!("{} is not a directory", parent.display())));
        }
        if path.is_dir() {
            return Err(cannot("it is a directory".into()));
        }
        self.reserve(path, cannot)?;
        if path.exists() && !self.force {
            return Err(cannot("it exists; pass --force to replace it".into()));
        }
        atomic::remove_leftovers(parent);
        Ok(())
    }

    /// Checks that the files `names` can be written into the directory `dir` (created by
    /// [`Outputs::create_directory`] once the input is known to be good), and reserves them.
    pub fn directory(&mut self, dir: &Path, names: &[String]) -> Result<()> {
        if dir.exists() && !self.force {
            return Err(Error::unusable(format!(
                "error: the output directory {} already exists; pass --force to replace its reports",
                dir.display()
            )));
        }
        if dir.exists() && !dir.is_dir() {
            return Err(Error::unusable(format!("error: cannot write into {}: it is not a directory", dir.display())));
        }
        for name in names {
            let path = dir.join(name);
            self.reserve(&path, |why| Error::unusable(format!("error: cannot write {}: {why}", path.display())))?;
        }
        if dir.is_dir() {
            atomic::remove_leftovers(dir);
        }
        Ok(())
    }

    /// Creates an output directory; returns whether it is new (so an aborted run can remove it).
    pub fn create_directory(dir: &Path) -> Result<bool> {
        let new = !dir.exists();
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::unusable(format!("error: cannot create the output directory {}: {e}", dir.display()))
        })?;
        Ok(new)
    }

    /// Whether outputs may replace existing files.
    pub fn force(&self) -> bool {
        self.force
    }

    /// Writes a checked output atomically.
    pub fn write(&self, path: &Path, bytes: &[u8]) -> Result<()> {
        atomic::write(path, bytes, self.force)
            .map_err(|e| Error::unusable(format!("error: cannot write {}: {e}", path.display())))
    }

    /// Refuses `path` when it is an input or already an output.
    fn reserve(&mut self, path: &Path, cannot: impl Fn(String) -> Error) -> Result<()> {
        let id = identity(path);
        if let Some((_, what)) = self.inputs.iter().find(|(input, _)| *input == id) {
            return Err(cannot(format!("it is {what} of this command")));
        }
        if self.outputs.contains(&id) {
            return Err(cannot("another output of this command is written there".into()));
        }
        self.outputs.push(id);
        Ok(())
    }
}

/// A path as the file system knows it: canonical where it exists, else its canonical directory
/// joined with its name, so that `./a.toml`, `a.toml` and `dir/../a.toml` are one file.
fn identity(path: &Path) -> PathBuf {
    if let Ok(canonical) = path.canonicalize() {
        return canonical;
    }
    let directory = atomic::directory_of(path).canonicalize().unwrap_or_else(|_| atomic::directory_of(path).into());
    path.file_name().map_or_else(|| path.to_owned(), |name| directory.join(name))
}

/// Writes `bytes` on stdout (`what` names it in an error). A closed pipe is not an error (the
/// reader had what it wanted); any other failure is, so a full disk behind `>` is not a success.
pub fn print(bytes: &[u8], what: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::unusable(format!("error: cannot write {what}: {e}")))
        }
        _ => Ok(()),
    }
}

/// Where a command's report goes: stdout in `format`, and optionally every document into a new
/// directory (`--out`) and the HTML page into a file (`--html`).
#[derive(Debug, Clone)]
pub struct ReportFiles {
    pub format: Format,
    pub out: Option<PathBuf>,
    pub html: Option<PathBuf>,
}

impl ReportFiles {
    /// Checks and reserves the report's files.
    pub fn check(&self, outputs: &mut Outputs) -> Result<()> {
        if let Some(dir) = &self.out {
            outputs.directory(dir, &export::document_names())?;
        }
        if let Some(page) = &self.html {
            outputs.file(page)?;
        }
        Ok(())
    }

    /// Creates the `--out` directory, once the input is known to be good; returns it when this
    /// call created it (so that an aborted run can remove it again).
    pub fn create_directory(&self) -> Result<Option<PathBuf>> {
        match &self.out {
            Some(dir) => Ok(Outputs::create_directory(dir)?.then(|| dir.clone())),
            None => Ok(None),
        }
    }

    /// Writes the report's files, then prints it on stdout in `format`.
    pub fn write(&self, report: &Report, outputs: &Outputs) -> Result<()> {
        if let Some(dir) = &self.out {
            for document in export::all_documents(report) {
                outputs.write(&dir.join(document.name), document.contents.as_bytes())?;
            }
        }
        if let Some(page) = &self.html {
            outputs.write(page, export::contents(&export::Html, report).as_bytes())?;
        }
        print(export::contents(self.format.exporter(), report).as_bytes(), "the report")
    }
}

/// The event log of a run of `loaded` written to `target`: its header carries the scenario's
/// text, seed, horizon, call records and the snapshot of a warm start.
pub fn event_log(target: &Path, loaded: &Loaded, model: &Model, warm_start: Option<&Snapshot>) -> Result<EventLog> {
    let records = loaded.scenario.simulation.records.clone();
    let mut header = Header::new(&loaded.source, model.seed, model.horizon.secs(), records);
    header.warm_start = warm_start.cloned();
    EventLog::new(target, header).map_err(|unknown| Error::unusable(format!("error: {unknown}")))
}

/// A failure to write `log`.
pub fn log_error(log: Option<&EventLog>, e: &std::io::Error) -> Error {
    let target = log.map_or_else(String::new, |log| format!(" {}", log.target().display()));
    Error::unusable(format!("error: cannot write the event log{target}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(result: Result<()>) -> String {
        result.err().and_then(|e| e.message().map(str::to_owned)).unwrap_or_default()
    }

    #[test]
    fn an_input_is_never_an_output_under_any_spelling() {
        let Ok(dir) = tempfile::tempdir() else { return };
        let scenario = dir.path().join("a.toml");
        assert!(std::fs::write(&scenario, "x").is_ok());
        let mut outputs = Outputs::new(true);
        assert!(outputs.input(&scenario, "the scenario").is_ok());
        let respelled = dir.path().join(".").join("a.toml");
        assert!(message(outputs.file(&respelled)).contains("it is the scenario of this command"));
    }

    #[test]
    fn an_existing_file_needs_force_and_two_outputs_cannot_share_a_name() {
        let Ok(dir) = tempfile::tempdir() else { return };
        let page = dir.path().join("page.html");
        assert!(std::fs::write(&page, "old").is_ok());
        assert!(message(Outputs::new(false).file(&page)).contains("it exists; pass --force"));
        let mut forced = Outputs::new(true);
        assert!(forced.file(&page).is_ok());
        assert!(message(forced.file(&page)).contains("another output"));
        assert!(forced.write(&page, b"new").is_ok());
        assert_eq!(std::fs::read_to_string(&page).ok().as_deref(), Some("new"));
    }

    #[test]
    fn a_missing_directory_is_refused_before_the_run() {
        let Ok(dir) = tempfile::tempdir() else { return };
        let page = dir.path().join("missing").join("page.html");
        assert!(message(Outputs::new(false).file(&page)).contains("is not a directory"));
    }
}
