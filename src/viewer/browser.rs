//! The few browser calls the viewer makes, each failing soft: a missing API (storage disabled, no
//! clipboard) degrades a feature instead of panicking, which would kill the whole wasm module.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, EventTarget, HtmlElement, Storage, Window};

use crate::i18n::Lang;
use crate::state::{Connection, StoredSettings, StoredValue};

const SETTINGS_KEY: &str = "vbs-viewer.settings";
const SECRET_KEY: &str = "vbs-viewer.secret";
const LANG_KEY: &str = "vbs-viewer.lang";

mod schedule;
pub(crate) use schedule::{AfterPaint, WhenIdle};

pub(crate) fn window() -> Option<Window> {
    web_sys::window()
}

pub(crate) fn document() -> Option<Document> {
    window()?.document()
}

/// Milliseconds since the epoch, from the page's clock.
pub(crate) fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The browser's offset from UTC at that instant, in minutes east (daylight saving included).
pub(crate) fn zone_offset_minutes(at_ms: f64) -> i32 {
    -(js_sys::Date::new(&JsValue::from_f64(at_ms)).get_timezone_offset() as i32)
}

/// Whether the page matches a CSS media query (`false` where it cannot be asked).
pub(crate) fn media_matches(query: &str) -> bool {
    window()
        .and_then(|window| window.match_media(query).ok().flatten())
        .is_some_and(|list| list.matches())
}

/// Whether the tab is shown (auto-refresh pauses while it is not).
pub(crate) fn page_visible() -> bool {
    document().is_none_or(|document| !document.hidden())
}

/// The page's `location.search` (with its `?`), or "" when unavailable.
pub(crate) fn location_search() -> String {
    window()
        .and_then(|window| window.location().search().ok())
        .unwrap_or_default()
}

/// The page's `location.pathname`, or "/" when unavailable.
pub(crate) fn location_pathname() -> String {
    window()
        .and_then(|window| window.location().pathname().ok())
        .unwrap_or_else(|| "/".to_owned())
}

/// Loads the page again (after a session ended, the server then asks for a sign-in).
pub(crate) fn reload() {
    if let Some(window) = window() {
        let _ = window.location().reload();
    }
}

/// Writes `search` into the address bar, as a new history entry or in place.
pub(crate) fn write_url(search: &str, push: bool) {
    let Some(window) = window() else { return };
    let location = window.location();
    let path = location.pathname().unwrap_or_else(|_| "/".to_owned());
    let hash = location.hash().unwrap_or_default();
    let url = format!("{path}{search}{hash}");
    let Ok(history) = window.history() else {
        return;
    };
    let _ = if push {
        history.push_state_with_url(&JsValue::NULL, "", Some(&url))
    } else {
        history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
    };
}

fn local_storage() -> Option<Storage> {
    window()?.local_storage().ok().flatten()
}

fn session_storage() -> Option<Storage> {
    window()?.session_storage().ok().flatten()
}

/// The stored settings and their secret (from `localStorage` when "remember" was ticked, else from
/// this tab's `sessionStorage`).
pub(crate) fn load_settings() -> (Option<StoredSettings>, Option<String>) {
    let settings = local_storage()
        .and_then(|storage| storage.get_item(SETTINGS_KEY).ok().flatten())
        .and_then(|text| read_settings(&text));
    // No store is opened for nothing: a tab's first `sessionStorage` access is a synchronous
    // round trip to the browser (~10 ms on a cold load), on the way to the first request.
    let secret_store = match &settings {
        Some(settings) if !settings.needs_secret() => None,
        Some(settings) if settings.remember => local_storage(),
        Some(_) => session_storage(),
        None => None,
    };
    let secret = secret_store.and_then(|storage| storage.get_item(SECRET_KEY).ok().flatten());
    (settings, secret)
}

/// The stored settings' JSON, read with the browser's own parser; `None` for anything but an
/// object whose fields are of the right kinds (see [`StoredSettings::from_fields`]).
fn read_settings(text: &str) -> Option<StoredSettings> {
    let object = js_sys::JSON::parse(text).ok()?;
    if !object.is_object() || js_sys::Array::is_array(&object) {
        return None;
    }
    StoredSettings::from_fields(|name| {
        match js_sys::Reflect::get(&object, &JsValue::from_str(name)) {
            Ok(value) if value.is_undefined() => StoredValue::Missing,
            Ok(value) => match (value.as_string(), value.as_bool()) {
                (Some(text), _) => StoredValue::Text(text),
                (None, Some(flag)) => StoredValue::Flag(flag),
                (None, None) => StoredValue::Other,
            },
            Err(_) => StoredValue::Other,
        }
    })
}

/// Stores the connection: settings in `localStorage`, the secret where "remember" says, and the
/// secret removed from the other store so an unticked "remember" forgets it.
pub(crate) fn save_settings(connection: &Connection) {
    let settings = StoredSettings::from_connection(connection);
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(SETTINGS_KEY, &settings.to_json());
    }
    let secret = connection.auth.secret();
    let (keep, drop) = if connection.remember {
        (local_storage(), session_storage())
    } else {
        (session_storage(), local_storage())
    };
    if let Some(storage) = drop {
        let _ = storage.remove_item(SECRET_KEY);
    }
    if let Some(storage) = keep {
        let _ = match secret {
            Some(secret) => storage.set_item(SECRET_KEY, secret),
            None => storage.remove_item(SECRET_KEY),
        };
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `navigator.clipboard.writeText`: only in a secure context (which `http://127.0.0.1` is,
    /// and a page on another address over plain HTTP is not). Where there is no clipboard the
    /// call throws, which is `Err`.
    #[wasm_bindgen(js_namespace = ["navigator", "clipboard"], js_name = writeText, catch)]
    fn clipboard_write_text(text: &str) -> Result<js_sys::Promise, JsValue>;
}

/// Starts copying text; the promise settles when the copy is done or refused. `None`: there is
/// no clipboard.
pub(crate) fn copy_text(text: &str) -> Option<js_sys::Promise> {
    clipboard_write_text(text).ok()
}

/// Focuses the table row of this task, if it is shown (after the details close).
pub(crate) fn focus_task_row(job_id: &str) {
    let Some(document) = document() else { return };
    let Ok(rows) = document.query_selector_all("tr.task-row") else {
        return;
    };
    for index in 0..rows.length() {
        let Some(row) = rows.item(index) else {
            continue;
        };
        let Ok(row) = row.dyn_into::<HtmlElement>() else {
            continue;
        };
        if row.get_attribute("data-job-id").as_deref() == Some(job_id) {
            let _ = row.focus();
            return;
        }
    }
}

/// Offers `content` as a file download: a `Blob`, an object URL and a temporary `<a download>`
/// that is clicked and removed (the URL is revoked a little later). Returns whether it started.
pub(crate) fn download(file_name: &str, content: &str, mime: &str) -> bool {
    let Some(document) = document() else {
        return false;
    };
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return false;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let Some(anchor) = document
        .create_element("a")
        .ok()
        .and_then(|element| element.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        let _ = web_sys::Url::revoke_object_url(&url);
        return false;
    };
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.set_hidden(true);
    let Some(body) = document.body() else {
        let _ = web_sys::Url::revoke_object_url(&url);
        return false;
    };
    let _ = body.append_child(&anchor);
    anchor.click();
    anchor.remove();
    let _ = gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    true
}

/// Whether a key press belongs to a text field (shortcuts leave those alone).
pub(crate) fn typing_target(event: &web_sys::Event) -> bool {
    let Some(element) = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    match element.tag_name().to_ascii_lowercase().as_str() {
        "textarea" | "select" => true,
        // A checkbox, radio or button takes no text: after ticking Auto-refresh, `r` refreshes.
        "input" => !matches!(
            element
                .get_attribute("type")
                .unwrap_or_default()
                .to_ascii_lowercase()
                .as_str(),
            "checkbox" | "radio" | "button" | "submit" | "reset" | "range" | "color" | "file"
        ),
        _ => element
            .dyn_ref::<HtmlElement>()
            .is_some_and(|element| element.is_content_editable()),
    }
}

/// The language to start with: the remembered choice, else `navigator.language`.
pub(crate) fn initial_lang() -> Lang {
    let stored = local_storage().and_then(|storage| storage.get_item(LANG_KEY).ok().flatten());
    let browser = window()
        .and_then(|window| window.navigator().language())
        .unwrap_or_default();
    Lang::initial(stored.as_deref(), &browser)
}

/// Remembers the chosen language and marks the document with it (`<html lang>`).
pub(crate) fn apply_lang(lang: Lang, remember: bool) {
    if remember {
        if let Some(storage) = local_storage() {
            let _ = storage.set_item(LANG_KEY, lang.code());
        }
    }
    if let Some(root) = document().and_then(|document| document.document_element()) {
        // Setting `lang`, even to its value, restyles the whole document (`:lang()`): ~35 ms
        // right after the first render.
        if root.get_attribute("lang").as_deref() != Some(lang.code()) {
            let _ = root.set_attribute("lang", lang.code());
        }
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The page's desktop notifications. Where the browser has none, `Notification` is not
    /// defined and each of these throws, which is `Err`.
    type Notification;
    #[wasm_bindgen(static_method_of = Notification, getter, catch)]
    fn permission() -> Result<String, JsValue>;
    #[wasm_bindgen(static_method_of = Notification, js_name = requestPermission, catch)]
    fn request_permission() -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(constructor, catch)]
    fn new(title: &str, options: &js_sys::Object) -> Result<Notification, JsValue>;
}

/// Whether desktop notifications are allowed (`Notification.permission == "granted"`).
pub(crate) fn notifications_granted() -> bool {
    Notification::permission().is_ok_and(|permission| permission == "granted")
}

/// Asks for permission to notify (the browser may ask the user); the answer is read later by
/// [`notifications_granted`].
pub(crate) fn request_notifications() {
    if let Ok(promise) = Notification::request_permission() {
        // A refusal rejects it: not an error worth more than not notifying.
        wasm_bindgen_futures::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        });
    }
}

/// Shows a desktop notification; returns whether one was made.
pub(crate) fn notify(title: &str, body: &str) -> bool {
    if !notifications_granted() {
        return false;
    }
    let options = js_sys::Object::new();
    js_sys::Reflect::set(
        &options,
        &JsValue::from_str("body"),
        &JsValue::from_str(body),
    )
    .is_ok()
        && Notification::new(title, &options).is_ok()
}

/// Focuses an element by id.
pub(crate) fn focus_id(id: &str) {
    if let Some(element) = document()
        .and_then(|document| document.get_element_by_id(id))
        .and_then(|element| element.dyn_into::<HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// An event listener that is removed when dropped (the effects keep one per subscription).
pub(crate) struct Listener {
    target: EventTarget,
    event: &'static str,
    callback: Closure<dyn FnMut(web_sys::Event)>,
}

impl Listener {
    pub(crate) fn new(
        target: &EventTarget,
        event: &'static str,
        handler: impl FnMut(web_sys::Event) + 'static,
    ) -> Self {
        let callback = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
        let _ = target.add_event_listener_with_callback(event, callback.as_ref().unchecked_ref());
        Listener {
            target: target.clone(),
            event,
            callback,
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback(
            self.event,
            self.callback.as_ref().unchecked_ref(),
        );
    }
}

/// The text of the element `id` (e.g. a JSON data block the server wrote into the page).
pub(crate) fn element_text(id: &str) -> Option<String> {
    document()?.get_element_by_id(id)?.text_content()
}

/// What a GET of a same-origin URL came to.
pub(crate) enum Fetched {
    /// A 2xx, with its body.
    Body(Vec<u8>),
    /// 401: the server is behind a login.
    SignInNeeded,
    /// Anything else (the caller treats it as "not there").
    Failed,
}

/// GETs a same-origin URL (with the page's cookies, as `fetch` sends them to its own origin).
/// gloo-net's own send and body read are safe here, unlike in the library's transport: a page
/// always has `fetch`, and nothing aborts this request, so it only ever rejects with a
/// `TypeError`.
pub(crate) async fn fetch_body(url: &str) -> Fetched {
    let Ok(response) = gloo_net::http::Request::get(url).send().await else {
        return Fetched::Failed;
    };
    if response.status() == 401 {
        return Fetched::SignInNeeded;
    }
    if !response.ok() {
        return Fetched::Failed;
    }
    response
        .binary()
        .await
        .map_or(Fetched::Failed, Fetched::Body)
}

/// A fresh element at the end of the page's body, for a browser test to render into.
#[cfg(test)]
pub(crate) fn test_root() -> web_sys::Element {
    let document = document().expect("a document");
    let root = document.create_element("div").expect("a div");
    document
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("in the page");
    root
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    use super::*;

    wasm_bindgen_test_configure!(run_in_browser);

    /// Runs a line of setup in the page.
    fn page(script: &str) {
        js_sys::Function::new_no_args(script)
            .call0(&JsValue::NULL)
            .expect("setup script");
    }

    #[wasm_bindgen_test]
    fn notifications_work_where_allowed_and_fail_quietly_elsewhere() {
        page(
            "window.__made = []; window.Notification = class { \
               static permission = 'granted'; \
               static requestPermission() { return Promise.resolve('granted'); } \
               constructor(title, options) { window.__made.push(title + '|' + options.body); } };",
        );
        assert!(notifications_granted());
        assert!(notify("Backup ended", "autobk_1"));
        request_notifications();
        let made = js_sys::Reflect::get(&window().unwrap(), &"__made".into()).unwrap();
        assert_eq!(
            js_sys::JSON::stringify(&made).unwrap(),
            r#"["Backup ended|autobk_1"]"#
        );
        page("window.Notification.permission = 'denied';");
        assert!(!notify("Backup ended", "autobk_2"));
        // A browser without notifications: nothing is shown, and nothing panics.
        page("delete window.Notification;");
        assert!(!notifications_granted());
        assert!(!notify("Backup ended", "autobk_3"));
        request_notifications();
    }

    /// The text a storage holds under `key` (`local` or `session`).
    fn stored(storage: &str, key: &str) -> Option<String> {
        let value =
            js_sys::Function::new_no_args(&format!("return {storage}Storage.getItem('{key}');"))
                .call0(&JsValue::NULL)
                .expect("a storage");
        value.as_string()
    }

    #[wasm_bindgen_test]
    fn settings_are_stored_apart_from_their_secret_and_read_back() {
        use crate::state::connection::Secret;
        use crate::state::AuthSettings;
        page("localStorage.clear(); sessionStorage.clear();");
        let tab_only = Connection {
            endpoint: "https://proxy.example".into(),
            project_id: "p1".into(),
            auth: AuthSettings::Token(Secret("tok-123".into())),
            remember: false,
            server_mode: None,
        };
        save_settings(&tab_only);
        let settings = stored("local", SETTINGS_KEY).expect("settings stored");
        assert!(!settings.contains("tok-123"), "{settings}");
        assert_eq!(stored("session", SECRET_KEY).as_deref(), Some("tok-123"));
        assert_eq!(stored("local", SECRET_KEY), None, "not remembered");
        let (read, secret) = load_settings();
        assert_eq!(read, Some(StoredSettings::from_connection(&tab_only)));
        assert_eq!(secret.as_deref(), Some("tok-123"));
        // "Remember" moves the secret to this device, and out of the tab's store.
        save_settings(&Connection {
            remember: true,
            ..tab_only
        });
        assert_eq!(stored("local", SECRET_KEY).as_deref(), Some("tok-123"));
        assert_eq!(stored("session", SECRET_KEY), None);
        assert_eq!(load_settings().1.as_deref(), Some("tok-123"));
        // What cannot be read is no settings, not a failure.
        for unreadable in [
            r#"{"remember":"yes"}"#,
            r#"{"endpoint":null}"#,
            "[1]",
            "\"text\"",
            "{not json",
        ] {
            assert_eq!(read_settings(unreadable), None, "{unreadable}");
        }
        page("localStorage.setItem('vbs-viewer.settings', '{\"remember\":\"yes\"}');");
        assert_eq!(load_settings(), (None, None));
        // Fields it does not know are not looked at; missing ones take their defaults.
        assert_eq!(
            read_settings(r#"{"project_id":"p","later":{"x":[1]}}"#),
            Some(StoredSettings {
                project_id: "p".into(),
                ..StoredSettings::default()
            })
        );
        page("localStorage.clear(); sessionStorage.clear();");
    }

    #[wasm_bindgen_test]
    async fn a_copy_reports_whether_the_browser_took_it() {
        page(
            "Object.defineProperty(navigator, 'clipboard', { configurable: true, \
               value: { writeText: (text) => text === 'ok' ? Promise.resolve() : Promise.reject(new Error('denied')) } });",
        );
        let copied = copy_text("ok").expect("a clipboard");
        assert!(wasm_bindgen_futures::JsFuture::from(copied).await.is_ok());
        let refused = copy_text("no").expect("a clipboard");
        assert!(wasm_bindgen_futures::JsFuture::from(refused).await.is_err());
        // Plain HTTP on another address: no clipboard at all.
        page("Object.defineProperty(navigator, 'clipboard', { configurable: true, value: undefined });");
        assert!(copy_text("ok").is_none());
    }
}
