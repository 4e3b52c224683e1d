//! The viewer's components: one Yew function component per file, with its `Properties` and
//! `on<verb>` callbacks. They read the language from the app's `ContextProvider<Lang>`; the state
//! stays in `state/` and reaches them as props.

pub(crate) mod cbr_details;
pub(crate) mod cbr_filters;
pub(crate) mod copy_button;
pub(crate) mod details;
pub(crate) mod duration_stats;
pub(crate) mod empty_state;
pub(crate) mod error_panel;
pub(crate) mod exact_id_field;
pub(crate) mod export_bar;
pub(crate) mod filters_bar;
pub(crate) mod glance;
pub(crate) mod header;
pub(crate) mod icon;
pub(crate) mod notices;
pub(crate) mod pager;
pub(crate) mod policy_picker;
pub(crate) mod refresh_bar;
pub(crate) mod select;
pub(crate) mod service_picker;
pub(crate) mod settings;
pub(crate) mod shortcuts_help;
pub(crate) mod sign_in;
pub(crate) mod status_badge;
pub(crate) mod status_overview;
pub(crate) mod target_picker;
pub(crate) mod task_row;
pub(crate) mod task_table;
pub(crate) mod time_cell;
pub(crate) mod timeline;
