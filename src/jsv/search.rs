//! Byte searches eight bytes at a time, for the short runs JSV text is made of: the end of an
//! unquoted value, the next quote.

/// Where the first `,` `}` or `]` of `bytes` is.
#[inline]
pub(crate) fn find_value_end(bytes: &[u8]) -> Option<usize> {
    find_first(bytes, [b',', b'}', b']'])
}

/// Where the first `"` of `bytes` is.
#[inline]
pub(crate) fn find_quote(bytes: &[u8]) -> Option<usize> {
    find_first(bytes, [b'"'])
}

/// Where the first of `targets` in `bytes` is: eight bytes at a time with the zero-byte trick
/// (as serde_json finds the end of a string), since values are too short for memchr's setup
/// to pay off. A match can only be followed, never preceded, by a false one within a word, so
/// the lowest one is exact.
#[inline(always)]
fn find_first<const N: usize>(bytes: &[u8], targets: [u8; N]) -> Option<usize> {
    const ONES: u64 = u64::MAX / 255;
    const HIGHS: u64 = ONES << 7;
    let has = |word: u64, byte: u8| {
        let x = word ^ (ONES * u64::from(byte));
        x.wrapping_sub(ONES) & !x & HIGHS
    };
    let (chunks, rest) = bytes.as_chunks::<8>();
    for (index, chunk) in chunks.iter().enumerate() {
        let word = u64::from_le_bytes(*chunk);
        let found = targets
            .iter()
            .fold(0, |found, &target| found | has(word, target));
        if found != 0 {
            return Some(index * 8 + found.trailing_zeros() as usize / 8);
        }
    }
    rest.iter()
        .position(|b| targets.contains(b))
        .map(|i| chunks.len() * 8 + i)
}

#[cfg(test)]
mod tests {
    use super::{find_quote, find_value_end};

    /// The word-at-a-time search finds what a byte-by-byte one finds, at every offset, with
    /// the bytes around a match that could borrow into a false one (`-` `+` `|` `\` `^`, 0x00,
    /// 0x80, 0xff).
    #[test]
    fn the_word_at_a_time_searches_match_a_plain_search() {
        let fillers = [
            b'a', b'-', b'+', b'|', b'\\', b'^', 0x00, 0x80, 0xff, b'{', b':',
        ];
        for len in 0..20 {
            for at in 0..=len {
                for stop in [b',', b'}', b']'] {
                    for &filler in &fillers {
                        let mut bytes = vec![filler; len];
                        if at < len {
                            bytes[at] = stop;
                        }
                        let plain = bytes.iter().position(|b| matches!(b, b',' | b'}' | b']'));
                        assert_eq!(find_value_end(&bytes), plain, "{bytes:?}");
                        let plain = bytes.iter().position(|&b| b == stop);
                        let mut quoted = bytes.clone();
                        quoted
                            .iter_mut()
                            .filter(|b| **b == stop)
                            .for_each(|b| *b = b'"');
                        assert_eq!(find_quote(&quoted), plain, "{quoted:?}");
                    }
                }
            }
        }
        assert_eq!(find_value_end(b"ab]c,d}e"), Some(2), "the first of several");
        assert_eq!(find_value_end(b"abcdefgh,]"), Some(8));
        assert_eq!(find_quote(b"abcdefgh\"\""), Some(8));
    }
}
