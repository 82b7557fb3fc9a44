//! `qantara sql`: a read-only query, printed as a table, CSV or JSON.

use anyhow::Result;
use rusqlite::types::Value;

use super::{open_existing, write_output};
use crate::cli::{RowFormat, SqlArgs};
use crate::store::query::read_only_query;

/// Runs `qantara sql`.
pub fn run(args: SqlArgs) -> Result<()> {
    // Checked first: a missing database, another program's or one of another version is
    // refused with what to do.
    drop(open_existing(&args.database.db)?);
    let result = read_only_query(&args.database.db, &args.query)?;
    write_output(None, |out| match args.format {
        RowFormat::Table => {
            let cells: Vec<Vec<String>> = result
                .rows
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|v| crate::text::normalize::single_line(&text(v)))
                        .collect()
                })
                .collect();
            let widths: Vec<usize> = result
                .columns
                .iter()
                .enumerate()
                .map(|(k, name)| {
                    cells
                        .iter()
                        .map(|row| row[k].chars().count())
                        .chain([name.chars().count()])
                        .max()
                        .unwrap_or(0)
                })
                .collect();
            let line = |out: &mut dyn std::io::Write, row: &[String]| -> std::io::Result<()> {
                let padded: Vec<String> = row
                    .iter()
                    .zip(&widths)
                    .map(|(cell, width)| format!("{cell:<width$}"))
                    .collect();
                writeln!(out, "{}", padded.join("  ").trim_end())
            };
            line(out, &result.columns)?;
            for row in &cells {
                line(out, row)?;
            }
            Ok(())
        }
        RowFormat::Csv => {
            writeln!(
                out,
                "{}",
                result
                    .columns
                    .iter()
                    .map(|c| csv_field(c))
                    .collect::<Vec<_>>()
                    .join(",")
            )?;
            for row in &result.rows {
                let fields: Vec<String> = row.iter().map(|v| csv_field(&text(v))).collect();
                writeln!(out, "{}", fields.join(","))?;
            }
            Ok(())
        }
        RowFormat::Json => {
            let rows: Vec<serde_json::Map<String, serde_json::Value>> = result
                .rows
                .iter()
                .map(|row| {
                    result
                        .columns
                        .iter()
                        .cloned()
                        .zip(row.iter().map(json))
                        .collect()
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)
        }
    })
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

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}
