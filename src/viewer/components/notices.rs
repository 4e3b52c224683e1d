//! The in-page notices of watched tasks that ended (when desktop notifications are not allowed,
//! or until they are shown).

use yew::prelude::*;

use crate::format::status_tone;
use crate::i18n::{status_label, Key, Lang};
use crate::state::Ended;

#[derive(Properties, PartialEq)]
pub(crate) struct EndedNoticesProps {
    /// The tasks that ended, newest last.
    pub ended: Vec<Ended>,
    /// "Dismiss" was pressed on the notice of this job ID.
    pub ondismiss: Callback<String>,
}

/// The notices, in a polite live region; nothing when there are none.
#[function_component]
pub(crate) fn EndedNotices(props: &EndedNoticesProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    if props.ended.is_empty() {
        return html! {};
    }
    html! {
        <div class="toasts" aria-live="polite" aria-label={lang.t(Key::Notices)}>
            { for props.ended.iter().map(|ended| {
                let dismiss = {
                    let job_id = ended.job_id.clone();
                    props.ondismiss.reform(move |_: MouseEvent| job_id.clone())
                };
                html! {
                    <div key={ended.job_id.clone()}
                         class={classes!("toast", format!("toast--{}", status_tone(&ended.status)))}
                         data-job-id={ended.job_id.clone()} data-status={ended.status.as_str().to_owned()}>
                        <strong>{ status_label(lang, &ended.status).to_owned() }</strong>
                        <code class="id">{ ended.job_id.clone() }</code>
                        <span>{ lang.t(Key::TaskEnded) }</span>
                        <button type="button" class="button button--ghost" onclick={dismiss}>{ lang.t(Key::Dismiss) }</button>
                    </div>
                }
            }) }
        </div>
    }
}
