//! Source files, byte spans and the map from file ids to file contents.

use codespan_reporting::files::{self, Files};
use serde::Serialize;
use std::ops::Range;

/// Identifies one file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FileId(u32);

impl FileId {
    /// A file id for sources that are not stored in a [`SourceMap`] (tests, benchmarks).
    pub const DETACHED: FileId = FileId(u32::MAX);
}

/// The size a source text must stay under: its byte offsets are stored in 32 bits.
pub const MAX_SOURCE_LEN: usize = u32::MAX as usize;

/// A half-open byte range `start..end` in one source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    /// Offset of the first byte.
    pub start: u32,
    /// Offset one past the last byte.
    pub end: u32,
}

impl Span {
    /// The span `start..end`. Offsets are stored in 32 bits, which keeps every tree node
    /// small; files are loaded only under [`MAX_SOURCE_LEN`] bytes, so offsets fit (one that did
    /// not would be clamped, never wrapped).
    pub fn new(start: usize, end: usize) -> Span {
        let clamp = |offset: usize| u32::try_from(offset).unwrap_or(u32::MAX);
        Span {
            start: clamp(start),
            end: clamp(end),
        }
    }

    /// The smallest span covering both `self` and `other`.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The span as a `Range`, for slicing the source.
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One loaded source file.
#[derive(Debug)]
struct SourceFile {
    name: String,
    text: String,
    line_starts: Vec<usize>,
}

/// Owns every source file of a compilation and answers line/column questions about them.
///
/// Files whose bytes are not valid UTF-8 are stored with the invalid sequences replaced by
/// U+FFFD, so that a diagnostic about them can still be rendered.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// An empty source map.
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Adds a file with the given display name and text; returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        let text = text.into();
        let line_starts = files::line_starts(&text).collect();
        let id = FileId(u32::try_from(self.files.len()).expect("fewer than 2^32 files"));
        self.files.push(SourceFile {
            name: name.into(),
            text,
            line_starts,
        });
        id
    }

    /// The display name of a file.
    pub fn name(&self, file: FileId) -> &str {
        &self.file(file).name
    }

    /// The text of a file.
    pub fn text(&self, file: FileId) -> &str {
        &self.file(file).text
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, file: FileId, offset: usize) -> (usize, usize) {
        let f = self.file(file);
        let offset = offset.min(f.text.len());
        let line = f.line_starts.partition_point(|&s| s <= offset) - 1;
        let line_start = f.line_starts[line];
        let column = f
            .text
            .get(line_start..offset)
            .map_or_else(|| offset - line_start, |prefix| prefix.chars().count());
        (line + 1, column + 1)
    }

    fn file(&self, file: FileId) -> &SourceFile {
        &self.files[file.0 as usize]
    }
}

impl<'a> Files<'a> for SourceMap {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        self.files
            .get(id.0 as usize)
            .map(|f| f.name.as_str())
            .ok_or(files::Error::FileMissing)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        self.files
            .get(id.0 as usize)
            .map(|f| f.text.as_str())
            .ok_or(files::Error::FileMissing)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, files::Error> {
        let f = self.files.get(id.0 as usize).ok_or(files::Error::FileMissing)?;
        Ok(f.line_starts.partition_point(|&s| s <= byte_index) - 1)
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, files::Error> {
        let f = self.files.get(id.0 as usize).ok_or(files::Error::FileMissing)?;
        let start = *f.line_starts.get(line_index).ok_or(files::Error::LineTooLarge {
            given: line_index,
            max: f.line_starts.len() - 1,
        })?;
        let end = f.line_starts.get(line_index + 1).copied().unwrap_or(f.text.len());
        Ok(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let mut map = SourceMap::new();
        let id = map.add("a.ovm", "ab\ncé d\n");
        assert_eq!(map.line_column(id, 0), (1, 1));
        assert_eq!(map.line_column(id, 3), (2, 1));
        // `d` is after a two-byte character: byte 7, column 4.
        assert_eq!(map.line_column(id, 7), (2, 4));
        assert_eq!(map.line_column(id, 999), (3, 1));
    }
}
