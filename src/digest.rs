//! SHA-256 digests in hex: how texts, splits, files and settings are identified.

use sha2::{Digest, Sha256};

/// The SHA-256 of `bytes`, in lower-case hex.
pub fn hex_sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// `bytes` in lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The first 64 bits of the SHA-256 of `parts`, one after another: a number that names
/// a thing by what it is, whatever order things come in (a bead to sample, say).
pub fn u64_key(parts: &[&[u8]]) -> u64 {
    let mut digest = Sha256::new();
    for part in parts {
        digest.update(part);
    }
    u64::from_le_bytes(digest.finalize()[..8].try_into().expect("8 bytes"))
}
