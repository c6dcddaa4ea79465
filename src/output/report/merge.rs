//! Merging replications: each replication's tables folded into running per-cell accumulators in
//! replication order, so a run keeps one set of tables however many replications it makes.
//!
//! Two estimators ([`Ratios`]): the mean of each cell's replication values (Student's t), or,
//! with `ratios = "pooled"`, the ratio of each cell's sums over the replications (the delta
//! method). Both stream; the default keeps one [`Accumulator`] per cell, as it always has.

use crate::input::scenario::Ratios;
use crate::sim::stats::{Accumulator, Estimate, RatioAccumulator};

use super::table::Cell;
use super::{MergedRow, MergedTable, Report, RunInfo, TableKind, Tables};

/// One row's accumulators, one per cell, of the run's estimator.
#[derive(Debug, Clone)]
enum Accumulators {
    Mean(Vec<Accumulator>),
    Pooled(Vec<RatioAccumulator>),
}

impl Accumulators {
    fn new(ratios: Ratios, cells: &[Cell]) -> Self {
        let mut accumulators = match ratios {
            Ratios::ReplicationMean => Accumulators::Mean(vec![Accumulator::default(); cells.len()]),
            Ratios::Pooled => Accumulators::Pooled(vec![RatioAccumulator::default(); cells.len()]),
        };
        accumulators.push(cells);
        accumulators
    }

    fn push(&mut self, cells: &[Cell]) {
        match self {
            Accumulators::Mean(each) => each.iter_mut().zip(cells).for_each(|(a, c)| a.push(c.value())),
            Accumulators::Pooled(each) => {
                each.iter_mut().zip(cells).for_each(|(a, c)| a.push(c.numerator(), c.denominator()))
            }
        }
    }

    fn estimate(&self, column: usize) -> Estimate {
        match self {
            Accumulators::Mean(each) => each[column].estimate(),
            Accumulators::Pooled(each) => each[column].estimate(),
        }
    }

    fn len(&self) -> usize {
        match self {
            Accumulators::Mean(each) => each.len(),
            Accumulators::Pooled(each) => each.len(),
        }
    }

    /// Each cell's sums over the replications, pooled; none for the replication mean.
    fn sums(&self) -> Vec<Cell> {
        match self {
            Accumulators::Mean(_) => Vec::new(),
            Accumulators::Pooled(each) => each
                .iter()
                .map(|a| {
                    let (numerator, denominator) = a.sums();
                    Cell::of(numerator, denominator)
                })
                .collect(),
        }
    }
}

/// One table's rows, with an accumulator per cell.
#[derive(Debug, Clone)]
struct Cells {
    kind: &'static TableKind,
    rows: Vec<(Vec<String>, Accumulators)>,
}

/// The replications folded so far.
#[derive(Debug, Clone)]
pub struct Merging {
    tables: Vec<Cells>,
    replications: u32,
}

impl Merging {
    /// Starts from the first replication's tables (every replication has the same tables and
    /// rows), to be merged by `ratios`.
    pub fn new(first: Tables, ratios: Ratios) -> Self {
        let tables = first
            .0
            .into_iter()
            .map(|table| Cells {
                kind: table.kind,
                rows: table.rows.into_iter().map(|row| (row.labels, Accumulators::new(ratios, &row.values))).collect(),
            })
            .collect();
        Merging { tables, replications: 1 }
    }

    /// Folds the next replication's tables.
    pub fn add(&mut self, next: &Tables) {
        for (cells, table) in self.tables.iter_mut().zip(&next.0) {
            for ((_, accumulators), row) in cells.rows.iter_mut().zip(&table.rows) {
                accumulators.push(&row.values);
            }
        }
        self.replications += 1;
    }

    pub fn replications(&self) -> u32 {
        self.replications
    }

    /// Every cell of table `key` under the columns `figures` (keys of its columns), as
    /// estimates so far, by the run's estimator.
    pub fn estimates<'a>(&'a self, key: &str, figures: &'a [String]) -> impl Iterator<Item = Estimate> + 'a {
        let cells = self.tables.iter().find(|t| t.kind.key == key);
        cells.into_iter().flat_map(move |t| {
            let columns: Vec<usize> = (t.kind.columns.iter().enumerate())
                .filter(|(_, c)| figures.iter().any(|f| f == c.key))
                .map(|(i, _)| i)
                .collect();
            t.rows
                .iter()
                .flat_map(move |(_, accumulators)| columns.clone().into_iter().map(move |c| accumulators.estimate(c)))
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
                        values: (0..accumulators.len()).map(|c| accumulators.estimate(c)).collect(),
                        sums: accumulators.sums(),
                    })
                    .collect(),
            })
            .collect();
        Report { info, tables }
    }
}
