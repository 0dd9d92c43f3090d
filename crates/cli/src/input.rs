//! Reading the CLI's inputs: named files, or `-` for standard input.

use std::fmt;
use std::fs::File;
use std::io::Read;

/// Files at least this large are memory-mapped: reading them into a buffer
/// would copy every byte once more before parsing starts.
const MAP_BYTES: u64 = 1024 * 1024;

/// An input's raw bytes, read or mapped.
pub enum Bytes {
    Read(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl Bytes {
    pub fn as_slice(&self) -> &[u8] {
        match self {
            Bytes::Read(bytes) => bytes,
            Bytes::Mapped(map) => map,
        }
    }
}

/// An input as the engine takes it: a name for provenance and its raw bytes
/// (decoding is the engine's job: logs are ANSI, .reg files often UTF-16LE).
pub struct Input {
    pub name: String,
    pub bytes: Bytes,
}

/// A file's bytes: mapped when it is a large regular file, else read.
fn read_file(path: &str) -> std::io::Result<Bytes> {
    let mut file = File::open(path)?;
    let meta = file.metadata()?;
    if meta.is_file() && meta.len() >= MAP_BYTES {
        // SAFETY: the map is read-only and lives as long as the input. Its
        // bytes are trusted not to change while kbwiz runs: the engine checks
        // them as UTF-8 once and then reads them as `&str`. SMS appends to a
        // live log and rolls it over by renaming it, neither of which touches
        // the mapped range; a file truncated or rewritten in place by another
        // process while kbwiz reads it would fault (SIGBUS) or break that
        // check. ripgrep takes the same trade for the same reason; read a log
        // that is being rewritten from a copy (or `-`, standard input).
        if let Ok(map) = unsafe { memmap2::MmapOptions::new().populate().map(&file) } {
            return Ok(Bytes::Mapped(map));
        }
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.read_to_end(&mut bytes)?;
    Ok(Bytes::Read(bytes))
}

/// An I/O failure with the path it concerns.
#[derive(Debug)]
pub struct InputError {
    pub path: String,
    pub source: std::io::Error,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read {}: {}", self.path, self.source)
    }
}

impl std::error::Error for InputError {}

/// Read every path (`-` is standard input) in order.
pub fn read_all(paths: &[String]) -> Result<Vec<Input>, InputError> {
    paths
        .iter()
        .map(|path| {
            let bytes = if path == "-" {
                let mut buf = Vec::new();
                std::io::stdin()
                    .read_to_end(&mut buf)
                    .map(|_| Bytes::Read(buf))
                    .map_err(|source| InputError {
                        path: path.clone(),
                        source,
                    })?
            } else {
                read_file(path).map_err(|source| InputError {
                    path: path.clone(),
                    source,
                })?
            };
            Ok(Input {
                name: path.clone(),
                bytes,
            })
        })
        .collect()
}

/// The inputs as the engine takes them: `(name, bytes)` pairs.
pub fn as_refs(inputs: &[Input]) -> Vec<(&str, &[u8])> {
    inputs
        .iter()
        .map(|i| (i.name.as_str(), i.bytes.as_slice()))
        .collect()
}
