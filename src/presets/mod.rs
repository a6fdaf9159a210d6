//! The evaluations built into the binary: the seed report's transcription and two blank templates.

use crate::domain::Evaluation;
use crate::format;

pub struct Preset {
    /// The name used by `jixiao preset NAME` and the app's picker.
    pub name: &'static str,
    pub title_zh: &'static str,
    pub title_en: &'static str,
    pub json: &'static str,
}

pub const PRESETS: &[Preset] = &[
    Preset {
        name: "seed-2023",
        title_zh: "示例：2023 年广州市人社局部门整体支出绩效自评",
        title_en: "Sample: 2023 self-evaluation of the Guangzhou HR & Social Security Bureau",
        json: include_str!("seed-2023.json"),
    },
    Preset {
        name: "department-blank",
        title_zh: "空白：部门整体支出绩效自评",
        title_en: "Blank: department-wide expenditure self-evaluation",
        json: include_str!("department-blank.json"),
    },
    Preset {
        name: "project-blank",
        title_zh: "空白：项目支出绩效自评",
        title_en: "Blank: project expenditure self-evaluation",
        json: include_str!("project-blank.json"),
    },
];

pub const DEFAULT_PRESET: &str = "seed-2023";

pub fn find(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

impl Preset {
    /// The preset as an evaluation. The presets are tested to load, so this only fails if a build
    /// embeds a broken file; callers still get the error rather than a panic.
    pub fn evaluation(&self) -> Result<Evaluation, format::LoadError> {
        format::load_str(self.json)
    }
}
