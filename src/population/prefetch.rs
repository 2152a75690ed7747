//! Asking the processor to bring a village's memory into its cache before the
//! village runs. A county's columns outgrow the shared cache, so each pass
//! over its villages would otherwise wait on memory at each village's first
//! reads; while one village runs, the next one's columns are fetched.
//! A prefetch is only a hint: it never faults and changes no result.

/// Where a village keeps its data: the address and length in bytes of each
/// column and list it reads in a pass (a fixed array: no allocation).
#[derive(Clone, Copy, Debug)]
pub struct Footprint {
    spans: [(usize, usize); SPANS],
    len: usize,
}

/// Most slices a footprint holds (a village has about 32).
const SPANS: usize = 40;

/// Bytes in a cache line.
const LINE: usize = 64;

impl Default for Footprint {
    fn default() -> Self {
        Footprint {
            spans: [(0, 0); SPANS],
            len: 0,
        }
    }
}

impl Footprint {
    /// Adds a slice's memory.
    pub fn add<T>(&mut self, column: &[T]) {
        assert!(self.len < SPANS, "a footprint holds at most {SPANS} slices");
        self.spans[self.len] = (column.as_ptr() as usize, std::mem::size_of_val(column));
        self.len += 1;
    }

    /// Asks for every cache line of the footprint, into the core's own
    /// (second-level) cache.
    pub fn prefetch(&self) {
        for &(start, len) in &self.spans[..self.len] {
            let mut line = start & !(LINE - 1);
            while line < start + len {
                prefetch_line(line);
                line += LINE;
            }
        }
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
        assert_eq!(
            f.spans[..f.len],
            [(a.as_ptr() as usize, 40), (b.as_ptr() as usize, 3)]
        );
        f.prefetch();
    }
}
