//! Reading an input and diagnosing it in steps, for a shell that must give
//! its page a turn between steps. The web app reads a dropped 100 MB log on
//! the page's own thread; done in one go, matching the articles' declared
//! lines alone held the page for half a second after the last byte was read.
//!
//! Each step is a bounded piece of work (a chunk of text, one article's
//! tree). Between steps the engine awaits the future the shell's `turn`
//! gives it: there the browser paints and handles clicks, and the future's
//! answer says whether to go on, so the admin can cancel. The engine holds
//! no timer and no runtime; the futures are the shell's. A shell that needs
//! no turns (the tests, the benchmarks) gives ready futures and drives the
//! whole read with [`run_ready`].
//!
//! The results are the engine's usual ones: [`read_input`] gives what
//! [`crate::parse::parse_input`] and [`crate::api::complete_input`] give
//! together, and [`diagnose`] what [`crate::tree::diagnose`] gives
//! (`tests/steps.rs` compares them on every scenario and at several step
//! sizes).

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use crate::api::{ModelCalibrating, ModelCalibration, SimulateError};
use crate::evidence::{Enricher, Entry, Evidence, InputLines, InputReport, LineMatcher};
use crate::kb::{Article, Kb};
use crate::parse::{chunk_end, line_piece_end, push_line_ranges, Decoding, Scanner};
use crate::summary::{Summariser, Summary, Timeline, TimelineRows};
use crate::tree::index::FactIndex;
use crate::tree::Finding;
use std::borrow::Cow;
use std::cell::Cell;

/// What the shell's turn answers: go on, or stop (the admin cancelled).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Turn {
    Go,
    Stop,
}

/// How far a stepwise read is: `done` of `total` bytes of decoded text
/// scanned (0 while the text is still being decoded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// One input read whole: its decoded text, the parsers' report, its
/// complete evidence (the parsers' facts, the declared lines' facts,
/// enriched from the KB) and its log entries.
#[derive(Debug)]
pub struct ReadInput {
    pub text: String,
    pub report: InputReport,
    pub evidence: Vec<Evidence>,
    pub entries: Vec<Entry>,
}

/// Plain ASCII is checked and copied this many steps' worth at a time: a
/// copy is about ten times faster than a scan of the same bytes.
const COPY_STEPS: usize = 8;

/// What a shell's source of an input's bytes gives next ([`read_pieces`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'b> {
    /// The next bytes of the input (the shell's copy, or a slice of bytes
    /// it holds).
    Bytes(Cow<'b, [u8]>),
    /// That was all of it.
    End,
    /// Stop reading (the admin cancelled, or the browser failed to read):
    /// nothing of the input is kept.
    Stop,
}

/// Read input `name` from its raw `bytes` against `kb`, scanning about
/// `step` bytes of text between two turns: [`read_pieces`] over `bytes`
/// handed on [`COPY_STEPS`] steps at a time. `None` when a turn said
/// [`Turn::Stop`]: nothing of the input is kept.
pub async fn read_input<F>(
    name: &str,
    bytes: &[u8],
    kb: &Kb,
    step: usize,
    turn: impl FnMut(Progress) -> F,
) -> Option<ReadInput>
where
    F: Future<Output = Turn>,
{
    let piece = step.max(1).saturating_mul(COPY_STEPS);
    let mut pieces = bytes.chunks(piece);
    let next = || {
        std::future::ready(
            pieces
                .next()
                .map_or(Piece::End, |p| Piece::Bytes(Cow::Borrowed(p))),
        )
    };
    read_pieces(name, bytes.len(), kb, step, next, turn).await
}

/// Read input `name` of `size` bytes against `kb` as its bytes come, from
/// the futures `next` gives (a file read as a stream), scanning about
/// `step` bytes of text between two turns. `None` when a piece said
/// [`Piece::Stop`] or a turn said [`Turn::Stop`]: nothing is kept.
///
/// The text is decoded as the bytes come ([`Decoding`]): plain ASCII (nearly
/// every log) is scanned while later pieces are still being read; an input
/// with a BOM, in UTF-16 or with bytes beyond ASCII is decoded from its
/// first such piece to the end in one step once the last piece is there,
/// as the decoder must see it whole to choose between UTF-8 and
/// Windows-1252. A log of plain ASCII is held once, as its text.
pub async fn read_pieces<'b, P, F>(
    name: &str,
    size: usize,
    kb: &Kb,
    step: usize,
    mut next: impl FnMut() -> P,
    mut turn: impl FnMut(Progress) -> F,
) -> Option<ReadInput>
where
    P: Future<Output = Piece<'b>>,
    F: Future<Output = Turn>,
{
    let step = step.max(1);
    let mut decoding = Decoding::with_capacity(size);
    let matcher = LineMatcher::new(kb);
    let mut enricher = Enricher::new(kb);
    let (mut evidence, mut entries) = (Vec::new(), Vec::new());
    // The bytes of text fed so far, the current chunk included, and the
    // text's whole length as best known (the input's size until decoded).
    let (fed, total) = (Cell::new(0), Cell::new(size));
    let mut keep = |batch: &mut Vec<Evidence>, batch_entries: &mut Vec<Entry>| {
        append_for_rest(&mut evidence, batch, 0, fed.get(), total.get());
        append_for_rest(&mut entries, batch_entries, 0, fed.get(), total.get());
    };
    let mut batches = InputBatches::new(name, size, size, &matcher);
    let mut read = 0;
    // The first steps are shorter (a quarter, then a half): the scanning
    // code runs cold in them, and the first took 46 ms of a page's task
    // for a 1 MiB step, against some 10 ms for the steps after it
    // (`docs/performance.md`).
    let mut this_step = (step / 4).max(1);
    loop {
        match next().await {
            Piece::Bytes(bytes) => {
                read += bytes.len();
                decoding.push(&bytes);
            }
            Piece::End => {
                decoding.end();
                total.set(decoding.text().len());
            }
            Piece::Stop => return None,
        }
        let text = decoding.text();
        let mut scanned = false;
        while fed.get() < text.len() {
            let end = chunk_end(text, fed.get(), this_step);
            fed.set(end);
            batches.feed(text, end, &mut enricher, &mut keep);
            scanned = true;
            this_step = this_step.saturating_mul(2).min(step);
            // After the last chunk too: a shell's bar then shows the whole
            // input read, and a cancel pressed meanwhile is still heard.
            let progress = Progress {
                done: end,
                total: total.get().max(text.len()),
            };
            if turn(progress).await == Turn::Stop {
                return None;
            }
        }
        if decoding.ended() {
            break;
        }
        // A piece held for the end (or too short to tell the start's
        // encoding by) is a step of its own: nothing was scanned.
        if !scanned
            && turn(Progress {
                done: fed.get(),
                total: total.get(),
            })
            .await
                == Turn::Stop
        {
            return None;
        }
    }
    batches.set_input_bytes(read);
    let text = decoding.into_text();
    let report = batches.finish(&text, &mut enricher, &mut keep);
    Some(ReadInput {
        text,
        report,
        evidence,
        entries,
    })
}

/// Append `batch` to `list`, whose items from `from` on are what the first
/// `done` of `total` bytes of an input gave. When `list` must grow, it
/// grows to hold what the whole input would give at the rate so far, an
/// eighth more for a margin, and at least by half: a log of even density
/// is then copied once, early, while its list is small, instead of at
/// every doubling. Doubling copied a 100 MiB log's facts and entries in
/// steps of up to 49 ms on a CPU slowed 2x, the longest task the page had
/// while reading (`docs/performance.md`).
pub(crate) fn append_for_rest<T>(
    list: &mut Vec<T>,
    batch: &mut Vec<T>,
    from: usize,
    done: usize,
    total: usize,
) {
    let needed = list.len().saturating_add(batch.len());
    if needed > list.capacity() {
        let rate = total as f64 / done.clamp(1, total.max(1)) as f64;
        let this_input = needed.saturating_sub(from);
        let projected = from.saturating_add((this_input as f64 * rate) as usize);
        let wanted = projected
            .saturating_add(projected.saturating_sub(from) / 8)
            .max(list.capacity().saturating_add(list.capacity() / 2))
            .max(needed);
        list.reserve_exact(wanted - list.len());
    }
    list.append(batch);
}

/// [`crate::tree::diagnose`] a step at a time ([`crate::tree::Diagnosing`]:
/// a slice of the facts indexed, or one article's tree walked), with a turn
/// after each (a shell can let most turns pass at once and yield only when
/// its time is up). The findings, strongest first, and the index of the
/// facts made on the way (a wizard session can keep it); `None` when a turn
/// said [`Turn::Stop`].
pub async fn diagnose<F>(
    evidence: &[Evidence],
    kb: &Kb,
    mut turn: impl FnMut(Progress) -> F,
) -> Option<(Vec<Finding>, FactIndex)>
where
    F: Future<Output = Turn>,
{
    let mut diagnosis = crate::tree::Diagnosing::new(evidence, kb);
    let total = diagnosis.steps_left();
    let mut done = 0;
    while diagnosis.step() {
        done += 1;
        if turn(Progress { done, total }).await == Turn::Stop {
            return None;
        }
    }
    Some(diagnosis.finish())
}

/// [`crate::summary::summarise`] `step` facts at a time, with a turn after
/// each piece; `None` when a turn said [`Turn::Stop`]. Its progress counts
/// the facts grouped.
pub async fn summarise<F>(
    evidence: &[Evidence],
    article: &Article,
    step: usize,
    mut turn: impl FnMut(Progress) -> F,
) -> Option<Summary>
where
    F: Future<Output = Turn>,
{
    let mut summariser = Summariser::new(article);
    let read = slice_by_slice(evidence.len(), step, &mut turn, |slice| {
        summariser.add(evidence, slice);
    });
    read.await.then(|| summariser.finish())
}

/// Hand `each` the range `0..total` in slices of `step` (at least 1), in
/// order, with a turn after each whose progress is the slice's end; false
/// when a turn said [`Turn::Stop`].
async fn slice_by_slice<F>(
    total: usize,
    step: usize,
    turn: &mut impl FnMut(Progress) -> F,
    mut each: impl FnMut(std::ops::Range<usize>),
) -> bool
where
    F: Future<Output = Turn>,
{
    let step = step.max(1);
    let mut done = 0;
    while done < total {
        let end = done.saturating_add(step).min(total);
        each(done..end);
        done = end;
        if turn(Progress { done, total }).await == Turn::Stop {
            return false;
        }
    }
    true
}

/// [`crate::api::calibrate_model`] `step` facts at a time, with a turn after
/// each slice; `None` when a turn said [`Turn::Stop`]. Its progress counts
/// the facts read. What the slices gather is then read in one piece: a few
/// words per failure or fan-out message, or the article's log-line facts.
/// Over the 100 MiB bench log's 300,000 facts in one step, the first
/// calibration took 37 ms in wasm under Node 20 (9 ms once its code was
/// warm), and the site, which makes it once, is where CI on slow hosts saw
/// tasks of 53 to 54 ms after a verdict.
pub async fn calibrate<F>(
    evidence: &[Evidence],
    kb: &Kb,
    article: Option<&str>,
    step: usize,
    mut turn: impl FnMut(Progress) -> F,
) -> Option<Result<ModelCalibration, SimulateError>>
where
    F: Future<Output = Turn>,
{
    let mut calibrating = match ModelCalibrating::new(evidence, kb, article) {
        Ok(c) => c,
        Err(e) => return Some(Err(e)),
    };
    let read = slice_by_slice(evidence.len(), step, &mut turn, |slice| {
        calibrating.add(&evidence[slice]);
    });
    read.await.then(|| Ok(calibrating.finish()))
}

/// The merged [`Timeline`] of `inputs` (each input's entries and
/// evidence), with a turn after each bounded piece of work: `step` facts
/// or entries gathered, a run of `step` rows sorted, or `step` rows of two
/// sorted runs merged; `None` when a turn said [`Turn::Stop`]. The runs
/// are merged in pairs, stably, so the order is the one a single stable
/// sort of all rows gives ([`Timeline::of`] is this call with one run).
///
/// Its progress counts pieces of work; `total` is worked out before the
/// rows are gathered, from every fact and entry (an entry a status message
/// stands for makes no row), so `done` may end short of it.
pub async fn timeline<F>(
    inputs: &[(&[Entry], &[Evidence])],
    step: usize,
    mut turn: impl FnMut(Progress) -> F,
) -> Option<Timeline>
where
    F: Future<Output = Turn>,
{
    let step = step.max(1);
    let items: usize = inputs.iter().map(|(en, ev)| en.len() + ev.len()).sum();
    // Gathered, sorted in runs, then one merge pass per doubling of a run.
    let passes = items.div_ceil(step).next_power_of_two().trailing_zeros() as usize;
    let mut progress = Progress {
        done: 0,
        total: items.saturating_mul(passes + 2),
    };
    let mut rows = TimelineRows::default();
    for (input, (entries, evidence)) in inputs.iter().enumerate() {
        rows.begin_input();
        for start in (0..evidence.len()).step_by(step) {
            let end = start.saturating_add(step).min(evidence.len());
            rows.add_messages(input, evidence, start..end);
            progress.done += end - start;
            if turn(progress).await == Turn::Stop {
                return None;
            }
        }
        rows.messages_done();
        for start in (0..entries.len()).step_by(step) {
            let end = start.saturating_add(step).min(entries.len());
            rows.add_entries(input, entries, start..end);
            progress.done += end - start;
            if turn(progress).await == Turn::Stop {
                return None;
            }
        }
    }
    let keys = rows.keys();
    let n = keys.len();
    let mut order: Vec<usize> = (0..n).collect();
    for run in order.chunks_mut(step) {
        run.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
        progress.done += run.len();
        if turn(progress).await == Turn::Stop {
            return None;
        }
    }
    // Merge runs of `width` in pairs into `merged`, `step` rows between
    // turns; equal keys take the left run's row first (stable).
    let mut merged = vec![0usize; if n > step { n } else { 0 }];
    let mut width = step;
    while width < n {
        for start in (0..n).step_by(width.saturating_mul(2)) {
            let mid = start.saturating_add(width).min(n);
            let end = mid.saturating_add(width).min(n);
            if mid == end || keys[order[mid - 1]] <= keys[order[mid]] {
                // In order already (a log's rows mostly are): copied.
                merged[start..end].copy_from_slice(&order[start..end]);
                progress.done += end - start;
                continue;
            }
            let (mut left, mut right, mut at) = (start, mid, start);
            while at < end {
                let (piece_start, piece_end) = (at, at.saturating_add(step).min(end));
                while at < piece_end {
                    let take_left =
                        right == end || (left < mid && keys[order[left]] <= keys[order[right]]);
                    merged[at] = if take_left {
                        left += 1;
                        order[left - 1]
                    } else {
                        right += 1;
                        order[right - 1]
                    };
                    at += 1;
                }
                progress.done += piece_end - piece_start;
                if turn(progress).await == Turn::Stop {
                    return None;
                }
            }
        }
        std::mem::swap(&mut order, &mut merged);
        width = width.saturating_mul(2);
    }
    Some(rows.into_timeline(order))
}

/// The byte ranges of `text`'s lines ([`crate::parse::Lines`]), about
/// `step` bytes of text indexed between two turns; `None` when a turn said
/// [`Turn::Stop`]. Its progress counts bytes.
pub async fn line_ranges<F>(
    text: &str,
    step: usize,
    mut turn: impl FnMut(Progress) -> F,
) -> Option<Vec<(usize, usize)>>
where
    F: Future<Output = Turn>,
{
    let mut ranges = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let end = line_piece_end(text, at, step);
        push_line_ranges(&text[at..end], at, &mut ranges);
        at = end;
        let progress = Progress {
            done: at,
            total: text.len(),
        };
        if turn(progress).await == Turn::Stop {
            return None;
        }
    }
    Some(ranges)
}

/// Run `future` to its end, polling it again at once whenever it is
/// pending: for a stepwise call whose turns are all ready (tests,
/// benchmarks, a shell with no page to keep alive). A future that waits on
/// something else would spin here; the turns given to it must not.
pub fn run_ready<T>(future: impl Future<Output = T>) -> T {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
            return value;
        }
    }
}

/// One input's facts as its decoded text is fed a chunk at a time: the
/// parsers' facts settled so far, joined in line order by the facts of the
/// articles' declared lines the entries hold, and enriched from the KB.
/// What [`crate::api::ScanStream`] hands on batch by batch and
/// [`read_input`] keeps.
pub(crate) struct InputBatches<'m> {
    scanner: Scanner,
    lines: InputLines<'m>,
    /// Bytes of the text fed so far.
    fed: usize,
    evidence: Vec<Evidence>,
    entries: Vec<Entry>,
    /// The declared lines' facts of a batch, then the batch merged: kept,
    /// with their capacity, from batch to batch.
    found: Vec<Evidence>,
    merged: Vec<Evidence>,
}

impl<'m> InputBatches<'m> {
    /// A reader of input `name` of `raw_bytes` bytes, whose text is about
    /// `text_len` bytes long, matching `matcher`'s lines.
    pub fn new(name: &str, text_len: usize, raw_bytes: usize, matcher: &'m LineMatcher) -> Self {
        let mut scanner = Scanner::new(name, text_len);
        scanner.set_input_bytes(raw_bytes);
        InputBatches {
            scanner,
            lines: matcher.input(name),
            fed: 0,
            evidence: Vec::new(),
            entries: Vec::new(),
            found: Vec::new(),
            merged: Vec::new(),
        }
    }

    /// The input's size in bytes, for its report, when known only at the
    /// end of a read.
    pub fn set_input_bytes(&mut self, bytes: usize) {
        self.scanner.set_input_bytes(bytes);
    }

    /// Feed the text up to `end` (past what was fed before): `text` is the
    /// input's text as decoded so far, which may grow between calls.
    /// Hands `batch` the facts and the entries it settled (either may be
    /// empty; `batch` may take them).
    pub fn feed(
        &mut self,
        text: &str,
        end: usize,
        enricher: &mut Enricher<'_>,
        batch: &mut impl FnMut(&mut Vec<Evidence>, &mut Vec<Entry>),
    ) {
        self.scanner.feed(&text[self.fed..end]);
        self.fed = end;
        self.scanner
            .drain_into(&mut self.evidence, &mut self.entries);
        self.lines.entries(text, &self.entries, &mut self.found);
        hand_on(
            enricher,
            &mut self.evidence,
            &mut self.found,
            &mut self.merged,
            &mut self.entries,
            batch,
        );
    }

    /// Close the input, whose whole text is `text` (all of it fed): the
    /// last facts and entries, the declared lines after the last entry,
    /// then one fact per component whose lines an article declares.
    /// Returns the parsers' report.
    pub fn finish(
        mut self,
        text: &str,
        enricher: &mut Enricher<'_>,
        batch: &mut impl FnMut(&mut Vec<Evidence>, &mut Vec<Entry>),
    ) -> InputReport {
        let report = self
            .scanner
            .finish_drained(&mut self.evidence, &mut self.entries);
        let mut found = std::mem::take(&mut self.found);
        self.lines.entries(text, &self.entries, &mut found);
        let mut tail = Vec::new();
        self.lines.finish(text, &mut tail);
        // Lines after the last entry, in line order; the component facts last.
        let (components, after): (Vec<Evidence>, Vec<Evidence>) = tail
            .into_iter()
            .partition(|e| matches!(e.fact, crate::evidence::Fact::ComponentLog(_)));
        found.extend(after);
        crate::tree::order::sort_by_key(&mut found, |e| e.line);
        let (evidence, entries, merged) = (&mut self.evidence, &mut self.entries, &mut self.merged);
        hand_on(enricher, evidence, &mut found, merged, entries, batch);
        hand_on(
            enricher,
            &mut Vec::new(),
            &mut { components },
            merged,
            &mut Vec::new(),
            batch,
        );
        report
    }
}

/// `evidence` and the line facts `found` merged in line order and enriched,
/// handed to `batch` with `entries`.
fn hand_on(
    enricher: &mut Enricher<'_>,
    evidence: &mut Vec<Evidence>,
    found: &mut Vec<Evidence>,
    merged: &mut Vec<Evidence>,
    entries: &mut Vec<Entry>,
    batch: &mut impl FnMut(&mut Vec<Evidence>, &mut Vec<Entry>),
) {
    crate::api::merge_by_line_into(evidence, found, merged);
    if merged.is_empty() && entries.is_empty() {
        return;
    }
    enricher.enrich(merged);
    batch(merged, entries);
}

#[cfg(test)]
mod tests {
    use super::append_for_rest;

    /// Batches of `sizes`, one per chunk of `chunk` bytes of a `total`-byte
    /// input: the list's contents, and how many times it was moved.
    fn fed(sizes: &[usize], chunk: usize, total: usize) -> (Vec<usize>, usize) {
        let mut list = Vec::new();
        let mut moves = 0;
        let mut next = 0;
        for (k, &size) in sizes.iter().enumerate() {
            let mut batch: Vec<usize> = (next..next + size).collect();
            next += size;
            let before = list.capacity();
            append_for_rest(
                &mut list,
                &mut batch,
                0,
                ((k + 1) * chunk).min(total),
                total,
            );
            assert!(batch.is_empty());
            moves += usize::from(list.capacity() != before && before > 0);
        }
        (list, moves)
    }

    #[test]
    fn a_list_of_even_density_is_sized_once_for_the_whole_input() {
        let (list, moves) = fed(&[100; 100], 1 << 20, 100 << 20);
        assert_eq!(list, (0..10_000).collect::<Vec<_>>());
        assert_eq!(moves, 0);
        // The whole input's 10,000, an eighth more.
        assert_eq!(list.capacity(), 11_250);
    }

    #[test]
    fn a_denser_end_grows_the_list_by_half_at_least() {
        // 10 a chunk, then 40 a chunk: each growth adds half or more.
        let sizes: Vec<usize> = [10; 50].into_iter().chain([40; 50]).collect();
        let (list, moves) = fed(&sizes, 1000, 100_000);
        assert_eq!(list, (0..2_500).collect::<Vec<_>>());
        assert!((1..=3).contains(&moves), "{moves} moves");
        assert!(list.capacity() < 2 * 2_500, "{}", list.capacity());
    }

    #[test]
    fn an_empty_input_or_a_last_batch_takes_what_it_needs() {
        let (list, _) = fed(&[3], 0, 0);
        assert_eq!(list, [0, 1, 2]);
        assert_eq!(list.capacity(), 3);
    }

    #[test]
    fn a_second_input_is_sized_by_its_own_items() {
        // The first input's 10,000 items, then a second input of even
        // density: 100 a chunk of 1 MiB over 100 MiB.
        let mut list: Vec<usize> = (0..10_000).collect();
        list.shrink_to_fit();
        for k in 0..100 {
            let mut batch: Vec<usize> = (0..100).collect();
            append_for_rest(&mut list, &mut batch, 10_000, (k + 1) << 20, 100 << 20);
        }
        assert_eq!(list.len(), 20_000);
        // Its 10,000 items, an eighth more; not the whole list's 20,000.
        assert_eq!(list.capacity(), 10_000 + 11_250);
    }
}
