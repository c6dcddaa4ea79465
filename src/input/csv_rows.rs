//! Row by row through a CSV input (call records, forecasts), each row with the line it starts
//! on, so every reader reports a bad row at `file:line` the same way.

use std::io::Read;

/// The rows of a CSV file after its header row: `Ok((line, record))`, or `Err((line, message))`
/// for a row that is not CSV. A row that is not UTF-8 is read past and the rows after it follow;
/// after any other error the file cannot be read on, and the rows end.
pub(crate) fn rows<R: Read>(reader: csv::Reader<R>) -> Rows<R> {
    Rows { reader, done: false }
}

#[derive(Debug)]
pub(crate) struct Rows<R> {
    reader: csv::Reader<R>,
    done: bool,
}

impl<R: Read> Iterator for Rows<R> {
    type Item = Result<(u64, csv::StringRecord), (u64, String)>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let line = self.reader.position().line();
        let mut record = csv::StringRecord::new();
        match self.reader.read_record(&mut record) {
            Ok(false) => {
                self.done = true;
                None
            }
            Ok(true) => Some(Ok((record.position().map_or(line, csv::Position::line), record))),
            Err(error) => {
                self.done = !matches!(error.kind(), csv::ErrorKind::Utf8 { .. });
                Some(Err((error.position().map_or(line, csv::Position::line), format!("not a CSV row: {error}"))))
            }
        }
    }
}
