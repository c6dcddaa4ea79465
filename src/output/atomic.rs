//! Writing a file so that its name never holds half of it: the bytes go to a temporary sibling,
//! which is renamed over the target when complete.
//!
//! A temporary file's name says which process writes it (`.callsim-tmp-PID-…`), so that a later
//! run can tell the leftovers of a killed run (whose process is gone) from a file another run is
//! writing right now, and remove them ([`remove_leftovers`]).

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// What every temporary file of callsim's name starts with.
const PREFIX: &str = ".callsim-tmp-";

/// The directory a file is written in ("." for a bare file name).
pub fn directory_of(target: &Path) -> &Path {
    target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or_else(|| Path::new("."))
}

/// A new temporary file beside `target`, named for this process.
pub fn temporary(target: &Path) -> io::Result<NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    let prefix = format!("{PREFIX}{}-", std::process::id());
    builder.prefix(&prefix);
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644)); // a report, not a secret
    builder.tempfile_in(directory_of(target))
}

/// Puts a complete temporary file in place under `target`. Unless `replace`, an existing
/// `target` (created since the outputs were checked) is left alone and the write fails.
pub fn persist(file: NamedTempFile, target: &Path, replace: bool) -> io::Result<()> {
    let persisted = if replace { file.persist(target) } else { file.persist_noclobber(target) };
    persisted.map(drop).map_err(|e| e.error)
}

/// Writes `bytes` to `target` through a temporary sibling.
pub fn write(target: &Path, bytes: &[u8], replace: bool) -> io::Result<()> {
    let mut file = temporary(target)?;
    file.write_all(bytes)?;
    file.flush()?;
    persist(file, target, replace)
}

/// Removes, from `directory`, the temporary files of callsim processes that are no longer
/// running (a run killed before it could clean up). Returns the files removed. Where a process
/// cannot be looked up (no `/proc`), nothing is removed: a file of a live run is never touched.
pub fn remove_leftovers(directory: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(directory) else { return Vec::new() };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(writer_pid) else { continue };
        if !process_is_gone(pid) {
            continue;
        }
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_file()) && std::fs::remove_file(&path).is_ok() {
            removed.push(path);
        }
    }
    removed
}

/// The process id in a temporary file's name, if it is one of ours.
fn writer_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(PREFIX)?;
    rest.split_once('-')?.0.parse().ok()
}

/// True when `pid` is known not to run (on Linux, by `/proc`); false when it runs or cannot tell.
fn process_is_gone(pid: u32) -> bool {
    let proc = Path::new("/proc");
    proc.join("self").exists() && !proc.join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temporary_file_names_its_writer() {
        let dir = tempfile::tempdir().map_err(|e| e.to_string());
        let Ok(dir) = dir else { return };
        let Ok(file) = temporary(&dir.path().join("report.json")) else { return };
        let name = file.path().file_name().and_then(|n| n.to_str()).map(str::to_owned).unwrap_or_default();
        assert_eq!(writer_pid(&name), Some(std::process::id()));
        assert_eq!(writer_pid("report.json"), None);
        assert_eq!(writer_pid(".callsim-tmp-x-1"), None);
    }

    #[test]
    fn leftovers_of_a_gone_process_are_removed_and_a_running_ones_kept() {
        let Ok(dir) = tempfile::tempdir() else { return };
        // u32::MAX is above any Linux pid_max, so no process has it.
        let gone = dir.path().join(format!("{PREFIX}{}-abc", u32::MAX));
        let mine = dir.path().join(format!("{PREFIX}{}-abc", std::process::id()));
        let other = dir.path().join("report.json");
        for path in [&gone, &mine, &other] {
            assert!(std::fs::write(path, b"x").is_ok());
        }
        let removed = remove_leftovers(dir.path());
        if Path::new("/proc/self").exists() {
            assert_eq!(removed, vec![gone.clone()]);
            assert!(!gone.exists());
        }
        assert!(mine.exists() && other.exists());
    }
}
