//! The supervision domain (督查督办): plain types and rules, no terminal and no SQL.

pub mod attachment;
pub mod calendar;
pub mod dates;
pub mod extension;
pub mod feedback_due;
pub mod history;
pub mod import;
pub mod instruction;
pub mod item;
pub mod ladder;
pub mod lifecycle;
pub mod light;
pub mod records;
pub mod rule_keys;
pub mod rules;
pub mod timing;
pub mod triage;
pub mod urging;
pub mod validate;

pub use calendar::{WorkCalendar, YearNotice};
pub use item::{Cadence, Flags, SourceKind};
pub use ladder::Level;
pub use lifecycle::{Move, Status};
pub use light::WarningLight;
pub use rules::Rules;

/// An unknown code for one of the domain's closed vocabularies.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} must be one of: {accepted} (got '{}')", validate::shown(.got))]
pub struct UnknownCode {
    pub field: &'static str,
    pub accepted: String,
    pub got: String,
}

/// Declares a closed vocabulary whose stable code is used in the database, the command line and
/// JSON alike. A variant may also name what a clerk types for it (`Leader = "leader" |
/// "领导关注" | "leader-concerned"`): the names the interface shows in either language, which
/// [`parse_field`](Self::parse_field) accepts beside the code; what is stored is the code.
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code used in the database, on the command line and in JSON.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }

            /// [`Self::from_code`] of raw bytes (a database column), which need no UTF-8 check
            /// first: a code is ASCII.
            pub fn from_code_bytes(code: &[u8]) -> Option<Self> {
                $(if code == $code.as_bytes() { return Some($name::$variant); })+
                None
            }

            /// Every accepted code, comma separated, for error messages.
            pub fn accepted() -> String {
                [$($code),+].join(", ")
            }

            /// A name the clerk may type for a variant besides its code, in either language
            /// (English names compared without regard to case).
            pub fn from_name(text: &str) -> Option<Self> {
                let text = text.trim();
                $(
                    if text.eq_ignore_ascii_case($code) $(|| text.eq_ignore_ascii_case($alias))* {
                        return Some($name::$variant);
                    }
                )+
                None
            }

            /// Parses a code or a name the interface shows for it (in either language), naming
            /// the field and what is accepted when it is unknown.
            pub fn parse_field(field: &'static str, text: &str) -> Result<Self, $crate::domain::UnknownCode> {
                Self::from_name(text).ok_or_else(|| $crate::domain::UnknownCode {
                    field,
                    accepted: Self::accepted(),
                    got: text.to_string(),
                })
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let code = String::deserialize(d)?;
                Self::from_code(&code).ok_or_else(|| {
                    serde::de::Error::custom(format!("unknown code '{code}'; accepted: {}", Self::accepted()))
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}
pub(crate) use code_enum;

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code reads back as its variant, from text and from a column's bytes alike.
    fn round_trips<T: Copy + PartialEq + std::fmt::Debug>(
        all: &[T],
        code: fn(T) -> &'static str,
        from_code: fn(&str) -> Option<T>,
        from_bytes: fn(&[u8]) -> Option<T>,
    ) {
        for &v in all {
            assert_eq!(from_code(code(v)), Some(v));
            assert_eq!(from_bytes(code(v).as_bytes()), Some(v));
            let longer = format!("{}x", code(v));
            assert_eq!(from_bytes(longer.as_bytes()), None);
            assert_eq!(from_bytes(&code(v).as_bytes()[1..]), None);
        }
        assert_eq!(from_bytes(b""), None);
    }

    #[test]
    fn codes_read_back_from_text_and_bytes() {
        round_trips(
            Status::ALL,
            Status::code,
            Status::from_code,
            Status::from_code_bytes,
        );
        round_trips(
            Level::ALL,
            Level::code,
            Level::from_code,
            Level::from_code_bytes,
        );
        round_trips(
            SourceKind::ALL,
            SourceKind::code,
            SourceKind::from_code,
            SourceKind::from_code_bytes,
        );
        round_trips(
            Cadence::ALL,
            Cadence::code,
            Cadence::from_code,
            Cadence::from_code_bytes,
        );
        round_trips(
            WarningLight::ALL,
            WarningLight::code,
            WarningLight::from_code,
            WarningLight::from_code_bytes,
        );
        assert_eq!(Status::from_code_bytes("督办".as_bytes()), None);
    }
}
