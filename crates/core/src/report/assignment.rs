//! The assignment notice (交办通知单): the paper that hands an item to its lead department, and
//! that hands it again when a leader's instruction sets a new requirement (DOMAIN.md: a new
//! requirement "is issued as a 交办通知单"), quoting the instruction and the new deadline.

use chrono::NaiveDate;

use super::notice::{Quoted, quoted_lines};
use super::paper::{Body, Paper};
use super::wording::{date, document_number};
use crate::domain::item::{Cadence, ItemNumber, SourceKind};
use crate::lang::Lang;

/// One item as its assignment notice states it.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    pub number: ItemNumber,
    pub title: String,
    pub source_kind: SourceKind,
    pub source_ref: String,
    pub lead: String,
    pub co_departments: Vec<String>,
    pub owner: String,
    /// What the item requires (督办要求), as registered.
    pub requirement: String,
    pub deadline: Option<NaiveDate>,
    pub cadence: Cadence,
    /// The leader's instruction that set a new requirement, when the notice issues one.
    pub new_requirement: Option<Quoted>,
    pub issued_on: NaiveDate,
    /// The issuing office (落款).
    pub office: Option<String>,
}

fn pick<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

impl Assignment {
    pub fn title(&self, lang: Lang) -> String {
        pick(lang, "督办事项交办通知单", "Assignment notice").to_string()
    }

    fn source(&self, lang: Lang) -> String {
        let kind = lang.source(self.source_kind);
        match (self.source_ref.trim(), lang) {
            ("", _) => kind.to_string(),
            (r, Lang::Zh) => format!("{kind}（{r}）"),
            (r, Lang::En) => format!("{kind} ({r})"),
        }
    }

    fn deadline(&self, lang: Lang) -> String {
        self.deadline.map_or_else(
            || pick(lang, "未设办理时限", "no deadline").to_string(),
            |d| date(d, lang),
        )
    }

    /// How often progress is reported, as the department is told.
    fn reporting(&self, lang: Lang) -> String {
        let when = match self.cadence {
            Cadence::Weekly => pick(lang, "每周报送一次进展情况", "report progress every week"),
            Cadence::Monthly => pick(lang, "每月报送一次进展情况", "report progress every month"),
            Cadence::Quarterly => pick(
                lang,
                "每季度报送一次进展情况",
                "report progress every quarter",
            ),
            Cadence::Annual => pick(lang, "每年报送一次进展情况", "report progress every year"),
            Cadence::Staged => pick(
                lang,
                "按分解节点报送进展情况",
                "report progress at each milestone",
            ),
            Cadence::Once => pick(
                lang,
                "办理中如有重要进展及时报送",
                "report any important progress as it happens",
            ),
        };
        match lang {
            Lang::Zh => format!("{when}；办结后报送办结报告"),
            Lang::En => format!("{when}; submit a completion report when done"),
        }
    }

    fn opening(&self, lang: Lang) -> String {
        let number = document_number(self.number, lang);
        match (&self.new_requirement, lang) {
            (Some(q), Lang::Zh) => format!(
                "{}于{}对你单位牵头承办的“{}”（{number}）作出批示，提出新的要求。现将有关事项重新交办如下，请认真抓好落实。",
                q.leader,
                date(q.on_date, lang),
                self.title
            ),
            (Some(q), Lang::En) => format!(
                "On {}, {} gave an instruction on \"{}\" ({number}), which your department leads, setting a new requirement. The item is assigned again as follows.",
                date(q.on_date, lang),
                q.leader,
                self.title
            ),
            (None, Lang::Zh) => format!(
                "现将“{}”（{number}）交由你单位牵头办理，有关事项通知如下，请认真抓好落实。",
                self.title
            ),
            (None, Lang::En) => format!(
                "\"{}\" ({number}) is assigned to your department to lead, as follows.",
                self.title
            ),
        }
    }

    fn fields(&self, lang: Lang) -> Vec<(String, String)> {
        let mut fields = vec![
            (
                pick(lang, "事项编号", "Number"),
                document_number(self.number, lang),
            ),
            (pick(lang, "事项名称", "Item"), self.title.clone()),
            (pick(lang, "事项来源", "Source"), self.source(lang)),
        ];
        if let Some(q) = &self.new_requirement {
            fields.push((
                pick(lang, "领导批示", "Leader's instruction"),
                quoted_lines(std::slice::from_ref(q), lang),
            ));
        }
        if !self.requirement.trim().is_empty() {
            fields.push((
                pick(lang, "督办要求", "Requirement"),
                self.requirement.clone(),
            ));
        }
        fields.push((pick(lang, "牵头单位", "Lead department"), self.lead.clone()));
        if !self.co_departments.is_empty() {
            fields.push((
                pick(lang, "配合单位", "Co-departments"),
                self.co_departments.join(pick(lang, "、", ", ")),
            ));
        }
        if !self.owner.trim().is_empty() {
            fields.push((pick(lang, "责任人", "Owner"), self.owner.clone()));
        }
        let deadline_label = if self.new_requirement.is_some() {
            pick(lang, "新的办理时限", "New deadline")
        } else {
            pick(lang, "办理时限", "Deadline")
        };
        fields.push((deadline_label, self.deadline(lang)));
        fields.push((pick(lang, "反馈要求", "Reporting"), self.reporting(lang)));
        fields
            .into_iter()
            .map(|(label, value)| (label.to_string(), value))
            .collect()
    }

    fn closing(&self, lang: Lang) -> String {
        match (self.deadline, lang) {
            (Some(d), Lang::Zh) => format!(
                "请于{}前办结并报送办结报告；逾期未办结的，将按规定予以催办问责。",
                date(d, lang)
            ),
            (Some(d), Lang::En) => format!(
                "Please complete it and submit the completion report by {}; an item not completed by then is urged and held to account as the rules provide.",
                date(d, lang)
            ),
            (None, Lang::Zh) => "请抓紧办理，并按要求报送进展情况和办结报告。".to_string(),
            (None, Lang::En) => {
                "Please act on it and report progress and completion as required.".to_string()
            }
        }
    }

    /// The notice as a paper, ready to print in any format.
    pub fn paper(&self, lang: Lang) -> Paper {
        Paper {
            lang,
            title: self.title(lang),
            subtitle: document_number(self.number, lang),
            addressee: match lang {
                Lang::Zh => format!("{}：", self.lead),
                Lang::En => format!("To: {}", self.lead),
            },
            opening: self.opening(lang),
            body: Body::Form(self.fields(lang)),
            closing: self.closing(lang),
            signature: self
                .office
                .iter()
                .cloned()
                .chain(std::iter::once(date(self.issued_on, lang)))
                .collect(),
            issued_on: self.issued_on,
            record_head: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::instruction::InstructionSense;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn assignment(new_requirement: Option<Quoted>) -> Assignment {
        Assignment {
            number: ItemNumber {
                year: 2026,
                seq: 17,
            },
            title: "老旧小区改造".into(),
            source_kind: SourceKind::Meeting,
            source_ref: "第6次常务会议".into(),
            lead: "住建局".into(),
            co_departments: vec!["财政局".into(), "城管局".into()],
            owner: "李明".into(),
            requirement: "年底前完成20个小区".into(),
            deadline: Some(d("2026-12-31")),
            cadence: Cadence::Monthly,
            new_requirement,
            issued_on: d("2026-11-25"),
            office: Some("市委督查室".into()),
        }
    }

    #[test]
    fn a_new_requirement_is_assigned_again_quoting_the_instruction_and_its_new_deadline() {
        let q = Quoted {
            on_date: d("2026-11-25"),
            leader: "王市长".into(),
            sense: InstructionSense::Requires,
            text: "建立长效机制".into(),
        };
        let md = assignment(Some(q)).paper(Lang::Zh).markdown();
        assert!(md.starts_with("# 督办事项交办通知单\n"), "{md}");
        assert!(md.contains("王市长于2026年11月25日对你单位牵头承办的“老旧小区改造”（督字〔2026〕17号）作出批示，提出新的要求"), "{md}");
        assert!(
            md.contains("| 领导批示 | 王市长（2026年11月25日，提出新要求）：建立长效机制 |"),
            "{md}"
        );
        assert!(md.contains("| 新的办理时限 | 2026年12月31日 |"), "{md}");
        assert!(md.contains("| 配合单位 | 财政局、城管局 |"), "{md}");
        assert!(
            md.contains("每月报送一次进展情况；办结后报送办结报告"),
            "{md}"
        );
        assert!(md.contains("请于2026年12月31日前办结"), "{md}");
        assert!(
            md.trim_end().ends_with("市委督查室\n\n2026年11月25日"),
            "{md}"
        );
        let en = assignment(None).paper(Lang::En).markdown();
        assert!(en.starts_with("# Assignment notice\n"), "{en}");
        assert!(en.contains("| Deadline | 31 December 2026 |"), "{en}");
        assert!(!en.contains("instruction"), "{en}");
        assert!(
            !en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)
                && !"老旧小区改造第6次常务会议住建局财政局城管局李明年底前完成20个小区市委督查室"
                    .contains(c)),
            "{en}"
        );
    }
}
