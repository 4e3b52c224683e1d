//! Page navigation: First/Previous/Next/Last page buttons, a few page numbers, and the summary
//! ("21–40 of 10,317") in a polite live region.

use yew::prelude::*;

use crate::format::{last_page, page_links, PageLink};
use crate::i18n::{page_summary, Key, Lang};

#[derive(Properties, PartialEq)]
pub(crate) struct PagerProps {
    /// The page shown.
    pub page: u64,
    /// Tasks per page.
    pub page_size: u32,
    /// Tasks matching the filter; `None` while unknown.
    pub count: Option<u64>,
    /// Rows on the shown page.
    pub shown: usize,
    /// The page is on its way (the summary says so).
    pub loading: bool,
    /// Go to this page.
    pub ongo: Callback<u64>,
}

/// The pager.
#[function_component]
pub(crate) fn Pager(props: &PagerProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let summary = match (props.count, props.loading) {
        (_, true) if props.shown == 0 => lang.t(Key::Loading).to_owned(),
        (Some(count), _) => page_summary(lang, props.page, props.page_size, count, props.shown),
        (None, true) => lang.t(Key::Loading).to_owned(),
        // Nothing to count (an error, or no policy): the live region stays, empty.
        (None, false) => String::new(),
    };
    let last = props.count.map(|count| last_page(count, props.page_size));
    let go = |page: u64| props.ongo.reform(move |_: MouseEvent| page);
    let current = props.page;
    let at_start = current <= 1;
    let at_end = last.is_none_or(|last| current >= last);
    // Past the end (a deep link), Previous and Last both lead back to the last page.
    let past_end = last.is_some_and(|last| current > last);
    let previous = current
        .saturating_sub(1)
        .min(last.unwrap_or(u64::MAX))
        .max(1);
    let arrow = |label: &'static str, glyph: &'static str, page: u64, disabled: bool| {
        html! {
            <button type="button" class="pager__arrow" aria-label={label} title={label}
                    disabled={disabled} onclick={go(page)}>{ glyph }</button>
        }
    };
    html! {
        <nav class="pager" aria-label={lang.t(Key::Pages)}>
            <p class="pager__summary" role="status" aria-live="polite">{ summary }</p>
            if props.count.is_some() || props.loading {
            <div class="pager__buttons">
                { arrow(lang.t(Key::FirstPage), "«", 1, at_start) }
                { arrow(lang.t(Key::PreviousPage), "‹", previous, at_start) }
                if let Some(last) = last {
                    { for page_links(current, last).into_iter().map(|link| match link {
                        PageLink::Page(page) => {
                            let is_current = page == current;
                            html! {
                                <button type="button" class={classes!("pager__page", is_current.then_some("pager__page--current"))}
                                        aria-current={is_current.then_some("page")} onclick={go(page)}>
                                    { page.to_string() }
                                </button>
                            }
                        }
                        PageLink::Gap => html! { <span class="pager__gap" aria-hidden="true">{ "…" }</span> },
                    }) }
                }
                { arrow(lang.t(Key::NextPage), "›", current + 1, at_end) }
                { arrow(lang.t(Key::LastPage), "»", last.unwrap_or(current), at_end && !past_end) }
            </div>
            }
        </nav>
    }
}
