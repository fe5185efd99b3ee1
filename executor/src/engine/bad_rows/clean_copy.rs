//! Setting malformed rows aside: each object copied to a local clean copy without them (a
//! long record written ahead and taken back once it turns out malformed), and each one listed
//! in the rejects file.

use super::scanner::{Scanner, Step};
use super::{BadRow, SetAside};
use crate::engine::csv_dialect::CsvDialect;
use crate::engine::format::Compression;
use crate::engine::object_reader::{open, read_error};
use crate::error::{Error, Result};
use object_store::{ObjectMeta, ObjectStore};
use std::io::SeekFrom;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::io::{AsyncSeekExt, AsyncWriteExt, BufWriter};

/// [`super::set_aside_bad_rows`] with the spill size to use (small in tests).
pub(super) async fn set_aside_with(
    store: Arc<dyn ObjectStore>,
    objects: &[(ObjectMeta, String)],
    compression: Compression,
    dialect: &CsvDialect,
    clean_dir: &Path,
    rejects: &Path,
    spill: usize,
) -> Result<SetAside> {
    tokio::fs::create_dir_all(clean_dir)
        .await
        .map_err(|source| io_error(clean_dir, source))?;
    if let Some(parent) = rejects.parent().filter(|p| !p.as_os_str().is_empty()) {
        tokio::fs::create_dir_all(parent)
            .await
            .map_err(|source| io_error(parent, source))?;
    }
    let mut rejects_file = Output::create(rejects).await?;
    rejects_file.write(b"object,line,reason,record\n").await?;
    let mut done = SetAside {
        clean_files: Vec::with_capacity(objects.len()),
        kept: 0,
        rejected: 0,
    };
    for (index, (meta, uri)) in objects.iter().enumerate() {
        let path = clean_dir.join(clean_name(index, meta, compression));
        let mut clean = Output::create(&path).await?;
        let input = open(store.as_ref(), meta, uri, compression).await?;
        let mut scanner = Scanner::new(input, dialect, true, spill);
        let mut expected = None;
        loop {
            match scanner.next().await.map_err(|e| read_error(uri, e))? {
                Step::End => break,
                Step::Overflow => {
                    let bytes = scanner.take_overflow();
                    clean.write_ahead(&bytes).await?;
                }
                Step::Record(record) => {
                    let header = dialect.has_header && expected.is_none();
                    let expected = *expected.get_or_insert(record.fields);
                    match record.judge(expected) {
                        None => {
                            clean.keep(scanner.raw()).await?;
                            done.kept += u64::from(!header);
                        }
                        Some(reason) if header => {
                            return Err(Error::Input {
                                uri: uri.clone(),
                                message: format!(
                                    "the header on line {} is malformed: it {reason}",
                                    record.line
                                ),
                            });
                        }
                        Some(reason) => {
                            clean.take_back().await?;
                            let row = BadRow {
                                object: uri.clone(),
                                line: record.line,
                                reason,
                                raw: scanner.bad_raw(),
                            };
                            rejects_file.write(&reject_line(&row)).await?;
                            done.rejected += 1;
                        }
                    }
                }
            }
        }
        clean.finish().await?;
        done.clean_files.push(path);
    }
    rejects_file.finish().await?;
    Ok(done)
}

fn io_error(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// `NNNNN-<name>`: the index keeps names apart and in order; compression suffixes go.
fn clean_name(index: usize, meta: &ObjectMeta, compression: Compression) -> String {
    let name = meta.location.filename().unwrap_or("object");
    let lower = name.to_ascii_lowercase();
    let suffixes: &[&str] = match compression {
        Compression::None => &[],
        Compression::Gzip => &[".gz", ".gzip"],
        Compression::Zstd => &[".zst", ".zstd"],
    };
    let stem = suffixes
        .iter()
        .find(|s| lower.ends_with(*s) && lower.len() > s.len())
        .map_or(name, |s| &name[..name.len() - s.len()]);
    format!("{index:05}-{stem}")
}

/// One line of the rejects file, quoted where needed; the record as text (invalid UTF-8
/// shown as U+FFFD).
fn reject_line(row: &BadRow) -> Vec<u8> {
    let fields = [
        row.object.clone(),
        row.line.to_string(),
        row.reason.to_string(),
        String::from_utf8_lossy(&row.raw).into_owned(),
    ];
    let mut line = Vec::new();
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            line.push(b',');
        }
        if field.contains([',', '"', '\n', '\r']) {
            line.push(b'"');
            line.extend_from_slice(field.replace('"', "\"\"").as_bytes());
            line.push(b'"');
        } else {
            line.extend_from_slice(field.as_bytes());
        }
    }
    line.push(b'\n');
    line
}

/// A local file written through a buffer; a record written ahead can be taken back.
struct Output {
    path: PathBuf,
    writer: BufWriter<tokio::fs::File>,
    written: u64,
    /// Where the record written ahead starts.
    ahead: Option<u64>,
}

impl Output {
    async fn create(path: &Path) -> Result<Output> {
        let file = tokio::fs::File::create(path)
            .await
            .map_err(|source| io_error(path, source))?;
        Ok(Output {
            path: path.to_path_buf(),
            writer: BufWriter::with_capacity(256 * 1024, file),
            written: 0,
            ahead: None,
        })
    }

    async fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.writer
            .write_all(bytes)
            .await
            .map_err(|source| io_error(&self.path, source))?;
        self.written += bytes.len() as u64;
        Ok(())
    }

    /// Writes part of a record not yet judged.
    async fn write_ahead(&mut self, bytes: &[u8]) -> Result<()> {
        self.ahead.get_or_insert(self.written);
        self.write(bytes).await
    }

    /// Writes the rest of a good record.
    async fn keep(&mut self, bytes: &[u8]) -> Result<()> {
        self.ahead = None;
        self.write(bytes).await
    }

    /// Drops what was written ahead of a malformed record.
    async fn take_back(&mut self) -> Result<()> {
        let Some(start) = self.ahead.take() else {
            return Ok(());
        };
        let path = self.path.clone();
        let fail = |source: std::io::Error| io_error(&path, source);
        self.writer.flush().await.map_err(fail)?;
        let file = self.writer.get_mut();
        file.set_len(start).await.map_err(fail)?;
        file.seek(SeekFrom::Start(start)).await.map_err(fail)?;
        self.written = start;
        Ok(())
    }

    async fn finish(mut self) -> Result<()> {
        self.writer
            .flush()
            .await
            .map_err(|source| io_error(&self.path, source))
    }
}
