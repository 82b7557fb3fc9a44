//! `qantara sql`: a read-only query, printed as a table, CSV or JSON.

use std::cell::RefCell;
use std::io::Write;

use anyhow::{Context, Result};
use rusqlite::types::Value;

use super::{Output, open_existing};
use crate::cli::{RowFormat, SqlArgs};
use qantara::formats::csv_field;
use qantara::store::query::QueryLimits;

/// Rows read before a table's column widths are set: the rest are printed as they come,
/// so that no query's rows are ever held whole.
const TABLE_SAMPLE: usize = 1_000;

/// Runs `qantara sql`: the rows are printed as the query yields them, up to `--limit`,
/// until `--timeout`.
pub fn run(args: SqlArgs) -> Result<()> {
    // A missing database, another program's or one of another version is refused with
    // what to do.
    let store = open_existing(&args.database.db)?;
    let limits = QueryLimits {
        rows: args.limit,
        timeout: args.timeout,
    };
    let out = RefCell::new(Output::create(None)?);
    let printer = RefCell::new(Printer::new(args.format));
    let result = store.read_only_query(
        &args.query,
        limits,
        |columns| {
            printer
                .borrow_mut()
                .columns(columns, &mut *out.borrow_mut())
        },
        |row| printer.borrow_mut().row(row, &mut *out.borrow_mut()),
    );
    let mut out = out.into_inner();
    let printed = printer.into_inner().finish(&mut out);
    result?;
    printed.with_context(|| out.failure())?;
    out.finish()
}

/// Prints rows in a format as they come.
struct Printer {
    format: RowFormat,
    columns: Vec<String>,
    /// Table rows held until the widths are set, and the widths once set.
    sample: Vec<Vec<String>>,
    widths: Option<Vec<usize>>,
    rows: usize,
}

impl Printer {
    fn new(format: RowFormat) -> Printer {
        Printer {
            format,
            columns: Vec::new(),
            sample: Vec::new(),
            widths: None,
            rows: 0,
        }
    }

    fn columns(&mut self, columns: &[String], out: &mut dyn Write) -> std::io::Result<()> {
        self.columns = columns.to_vec();
        match self.format {
            RowFormat::Csv => {
                let header: Vec<String> = columns.iter().map(|c| csv_field(c)).collect();
                writeln!(out, "{}", header.join(","))
            }
            RowFormat::Json => write!(out, "["),
            RowFormat::Table => Ok(()),
        }
    }

    fn row(&mut self, row: &[Value], out: &mut dyn Write) -> std::io::Result<()> {
        self.rows += 1;
        match self.format {
            RowFormat::Csv => {
                let fields: Vec<String> = row.iter().map(|v| csv_field(&text(v))).collect();
                writeln!(out, "{}", fields.join(","))
            }
            RowFormat::Json => {
                // Written field by field, so that the columns keep the query's order.
                let fields: Vec<String> = self
                    .columns
                    .iter()
                    .zip(row)
                    .map(|(name, value)| {
                        format!("{}:{}", serde_json::Value::from(name.as_str()), json(value))
                    })
                    .collect();
                let separator = if self.rows == 1 { "\n  " } else { ",\n  " };
                write!(out, "{separator}{{{}}}", fields.join(","))
            }
            RowFormat::Table => {
                let cells: Vec<String> = row
                    .iter()
                    .map(|v| qantara::text::normalize::single_line(&text(v)))
                    .collect();
                match &self.widths {
                    Some(widths) => table_line(out, &cells, widths),
                    None => {
                        self.sample.push(cells);
                        if self.sample.len() == TABLE_SAMPLE {
                            self.set_widths(out)?;
                        }
                        Ok(())
                    }
                }
            }
        }
    }

    /// Sets a table's widths from the header and the rows held, and prints them.
    fn set_widths(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        let widths: Vec<usize> = (0..self.columns.len())
            .map(|k| {
                self.sample
                    .iter()
                    .map(|row| row[k].chars().count())
                    .chain([self.columns[k].chars().count()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        table_line(out, &self.columns, &widths)?;
        for row in std::mem::take(&mut self.sample) {
            table_line(out, &row, &widths)?;
        }
        self.widths = Some(widths);
        Ok(())
    }

    /// Ends the output: a table's rows held so far, JSON's closing bracket.
    fn finish(mut self, out: &mut dyn Write) -> std::io::Result<()> {
        match self.format {
            RowFormat::Table if self.widths.is_none() && !self.columns.is_empty() => {
                self.set_widths(out)
            }
            RowFormat::Json if self.rows == 0 => writeln!(out, "]"),
            RowFormat::Json => writeln!(out, "\n]"),
            _ => Ok(()),
        }
    }
}

/// One line of a table: the cells padded to the widths, two spaces apart.
fn table_line(out: &mut dyn Write, cells: &[String], widths: &[usize]) -> std::io::Result<()> {
    let padded: Vec<String> = cells
        .iter()
        .zip(widths)
        .map(|(cell, width)| format!("{cell:<width$}"))
        .collect();
    writeln!(out, "{}", padded.join("  ").trim_end())
}

/// A value as text: NULL as nothing, a blob as its size.
fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) => r.to_string(),
        Value::Text(t) => t.clone(),
        Value::Blob(b) => format!("({} bytes)", b.len()),
    }
}

/// A value as JSON: a blob as an array of bytes.
fn json(value: &Value) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Integer(i) => (*i).into(),
        Value::Real(r) => (*r).into(),
        Value::Text(t) => t.clone().into(),
        Value::Blob(b) => b.clone().into(),
    }
}
