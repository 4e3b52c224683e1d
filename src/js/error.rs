//! `Error` → `VbsError`.
//!
//! wasm-bindgen cannot subclass `Error`, so the npm entry defines `class VbsError extends Error`
//! (`npm/vbs.js`) and registers it with [`install`] right after the module is instantiated; errors
//! are then constructed here, from a plain `{kind, message, status?, code?, requestId?}` object
//! (serialized in `convert.rs`).
//! Without a registered class (the raw wasm-bindgen output used directly) a plain `Error` with the
//! same properties is thrown instead.

use std::cell::RefCell;

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::core::error::Error;

thread_local! {
    static ERROR_CLASS: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// Registers the `VbsError` class the façade throws (called once by the npm entry).
#[wasm_bindgen(js_name = __vbsInstall, skip_typescript)]
pub fn install(error_class: Function) {
    ERROR_CLASS.with(|class| *class.borrow_mut() = Some(error_class));
}

/// The JavaScript error for `error`: a `VbsError` (or a plain `Error`) with `kind`, `message`,
/// and `status`, `code`, `requestId` where known.
pub(crate) fn to_js(error: &Error) -> JsValue {
    let (init, message) = super::convert::error_init(error);
    let class = ERROR_CLASS.with(|class| class.borrow().clone());
    if let Some(class) = class {
        if let Ok(error) = Reflect::construct(&class, &Array::of1(&init)) {
            return error;
        }
    }
    let fallback = js_sys::Error::new(&message);
    fallback.set_name("VbsError");
    if let Some(init) = init.dyn_ref::<Object>() {
        let _ = Object::assign(&fallback, init);
    }
    fallback.into()
}
