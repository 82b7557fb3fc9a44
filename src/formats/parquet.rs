//! Apache Parquet output (arrow-rs), as corpus builders read it with pyarrow, pandas,
//! DuckDB and Hugging Face `datasets`: one row a pair with its alignment, bead, texts,
//! confidence, kind, languages and documents; Snappy-compressed row groups of at most
//! [`ROWS_PER_GROUP`] rows, written as they fill, so memory stays flat however many
//! pairs are written.

use std::io::Write;
use std::sync::Arc;

use arrow_array::{ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;

use super::TranslationUnit;
use crate::text::normalize::single_line;

/// The most rows a row group holds before it is written out.
pub const ROWS_PER_GROUP: usize = 65_536;

/// Writes translation units to a Parquet file as they come.
pub struct ParquetWriter<W: Write + Send> {
    writer: ArrowWriter<W>,
    schema: SchemaRef,
}

/// The columns, in order.
fn schema() -> SchemaRef {
    let text = |name: &str| Field::new(name, DataType::Utf8, false);
    Arc::new(Schema::new(vec![
        Field::new("alignment_id", DataType::Int64, true),
        Field::new("bead", DataType::Int64, false),
        text("source"),
        text("target"),
        Field::new("confidence", DataType::Float64, false),
        text("kind"),
        text("source_lang"),
        text("target_lang"),
        text("source_document"),
        text("target_document"),
    ]))
}

impl<W: Write + Send> ParquetWriter<W> {
    /// Starts a Parquet file on `out`.
    pub fn start(out: W) -> Result<Self, ParquetError> {
        let schema = schema();
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROWS_PER_GROUP))
            .set_created_by(format!("qantara {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer = ArrowWriter::try_new(out, Arc::clone(&schema), Some(properties))?;
        Ok(ParquetWriter { writer, schema })
    }

    /// Writes `units` as rows.
    pub fn write(&mut self, units: &[TranslationUnit]) -> Result<(), ParquetError> {
        if units.is_empty() {
            return Ok(());
        }
        let strings = |field: fn(&TranslationUnit) -> String| -> ArrayRef {
            Arc::new(StringArray::from_iter_values(units.iter().map(field)))
        };
        let columns: Vec<ArrayRef> = vec![
            Arc::new(Int64Array::from_iter(units.iter().map(|u| u.alignment_id))),
            Arc::new(Int64Array::from_iter_values(
                units
                    .iter()
                    .map(|u| i64::try_from(u.bead).unwrap_or(i64::MAX)),
            )),
            strings(|u| single_line(&u.source)),
            strings(|u| single_line(&u.target)),
            Arc::new(Float64Array::from_iter_values(
                units.iter().map(|u| u.confidence),
            )),
            strings(|u| u.kind.clone()),
            strings(|u| u.source_lang.to_owned()),
            strings(|u| u.target_lang.to_owned()),
            strings(|u| u.source_document.to_owned()),
            strings(|u| u.target_document.to_owned()),
        ];
        let batch = RecordBatch::try_new(Arc::clone(&self.schema), columns)?;
        self.writer.write(&batch)
    }

    /// Writes the last row group and the footer; returns the output.
    pub fn finish(self) -> Result<W, ParquetError> {
        self.writer.into_inner()
    }
}
