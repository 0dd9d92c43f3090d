//! What a `STATMSG` line shares with the one before it, remembered from one
//! line to the next: its middle keys ([`Head`]) and its attribute keys up to
//! the last value ([`Tail`]).
//!
//! A component writes `LEV=M SOURCE="SMS Server" COMP="SMS_DISTRIBUTION_MANAGER"
//! SYS=CENTRAL1 SITE=CEN PID=312 TID=1288 GMTDATE=` the same way on every
//! status message a thread raises; only the ID and severity before it and the
//! date and insertion strings after it change, so those seven values need
//! not be read one at a time on every line. [`Head`] keeps the last
//! line's bytes from `LEV=` to `GMTDATE=` and where each value lay in them: a
//! line with the same bytes there has the same values at the same places.
//!
//! Why that holds: the fast path's reading of each of the seven values
//! consults only bytes from the value's start up to the `=` of the key that
//! follows it (it looks for the first possible end, then compares the next
//! key; every search stops at its first hit), and for TID that key is
//! `GMTDATE=`, the end of the remembered bytes. Nothing before `LEV=` and
//! nothing after `GMTDATE=` takes part, so equal bytes give an equal reading.
//!
//! The same holds for `NUMATTRS=1 AID0=400 AVAL0=`: every value in it ends
//! at the key that follows it, and the last `AVALn=` ends the remembered
//! bytes; only the last value, which runs to the end of the line, is read.
//! Property tests in `statmsg/mod.rs` compare reading with and without the
//! memo, and so do the differential tests of the scanner's two readings.

use crate::parse::cache::dates::DateMemo;
use crate::parse::cache::swar;

/// What one input's status messages remember from line to line: the date
/// words of the last `GMTDATE`, and the last line's middle and attribute keys.
#[derive(Debug, Default)]
pub(crate) struct Memo {
    pub(super) dates: DateMemo,
    pub(super) head: Head,
    pub(super) tail: Tail,
}

/// The first of the remembered keys in SMS's order (`LEV`, after `ID` and `SEV`).
pub(super) const FIRST: usize = 2;
/// How many keys are remembered: `LEV SOURCE COMP SYS SITE PID TID`.
pub(super) const COUNT: usize = 7;

/// Where a value lies, from the start of the remembered bytes.
pub(super) type Span = (usize, usize);

/// Does `bytes[at..]` start with `remembered` (never for nothing remembered
/// yet)? The one check both memos stand on.
fn found_at(remembered: &[u8], bytes: &[u8], at: usize) -> bool {
    !remembered.is_empty() && swar::starts_at(bytes, at, remembered)
}

/// The last fast-path line's bytes from `LEV=` to `GMTDATE=` and its values.
#[derive(Debug, Default)]
pub(super) struct Head {
    /// Empty until a line has been read.
    bytes: Vec<u8>,
    spans: [Span; COUNT],
    /// Where `GMTDATE=` starts in `bytes`.
    gmtdate: usize,
}

impl Head {
    /// The spans of the seven values if `bytes[at..]` starts with the bytes
    /// remembered (`at` is where `LEV=` starts), and where `GMTDATE=` starts,
    /// all from `at`.
    pub fn recall(&self, bytes: &[u8], at: usize) -> Option<(&[Span; COUNT], usize)> {
        found_at(&self.bytes, bytes, at).then_some((&self.spans, self.gmtdate))
    }

    /// Remember `bytes` (from `LEV=` to `GMTDATE=`, which starts at
    /// `gmtdate`) and where the values lie.
    pub fn remember(&mut self, bytes: &[u8], spans: [Span; COUNT], gmtdate: usize) {
        self.bytes.clear();
        self.bytes.extend_from_slice(bytes);
        self.spans = spans;
        self.gmtdate = gmtdate;
    }
}

/// The last fast-path line's bytes from `NUMATTRS=` to its last `AVALn=`, and
/// what was read from them.
#[derive(Debug, Default)]
pub(super) struct Tail {
    /// Empty until a line with attributes has been read.
    bytes: Vec<u8>,
    /// The number of attribute pairs (at least one).
    pub attrs: usize,
    /// The `AIDn` values, as read.
    pub aids: Vec<Option<u32>>,
    /// Where each `AVALn` value but the last lies.
    pub avals: Vec<Span>,
    /// Where the last `AVALn=` starts in `bytes`.
    last_aval: usize,
}

impl Tail {
    /// This memo, if `bytes[at..]` starts with the bytes remembered (`at` is
    /// where `NUMATTRS=` starts), and where the last `AVALn=` starts, from `at`.
    pub fn recall(&self, bytes: &[u8], at: usize) -> Option<(&Self, usize)> {
        found_at(&self.bytes, bytes, at).then_some((self, self.last_aval))
    }

    /// Remember `bytes` (from `NUMATTRS=` to the last `AVALn=`, which starts
    /// at `last_aval`) and what was read from them.
    pub fn remember(
        &mut self,
        bytes: &[u8],
        last_aval: usize,
        aids: &[Option<u32>],
        avals: &[Span],
    ) {
        self.bytes.clear();
        self.bytes.extend_from_slice(bytes);
        self.last_aval = last_aval;
        self.attrs = aids.len();
        self.aids.clear();
        self.aids.extend_from_slice(aids);
        self.avals.clear();
        self.avals.extend_from_slice(avals);
    }
}
