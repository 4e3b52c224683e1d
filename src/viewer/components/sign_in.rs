//! The sign-in form a server behind a login shows instead of the app: a plain form that posts
//! the token to `/login` (the server answers with an `HttpOnly` cookie, so the token never sits
//! in the page's script), and why it is asked for.

use yew::prelude::*;

use crate::browser;
use crate::i18n::{Key, Lang};
use crate::sign_in::{return_to, SignInNote};

use super::select::LabeledSelect;

#[derive(Properties, PartialEq)]
pub(crate) struct SignInProps {
    /// The language to start in (the remembered one, else the browser's).
    pub lang: Lang,
}

/// The form.
#[function_component]
pub(crate) fn SignIn(props: &SignInProps) -> Html {
    let lang = use_state(|| props.lang);
    {
        let lang = *lang;
        use_effect_with(lang, move |_| browser::apply_lang(lang, false));
    }
    let onlang = {
        let lang = lang.clone();
        Callback::from(move |code: String| {
            if let Some(chosen) = Lang::from_code(&code) {
                browser::apply_lang(chosen, true);
                lang.set(chosen);
            }
        })
    };
    let lang = *lang;
    let search = browser::location_search();
    let note = SignInNote::from_search(&search).map(|note| match note {
        SignInNote::Failed => lang.t(Key::SignInFailed),
        SignInNote::Wait => lang.t(Key::SignInWait),
    });
    let next = return_to(&browser::location_pathname(), &search);
    html! {
        <main class="sign-in">
            <form class="sign-in__form" method="post" action="/login">
                <div class="brand">
                    <span class="brand__logo" aria-hidden="true"></span>
                    <h1>{ lang.t(Key::AppTitle) }</h1>
                </div>
                <h2 class="sign-in__title">{ lang.t(Key::SignInTitle) }</h2>
                <p class="sign-in__why">{ lang.t(Key::SignInWhy) }</p>
                if let Some(note) = note {
                    <p class="notice notice--error sign-in__note" role="alert">{ note }</p>
                }
                <div class="field">
                    <label for="access-token">{ lang.t(Key::AccessToken) }</label>
                    <input id="access-token" type="password" name="token" spellcheck="false"
                           autocomplete="current-password" required=true autofocus=true />
                </div>
                <input type="hidden" name="next" value={next} />
                <button type="submit" class="button button--primary">{ lang.t(Key::SignIn) }</button>
                <div class="language">
                    <LabeledSelect id="language" label={lang.t(Key::Language)}
                                   options={Lang::ALL.iter().map(|l| (AttrValue::from(l.code()), AttrValue::from(l.native_name()))).collect::<Vec<_>>()}
                                   value={lang.code()} onchange={onlang} />
                </div>
            </form>
        </main>
    }
}
