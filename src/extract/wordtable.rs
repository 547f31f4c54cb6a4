//! A hash table from folded words (ASCII letters and digits) to small values, made for the
//! matcher's one lookup per word of text: the first 8 bytes of a word, read as one integer
//! straight from the folded text, are both its hash input and most of its comparison, so a
//! lookup is a multiply, one slot read and (for words over 8 bytes) a short compare.

/// One slot: a key's first 8 bytes (zero-padded), its length, where the rest of it is kept,
/// and the value. Length 0 marks an empty slot (keys are never empty).
#[derive(Clone, Copy, Default)]
struct Slot {
    head: u64,
    len: u32,
    tail: u32,
    value: (u32, u32),
}

pub(super) struct WordTable {
    /// One bit per hash value of a key, about 16 bits per key: small enough to stay in
    /// cache, so the words of a text that are no key (most) rarely reach the slots.
    bloom: Vec<u64>,
    bloom_shift: u32,
    slots: Vec<Slot>,
    /// Right shift taking a 64-bit hash to a slot index.
    shift: u32,
    /// Bytes after the eighth of every longer key, one after the other.
    tails: Vec<u8>,
}

/// The mask keeping the first `len` bytes of a little-endian head.
#[inline]
pub(super) fn head_mask(len: usize) -> u64 {
    if len >= 8 { u64::MAX } else { (1u64 << (8 * len)) - 1 }
}

/// The 8 bytes of `hay` from `at` as one little-endian integer (zero past the end).
#[inline]
pub(super) fn read8(hay: &[u8], at: usize) -> u64 {
    match hay.get(at..at + 8) {
        Some(b) => u64::from_le_bytes(b.try_into().unwrap_or([0; 8])),
        None => {
            let mut b = [0u8; 8];
            let tail = hay.get(at..).unwrap_or(&[]);
            b[..tail.len()].copy_from_slice(tail);
            u64::from_le_bytes(b)
        }
    }
}

/// The head of a word given by its bytes (for building and tests; the matcher reads heads
/// straight from the folded text).
pub(super) fn head_of(word: &[u8]) -> u64 {
    read8(word, 0)
}

#[inline]
fn hash(head: u64, len: usize) -> u64 {
    (head ^ (len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)).wrapping_mul(0xD6E8_FEB8_6659_FD93)
}

/// The bloom bit of a hash: its top bits, as the slot's, three more of them (the filter
/// has 8 bits per slot). A word that is no key sets off the filter as often as with
/// independent bits, and a lookup waits for one multiplication fewer.
#[inline]
fn bloom_bit(h: u64, shift: u32) -> usize {
    (h >> shift) as usize
}

impl WordTable {
    /// A table of `keys` (distinct, non-empty, ASCII), at most half full.
    pub fn build<'a>(keys: impl ExactSizeIterator<Item = (&'a str, (u32, u32))>) -> WordTable {
        let bits = (keys.len().max(1) * 2).next_power_of_two().trailing_zeros().max(4);
        let bloom_bits = bits + 3;
        let mut t = WordTable {
            bloom: vec![0; 1 << (bloom_bits - 6)],
            bloom_shift: 64 - bloom_bits,
            slots: vec![Slot::default(); 1 << bits],
            shift: 64 - bits,
            tails: Vec::new(),
        };
        let mask = t.slots.len() - 1;
        for (key, value) in keys {
            let k = key.as_bytes();
            let head = head_of(k);
            let h = hash(head, k.len());
            let b = bloom_bit(h, t.bloom_shift);
            t.bloom[b >> 6] |= 1 << (b & 63);
            let mut i = (h >> t.shift) as usize;
            while t.slots[i].len != 0 {
                i = (i + 1) & mask;
            }
            let tail = t.tails.len() as u32;
            t.tails.extend_from_slice(k.get(8..).unwrap_or(&[]));
            t.slots[i] = Slot { head, len: k.len() as u32, tail, value };
        }
        t
    }

    /// The value of the word `hay[at..at + len]`, its head read in place.
    #[inline]
    pub fn get_at(&self, hay: &[u8], at: usize, len: usize) -> Option<(u32, u32)> {
        self.get(hay.get(at..at + len)?, read8(hay, at) & head_mask(len))
    }

    /// The value of `word` given alone (not read in place from a longer text).
    pub fn get_word(&self, word: &[u8]) -> Option<(u32, u32)> {
        self.get(word, head_of(word))
    }

    /// The value of `word`, whose first 8 bytes (zero past its end) are `head`.
    /// Inline up to the bloom filter, which turns most words away.
    #[inline(always)]
    pub fn get(&self, word: &[u8], head: u64) -> Option<(u32, u32)> {
        let h = hash(head, word.len());
        let b = bloom_bit(h, self.bloom_shift);
        if self.bloom[b >> 6] & (1 << (b & 63)) == 0 {
            return None;
        }
        self.probe(word, head, h)
    }

    #[inline(never)]
    fn probe(&self, word: &[u8], head: u64, h: u64) -> Option<(u32, u32)> {
        let mask = self.slots.len() - 1;
        let mut i = (h >> self.shift) as usize;
        loop {
            let s = &self.slots[i];
            if s.len == 0 {
                return None;
            }
            if s.head == head && s.len as usize == word.len() {
                let rest = word.get(8..).unwrap_or(&[]);
                if rest.is_empty() || self.tails.get(s.tail as usize..s.tail as usize + rest.len()) == Some(rest) {
                    return Some(s.value);
                }
            }
            i = (i + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_short_and_long_and_nothing_else() {
        let keys = ["kim", "kimjongun", "u", "putin", "putins", "aussenministerin", "aussenministeri"];
        let t = WordTable::build(keys.iter().enumerate().map(|(i, k)| (*k, (i as u32, 1))));
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(t.get(k.as_bytes(), head_of(k.as_bytes())), Some((i as u32, 1)), "{k}");
        }
        for k in ["ki", "kimjongum", "aussenministerix", "v", "putinss", ""] {
            assert_eq!(t.get(k.as_bytes(), head_of(k.as_bytes())), None, "{k}");
        }
        // A head read from longer text, masked to the word's length, finds the same key.
        let text = b"putin said";
        assert_eq!(t.get(&text[..5], u64::from_le_bytes(text[..8].try_into().unwrap()) & head_mask(5)), Some((3, 1)));
    }
}
