//! Merging replications: each replication's tables folded into running per-cell accumulators in
//! replication order, so a run keeps one set of tables however many replications it makes.

use crate::sim::stats::Accumulator;

use super::{MergedRow, MergedTable, Report, RunInfo, TableKind, Tables};

/// One table's rows, with an accumulator per cell.
#[derive(Debug, Clone)]
struct Cells {
    kind: &'static TableKind,
    rows: Vec<(Vec<String>, Vec<Accumulator>)>,
}

/// The replications folded so far.
#[derive(Debug, Clone)]
pub struct Merging {
    tables: Vec<Cells>,
    replications: u32,
}

impl Merging {
    /// Starts from the first replication's tables (every replication has the same tables and rows).
    pub fn new(first: Tables) -> Self {
        let tables = first
            .0
            .into_iter()
            .map(|table| Cells {
                kind: table.kind,
                rows: table
                    .rows
                    .into_iter()
                    .map(|row| (row.labels, row.values.iter().map(|&v| accumulated(v)).collect()))
                    .collect(),
            })
            .collect();
        Merging { tables, replications: 1 }
    }

    /// Folds the next replication's tables.
    pub fn add(&mut self, next: &Tables) {
        for (cells, table) in self.tables.iter_mut().zip(&next.0) {
            for ((_, accumulators), row) in cells.rows.iter_mut().zip(&table.rows) {
                accumulators.iter_mut().zip(&row.values).for_each(|(a, &v)| a.push(v));
            }
        }
        self.replications += 1;
    }

    pub fn replications(&self) -> u32 {
        self.replications
    }

    /// Every cell of table `key` under the columns at `columns`, as estimates so far.
    pub fn estimates<'a>(
        &'a self,
        key: &str,
        columns: &'a [usize],
    ) -> impl Iterator<Item = crate::sim::stats::Estimate> + 'a {
        let cells = self.tables.iter().find(|t| t.kind.key == key);
        cells.into_iter().flat_map(move |t| {
            t.rows.iter().flat_map(move |(_, accumulators)| columns.iter().map(move |&c| accumulators[c].estimate()))
        })
    }

    /// The report of the replications folded.
    pub fn finish(self, info: RunInfo) -> Report {
        let tables = self
            .tables
            .into_iter()
            .map(|cells| MergedTable {
                kind: cells.kind,
                rows: cells
                    .rows
                    .into_iter()
                    .map(|(labels, accumulators)| MergedRow {
                        labels,
                        values: accumulators.iter().map(Accumulator::estimate).collect(),
                    })
                    .collect(),
            })
            .collect();
        Report { info, tables }
    }
}

fn accumulated(value: f64) -> Accumulator {
    let mut accumulator = Accumulator::default();
    accumulator.push(value);
    accumulator
}
