//! One indicator: its name, category, points and target edited in place (the structure mode keeps
//! adding, removing, moving and rule kinds), the actual (or level picker), completion, score, badge,
//! 偏差原因.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::inline_edit::InlineText;
use super::number_cell::{enter_moves_on, paste_into_rows, NumberCell};
use super::review::delta_span;
use super::structure_controls::{IndicatorControls, StructNumber};
use super::{use_dispatch, use_select_value};
use crate::app::state::{Action, Draft};
use crate::domain::checks::far_exceeded;
use crate::domain::num::{format_exact, format_percent, format_short};
use crate::domain::paste::Column;
use crate::domain::scored::level_label;
use crate::domain::structure::{indicator_has_data, StructureEdit, StructureError};
use crate::domain::written::{read_target, Written};
use crate::domain::InputKey;
use crate::domain::{Actual, Badge, Direction, Indicator, IndicatorResult, Lang, Level, LevelBand, RuleError};
use crate::i18n::texts;

#[derive(Properties, PartialEq)]
pub struct IndicatorRowProps {
    pub indicator: Indicator,
    pub result: IndicatorResult,
    pub depth: usize,
    pub actual_draft: Option<Draft>,
    pub percent_draft: Option<Draft>,
    pub lang: Lang,
    /// The evaluation's display places: a printed score within rounding of them agrees.
    #[prop_or_default]
    pub decimals: u32,
    #[prop_or_default]
    pub delta: Option<rust_decimal::Decimal>,
    #[prop_or_default]
    pub editing: bool,
    #[prop_or_default]
    pub target_draft: Option<Draft>,
    /// The 二级指标 it opens, shown once above the run of rows that share it.
    #[prop_or_default]
    pub category: Option<AttrValue>,
    /// Just added: its name box takes the focus.
    #[prop_or_default]
    pub focus: bool,
    /// The 分值 typed in place, not yet a number (a project table's row).
    #[prop_or_default]
    pub points_draft: Option<Draft>,
    /// A qualitative row's chosen level's band (its list's): the percent within it is asked only
    /// where the band is more than one value.
    #[prop_or_default]
    pub band: Option<LevelBand>,
}

#[function_component(IndicatorRow)]
pub fn indicator_row(props: &IndicatorRowProps) -> Html {
    let IndicatorRowProps { indicator, result, lang, .. } = props;
    let t = texts(*lang);
    let dispatch = use_dispatch();
    let level_select = use_select_value(match &indicator.actual {
        Some(Actual::Level { level, .. }) => level.as_str().into(),
        _ => String::new(),
    });
    let badge = result.badge();
    let id = indicator.id.clone();

    let actual_cell = if indicator.direction == Direction::Qualitative {
        qualitative_input(props, dispatch.clone(), level_select)
    } else if indicator.direction == Direction::OnTime {
        written_actual_input(props, &dispatch)
    } else {
        let value = match &indicator.actual {
            Some(Actual::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        html! {
            <NumberCell input={InputKey::Actual(id.clone())} {value} draft={props.actual_draft.clone()}
                label={format!("{} {}", indicator.name, t.col_actual)} testid="actual-input" lang={*lang}
                disabled={indicator.not_applicable}
                suffix={(!indicator.unit.is_empty()).then(|| AttrValue::from(indicator.unit.clone()))} />
        }
    };
    let ratio_text = match (result.ratio(), result.completion.raw_ratio) {
        (Some(_), Some(raw)) if raw > rust_decimal::Decimal::ONE => {
            format!("100% ({})", format_percent(raw, 2))
        }
        (Some(ratio), _) => format_percent(ratio, 2),
        (None, _) => String::new(),
    };
    let reason_wanted = indicator.deviation_reason.trim().is_empty()
        && (badge == Badge::Short || result.completion.raw_ratio.is_some_and(|r| r >= far_exceeded()));
    let onreason = {
        let id = id.clone();
        dispatch.reform(move |e: InputEvent| Action::SetReason {
            indicator: id.clone(),
            text: e.target_unchecked_into::<HtmlInputElement>().value(),
        })
    };
    let badge_title = match result.error() {
        // Targets are typed in the row itself: say where.
        Some(RuleError::MissingTarget) if !props.editing => {
            format!("{}{}", RuleError::MissingTarget.message(*lang), t.target_where)
        }
        Some(error) => error.message(*lang),
        None => String::new(),
    };
    let on_na = {
        let id = id.clone();
        dispatch.reform(move |e: Event| Action::SetNotApplicable {
            indicator: id.clone(),
            value: e.target_unchecked_into::<HtmlInputElement>().checked(),
        })
    };
    let row_ref = use_node_ref();
    {
        let row_ref = row_ref.clone();
        use_effect_with(props.focus, move |focus| {
            let name = row_ref.cast::<web_sys::Element>().and_then(|row| {
                row.query_selector("[data-testid=\"name-input\"], [data-testid=\"indicator-name-input\"]")
                    .ok()
                    .flatten()
            });
            if let (true, Some(name)) =
                (*focus, name.and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(n).ok()))
            {
                let _ = name.focus();
            }
        });
    }
    let indent = super::indent_style(6, props.depth);
    html! {
        <tr ref={row_ref} class={classes!("score-table__row", "score-table__row--indicator", format!("score-table__row--{}", badge.as_str()))}
            data-testid="indicator" data-indicator-id={id.clone()}>
            <td class="score-table__name" style={indent}>
                if let Some(category) = props.category.as_ref().filter(|c| !c.is_empty()) {
                    <span class="score-table__category" data-testid="indicator-category" data-value={category.clone()}>
                        if props.editing { { category.clone() } } else { { category_in_place(props, category, &dispatch) } }
                    </span>
                }
                if !props.editing {
                    { name_in_place(props, &dispatch) }
                } else if indicator.explanation.is_empty() {
                    <span class="score-table__label" data-testid="indicator-name" data-value={indicator.name.clone()}>{ &indicator.name }</span>
                } else {
                    <details class="score-table__explain">
                        <summary title={indicator.explanation.clone()}>
                            <span class="score-table__label" data-testid="indicator-name" data-value={indicator.name.clone()}>{ &indicator.name }</span>
                        </summary>
                        <p>{ &indicator.explanation }</p>
                    </details>
                }
                if props.editing { { indicator_controls(indicator, &result.node_id, *lang) } }
            </td>
            <td class={classes!("num", indicator.points.is_some().then_some("score-table__in-place"))} data-value={format_exact(result.share)}>
                if indicator.points.is_some() { { points_in_place(props) } } else { { format_short(result.share) } }
            </td>
            <td class="score-table__in-place" data-testid="target" data-value={indicator.target.map(format_exact).unwrap_or_default()} title={indicator.target_text.clone()}>
                { target_editor(props) }
            </td>
            <td class="score-table__actual" title={indicator.actual_text.clone()}>{ actual_cell }</td>
            <td class="num" data-testid="ratio" data-value={result.ratio().map(format_exact).unwrap_or_default()}>{ ratio_text }</td>
            <td class="num">
                <span data-testid="indicator-score" data-value={format_exact(result.score)}>{ format_short(result.score) }</span>
                if let Some(delta) = props.delta { { delta_span(delta, "indicator-delta") } }
            </td>
            <td class={classes!("num", result.difference.is_some_and(|d| crate::domain::checks::printed_differs(d, props.decimals)).then_some("score-table__reported--differs"))}
                data-testid="indicator-reported" data-value={indicator.reported.map(format_exact).unwrap_or_default()}>
                if props.editing {
                    <StructNumber input={InputKey::RowReported(id.clone())} value={indicator.reported}
                        label={format!("{} {}", indicator.name, t.col_reported)} testid="row-reported-input" lang={*lang} />
                } else {
                    { indicator.reported.map(format_short).unwrap_or_default() }
                }
            </td>
            <td class="num" data-testid="indicator-lost" data-value={format_exact(result.lost)}>
                { if result.lost.is_zero() { String::new() } else { format_short(result.lost) } }
            </td>
            <td>
                <span class={classes!("badge", format!("badge--{}", badge.as_str()))} data-testid="badge"
                    data-status={badge.as_str()} title={badge_title.clone()}>{ badge.label(*lang) }</span>
                // 不适用 in place, without the structure mode.
                if !props.editing {
                    <label class="na-inline"><input type="checkbox" data-testid="na-inline" checked={indicator.not_applicable}
                        aria-label={format!("{} {}", indicator.name, t.not_applicable)} onchange={on_na} />{ t.not_applicable }</label>
                }
                if !badge_title.is_empty() { <div class="score-table__error">{ badge_title }</div> }
            </td>
            <td>
                <input type="text" class={classes!("reason-input", reason_wanted.then_some("reason-input--wanted"))}
                    data-testid="reason-input" aria-label={format!("{} {}", indicator.name, t.col_reason)}
                    placeholder={if reason_wanted { t.reason_placeholder } else { "" }}
                    value={indicator.deviation_reason.clone()} oninput={onreason} />
                <span class="print-only">{ &indicator.deviation_reason }</span>
            </td>
        </tr>
    }
}

fn indicator_controls(indicator: &Indicator, list: &str, lang: Lang) -> Html {
    html! { <IndicatorControls indicator={indicator.clone()} list={list.to_string()} has_data={indicator_has_data(indicator)} {lang} /> }
}

/// The target, typed in place as written (≥90%, 880万元, 12月底前): shown as it was written while
/// that still says the row's number, else with the row's sign and unit (≤3.5万人), so the box always
/// shows which way the row counts.
fn target_editor(props: &IndicatorRowProps) -> Html {
    let indicator = &props.indicator;
    let written = read_target(&indicator.target_text);
    let value = match (indicator.target, written.value) {
        (Some(target), Written::Number(n)) if n == target => indicator.target_text.clone(),
        (Some(target), _) => format!("{}{}{}", indicator.direction.symbol(), target, indicator.unit),
        (None, _) => indicator.target_text.clone(),
    };
    html! {
        <NumberCell input={InputKey::Target(indicator.id.clone())} {value}
            draft={props.target_draft.clone()} label={format!("{} {}", indicator.name, texts(props.lang).col_target)}
            testid="target-input" lang={props.lang} disabled={indicator.not_applicable} chain="target" on_change=true wraps=true
            placeholder={(!indicator.not_applicable).then_some(AttrValue::from(texts(props.lang).target_placeholder))} />
    }
}

/// The row's name, edited where it is read; Enter goes down to the next row's name.
fn name_in_place(props: &IndicatorRowProps, dispatch: &Callback<Action>) -> Html {
    let (indicator, lang) = (&props.indicator, props.lang);
    let t = texts(lang);
    let id = indicator.id.clone();
    let on_commit =
        dispatch.reform(move |name: String| Action::Structure(StructureEdit::Rename { id: id.clone(), name }));
    html! {
        <>
        <span class="score-table__label" data-testid="indicator-name" data-value={indicator.name.clone()}>
            <InlineText value={AttrValue::from(indicator.name.clone())} label={format!("{} {}", indicator.name, t.in_place_name)}
                testid="indicator-name-input" {on_commit} enter_next=true
                onpaste={paste_into_rows(&indicator.id, Column::Name, dispatch, false)}
                required={AttrValue::from(StructureError::EmptyName.message(lang))} />
        </span>
        if !indicator.explanation.is_empty() {
            <details class="score-table__explain score-table__explain--note">
                <summary title={indicator.explanation.clone()}>{ "ⓘ" }</summary>
                <p>{ &indicator.explanation }</p>
            </details>
        }
        </>
    }
}

/// The category shown once above its run of rows, renamed for the whole run. Shown as its 二级
/// ("数量指标" under 产出指标): typed so, it keeps its 一级.
fn category_in_place(props: &IndicatorRowProps, shown: &AttrValue, dispatch: &Callback<Action>) -> Html {
    let indicator = &props.indicator;
    let t = texts(props.lang);
    let (id, full, shown_text) = (indicator.id.clone(), indicator.category.clone(), shown.to_string());
    let on_commit = dispatch.reform(move |text: String| {
        let text = text.trim();
        let category = match full.strip_suffix(shown_text.as_str()) {
            Some(first) if first.ends_with('/') && !text.contains('/') && !text.is_empty() => format!("{first}{text}"),
            _ => text.to_string(),
        };
        Action::Structure(StructureEdit::SetRunCategory { indicator: id.clone(), category })
    });
    html! {
        <InlineText value={shown.clone()} label={format!("{} {}", indicator.name, t.in_place_category)}
            testid="indicator-category-input" {on_commit} class={classes!("inline-edit--category")} />
    }
}

/// A project table's row's 分值, in its column: off the Enter chain (the clerk mostly keeps it).
fn points_in_place(props: &IndicatorRowProps) -> Html {
    let indicator = &props.indicator;
    html! {
        <NumberCell input={InputKey::RowPoints(indicator.id.clone())} value={indicator.points.map(|p| p.to_string()).unwrap_or_default()}
            draft={props.points_draft.clone()} label={format!("{} {}", indicator.name, texts(props.lang).col_points)}
            testid="row-points-input" lang={props.lang} off_chain=true />
    }
}

/// A 时效 row's actual, as written: the date it was done, or 按时完成 / 未按时.
fn written_actual_input(props: &IndicatorRowProps, dispatch: &Callback<Action>) -> Html {
    let t = texts(props.lang);
    let indicator = &props.indicator;
    let id = indicator.id.clone();
    let value = match &indicator.actual {
        Some(Actual::Text(text)) => text.clone(),
        Some(Actual::Level { level, .. }) => level_label(*level, props.lang).to_string(),
        Some(Actual::Number(n)) => format_exact(*n),
        None => String::new(),
    };
    let onchange = dispatch.reform(move |e: Event| Action::SetWrittenActual {
        indicator: id.clone(),
        text: e.target_unchecked_into::<HtmlInputElement>().value(),
    });
    html! {
        <input type="text" class="written-input" data-testid="written-actual-input" data-enter-next="true" data-own-undo="true"
            aria-label={format!("{} {}", indicator.name, t.col_actual)} placeholder={t.on_time_placeholder}
            disabled={indicator.not_applicable} {value} {onchange} onkeydown={enter_moves_on()} />
    }
}

/// A level picker, and the exact percent within the level's band.
fn qualitative_input(props: &IndicatorRowProps, dispatch: Callback<Action>, select: NodeRef) -> Html {
    let t = texts(props.lang);
    let id = props.indicator.id.clone();
    let (level, percent) = match &props.indicator.actual {
        Some(Actual::Level { level, percent }) => (Some(*level), *percent),
        _ => (None, None),
    };
    let band = level.and(props.band.as_ref());
    let onchange = {
        let id = id.clone();
        dispatch.reform(move |e: Event| Action::SetLevel {
            indicator: id.clone(),
            level: Level::parse(&e.target_unchecked_into::<HtmlSelectElement>().value()),
        })
    };
    html! {
        <span class="level-cell">
            <select ref={select} data-testid="level-input" data-enter-next="true" disabled={props.indicator.not_applicable} aria-label={format!("{} {}", props.indicator.name, t.level_pick)} {onchange}
                onkeydown={enter_moves_on()} onpaste={paste_into_rows(&id, Column::Actual, &dispatch, true)}>
                <option value="" selected={level.is_none()}>{ t.unset }</option>
                { for Level::ALL.iter().map(|l| html! {
                    <option value={l.as_str()} selected={level == Some(*l)}>{ level_label(*l, props.lang) }</option>
                }) }
            </select>
            // The percent within the level's band, only where the band leaves a choice; empty, it prints
            // nothing (no lone "%" on paper).
            if let Some(band) = band.filter(|b| b.min != b.max) {
                <span class={classes!("level-cell__percent", (percent.is_none() && props.percent_draft.is_none()).then_some("level-cell__percent--empty"))}
                    title={format!("{} {}–{}%", t.percent_band_hint, format_exact(band.min), format_exact(band.max))}>
                    <NumberCell input={InputKey::LevelPercent(id)} value={percent.map(|p| p.to_string()).unwrap_or_default()}
                        draft={props.percent_draft.clone()}
                        label={format!("{} {} {}–{}%", props.indicator.name, t.percent_in_band, format_exact(band.min), format_exact(band.max))}
                        testid="percent-input" lang={props.lang} suffix={Some(AttrValue::from("%"))} off_chain=true
                        placeholder={AttrValue::from(format!("{}–{}", format_exact(band.min), format_exact(band.max)))}
                        disabled={props.indicator.not_applicable} />
                </span>
            }
        </span>
    }
}
