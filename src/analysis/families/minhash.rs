//! MinHash signatures of word 5-gram shingles, and the similarity they estimate.
//!
//! An article's *shingles* are the runs of [`SHINGLE_WORDS`] consecutive tokens of its token
//! sequence (an article of fewer tokens has one shingle: all of them). Its signature holds,
//! for each of [`PERMUTATIONS`] hash functions, the least hash of any shingle: two articles
//! agree at one place with a probability equal to the Jaccard similarity of their shingle sets,
//! so the share of places where they agree estimates it.
//!
//! Each place keeps the low 16 bits of the least 32-bit hash (*b-bit* MinHash): 256 bytes an
//! article instead of 512. Two different least hashes still agree in those bits once in
//! 65,536, which [`similarity`] takes out of its estimate.
//!
//! The hash functions are fixed (signatures are kept on disk between runs): a token's hash is
//! FNV-1a of its text, mixed; a shingle's combines its tokens' in order; function `i` takes 32
//! bits `x` of it to `h = (x ⊕ kᵢ)·mᵢ`, then `h ⊕ (h ≫ 16)`, with fixed keys `kᵢ` and odd
//! multipliers `mᵢ`: 32-bit lanes, which the compiler runs four or eight at a time.

use crate::corpus::catalog::mix;

/// Hash functions (places) in a signature.
pub const PERMUTATIONS: usize = 128;
/// Tokens in a shingle.
pub const SHINGLE_WORDS: usize = 5;

/// One article's signature.
pub type Signature = [u16; PERMUTATIONS];

/// The signature of an article without tokens: it is in no family.
pub const EMPTY: Signature = [u16::MAX; PERMUTATIONS];

/// The hash of one token's text (stable across runs and versions).
pub fn token_hash(token: &str) -> u64 {
    mix(crate::corpus::catalog::fnv1a(token.as_bytes()))
}

/// The fixed keys and multipliers of the hash functions.
struct Functions {
    key: [u32; PERMUTATIONS],
    multiplier: [u32; PERMUTATIONS],
}

const FUNCTIONS: Functions = {
    let mut key = [0u32; PERMUTATIONS];
    let mut multiplier = [0u32; PERMUTATIONS];
    let mut state = 0x5EED_F00D_CAFE_BABEu64;
    let mut i = 0;
    while i < PERMUTATIONS {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let bits = mix(state);
        key[i] = bits as u32;
        multiplier[i] = (bits >> 32) as u32 | 1;
        i += 1;
    }
    Functions { key, multiplier }
};

/// The hash of the shingle `words` (token hashes, in order).
fn shingle_hash(words: &[u64]) -> u64 {
    words
        .iter()
        .fold(0x243F_6A88_85A3_08D3u64, |h, &w| mix(h.rotate_left(23) ^ w))
}

/// What the signature of one article is made from, reused between articles.
#[derive(Default)]
pub struct Signer {
    shingles: Vec<u64>,
}

impl Signer {
    /// The signature of the token sequence `words` (token hashes, see [`token_hash`]), and a
    /// hash of the whole sequence (never 0), which is equal for text-identical articles; `None`
    /// for an empty sequence.
    pub fn sign(&mut self, words: &[u64]) -> Option<(Signature, u64)> {
        if words.is_empty() {
            return None;
        }
        self.shingles.clear();
        if words.len() < SHINGLE_WORDS {
            self.shingles.push(shingle_hash(words));
        } else {
            self.shingles
                .extend(words.windows(SHINGLE_WORDS).map(shingle_hash));
        }
        // The same shingle twice changes no minimum: sorting and dropping repeats is cheaper
        // than hashing them 128 times again.
        self.shingles.sort_unstable();
        self.shingles.dedup();
        let mut least = [u32::MAX; PERMUTATIONS];
        for &shingle in &self.shingles {
            // 32-bit lanes, so that the loop runs several functions per instruction.
            let x = shingle as u32;
            for ((slot, key), multiplier) in least
                .iter_mut()
                .zip(&FUNCTIONS.key)
                .zip(&FUNCTIONS.multiplier)
            {
                let h = (x ^ key).wrapping_mul(*multiplier);
                *slot = (*slot).min(h ^ (h >> 16));
            }
        }
        let mut signature = EMPTY;
        for (out, value) in signature.iter_mut().zip(least) {
            *out = value as u16;
        }
        let text = words
            .iter()
            .fold(0x1319_8A2E_0370_7344u64, |h, &w| mix(h ^ w))
            .max(1);
        Some((signature, text))
    }
}

/// The estimated Jaccard similarity of the shingles of two articles, from their signatures
/// (0 to 1).
pub fn similarity(a: &Signature, b: &Signature) -> f32 {
    let agree = a.iter().zip(b).filter(|(x, y)| x == y).count();
    estimate(agree)
}

/// The Jaccard similarity `agree` agreeing places of [`PERMUTATIONS`] estimate, corrected for
/// the chance agreement of 16-bit values.
pub fn estimate(agree: usize) -> f32 {
    const CHANCE: f64 = 1.0 / 65_536.0;
    let share = agree as f64 / PERMUTATIONS as f64;
    (((share - CHANCE) / (1.0 - CHANCE)).clamp(0.0, 1.0)) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hashes(text: &str) -> Vec<u64> {
        text.split_whitespace().map(token_hash).collect()
    }

    fn sign(text: &str) -> (Signature, u64) {
        Signer::default()
            .sign(&hashes(text))
            .expect("a text with tokens")
    }

    /// Words `w0 w1 …` numbered from `from`.
    fn words(from: usize, to: usize) -> String {
        (from..to).map(|i| format!("w{i} ")).collect()
    }

    #[test]
    fn identical_sequences_agree_everywhere_and_share_the_text_hash() {
        let (a, ta) = sign(&words(0, 300));
        let (b, tb) = sign(&words(0, 300));
        assert_eq!(a, b);
        assert_eq!(ta, tb);
        assert!((similarity(&a, &b) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn the_estimate_follows_the_true_jaccard_similarity() {
        // 1000 tokens, the second text the first 600 of them: shingles 996 and 596, all of
        // the shorter's in the longer: Jaccard 596/996 ≈ 0.598.
        let (a, _) = sign(&words(0, 1000));
        let (b, tb) = sign(&words(0, 600));
        let s = similarity(&a, &b);
        assert!((s - 0.598).abs() < 0.13, "estimate {s}");
        // Disjoint texts: nothing shared.
        let (c, tc) = sign(&words(5000, 5600));
        assert!(similarity(&a, &c) < 0.05);
        assert_ne!(tb, tc);
    }

    #[test]
    fn order_matters_in_a_shingle_and_repeats_do_not() {
        let (a, _) = sign("one two three four five");
        let (b, _) = sign("five four three two one");
        assert!(similarity(&a, &b) < 0.05);
        let (c, tc) = sign("one two three four five one two three four five");
        let (d, td) =
            sign("one two three four five one two three four five one two three four five");
        assert_eq!(c, d, "the same shingle set");
        assert_ne!(tc, td, "different texts");
    }

    #[test]
    fn short_and_empty_texts() {
        assert!(Signer::default().sign(&[]).is_none());
        let (a, _) = sign("two words");
        let (b, _) = sign("two words");
        let (c, _) = sign("words two");
        assert_eq!(a, b);
        assert!(similarity(&a, &c) < 0.05);
    }

    #[test]
    fn the_estimate_is_unbiased_over_many_pairs() {
        // Texts of 400 tokens sharing their first k: mean estimate within 0.02 of the truth.
        let mut total = 0.0;
        let mut truth = 0.0;
        for round in 0..40 {
            let base = round * 10_000;
            let a = words(base, base + 400);
            let b = format!(
                "{}{}",
                words(base, base + 200),
                words(base + 5000, base + 5200)
            );
            total += f64::from(similarity(&sign(&a).0, &sign(&b).0));
            // Shared shingles: 196; each has 396.
            truth += 196.0 / (396.0 + 396.0 - 196.0);
        }
        assert!(
            (total - truth).abs() / 40.0 < 0.02,
            "{} vs {}",
            total / 40.0,
            truth / 40.0
        );
    }
}
