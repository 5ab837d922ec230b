//! Base64 as wasmdiff writes and reads it (modules crossing a child
//! process's pipe, memories coming back, fuzz inputs in a repro's
//! `meta.json`): standard alphabet, written with padding, read with or
//! without it. A leaf module over the `base64` crate.

use base64::Engine;
use base64::alphabet::STANDARD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

/// Standard base64, padded on encoding, padding optional on decoding.
const CODEC: GeneralPurpose = GeneralPurpose::new(
    &STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    CODEC.encode(bytes)
}

/// Decode standard base64 (padding optional).
pub fn unbase64(text: &str) -> Result<Vec<u8>, crate::error::Error> {
    CODEC
        .decode(text.trim())
        .map_err(|e| crate::error::Error::input(format!("invalid base64: {e}")))
}

/// Serde for bytes that are usually text (a program's output, its files):
/// a JSON string when they are UTF-8, else `{"base64": ...}`.
pub mod text_or_base64 {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    #[serde(untagged)]
    enum Form {
        Text(String),
        Bytes { base64: String },
    }

    /// Write bytes as text or base64.
    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Form::Text(text.to_string()),
            Err(_) => Form::Bytes {
                base64: super::base64(bytes),
            },
        }
        .serialize(s)
    }

    /// Read bytes written by [`serialize`].
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        match Form::deserialize(d)? {
            Form::Text(t) => Ok(t.into_bytes()),
            Form::Bytes { base64 } => super::unbase64(&base64).map_err(serde::de::Error::custom),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_with_or_without_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(unbase64("Zg").unwrap(), b"f");
        assert_eq!(unbase64("Zm8=").unwrap(), b"fo");
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(unbase64(&base64(&all)).unwrap(), all);
        assert!(unbase64("a*b").is_err());
    }
}
