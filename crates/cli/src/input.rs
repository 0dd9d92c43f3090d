//! Reading the CLI's inputs: named files, or `-` for standard input.

use std::fmt;
use std::io::Read;

/// An input as the engine takes it: a name for provenance and its raw bytes
/// (decoding is the engine's job: logs are ANSI, .reg files often UTF-16LE).
pub struct Input {
    pub name: String,
    pub bytes: Vec<u8>,
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
                    .map(|_| buf)
                    .map_err(|source| InputError {
                        path: path.clone(),
                        source,
                    })?
            } else {
                std::fs::read(path).map_err(|source| InputError {
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
