//! Where a value's characters sit in its source file, so a finding about a few words inside a
//! title (a number, a date) can point at exactly those words. A reader records the pieces of
//! the value it copied verbatim from the source; escapes and stripped markup are gaps.

use std::ops::Range;

use super::Span;

/// Pieces of a value copied verbatim from the source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextMap {
    /// (range in the value, where that range starts in the source), in value order.
    pieces: Vec<(Range<usize>, usize)>,
}

impl TextMap {
    /// A value that is one verbatim run of the source starting at `source_start`.
    pub fn verbatim(len: usize, source_start: usize) -> Self {
        let mut map = TextMap::default();
        map.push(0..len, source_start);
        map
    }

    /// Records that `value` (a range of the value) was copied from `source_start` on.
    pub fn push(&mut self, value: Range<usize>, source_start: usize) {
        if !value.is_empty() {
            self.pieces.push((value, source_start));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// The source span of a range of the value, when it lies inside one verbatim piece.
    pub fn to_source(&self, range: Range<usize>) -> Option<Span> {
        self.pieces.iter().find_map(|(value, source)| {
            (value.start <= range.start && range.end <= value.end)
                .then(|| source + (range.start - value.start)..source + (range.end - value.start))
        })
    }

    /// The source span of a range of the value, or `whole` when it cannot be located.
    pub fn locate(&self, range: Range<usize>, whole: &Span) -> Span {
        self.to_source(range).unwrap_or_else(|| whole.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_inside_one_piece_map_to_the_source() {
        // "Ship **X** now" read as "Ship X now": pieces "Ship " @0, "X" @7, " now" @10.
        let mut map = TextMap::default();
        map.push(0..5, 0);
        map.push(5..6, 7);
        map.push(6..10, 10);
        assert_eq!(map.to_source(0..4), Some(0..4));
        assert_eq!(map.to_source(5..6), Some(7..8));
        assert_eq!(map.to_source(7..10), Some(11..14));
        assert_eq!(map.to_source(3..7), None);
        assert_eq!(map.locate(3..7, &(0..14)), 0..14);
    }
}
