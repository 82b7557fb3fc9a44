//! Where commands write their results: standard output, or a file that is written whole
//! or not at all, and never onto the database or an input of the run.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// A command's output: standard output, or a temporary file beside the named one that
/// [`Output::finish`] renames into place (so a failed run leaves no half file, and an
/// existing file stays as it was until the new one is whole), or what the path names
/// when it is no regular file (`/dev/null`, a pipe), written as it is: renaming a file
/// onto a device would replace the device.
pub enum Output {
    /// Standard output.
    Stdout(BufWriter<std::io::Stdout>),
    /// A device or a pipe, and its path.
    Stream(BufWriter<File>, PathBuf),
    /// A file being written.
    File {
        /// The temporary file written.
        writer: BufWriter<File>,
        /// Its path, removed if the output is dropped before it is renamed.
        temporary: PathBuf,
        /// The path it is renamed to.
        path: PathBuf,
        /// Whether it has been renamed into place.
        renamed: bool,
    },
}

impl Output {
    /// The output for `path`: standard output when there is none or it is `-`.
    pub fn create(path: Option<&Path>) -> Result<Output> {
        let Some(path) = path.filter(|path| *path != Path::new("-")) else {
            return Ok(Output::Stdout(BufWriter::new(std::io::stdout())));
        };
        let cannot = || format!("cannot write {}", path.display());
        if is_stream(path) {
            let stream = File::options()
                .write(true)
                .open(path)
                .with_context(cannot)?;
            return Ok(Output::Stream(BufWriter::new(stream), path.to_owned()));
        }
        // Through a link, the file it names is replaced, and the link kept.
        let resolved = path.canonicalize().ok();
        let path = resolved.as_deref().unwrap_or(path);
        let name = path
            .file_name()
            .with_context(|| format!("cannot write {}: it names no file", path.display()))?;
        let temporary = path.with_file_name(format!(
            ".{}.qantara-{}.tmp",
            name.to_string_lossy(),
            std::process::id()
        ));
        let file = File::create(&temporary).with_context(cannot)?;
        Ok(Output::File {
            writer: BufWriter::new(file),
            temporary,
            path: path.to_owned(),
            renamed: false,
        })
    }

    /// Writes the whole output with `write` and puts it in place (see [`Output::finish`]).
    pub fn write_whole(
        mut self,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<()> {
        write(&mut self).with_context(|| self.failure())?;
        self.finish()
    }

    /// Flushes the output and, for a file, puts it in place of the named one.
    pub fn finish(mut self) -> Result<()> {
        self.flush().with_context(|| self.failure())?;
        if let Output::File {
            temporary,
            path,
            renamed,
            ..
        } = &mut self
        {
            std::fs::rename(&*temporary, &*path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            *renamed = true;
        }
        Ok(())
    }

    /// The message for a failed write.
    pub fn failure(&self) -> String {
        match self {
            Output::Stdout(_) => "cannot write to standard output".to_owned(),
            Output::Stream(_, path) => format!("cannot write {}", path.display()),
            Output::File { path, .. } => format!("cannot write {}", path.display()),
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Output::Stdout(out) => out.write(buf),
            Output::Stream(out, _) => out.write(buf),
            Output::File { writer, .. } => writer.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Output::Stdout(out) => out.flush(),
            Output::Stream(out, _) => out.flush(),
            Output::File { writer, .. } => writer.flush(),
        }
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if let Output::File {
            temporary,
            renamed: false,
            ..
        } = self
        {
            let _ = std::fs::remove_file(temporary);
        }
    }
}

/// Whether `path` names something other than a regular file that exists: a device or
/// a pipe (`/dev/null`), written as it is.
pub fn is_stream(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|metadata| !metadata.is_file())
}

/// Refuses an output path that is the database `database` (or its `-wal` and `-shm`
/// files, existing or not) or one of `inputs`, by identity (the same file through any
/// path or link), before anything is written.
pub fn refuse_overwriting(
    output: Option<&Path>,
    database: Option<&Path>,
    inputs: &[&Path],
) -> Result<()> {
    let Some(output) = output.filter(|path| *path != Path::new("-")) else {
        return Ok(());
    };
    if let Some(database) = database {
        let journals = ["", "-wal", "-shm"]
            .map(|suffix| PathBuf::from(format!("{}{suffix}", database.display())));
        if journals
            .iter()
            .any(|kept| is_same_file(output, kept) || is_same_place(output, kept))
        {
            bail!(
                "{} is the database {}: write the output to another file",
                output.display(),
                database.display()
            );
        }
    }
    if let Some(input) = inputs.iter().find(|input| is_same_file(output, input)) {
        bail!(
            "{} is the input {}: write the output to another file",
            output.display(),
            input.display()
        );
    }
    Ok(())
}

/// True when the two paths name the same entry of the same folder, whether or not it
/// exists (a database's `-wal` file comes and goes).
fn is_same_place(a: &Path, b: &Path) -> bool {
    let place = |path: &Path| {
        let folder = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.canonicalize().ok(),
            _ => std::env::current_dir().ok(),
        };
        folder.zip(path.file_name().map(ToOwned::to_owned))
    };
    matches!((place(a), place(b)), (Some(x), Some(y)) if x == y)
}

/// True when the two paths name one existing file.
fn is_same_file(a: &Path, b: &Path) -> bool {
    let (Ok(first), Ok(second)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        first.dev() == second.dev() && first.ino() == second.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (first, second);
        a.canonicalize().ok() == b.canonicalize().ok()
    }
}
