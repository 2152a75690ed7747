//! Asking the processor to bring a village's memory into its cache before the
//! village runs. A county's columns outgrow the shared cache, so each pass
//! over its villages would otherwise wait on memory at each village's first
//! reads; while one village runs, the next one's columns are fetched.
//! A prefetch is only a hint: it never faults and changes no result.

/// What of a village a village step reads. A pass over the villages asks for
/// the next village's memory while it runs one: all of it when any of the
/// pass's steps reads the persons at large, else only what care reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reads {
    /// The persons' columns, child index, care book and household sizes.
    Persons,
    /// The care book and the columns of health, care, attitudes and volunteering.
    Care,
}

/// Where a village keeps its data: the cache lines of each column and list
/// it reads in a pass (a fixed array: no allocation), and how far the
/// requests for them have got.
#[derive(Clone, Copy, Debug)]
pub struct Footprint {
    /// Address of each slice's first cache line and the number of its lines.
    spans: [(usize, usize); SPANS],
    len: usize,
    /// Lines in all the spans.
    lines: usize,
    /// Lines asked for so far, and where the next one is: span, line within it.
    asked: usize,
    cursor: (usize, usize),
}

/// Most slices a footprint holds (a village has about 34).
const SPANS: usize = 40;

/// Bytes in a cache line.
const LINE: usize = 64;

impl Default for Footprint {
    fn default() -> Self {
        Footprint {
            spans: [(0, 0); SPANS],
            len: 0,
            lines: 0,
            asked: 0,
            cursor: (0, 0),
        }
    }
}

impl Footprint {
    /// Adds a slice's memory.
    pub fn add<T>(&mut self, column: &[T]) {
        assert!(self.len < SPANS, "a footprint holds at most {SPANS} slices");
        let (start, bytes) = (column.as_ptr() as usize, std::mem::size_of_val(column));
        let n = (start + bytes).div_ceil(LINE) - start / LINE;
        self.spans[self.len] = (start / LINE * LINE, n);
        self.len += 1;
        self.lines += n;
    }

    /// Asks for part `part` of `parts` equal parts of the footprint's cache
    /// lines, into the core's own (second-level) cache: spread over a
    /// village's steps, the requests do not queue up behind one another.
    /// Parts are asked for in increasing order; each resumes where the last stopped.
    pub fn prefetch_part(&mut self, part: usize, parts: usize) {
        self.each_line(part, parts, prefetch_line);
    }

    /// Calls `f` with the address of each cache line of part `part` of
    /// `parts` not yet asked for, and notes them asked for.
    fn each_line(&mut self, part: usize, parts: usize, mut f: impl FnMut(usize)) {
        let to = (self.lines * (part + 1) / parts).min(self.lines);
        let (mut span, mut line) = self.cursor;
        while self.asked < to {
            let (first, n) = self.spans[span];
            let k = (n - line).min(to - self.asked);
            for address in (first + line * LINE..).step_by(LINE).take(k) {
                f(address);
            }
            self.asked += k;
            line += k;
            if line == n {
                (span, line) = (span + 1, 0);
            }
        }
        self.cursor = (span, line);
    }
}

#[cfg(target_arch = "x86_64")]
fn prefetch_line(address: usize) {
    use std::arch::x86_64::{_MM_HINT_T1, _mm_prefetch};
    // SAFETY: a prefetch reads nothing the program sees and never faults,
    // whatever the address (a stale or freed one included).
    unsafe { _mm_prefetch::<_MM_HINT_T1>(address as *const i8) }
}

#[cfg(not(target_arch = "x86_64"))]
fn prefetch_line(_address: usize) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_footprint_holds_each_slice_s_address_and_bytes() {
        let (a, b) = (vec![0u32; 10], vec![0u8; 3]);
        let mut f = Footprint::default();
        f.add(&a);
        f.add(&b);
        let lines =
            |s: usize, bytes: usize| (s / LINE * LINE, (s + bytes).div_ceil(LINE) - s / LINE);
        assert_eq!(
            f.spans[..f.len],
            [
                lines(a.as_ptr() as usize, 40),
                lines(b.as_ptr() as usize, 3)
            ]
        );
        assert_eq!(f.lines, f.spans[0].1 + f.spans[1].1);
    }

    #[test]
    fn the_parts_ask_for_every_line_once() {
        let (a, b) = (vec![0u64; 1000], vec![0u8; 300]);
        let mut f = Footprint::default();
        f.add(&a);
        f.add(&b);
        f.add(&a[3..4]);
        let mut expected: Vec<usize> = [&a[..], &a[3..4]]
            .iter()
            .flat_map(|s| {
                let (start, end) = (s.as_ptr() as usize, s.as_ptr() as usize + 8 * s.len());
                (start / LINE..end.div_ceil(LINE)).map(|l| l * LINE)
            })
            .chain(
                (b.as_ptr() as usize / LINE..(b.as_ptr() as usize + 300).div_ceil(LINE))
                    .map(|l| l * LINE),
            )
            .collect();
        for parts in [1, 3, 7, 500] {
            let mut got = Vec::new();
            let mut fresh = f;
            for p in 0..parts {
                fresh.each_line(p, parts, |l| got.push(l));
            }
            assert!(got.iter().all(|l| l % LINE == 0));
            got.sort_unstable();
            expected.sort_unstable();
            assert_eq!(got, expected, "{parts} parts");
        }
        let mut real = f;
        real.prefetch_part(0, 1);
        assert_eq!(real.asked, real.lines);
        // Asked for again, or beyond the last part, no line comes twice.
        let mut twice = Vec::new();
        f.each_line(0, 2, |l| twice.push(l));
        f.each_line(0, 2, |l| twice.push(l));
        f.each_line(1, 2, |l| twice.push(l));
        f.each_line(5, 2, |l| twice.push(l));
        twice.sort_unstable();
        assert_eq!(twice, expected);
    }
}
