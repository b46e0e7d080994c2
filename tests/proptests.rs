//! Property tests of three entry points a hostile or damaged input reaches: the date parser,
//! the decoder of stored events, and the import of a JSON export. Whatever they are given, they
//! answer (a value or a refusal naming what is wrong) and never panic; what they accept reads
//! back as it was.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Datelike, NaiveDate};
use duban::domain::Rules;
use duban::domain::history::EventCode;
use duban::domain::validate;
use duban::exchange::read;
use duban::store::event_codec;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Every real day of the office's years reads back as itself; anything else is refused.
    #[test]
    fn a_date_reads_back_or_is_refused(y in 1990i32..2110, m in 0u32..14, d in 0u32..33) {
        let text = format!("{y:04}-{m:02}-{d:02}");
        let real = NaiveDate::from_ymd_opt(y, m, d);
        match validate::date("due", &text) {
            Ok(day) => {
                prop_assert_eq!(Some(day), real);
                prop_assert!((validate::FIRST_YEAR..=validate::LAST_YEAR).contains(&day.year()));
            }
            Err(e) => {
                prop_assert_eq!(e.field, "due");
                prop_assert!(
                    real.is_none()
                        || !(validate::FIRST_YEAR..=validate::LAST_YEAR).contains(&y)
                );
            }
        }
    }

    /// Any text at all is a date or one refusal naming the field.
    #[test]
    fn any_text_is_a_date_or_refused(text in "\\PC{0,20}") {
        if let Err(e) = validate::date("due", &text) {
            prop_assert!(e.to_string().starts_with("due "));
        }
    }

    /// A stored payload of any kind decodes or is refused, never a panic; one that decodes
    /// encodes back to the same canonical bytes when it was canonical.
    #[test]
    fn any_payload_decodes_or_is_refused(kind in 0usize..EventCode::ALL.len(), data in "\\PC{0,120}") {
        let code = EventCode::ALL[kind].code();
        if let Ok(event) = event_codec::decode(1, code, &data) {
            let again = event_codec::encode(&event);
            prop_assert!(event_codec::decode(1, code, &again).is_ok());
        }
    }

    /// Any text given to `duban import` is an office or one refusal, never a panic.
    #[test]
    fn any_file_imports_or_is_refused(text in "\\PC{0,200}") {
        let _ = read::read("x.json", &text, &Rules::default());
    }

    /// A small real export with one byte changed anywhere is read whole or refused.
    #[test]
    fn a_changed_export_imports_or_is_refused(at in 0usize..4000, byte in 32u8..127) {
        let mut text = EXPORT.clone().into_bytes();
        let at = at % text.len();
        text[at] = byte;
        if let Ok(text) = String::from_utf8(text) {
            let _ = read::read("x.json", &text, &Rules::default());
        }
    }
}

/// The export of a small sample office, made once.
static EXPORT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    use duban::app::Office;
    use duban::clock::Clock;
    use duban::exchange::{self, ExportFormat};
    use duban::store::Store;
    let now = NaiveDate::from_ymd_opt(2026, 11, 25)
        .unwrap()
        .and_hms_opt(9, 30, 0)
        .unwrap();
    let mut office = Office::new(
        Store::open_in_memory().unwrap(),
        Clock::Frozen(now),
        "督查员".into(),
    );
    duban::cli::fill_demo(&mut office, 5, 3).unwrap();
    String::from_utf8(exchange::export(&office.store, ExportFormat::Json, Vec::new(), now).unwrap())
        .unwrap()
});
