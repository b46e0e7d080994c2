//! The word lists of `assets/demo-office.txt`: departments with their owners and their tasks,
//! places, leaders, and the texts a department writes at each stage of its work.

const OFFICE: &str = include_str!("../../../assets/demo-office.txt");

/// One task a department leads: the title template (`{区}` a district, `{县}` a county) and
/// the requirement that comes with it.
#[derive(Debug, Clone)]
pub struct Task {
    pub title: String,
    pub requirement: String,
}

impl Task {
    /// The task's words without the place: what the progress texts call `{事项}`.
    pub fn words(&self) -> &str {
        self.title
            .trim_start_matches("{区}")
            .trim_start_matches("{县}")
    }
}

/// A department of the sample office: who in it owns items, and what it leads.
#[derive(Debug, Clone)]
pub struct Department {
    pub name: String,
    pub owners: Vec<String>,
    pub tasks: Vec<Task>,
}

/// The word lists.
pub struct Words {
    sections: Vec<(String, Vec<String>)>,
    pub departments: Vec<Department>,
}

impl Words {
    pub fn load() -> Self {
        let mut sections: Vec<(String, Vec<String>)> = Vec::new();
        for line in OFFICE.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                sections.push((name.to_string(), Vec::new()));
            } else if let Some((_, list)) = sections.last_mut() {
                list.push(line.to_string());
            }
        }
        let departments = sections
            .iter()
            .filter_map(|(name, lines)| {
                let name = name.strip_prefix("department ")?;
                let mut owners = Vec::new();
                let mut tasks = Vec::new();
                for line in lines {
                    if let Some(list) = line.strip_prefix("owners:") {
                        owners.extend(list.split_whitespace().map(str::to_string));
                    } else if let Some((title, requirement)) = line.split_once('|') {
                        tasks.push(Task {
                            title: title.trim().to_string(),
                            requirement: requirement.trim().to_string(),
                        });
                    }
                }
                Some(Department {
                    name: name.to_string(),
                    owners,
                    tasks,
                })
            })
            .filter(|d| !d.owners.is_empty() && !d.tasks.is_empty())
            .collect();
        Self {
            sections,
            departments,
        }
    }

    pub fn list(&self, name: &str) -> &[String] {
        self.sections
            .iter()
            .find(|(n, _)| n == name)
            .map_or(&[], |(_, l)| l.as_slice())
    }

    /// The section of progress texts for a percent (the first whose bound holds it).
    pub fn progress(&self, percent: u8) -> &[String] {
        let bound = match percent {
            0..=29 => "progress 29",
            30..=49 => "progress 49",
            50..=69 => "progress 69",
            70..=89 => "progress 89",
            _ => "progress 99",
        };
        self.list(bound)
    }

    /// Whether `title` is what `task`'s template makes, with one of the places.
    fn made_from(&self, task: &Task, title: &str) -> bool {
        let (places, rest) = if let Some(rest) = task.title.strip_prefix("{区}") {
            (self.list("districts"), rest)
        } else if let Some(rest) = task.title.strip_prefix("{县}") {
            (self.list("counties"), rest)
        } else {
            return task.title == title;
        };
        title
            .strip_suffix(rest)
            .is_some_and(|place| places.iter().any(|p| p == place))
    }
}

/// The department whose task template makes this sample title, if one does.
pub fn department_of_title(title: &str) -> Option<String> {
    let words = Words::load();
    words
        .departments
        .iter()
        .find(|d| d.tasks.iter().any(|t| words.made_from(t, title)))
        .map(|d| d.name.clone())
}

/// The owners the sample office gives a department (empty for one it does not have).
pub fn owners_of(department: &str) -> Vec<String> {
    Words::load()
        .departments
        .into_iter()
        .find(|d| d.name == department)
        .map(|d| d.owners)
        .unwrap_or_default()
}
