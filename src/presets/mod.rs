//! The evaluations built into the binary: the seed report's transcription, blank templates (department-wide,
//! and project tables in the national, Hubei and Sichuan layouts) and a worked project example.

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
    Preset {
        name: "project-national",
        title_zh: "空白：项目支出绩效自评表（全国通用格式）",
        title_en: "Blank: project self-evaluation table (national template)",
        json: include_str!("project-national.json"),
    },
    Preset {
        name: "project-national-example",
        title_zh: "示例：项目支出绩效自评表（虚构的某县饮水工程）",
        title_en: "Sample: project self-evaluation table (an invented county water project)",
        json: include_str!("project-national-example.json"),
    },
    Preset {
        name: "project-hubei",
        title_zh: "空白：项目支出绩效自评表（湖北格式）",
        title_en: "Blank: project self-evaluation table (Hubei layout)",
        json: include_str!("project-hubei.json"),
    },
    Preset {
        name: "project-sichuan",
        title_zh: "空白：项目支出绩效自评表（四川格式）",
        title_en: "Blank: project self-evaluation table (Sichuan layout)",
        json: include_str!("project-sichuan.json"),
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
