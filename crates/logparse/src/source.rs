//! Where a log comes from: a memory-mapped file, or a stream read through a
//! bounded buffer (stdin, a pipe, a `/proc` file, anything that will not map).

use memmap2::Mmap;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The errors of opening and reading a log.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The log could not be opened.
    #[error("cannot open {}: {source}", path.display())]
    Open {
        /// The log.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// Reading failed part way.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The log.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The path names a directory.
    #[error("{} is a directory, not a build log", path.display())]
    Directory {
        /// The path.
        path: PathBuf,
    },
    /// The file is not text: an executable, an archive, an image.
    #[error("{} looks like {kind}, not a build log{hint}", path.display())]
    Binary {
        /// The file.
        path: PathBuf,
        /// What it looks like ("a gzip archive").
        kind: &'static str,
        /// A suggestion, starting with "; " when present.
        hint: &'static str,
    },
}

/// An opened log.
pub enum LogSource {
    /// A regular file, mapped into memory.
    Mapped {
        /// The file's path.
        path: PathBuf,
        /// Its bytes.
        map: Mmap,
    },
    /// Anything read as a stream.
    Stream {
        /// What to call it in messages.
        name: PathBuf,
        /// The bytes.
        reader: Box<dyn Read + Send>,
    },
}

impl LogSource {
    /// Opens `path`, mapping it where possible and checking that it is text.
    ///
    /// # Errors
    ///
    /// When the file cannot be opened, is a directory, or is binary.
    pub fn open(path: &Path) -> Result<LogSource, Error> {
        let open_err = |source| Error::Open {
            path: path.to_path_buf(),
            source,
        };
        let file = File::open(path).map_err(open_err)?;
        let meta = file.metadata().map_err(open_err)?;
        if meta.is_dir() {
            return Err(Error::Directory {
                path: path.to_path_buf(),
            });
        }
        // /proc files report size 0 and pipes cannot be mapped: stream those.
        if !meta.is_file() || meta.len() == 0 {
            return Ok(LogSource::Stream {
                name: path.to_path_buf(),
                reader: Box::new(file),
            });
        }
        match map(&file) {
            Ok(map) => {
                check_text(path, &map[..map.len().min(8192)])?;
                Ok(LogSource::Mapped {
                    path: path.to_path_buf(),
                    map,
                })
            }
            Err(_) => Ok(LogSource::Stream {
                name: path.to_path_buf(),
                reader: Box::new(file),
            }),
        }
    }

    /// Standard input, streamed.
    pub fn stdin() -> LogSource {
        LogSource::Stream {
            name: PathBuf::from("<stdin>"),
            reader: Box::new(io::stdin()),
        }
    }
}

#[allow(unsafe_code)]
fn map(file: &File) -> io::Result<Mmap> {
    // SAFETY: the map is only read. A log truncated by another process while
    // mapped would fault; buildfix reads logs that their writer has closed,
    // which is what rg and every mmap-based reader assume too.
    unsafe { Mmap::map(file) }
}

/// Refuses files that are plainly not logs, naming what they look like.
fn check_text(path: &Path, head: &[u8]) -> Result<(), Error> {
    let magic: &[(&[u8], &'static str, &'static str)] = &[
        (b"\x7fELF", "an ELF executable", ""),
        (b"\x1f\x8b", "a gzip archive", "; try: zcat LOG | buildfix analyze -"),
        (b"PK\x03\x04", "a zip archive", "; unzip it first"),
        (b"\x89PNG", "a PNG image", ""),
        (b"%PDF", "a PDF document", ""),
        (b"\xfd7zXZ", "an xz archive", "; try: xzcat LOG | buildfix analyze -"),
        (
            b"(\xb5/\xfd",
            "a zstd archive",
            "; try: zstdcat LOG | buildfix analyze -",
        ),
    ];
    if crate::decode::Utf16::marked(head).is_some() {
        return Ok(());
    }
    for (prefix, kind, hint) in magic {
        if head.starts_with(prefix) {
            return Err(Error::Binary {
                path: path.to_path_buf(),
                kind,
                hint,
            });
        }
    }
    // Logs may hold a few NULs or control bytes; a binary file is full of them.
    let odd = head
        .iter()
        .filter(|&&b| b == 0 || (b < 0x20 && !b"\t\n\r\x0b\x0c\x1b\x08\x07".contains(&b)))
        .count();
    if head.len() >= 64 && odd * 4 > head.len() {
        return Err(Error::Binary {
            path: path.to_path_buf(),
            kind: "a binary file",
            hint: "",
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_files_are_named() {
        let p = Path::new("x");
        assert!(matches!(
            check_text(p, b"\x1f\x8b\x08\0"),
            Err(Error::Binary {
                kind: "a gzip archive",
                ..
            })
        ));
        assert!(matches!(
            check_text(p, &[0u8; 100]),
            Err(Error::Binary {
                kind: "a binary file",
                ..
            })
        ));
        assert!(check_text(p, b"error: x\0 with one NUL\n\x1b[1m").is_ok());
        // UTF-16, as Windows PowerShell 5 saves a build's output.
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("error: x\r\n".repeat(9).bytes().flat_map(|b| [b, 0]))
            .collect();
        assert!(check_text(p, &utf16).is_ok());
    }
}
