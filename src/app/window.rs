//! Which parts of a long table to draw: the calculator's table of thousands of indicator rows, the
//! desk's list of a thousand files. It is cut into chunks of `CHUNK` lines; only the chunks within a
//! screen of the viewport are drawn, the others stand in as empty rows of their height. Plain
//! arithmetic (`components::row_window` measures, this decides), so it is tested natively.

/// Up to this many lines the table is drawn whole: every real evaluation (the seed has 81 lines), so
/// find-in-page and printing see all of it. Beyond it the table is windowed.
pub const WINDOW_FROM: usize = 400;
/// Lines per chunk.
pub const CHUNK: usize = 50;
/// A table drawn whole draws this many lines in its first frame (more than a screen), and the rest
/// right after that frame is on screen: the scored table shows sooner, and is whole a frame later.
pub const FIRST_FRAME_LINES: usize = 16;
/// A line's height before any has been measured (one line of text in a cell with an input).
pub const DEFAULT_LINE_PX: f64 = 40.0;

/// The chunks' heights in pixels: measured once drawn, estimated from the measured ones before.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChunkHeights {
    lines: usize,
    measured: Vec<Option<f64>>,
}

impl ChunkHeights {
    /// Adapts to a table of `lines` lines. A different number of lines (another file, a fold, a
    /// row added) moves every chunk's boundary, so the measurements go.
    pub fn fit(&mut self, lines: usize) {
        if lines != self.lines || self.measured.len() != chunk_count(lines) {
            self.lines = lines;
            self.measured = vec![None; chunk_count(lines)];
        }
    }

    pub fn chunks(&self) -> usize {
        self.measured.len()
    }

    pub fn record(&mut self, chunk: usize, px: f64) {
        if let Some(slot) = self.measured.get_mut(chunk) {
            if px.is_finite() && px > 0.0 {
                *slot = Some(px);
            }
        }
    }

    fn lines_in(&self, chunk: usize) -> usize {
        self.lines.saturating_sub(chunk * CHUNK).min(CHUNK)
    }

    /// The average line of the chunks drawn so far.
    fn line_px(&self) -> f64 {
        let (px, lines) = self
            .measured
            .iter()
            .enumerate()
            .filter_map(|(i, h)| h.map(|h| (h, self.lines_in(i))))
            .fold((0.0, 0usize), |(px, lines), (h, n)| (px + h, lines + n));
        if lines == 0 {
            DEFAULT_LINE_PX
        } else {
            px / lines as f64
        }
    }

    pub fn height(&self, chunk: usize) -> f64 {
        self.measured.get(chunk).copied().flatten().unwrap_or_else(|| self.lines_in(chunk) as f64 * self.line_px())
    }

    /// The chunks that overlap `from..to`, in pixels from the first chunk's top: first and last,
    /// inclusive. Never empty while there are chunks: above the table the first, below it the last.
    pub fn overlapping(&self, from: f64, to: f64) -> Shown {
        let count = self.chunks();
        if count == 0 {
            return Shown { first: 0, last: 0 };
        }
        let mut top = 0.0;
        let mut first = None;
        let mut last = 0;
        for chunk in 0..count {
            let bottom = top + self.height(chunk);
            if bottom > from && top < to {
                first.get_or_insert(chunk);
                last = chunk;
            } else if top >= to {
                break;
            }
            top = bottom;
        }
        match first {
            Some(first) => Shown { first, last },
            None if to <= 0.0 => Shown { first: 0, last: 0 },
            None => Shown { first: count - 1, last: count - 1 },
        }
    }
}

pub fn chunk_count(lines: usize) -> usize {
    lines.div_ceil(CHUNK)
}

/// The chunks drawn, inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shown {
    pub first: usize,
    pub last: usize,
}

impl Default for Shown {
    /// Before the first measurement: the top of the table.
    fn default() -> Shown {
        Shown { first: 0, last: 1 }
    }
}

impl Shown {
    pub fn contains(&self, chunk: usize) -> bool {
        (self.first..=self.last).contains(&chunk)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heights(lines: usize) -> ChunkHeights {
        let mut heights = ChunkHeights::default();
        heights.fit(lines);
        heights
    }

    #[test]
    fn estimates_come_from_what_was_measured() {
        let mut h = heights(2 * CHUNK + 10);
        assert_eq!(h.chunks(), 3);
        assert_eq!(h.height(0), CHUNK as f64 * DEFAULT_LINE_PX);
        assert_eq!(h.height(2), 10.0 * DEFAULT_LINE_PX, "the last chunk is short");
        h.record(0, CHUNK as f64 * 30.0);
        assert_eq!(h.height(0), CHUNK as f64 * 30.0);
        assert_eq!(h.height(1), CHUNK as f64 * 30.0, "estimated from chunk 0's lines");
        assert_eq!(h.height(2), 300.0);
        // Nonsense measurements (a hidden table measures 0) are not kept.
        h.record(1, 0.0);
        h.record(1, f64::NAN);
        h.record(99, 10.0);
        assert_eq!(h.height(1), CHUNK as f64 * 30.0);
    }

    #[test]
    fn another_number_of_lines_forgets_the_measurements() {
        let mut h = heights(1000);
        h.record(3, 123.0);
        h.fit(1000);
        assert_eq!(h.height(3), 123.0, "the same table keeps them");
        h.fit(999);
        assert_eq!(h.height(3), CHUNK as f64 * DEFAULT_LINE_PX);
        h.fit(0);
        assert_eq!(h.chunks(), 0);
    }

    #[test]
    fn the_chunks_overlapping_a_range() {
        // 10 chunks of 100 px each once measured.
        let mut h = heights(10 * CHUNK);
        for chunk in 0..10 {
            h.record(chunk, 100.0);
        }
        let cases = [
            // (from, to) → (first, last)
            ((-500.0, 150.0), (0, 1)),
            ((0.0, 100.0), (0, 0)),
            ((99.0, 101.0), (0, 1)),
            ((250.0, 650.0), (2, 6)),
            ((950.0, 2000.0), (9, 9)),
            // Wholly above or below the table: the nearest end.
            ((-900.0, -100.0), (0, 0)),
            ((1500.0, 2500.0), (9, 9)),
        ];
        for ((from, to), (first, last)) in cases {
            assert_eq!(h.overlapping(from, to), Shown { first, last }, "{from}..{to}");
        }
        assert_eq!(heights(0).overlapping(0.0, 100.0), Shown { first: 0, last: 0 });
    }

    #[test]
    fn shown_contains_its_ends() {
        let shown = Shown { first: 2, last: 4 };
        assert!(!shown.contains(1));
        assert!(shown.contains(2) && shown.contains(4));
        assert!(!shown.contains(5));
    }
}
