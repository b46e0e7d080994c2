//! The bulletin (督办通报) and the assessment (绩效考核): figures computed from the history as it
//! stood at the end of a period, as plain data that the renderers word in each language. No
//! terminal and no SQL here: the figures are pure functions of the replayed items.

pub mod assignment;
pub mod daylog;
pub mod docx;
pub mod escape;
pub mod figures;
pub mod judge;
pub mod notice;
pub mod paper;
pub mod parts;
pub mod period;
pub mod rank;
pub mod render;
pub mod score;
pub mod score_parts;
pub mod trend;
pub mod wording;

pub use figures::{Bulletin, GroupBy, Row, Tally};
pub use parts::BulletinParts;
pub use period::{Period, PeriodKind};
pub use rank::Place;
pub use score::{Score, ScoreLine, ScoreReason, Scores};
