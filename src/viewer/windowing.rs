//! Which rows of a long task table are in the page.
//!
//! A page of 1,000 tasks as 1,000 rows is ~30,000 elements to build, lay out and keep ticking;
//! only the rows in view plus a margin are rendered, the others stand as empty spacer rows of
//! the same total height, so the scroll height and the scrollbar stay right. Rows have a fixed
//! height (`styles/table.css`), so row `i` starts at `i × pitch` below the first.
//!
//! Pure functions of measured numbers, unit-tested natively; `components/task_table.rs` measures
//! the page and renders what they say.

use std::collections::HashSet;
use std::ops::Range;

/// Rows rendered beyond each edge of the view, so that a scroll shows rows already there and a
/// small scroll renders nothing.
pub const MARGIN_ROWS: usize = 10;

/// The pitch assumed (px from one row's top to the next) until the rows are measured: a table
/// row's height in `styles/table.css` (3.2rem of 15 px).
pub const DEFAULT_PITCH: f64 = 48.0;

/// The rows that intersect the band `top..bottom` (px below the first row's top) when each row
/// takes `pitch` px; empty when the band is empty, or the measures are not numbers.
pub fn visible_rows(top: f64, bottom: f64, pitch: f64, len: usize) -> Range<usize> {
    if !(pitch > 0.0 && top.is_finite() && bottom.is_finite()) || bottom <= top {
        return 0..0;
    }
    let first = (top / pitch).floor().max(0.0);
    let end = (bottom / pitch).ceil().max(0.0);
    // `as` saturates: a band far below the rows is clamped to their end.
    let end = (end as usize).min(len);
    (first as usize).min(end)..end
}

/// The rows to render, `current` being those rendered now: kept while they hold every visible row
/// (a small scroll renders nothing), else the visible rows and [`MARGIN_ROWS`] on each side.
pub fn next_window(current: &Range<usize>, visible: Range<usize>, len: usize) -> Range<usize> {
    let current = current.start.min(len)..current.end.min(len);
    if visible.is_empty() || (current.start <= visible.start && visible.end <= current.end) {
        return current;
    }
    visible.start.saturating_sub(MARGIN_ROWS).min(len)
        ..visible.end.saturating_add(MARGIN_ROWS).min(len)
}

/// The rows to render first, before anything is measured: those a view `view_px` tall can show
/// from the top, and the margin.
pub fn first_window(view_px: f64, len: usize) -> Range<usize> {
    let rows = visible_rows(0.0, view_px, DEFAULT_PITCH, usize::MAX).end;
    0..rows.saturating_add(MARGIN_ROWS).min(len)
}

/// The rows to render so that row `target` (moved to by the keyboard) is among them, with a
/// view's worth (`view_rows`) and the margin on each side, since the browser scrolls it to
/// either edge of the view.
pub fn window_around(target: usize, view_rows: usize, len: usize) -> Range<usize> {
    let reach = view_rows.saturating_add(MARGIN_ROWS);
    let target = target.min(len.saturating_sub(1));
    target.saturating_sub(reach)..target.saturating_add(reach).saturating_add(1).min(len)
}

/// A run of the table body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// These rows, rendered.
    Rows(Range<usize>),
    /// A spacer standing for this many rows.
    Gap(usize),
}

/// The body of a table of `len` rows: the rows of `window` and the `pinned` ones (the keyboard's
/// tab stop, the open task: kept wherever the scroll is, so focus and Tab have a row to go to),
/// in order, with a gap for each run of rows left out.
pub fn body_parts(len: usize, window: &Range<usize>, pinned: &[usize]) -> Vec<Part> {
    let mut runs: Vec<Range<usize>> = Vec::with_capacity(pinned.len() + 1);
    let window = window.start.min(len)..window.end.min(len);
    if !window.is_empty() {
        runs.push(window);
    }
    for &row in pinned.iter().filter(|&&row| row < len) {
        runs.push(row..row + 1);
    }
    runs.sort_by_key(|run| run.start);
    let mut parts = Vec::with_capacity(runs.len() * 2 + 1);
    let mut next = 0;
    for run in runs {
        if run.end <= next {
            continue;
        }
        let start = run.start.max(next);
        if start > next {
            parts.push(Part::Gap(start - next));
        }
        // A run that touches the one before it extends it.
        match parts.last_mut() {
            Some(Part::Rows(rows)) if rows.end == start => rows.end = run.end,
            _ => parts.push(Part::Rows(start..run.end)),
        }
        next = run.end;
    }
    if next < len {
        parts.push(Part::Gap(len - next));
    }
    parts
}

/// For each row, whether its job ID was already seen above it: a repeated ID (which the service
/// should not send, but might) needs a key of its own, as the keys of a keyed list must differ.
pub fn repeated_ids<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<bool> {
    let mut seen = HashSet::new();
    ids.map(|id| !seen.insert(id)).collect()
}

/// The key of row `index` with job ID `id` ([`repeated_ids`] says whether it is a repeat): the ID
/// itself, or, for a repeat, the ID and the row's index after a NUL, which no job ID has.
pub fn row_key(id: &str, index: usize, repeated: bool) -> String {
    if repeated {
        format!("{id}\0{index}")
    } else {
        id.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_rows_are_those_the_band_touches() {
        assert_eq!(visible_rows(0.0, 480.0, 48.0, 1000), 0..10);
        assert_eq!(visible_rows(10.0, 490.0, 48.0, 1000), 0..11);
        assert_eq!(visible_rows(48.0, 96.0, 48.0, 1000), 1..2);
        // Clamped to the rows there are, from above and below.
        assert_eq!(visible_rows(-500.0, 100.0, 48.0, 1000), 0..3);
        assert_eq!(visible_rows(47_900.0, 48_500.0, 48.0, 1000), 997..1000);
        assert_eq!(visible_rows(90_000.0, 91_000.0, 48.0, 1000), 1000..1000);
        assert_eq!(visible_rows(0.0, 1e300, 48.0, 20), 0..20);
    }

    #[test]
    fn visible_rows_of_nonsense_measures_are_none() {
        assert_eq!(visible_rows(0.0, 480.0, 0.0, 100), 0..0);
        assert_eq!(visible_rows(0.0, 480.0, -48.0, 100), 0..0);
        assert_eq!(visible_rows(f64::NAN, 480.0, 48.0, 100), 0..0);
        assert_eq!(visible_rows(0.0, f64::INFINITY, 48.0, 100), 0..0);
        assert_eq!(visible_rows(0.0, 480.0, f64::NAN, 100), 0..0);
        assert_eq!(visible_rows(500.0, 100.0, 48.0, 100), 0..0);
    }

    #[test]
    fn the_window_stays_while_it_holds_the_view_and_moves_with_a_margin() {
        let current = 0..29;
        assert_eq!(next_window(&current, 0..19, 1000), 0..29);
        assert_eq!(next_window(&current, 10..29, 1000), 0..29);
        assert_eq!(next_window(&current, 11..30, 1000), 1..40);
        assert_eq!(next_window(&current, 500..519, 1000), 490..529);
        assert_eq!(next_window(&current, 981..1000, 1000), 971..1000);
        // Nothing visible (the table scrolled away): keep what is there.
        assert_eq!(next_window(&current, 5..5, 1000), 0..29);
        // A page that became shorter (a refresh) clamps the window.
        assert_eq!(next_window(&(900..950), 900..910, 920), 900..920);
        assert_eq!(next_window(&(0..29), 0..5, 5), 0..5);
    }

    #[test]
    fn the_first_window_fills_the_view_and_the_margin() {
        assert_eq!(first_window(900.0, 1000), 0..29);
        assert_eq!(first_window(900.0, 20), 0..20);
        assert_eq!(first_window(0.0, 1000), 0..MARGIN_ROWS);
        assert_eq!(first_window(f64::NAN, 1000), 0..MARGIN_ROWS);
        assert_eq!(first_window(900.0, 0), 0..0);
    }

    #[test]
    fn the_window_around_a_row_holds_it_and_a_view_on_each_side() {
        assert_eq!(window_around(999, 19, 1000), 970..1000);
        assert_eq!(window_around(0, 19, 1000), 0..30);
        assert_eq!(window_around(500, 19, 1000), 471..530);
        assert!(window_around(500, 19, 1000).contains(&500));
        assert_eq!(window_around(5000, 19, 1000), 970..1000);
        assert_eq!(window_around(0, 19, 0), 0..0);
    }

    #[test]
    fn the_body_is_the_window_and_pinned_rows_between_gaps() {
        use Part::{Gap, Rows};
        assert_eq!(body_parts(1000, &(0..29), &[]), [Rows(0..29), Gap(971)]);
        assert_eq!(
            body_parts(1000, &(490..529), &[]),
            [Gap(490), Rows(490..529), Gap(471)]
        );
        assert_eq!(body_parts(20, &(0..29), &[]), [Rows(0..20)]);
        // The tab stop above the window, the open task below it.
        assert_eq!(
            body_parts(1000, &(490..529), &[3, 800]),
            [
                Gap(3),
                Rows(3..4),
                Gap(486),
                Rows(490..529),
                Gap(271),
                Rows(800..801),
                Gap(199)
            ]
        );
        // Pinned rows inside the window, next to it, twice, or past the end change nothing else.
        assert_eq!(
            body_parts(1000, &(490..529), &[500, 500, 529, 5000]),
            [Gap(490), Rows(490..530), Gap(470)]
        );
        assert_eq!(
            body_parts(1000, &(490..529), &[489]),
            [Gap(489), Rows(489..529), Gap(471)]
        );
        assert_eq!(body_parts(0, &(0..29), &[0]), []);
        assert_eq!(body_parts(5, &(0..0), &[4]), [Gap(4), Rows(4..5)]);
    }

    #[test]
    fn every_row_is_accounted_for_once() {
        for (window, pinned) in [
            (0..29, vec![]),
            (300..350, vec![0, 999, 320]),
            (980..1000, vec![10, 11, 12]),
            (0..0, vec![]),
        ] {
            let mut next = 0;
            for part in body_parts(1000, &window, &pinned) {
                match part {
                    Part::Rows(rows) => {
                        assert_eq!(rows.start, next, "{window:?} {pinned:?}");
                        next = rows.end;
                    }
                    Part::Gap(count) => {
                        assert!(count > 0);
                        next += count;
                    }
                }
            }
            assert_eq!(next, 1000, "{window:?} {pinned:?}");
        }
    }

    #[test]
    fn a_repeated_job_id_gets_a_key_of_its_own() {
        let ids = ["a", "b", "a", "c", "a"];
        let repeated = repeated_ids(ids.iter().copied());
        assert_eq!(repeated, [false, false, true, false, true]);
        let keys: Vec<String> = ids
            .iter()
            .enumerate()
            .map(|(index, id)| row_key(id, index, repeated[index]))
            .collect();
        assert_eq!(keys, ["a", "b", "a\u{0}2", "c", "a\u{0}4"]);
        let distinct: HashSet<&String> = keys.iter().collect();
        assert_eq!(distinct.len(), keys.len());
    }
}
