//! The identity of a divergence, and the stable hash its id uses. A leaf
//! module: the oracle builds signatures, and the crash classes, triage,
//! the campaign and the shrinker read them as values, never by parsing
//! text the project wrote (texts read back from a repro's `meta.json` are
//! parsed once, by [`Signature::from_str`]).

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use crate::error::Error;

/// How a signature writes the majority's engines.
pub const MAJORITY: &str = "*";

/// 64-bit FNV-1a: a stable hash (unlike std's, it never changes between
/// Rust versions), used for signature ids and memory fingerprints.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// One side of a divergence: an outcome class and the engines that
/// observed it (by name; the majority's are `[MAJORITY]`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Side {
    /// The outcome class (`ok`, `trap:unreachable`, `state:global`, ...).
    pub class: String,
    /// The engines, or `[MAJORITY]`.
    pub engines: Vec<String>,
}

impl Side {
    /// Whether this side is the majority, written `*`.
    pub fn is_majority(&self) -> bool {
        self.engines.len() == 1 && self.engines[0] == MAJORITY
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.class, self.engines.join("+"))
    }
}

/// A stable identity for a kind of divergence: the phase, which engines
/// fall on which side, and their outcome classes. Values and messages are
/// left out so that a shrunk case keeps the signature of the original.
/// With a majority, its engines are left out too (`ok=*`): which engines a
/// case runs in depends on its feature profile, and the odd engines with
/// their outcome are what identifies the difference, so one engine bug
/// keeps one signature whatever the profile.
///
/// Which call diverged is left out too (`call`, not `call[3]`).
///
/// Its text is `<phase>[:<detail>]|<class>=<engines>|...` with the sides
/// sorted; the id is the text's [`fnv1a`] in 16 hex digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Signature {
    /// The phase (`call`), with the kind of state that differed for a
    /// state phase (`state:global`).
    pub head: String,
    /// The sides, in the order of their text.
    pub sides: Vec<Side>,
    /// The canonical text.
    pub text: String,
    /// A 16-hex-digit hash of the text, for file names.
    pub id: String,
}

impl Signature {
    /// A signature of these sides (any order).
    pub fn new(head: String, mut sides: Vec<Side>) -> Signature {
        sides.sort_by_key(|s| s.to_string());
        let text = std::iter::once(head.clone())
            .chain(sides.iter().map(|s| s.to_string()))
            .collect::<Vec<_>>()
            .join("|");
        let id = format!("{:016x}", fnv1a(text.as_bytes()));
        Signature {
            head,
            sides,
            text,
            id,
        }
    }

    /// The phase's name without its index or detail (`call`, `state`,
    /// `compile`).
    pub fn phase_name(&self) -> &str {
        self.head.split(['[', ':']).next().unwrap_or("")
    }

    /// The signature the same divergence has with only `engines` (by name)
    /// running: other engines leave their sides, and sides left empty go.
    /// The majority's `*` stays.
    pub fn project(&self, engines: &[&str]) -> Signature {
        let sides = self
            .sides
            .iter()
            .filter_map(|s| {
                let kept: Vec<String> = s
                    .engines
                    .iter()
                    .filter(|e| *e == MAJORITY || engines.contains(&e.as_str()))
                    .cloned()
                    .collect();
                (!kept.is_empty()).then(|| Side {
                    class: s.class.clone(),
                    engines: kept,
                })
            })
            .collect();
        Signature::new(self.head.clone(), sides)
    }

    /// As this version writes it, for signatures recorded by earlier ones:
    /// the call's index leaves the phase (`call[3]` becomes `call`), and
    /// the majority's engines become `*` when there are three or more
    /// engines and one side strictly larger than every other.
    pub fn canonical(&self) -> Signature {
        let head = match (self.head.find('['), self.head.find(']')) {
            (Some(a), Some(b)) if a < b => format!("{}{}", &self.head[..a], &self.head[b + 1..]),
            _ => self.head.clone(),
        };
        if self.sides.iter().any(Side::is_majority) {
            return Signature::new(head, self.sides.clone());
        }
        let total: usize = self.sides.iter().map(|s| s.engines.len()).sum();
        let largest = self
            .sides
            .iter()
            .map(|s| s.engines.len())
            .max()
            .unwrap_or(0);
        let at_largest = self
            .sides
            .iter()
            .filter(|s| s.engines.len() == largest)
            .count();
        if total < 3 || at_largest != 1 {
            return Signature::new(head, self.sides.clone());
        }
        let sides = self
            .sides
            .iter()
            .map(|s| Side {
                class: s.class.clone(),
                engines: if s.engines.len() == largest {
                    vec![MAJORITY.to_string()]
                } else {
                    s.engines.clone()
                },
            })
            .collect();
        Signature::new(head, sides)
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for Signature {
    type Err = Error;

    /// Read a signature's text (as a repro's `meta.json` records it).
    fn from_str(text: &str) -> Result<Signature, Error> {
        let (head, rest) = text
            .split_once('|')
            .ok_or_else(|| Error::input(format!("not a divergence signature (no `|`): {text}")))?;
        let sides = rest
            .split('|')
            .map(|part| {
                let (class, engines) = part.rsplit_once('=').ok_or_else(|| {
                    Error::input(format!(
                        "not a divergence signature (`{part}` has no `=`): {text}"
                    ))
                })?;
                Ok(Side {
                    class: class.to_string(),
                    engines: engines.split('+').map(str::to_string).collect(),
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(Signature::new(head.to_string(), sides))
    }
}

/// As `{"text": ..., "id": ...}`, the form `--json` reports have always had.
impl Serialize for Signature {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Signature", 2)?;
        st.serialize_field("text", &self.text)?;
        st.serialize_field("id", &self.id)?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(text: &str) -> Signature {
        text.parse().unwrap()
    }

    #[test]
    fn text_round_trips_with_sides_sorted() {
        let s = sig("call[0]|trap:unreachable=canary|ok=wasmi+wasmtime-cranelift");
        assert_eq!(
            s.text,
            "call[0]|ok=wasmi+wasmtime-cranelift|trap:unreachable=canary"
        );
        assert_eq!(sig(&s.text), s);
        assert_eq!(s.id.len(), 16);
        assert_eq!(s.phase_name(), "call");
        assert_eq!(
            sig("state[2]:global|state:global=*|state:global=a").phase_name(),
            "state"
        );
        assert!("garbage".parse::<Signature>().is_err());
        assert!("call[0]|ok".parse::<Signature>().is_err());
    }

    #[test]
    fn one_engine_bug_keeps_one_signature_whatever_the_majority() {
        let one = sig("call[0]|ok=wamr|ok=wasmi+wasmtime-cranelift").canonical();
        let two = sig("call[4]|ok=v8-liftoff+wasmi+wasmtime-cranelift|ok=wamr").canonical();
        assert_eq!(one.text, "call|ok=*|ok=wamr");
        assert_eq!(one, two);
        assert_eq!(one.canonical(), one);
        assert_eq!(
            sig("state[2]:global|state:global=a+b|state:global=c")
                .canonical()
                .text,
            "state:global|state:global=*|state:global=c"
        );
        // Without a strict majority: only the index goes.
        let tie = sig("compile|error=wasmi|ok=wamr");
        assert_eq!(tie.canonical(), tie);
        let split = sig("call[1]|ok=a+b|ok=c+d|trap:unreachable=e");
        assert_eq!(
            split.canonical().text,
            "call|ok=a+b|ok=c+d|trap:unreachable=e"
        );
    }

    #[test]
    fn projection_leaves_out_engines_that_did_not_run() {
        let s = sig("call[0]|ok=canary|ok=wasmtime-cranelift+wasmi");
        assert_eq!(
            s.project(&["wasmi", "canary"]).text,
            "call[0]|ok=canary|ok=wasmi"
        );
        assert_eq!(
            s.project(&["wasmi", "wasmtime-cranelift"]).text,
            "call[0]|ok=wasmtime-cranelift+wasmi"
        );
        // The majority's `*` stays.
        let m = sig("call[0]|ok=*|ok=wamr");
        assert_eq!(m.project(&["wamr"]), m);
    }

    #[test]
    fn fnv1a_is_the_standard_function() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
